//! coop-bot answers questions about the Iran–Russia ICT cooperation programme from a curated JSON
//! knowledge base, always with its sources.
//!
//! The modules, from the inside out. Telegram-free: [`knowledge`] (schema, loading, validation:
//! add a kind of entry here; the sources' texts every quote is checked against) and [`lang`] (the three languages and script detection); [`matcher`]
//! (normalisation, readings, index, scoring, the decision), [`smalltalk`] (greetings, thanks,
//! "who are you") and [`answer`] (question → reply: an answer, several, a list, with citations
//! grouped by source),
//! [`explain`]
//! (why a question gets its reply) and [`evaluation`] (labelled-set metrics); [`freshness`] and
//! [`dates`] (how current a fact is); [`i18n`] (every user-facing string: change a reply's wording
//! here); [`live`] (the knowledge in force, with the learned questions); [`curation`] (misses,
//! learned questions, export to the files); [`feedback`] (👍 / 👎 on answers and their counts);
//! [`handoff`] (questions sent to programme staff, as tickets, and their threads); [`broadcast`]
//! (subscriptions, the outbox, the sender); [`sending`] (the send governor every outgoing request
//! asks first: Telegram's limits, replies before broadcasts, 429 freezes); [`report`] (what
//! `/stats` and `coop-bot stats` show); [`store`] (the SQLite database, and the one writer task
//! answers record through). At the edges: [`bot`] (Telegram: the handler tree and its endpoints;
//! staff buttons are routed in `bot::staff`), [`console_text`]
//! and [`cli`] (the command line), [`config`] (every setting, from options and the environment)
//! and [`app`] (the bot assembled and run). Word lists and phrase tables (stop words, small talk,
//! the words of list questions) are plain text beside the modules that read them, in the one
//! format `tables` parses.

pub mod answer;
pub mod app;
pub mod bot;
pub mod broadcast;
pub mod cli;
pub mod config;
pub mod console_text;
pub mod curation;
pub mod dates;
pub mod evaluation;
pub mod explain;
pub mod feedback;
pub mod freshness;
pub mod handoff;
pub mod i18n;
pub mod knowledge;
pub mod lang;
pub mod live;
pub mod matcher;
pub mod report;
pub mod sending;
pub mod smalltalk;
pub mod store;
mod tables;
