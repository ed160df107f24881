//! The command line: `ask`, `check`, `chat`, `why`, `export-learned`, `stats`, `sources`,
//! `new-entry` and `serve`. Parsing is clap's (the settings themselves are defined in `config`); each command is a
//! small function over the library, so the bot and the console give the same answers. The
//! commands that curate the knowledge files (`sources`, `new-entry`) are in `curate`.

mod curate;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::answer::{Answerer, AskJson, ReplyKind};
use crate::app::{App, shutdown_signal};
use crate::config::{DatabaseArg, KnowledgeLocation, ServeArgs, Settings};
use crate::console_text;
use crate::curation::{Curation, export_to_folder};
use crate::dates::Date;
use crate::explain::Explanation;
use crate::freshness;
use crate::i18n::texts;
use crate::knowledge::{Kind, KnowledgeBase, KnowledgeError};
use crate::lang::Lang;
use crate::live::LiveKnowledge;
use crate::report::StatsReport;
use crate::store::Store;

/// Answers questions about the Iran–Russia ICT cooperation programme from a curated, sourced
/// knowledge base, on the command line or as a Telegram bot.
#[derive(Debug, Parser)]
#[command(name = "coop-bot", version, about, long_about = None)]
pub struct Cli {
    /// Knowledge base folder [default: ./knowledge if present, else the embedded copy]
    #[arg(long, global = true, env = "KNOWLEDGE_DIR", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// `serve`'s settings make its variant large; the command line is parsed once, so no box.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Answer a question, with its sources
    #[command(
        after_help = "Examples:\n  coop-bot ask \"When is the Moscow meeting?\"\n  coop-bot ask --lang ru \"Who is Fursenko?\"\n  coop-bot ask --json < questions.txt   # one JSON object per line"
    )]
    Ask {
        /// The question (several words need no quotes); with --json and no question, questions are
        /// read from stdin, one per line
        question: Vec<String>,
        /// Print one JSON object per question instead of text
        #[arg(long)]
        json: bool,
        /// Answer in this language (en, ru, fa) whatever the question's script
        #[arg(long, value_name = "LANG")]
        lang: Option<Lang>,
    },
    /// Validate the knowledge base and report every problem; exits 1 if there is any
    #[command(
        after_help = "Examples:\n  coop-bot check\n  coop-bot check --stale 180   # also list entries to review for freshness"
    )]
    Check {
        /// Also list the entries whose facts were reported more than DAYS days ago, or whose
        /// report has no date, for review (they do not make the check fail)
        #[arg(long, value_name = "DAYS")]
        stale: Option<u32>,
    },
    /// Explain why a question gets its answer (the staff command /why)
    ///
    /// Shows the question's words as the matcher reads them, the top five entries with their scores and
    /// the title, alias or question that matched each, and the answer and suggestion thresholds.
    #[command(
        after_help = "Learned questions in the bot's database (DATABASE_PATH) are included when the database exists.\n\nExample:\n  coop-bot why \"how big is pardis park\""
    )]
    Why {
        /// The question (several words need no quotes)
        #[arg(required = true)]
        question: Vec<String>,
        /// Print the explanation as JSON
        #[arg(long)]
        json: bool,
        /// The bot's database, for its learned questions
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Write the questions staff attached in the chat into the knowledge files
    ///
    /// Reads the learned questions of the bot's database and writes them into the entries' `learned`
    /// fields, changing nothing else in the files, so curation lands in the repository.
    #[command(
        after_help = "Example:\n  coop-bot export-learned --knowledge knowledge --database data/coop-bot.sqlite\n  git diff knowledge/"
    )]
    ExportLearned {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// List the source documents, or show what the entries cite of one
    ///
    /// Without SOURCE-ID: each source with its date, kind, URL, and the entries and quotes citing
    /// it. With one: every passage cited and by which entries, then the paragraphs no entry cites
    /// yet, the curation to-do list for a new report.
    #[command(
        after_help = "Examples:\n  coop-bot sources\n  coop-bot sources ict-working-group-report"
    )]
    Sources {
        /// The source to show in detail (an id from sources.json)
        #[arg(value_name = "SOURCE-ID")]
        source: Option<String>,
    },
    /// Add a skeleton entry to its kind's file, to fill in and translate
    ///
    /// Appends an entry with every field of the schema, empty, in English, Russian and Persian,
    /// and changes nothing else in the file; `coop-bot check` then lists each empty string as "to
    /// fill" or "to translate".
    #[command(
        after_help = "Example:\n  coop-bot new-entry --kind contact --id mohammad-mehdi-naibi --source ict-working-group-report"
    )]
    NewEntry {
        /// The kind of entry: meeting, agreement, focus_area, contact or university
        #[arg(long, value_name = "KIND", value_parser = curate::parse_kind)]
        kind: Kind,
        /// Its id: lower-case kebab-case, unique across all files
        #[arg(long, value_name = "ID")]
        id: String,
        /// The source it cites (its `as_of` is the source's date)
        #[arg(long, value_name = "SOURCE-ID")]
        source: Option<String>,
    },
    /// Print the bot's statistics from its database (the staff command /stats)
    ///
    /// Active subscribers by topic and language, questions answered and unanswered in the last day
    /// and week, and the 👍 / 👎 on answers per entry over 7 and 30 days with the five worst rated.
    #[command(
        after_help = "Examples:\n  coop-bot stats --database data/coop-bot.sqlite\n  coop-bot stats --json"
    )]
    Stats {
        /// Print the statistics as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Run the Telegram bot (long polling) until Ctrl-C or SIGTERM; needs TELOXIDE_TOKEN
    Serve(ServeArgs),
    /// Try the bot in the terminal, no Telegram needed
    Chat {
        /// Answer in this language (en, ru, fa) whatever the question's script
        #[arg(long, value_name = "LANG")]
        lang: Option<Lang>,
    },
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let location = KnowledgeLocation::resolve(cli.knowledge);
    match cli.command {
        Command::Check { stale } => check(&location, stale),
        Command::Why {
            question,
            json,
            database,
        } => why(&location, &question.join(" "), json, &database.path()),
        Command::ExportLearned { database } => export_learned(&location, &database.path()),
        Command::Stats { json, database } => stats(&location, json, &database.path()),
        Command::Sources { source } => curate::sources(&location, source.as_deref()),
        Command::NewEntry { kind, id, source } => {
            curate::new_entry(&location, kind, &id, source.as_deref())
        }
        Command::Ask {
            question,
            json,
            lang,
        } => {
            let answerer = Answerer::new(load(&location)?);
            ask(&answerer, &question.join(" "), json, lang)
        }
        Command::Chat { lang } => {
            let answerer = Answerer::new(load(&location)?);
            chat(&answerer, lang)
        }
        Command::Serve(args) => serve(Settings::new(args, location)?),
    }
}

