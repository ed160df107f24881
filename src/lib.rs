//! coop-bot answers questions about the Iran–Russia ICT cooperation programme from a curated JSON
//! knowledge base, always with its sources.
//!
//! The layers, from the inside out: [`knowledge`] (schema, loading, validation) and [`matcher`]
//! (normalisation, index, scoring) know nothing of Telegram; [`answer`] turns a question into a
//! reply; [`console_text`] and [`cli`] present it on the console, [`bot`] on Telegram, with [`store`]
//! keeping chat settings and the log of unanswered questions.

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
pub mod freshness;
pub mod i18n;
pub mod knowledge;
pub mod lang;
pub mod live;
pub mod matcher;
pub mod store;
