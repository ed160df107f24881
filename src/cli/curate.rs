//! The commands that help curate the knowledge files: `sources` (what the entries cite of each
//! source, and what of a new report is left to curate) and `new-entry` (a skeleton entry to fill).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;

use crate::config::KnowledgeLocation;
use crate::knowledge::{self, Coverage, Kind, KnowledgeError, Location};

/// Reads `--kind`, naming the kinds when it is none of them.
pub(super) fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::parse(name).ok_or_else(|| {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown kind `{name}`, expected one of {}",
            kinds.join(", ")
        )
    })
}

/// `coop-bot sources [SOURCE-ID]`.
pub(super) fn sources(location: &KnowledgeLocation, id: Option<&str>) -> Result<ExitCode> {
    let kb = location.load_to_serve()?;
    let Some(id) = id else {
        let summaries: Vec<String> = kb
            .sources()
            .iter()
            .filter_map(|source| kb.coverage(&source.id))
            .map(|coverage| summary(&coverage))
            .collect();
        print!("{}", summaries.join("\n"));
        return Ok(ExitCode::SUCCESS);
    };
    let Some(coverage) = kb.coverage(id) else {
        let known: Vec<&str> = kb.sources().iter().map(|s| s.id.as_str()).collect();
        anyhow::bail!(
            "no source `{id}` in {location}; the sources are: {}",
            known.join(", ")
        );
    };
    print!("{}", details(&coverage));
    Ok(ExitCode::SUCCESS)
}

/// A source in a few lines: its id and title, what it is, and who cites it.
fn summary(coverage: &Coverage<'_>) -> String {
    let source = coverage.source;
    let mut out = format!("{}: “{}”\n  {}", source.id, source.title, source.kind);
    if let Some(publisher) = &source.publisher {
        let _ = write!(out, " by {publisher}");
    }
    let _ = write!(
        out,
        ", {}, {}; text in {}\n  ",
        source
            .date
            .as_deref()
            .map_or("not dated".to_string(), |d| format!("dated {d}")),
        source.url.as_deref().unwrap_or("no URL"),
        source.text_file
    );
    match coverage.entries.len() {
        0 => out.push_str("cited by no entry yet\n"),
        n => {
            let _ = writeln!(
                out,
                "cited by {n} {} in {} {}: {}",
                if n == 1 { "entry" } else { "entries" },
                coverage.quotes,
                if coverage.quotes == 1 {
                    "quote"
                } else {
                    "quotes"
                },
                coverage.entries.join(", ")
            );
        }
    }
    out
}

/// A source in full: its summary, every passage cited and by which entries, and the paragraphs
/// no entry cites yet.
fn details(coverage: &Coverage<'_>) -> String {
    let mut out = summary(coverage);
    let _ = writeln!(
        out,
        "\n{} passage(s) cited, in the order of the text:",
        coverage.passages.len()
    );
    for passage in &coverage.passages {
        let _ = writeln!(
            out,
            "  line {}: “{}”\n      {}",
            passage.line,
            passage.text,
            passage.entries.join(", ")
        );
    }
    if coverage.uncited.is_empty() {
        out.push_str("\nEvery paragraph is cited by at least one entry.\n");
    } else {
        let _ = writeln!(
            out,
            "\n{} paragraph(s) no entry cites yet:",
            coverage.uncited.len()
        );
        for paragraph in &coverage.uncited {
            let _ = writeln!(out, "  line {}: {}", paragraph.line, paragraph.text);
        }
    }
    out
}

/// `coop-bot new-entry --kind KIND --id ID [--source SOURCE-ID]`: appends the skeleton, then
/// lists what `check` says is left to fill and translate in it.
pub(super) fn new_entry(
    location: &KnowledgeLocation,
    kind: Kind,
    id: &str,
    source: Option<&str>,
) -> Result<ExitCode> {
    let KnowledgeLocation::Dir(dir) = location else {
        anyhow::bail!(
            "new-entry writes into a knowledge folder: pass --knowledge DIR (there is no ./knowledge here)"
        );
    };
    let files = knowledge::read_dir_files(dir)?;
    let added = knowledge::new_entry(&files, kind, id, source)?;
    let path = dir.join(&added.name);
    knowledge::json_text::write_atomically(&path, &added.text)?;
    println!(
        "Added entry `{id}` to {} at line {}.",
        path.display(),
        added.line
    );
    let to_do: Vec<String> = match location.load() {
        Err(KnowledgeError::Invalid(problems)) => problems
            .iter()
            .filter(|p| matches!(&p.location, Location::Record { id: entry, .. } if entry == id))
            .map(|p| p.message.clone())
            .collect(),
        _ => Vec::new(),
    };
    println!(
        "{} field(s) to fill and translate, as `coop-bot check` lists them:",
        to_do.len()
    );
    for item in to_do {
        println!("  {item}");
    }
    Ok(ExitCode::SUCCESS)
}