fn serve(settings: Settings) -> Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let app = App::build(settings).await?;
        app.run(shutdown_signal()).await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the knowledge base or fails with every validation problem listed.
fn load(location: &KnowledgeLocation) -> Result<KnowledgeBase> {
    Ok(location.load_to_serve()?)
}

fn check(location: &KnowledgeLocation, stale: Option<u32>) -> Result<ExitCode> {
    let checked = location.check();
    if !checked.warnings.is_empty() {
        let n = checked.warnings.len();
        eprintln!(
            "{location}: {n} warning{} (warnings do not fail the check):",
            if n == 1 { "" } else { "s" }
        );
        for warning in checked.warnings.iter() {
            eprintln!("  warning: {warning}");
        }
    }
    match checked.result {
        Ok(kb) => {
            let counts: Vec<String> = Kind::ALL
                .iter()
                .map(|&kind| format!("{} {}", kb.entries_of(kind).count(), kind.as_str()))
                .collect();
            let quotes: usize = kb.entries().iter().map(|e| e.sources.len()).sum();
            println!(
                "{location}: OK — {} entries ({}), {} source(s), {quotes} quotes",
                kb.len(),
                counts.join(", "),
                kb.sources().len()
            );
            if let Some(days) = stale {
                print_stale(&kb, days);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(KnowledgeError::Invalid(problems)) => {
            eprint!("{location}: {problems}");
            Ok(ExitCode::FAILURE)
        }
        Err(other) => Err(other.into()),
    }
}

fn print_stale(kb: &KnowledgeBase, days: u32) {
    let stale = freshness::stale_entries(kb, Date::today(), days);
    if stale.is_empty() {
        println!("No entry was reported more than {days} days ago; none is undated.");
        return;
    }
    let count = match stale.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    println!("{count} to review (reported more than {days} days ago, or undated):");
    for item in stale {
        match (item.reported_on, item.age_days) {
            (Some(date), Some(age)) => {
                println!("  {}  reported {date} ({age} days ago)", item.entry.id)
            }
            _ => println!("  {}  no date: its source does not give one", item.entry.id),
        }
    }
}

/// Runs `work` with the curation tables of the bot's database at `database`, or `None` when there
/// is no database there: the command line reads the bot's database, it never creates one.
fn with_database<T>(
    database: &Path,
    work: impl AsyncFnOnce(Option<Curation>) -> Result<T>,
) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        if !database.exists() {
            return work(None).await;
        }
        let store = Store::open(database).await?;
        let result = work(Some(Curation::new(store.pool().clone()))).await;
        store.pool().close().await;
        result
    })
}

