//! Helpers shared by the integration tests, one set for all: the command line (`coop_bot`) and
//! knowledge folders to break (here), the Bot API on loopback ([`fake_api`]), the bot in-process
//! against it ([`app`]) or as the real `serve` process ([`process`]), and the handlers driven
//! through teloxide_tests' MockBot ([`mock`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The knowledge folder shipped with the repository.
pub fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// Runs `coop-bot` with `args`, feeding `stdin`, in a folder with no `.env` and no `./knowledge`.
pub fn coop_bot(args: &[&str], stdin: &str) -> Output {
    let workdir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coop-bot"))
        .args(args)
        .current_dir(workdir.path())
        .env_remove("KNOWLEDGE_DIR")
        .env_remove("RUST_LOG")
        .env_remove("DATABASE_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("coop-bot starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("coop-bot finishes")
}

/// Text of a process stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the shipped knowledge folder (its source texts included) that a test may break.
pub fn knowledge_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_folder(&knowledge_dir(), dir.path());
    dir
}

fn copy_folder(from: &Path, to: &Path) {
    for item in std::fs::read_dir(from).expect("knowledge folder") {
        let item = item.expect("entry");
        let target = to.join(item.file_name());
        if item.file_type().expect("file type").is_dir() {
            std::fs::create_dir(&target).expect("create folder");
            copy_folder(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).expect("copy");
        }
    }
}

/// Reads a knowledge file of a copy as JSON.
pub fn read_json(dir: &Path, file: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join(file)).expect("read");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Writes a knowledge file of a copy in the repository's format.
pub fn write_json(dir: &Path, file: &str, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).expect("serialize");
    std::fs::write(dir.join(file), text + "\n").expect("write");
}

/// Adds a second source to a knowledge folder, `other-report`, whose text (a test fixture) no
/// entry cites.
pub fn add_other_source(dir: &Path) {
    let mut sources = read_json(dir, "sources.json");
    sources
        .as_array_mut()
        .expect("array")
        .push(serde_json::json!({
            "id": "other-report", "title": "Another report", "kind": "news report",
            "date": null, "url": null, "publisher": null, "text": "sources/other-report.txt"
        }));
    write_json(dir, "sources.json", &sources);
    std::fs::write(
        dir.join("sources/other-report.txt"),
        include_str!("../../fixtures/other_report.txt"),
    )
    .expect("write");
}

/// The 1-based line of the first line of a knowledge file of `dir` containing `needle`.
pub fn line_containing(dir: &Path, file: &str, needle: &str) -> usize {
    std::fs::read_to_string(dir.join(file))
        .expect("read")
        .lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} is not in {file}"))
}

pub mod app;
pub mod fake_api;
pub mod mock;
pub mod process;
