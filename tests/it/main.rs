//! The integration tests, one binary (one link) with a module per subject and one set of helpers
//! (`support`). Each test reads as a specification of one behaviour.
//!
//! - the matcher and its accuracy gate: `matcher`, `accuracy`;
//! - the command line: `cli` (ask, chat), `check`, `curation_cli` (why, check --stale,
//!   export-learned), `sources_cli` (sources, new-entry);
//! - the handlers through teloxide_tests' MockBot: `chat` (everyone's commands, questions,
//!   buttons, groups), `citations` (how replies cite their sources; the console's too),
//!   `staff` (subscriptions, broadcasts, stats, reload), `composed` (broadcasts as composed:
//!   copies, limits, schedules, pause), `curation` (/why, /unanswered, attach, undo), `feedback`
//!   (👍 / 👎, unhelpful misses, /stats and `coop-bot stats`), `handoff` (questions to staff,
//!   relayed replies, /tickets, /forget_me);
//! - end to end against a Bot API on 127.0.0.1: in-process (`App`) in `curation_e2e`,
//!   `composed_e2e` (copied photos, PDFs and albums, progress, reports, schedules across a
//!   restart), `handoff_e2e` (the round trip user → staff group → user → closed, in three
//!   languages, across restarts) and part of `serve`; the real `serve` process where only a
//!   process shows it (start-up errors, signals and the log in `serve`, kill -9 half-way through a
//!   broadcast in `broadcast_e2e`); the broadcast sender alone in `delivery`; the send governor
//!   and the database writer end to end (limits per second at the server, retries, a freeze
//!   across a restart, a locked or vanished database) in `sending`; what hostile testing found
//!   (the log, HTML splitting, failed cards, empty questions, exported undos, start-up database
//!   errors) in `hostile`.

mod support;

mod accuracy;
mod broadcast_e2e;
mod chat;
mod check;
mod citations;
mod cli;
mod composed;
mod composed_e2e;
mod curation;
mod curation_cli;
mod curation_e2e;
mod delivery;
mod feedback;
mod handoff;
mod handoff_e2e;
mod hostile;
mod matcher;
mod sending;
mod serve;
mod sources_cli;
mod staff;
mod understanding;