fn why(
    location: &KnowledgeLocation,
    question: &str,
    json: bool,
    database: &Path,
) -> Result<ExitCode> {
    let kb = load(location)?;
    let (explanation, learned) = with_database(database, async |curation| {
        let live = LiveKnowledge::new(kb, location.clone(), curation).await?;
        let explanation = Explanation::new(&live.answerer(), question, Lang::En);
        Ok((explanation, live.learned_in_force()))
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&explanation)?);
    } else {
        if learned > 0 {
            println!(
                "(with {learned} learned question(s) from {})",
                database.display()
            );
        }
        print!("{}", explanation.to_text());
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(location: &KnowledgeLocation, json: bool, database: &Path) -> Result<ExitCode> {
    if !database.exists() {
        anyhow::bail!(
            "no database at {}: no statistics (set DATABASE_PATH or --database)",
            database.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let report = runtime.block_on(async {
        let store = Store::open(database).await?;
        let report = StatsReport::gather(&store, crate::store::unix_now()).await;
        store.pool().close().await;
        anyhow::Ok(report?)
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
        return Ok(ExitCode::SUCCESS);
    }
    // Titles when the knowledge base loads; the ids otherwise (the numbers are the point).
    let kb = location.load().ok();
    let title = |id: &str| {
        kb.as_ref()
            .and_then(|kb| kb.entry(id))
            .map_or(id.to_string(), |e| e.title.get(Lang::En).clone())
    };
    println!("{}", report.to_text(Lang::En, &title));
    Ok(ExitCode::SUCCESS)
}

fn export_learned(location: &KnowledgeLocation, database: &Path) -> Result<ExitCode> {
    let KnowledgeLocation::Dir(dir) = location else {
        anyhow::bail!(
            "export-learned writes into a knowledge folder: pass --knowledge DIR (there is no ./knowledge here)"
        );
    };
    let kb = load(location)?;
    let export = with_database(database, async |curation| {
        let Some(curation) = curation else {
            anyhow::bail!(
                "no database at {}: nothing to export (set DATABASE_PATH or --database)",
                database.display()
            );
        };
        let learned = curation.learned().await?;
        if learned.is_empty() {
            return Ok(None);
        }
        let export = export_to_folder(dir, &kb, &learned)?;
        curation.mark_exported(&export.exported).await?;
        Ok(Some(export))
    })?;
    let Some(export) = export else {
        println!("No learned questions in {}.", database.display());
        return Ok(ExitCode::SUCCESS);
    };
    for skipped in &export.skipped {
        eprintln!(
            "skipped #{} “{}”: entry `{}` is no longer in the knowledge base",
            skipped.id, skipped.text, skipped.entry_id
        );
    }
    let present = export.already_present;
    if export.changed.is_empty() {
        println!(
            "Nothing to write: the knowledge files already have all {present} learned question(s)."
        );
    } else {
        let per_file: Vec<String> = export
            .changed
            .iter()
            .map(|(path, n)| format!("{} ({n})", path.display()))
            .collect();
        println!(
            "Wrote {} learned question(s) into {}; {present} were already there. `coop-bot check` passes.",
            export.written(),
            per_file.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn ask(answerer: &Answerer, question: &str, json: bool, lang: Option<Lang>) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if !question.trim().is_empty() {
        write_answer(&mut out, answerer, question, json, lang)?;
        return Ok(ExitCode::SUCCESS);
    }
    let stdin = io::stdin();
    if stdin.is_terminal() {
        anyhow::bail!(
            "no question given: try `coop-bot ask \"When is the Moscow meeting?\"`, pipe questions one per line into `coop-bot ask --json`, or use `coop-bot chat`"
        );
    }
    let mut input = stdin.lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input
            .read_until(b'\n', &mut line)
            .context("reading questions from stdin")?
            == 0
        {
            break;
        }
        let question = String::from_utf8_lossy(&line);
        let question = question.trim_end_matches(['\n', '\r']);
        write_answer(&mut out, answerer, question, json, lang)?;
        if !json {
            writeln!(out)?;
        }
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_answer(
    out: &mut impl Write,
    answerer: &Answerer,
    question: &str,
    json: bool,
    lang: Option<Lang>,
) -> Result<()> {
    let reply = answerer.reply(question, lang, Lang::En);
    if json {
        serde_json::to_writer(&mut *out, &AskJson::from(&reply))?;
        writeln!(out)?;
    } else {
        write!(
            out,
            "{}",
            console_text::reply_text(&reply, answerer.knowledge())
        )?;
    }
    Ok(())
}

fn chat(answerer: &Answerer, mut forced: Option<Lang>) -> Result<ExitCode> {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let kb = answerer.knowledge();
    let mut lang = forced.unwrap_or(Lang::En);
    writeln!(out, "{}\n", texts(lang).chat_welcome)?;
    let mut suggestions: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
        }
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            if interactive {
                writeln!(out)?;
            }
            break;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(command) = text.strip_prefix('/') {
            let mut words = command.split_whitespace();
            match (words.next().unwrap_or_default(), words.next()) {
                ("quit" | "exit", _) => break,
                ("help" | "start", _) => writeln!(out, "{}", texts(lang).chat_welcome)?,
                ("topics", _) => write!(out, "{}", console_text::topics_text(kb, lang))?,
                ("lang", Some("auto")) => forced = None,
                ("lang", Some(code)) => match code.parse::<Lang>() {
                    Ok(chosen) => {
                        forced = Some(chosen);
                        lang = chosen;
                        writeln!(out, "{}", texts(lang).chat_language_set)?;
                    }
                    Err(err) => writeln!(out, "{err}")?,
                },
                _ => writeln!(out, "{}", texts(lang).chat_unknown_command)?,
            }
            writeln!(out)?;
            continue;
        }
        if let Ok(n) = text.parse::<usize>() {
            match suggestions
                .get(n.wrapping_sub(1))
                .and_then(|id| kb.entry(id))
            {
                Some(entry) => {
                    let reply = answerer.reply_for(entry, lang);
                    writeln!(out, "{}", console_text::reply_text(&reply, kb))?;
                }
                None => writeln!(out, "{}\n", texts(lang).chat_pick_number)?,
            }
            continue;
        }
        let reply = answerer.reply(text, forced, lang);
        lang = reply.lang;
        suggestions = match &reply.kind {
            ReplyKind::Suggestions(entries) => entries.iter().map(|e| e.id.clone()).collect(),
            _ => Vec::new(),
        };
        writeln!(out, "{}", console_text::reply_text(&reply, kb))?;
    }
    Ok(ExitCode::SUCCESS)
}
