//! Helpers shared by the integration tests: running the real binary and making knowledge folders
//! with one deliberate mistake.

#![allow(dead_code)]

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

/// A copy of the shipped knowledge folder that a test may break.
pub fn knowledge_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for item in std::fs::read_dir(knowledge_dir()).expect("knowledge folder") {
        let item = item.expect("entry");
        std::fs::copy(item.path(), dir.path().join(item.file_name())).expect("copy");
    }
    dir
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

pub mod fake_api;
pub mod mock;

/// `coop-bot serve` running as a process against a Bot API URL, in its own folder and database.
pub struct BotProcess {
    child: std::process::Child,
    pub dir: tempfile::TempDir,
}

impl BotProcess {
    /// Starts `coop-bot serve` with `TELOXIDE_API_URL=api_url` plus `env`.
    pub fn spawn(api_url: &str, env: &[(&str, &str)]) -> BotProcess {
        BotProcess::spawn_in(tempfile::tempdir().expect("temp dir"), api_url, env)
    }

    /// The same, in `dir`, whose `bot.sqlite` is the database (kept across restarts).
    pub fn spawn_in(dir: tempfile::TempDir, api_url: &str, env: &[(&str, &str)]) -> BotProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_coop-bot"));
        command
            .arg("serve")
            .current_dir(dir.path())
            .env_remove("KNOWLEDGE_DIR")
            .env("TELOXIDE_TOKEN", "123456:TEST-TOKEN")
            .env("TELOXIDE_API_URL", api_url)
            .env("DATABASE_PATH", dir.path().join("bot.sqlite"))
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("coop-bot serve starts");
        BotProcess { child, dir }
    }

    /// Waits for the process to exit by itself, up to `timeout`, and returns its code and stderr.
    pub async fn wait(mut self, timeout: std::time::Duration) -> (Option<i32>, String) {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let output = self.child.wait_with_output().expect("output");
                return (status.code(), text(&output.stderr));
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                let output = self.child.wait_with_output().expect("output");
                panic!(
                    "coop-bot did not exit in {timeout:?}:\n{}",
                    text(&output.stderr)
                );
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub async fn terminate(self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        self.wait(std::time::Duration::from_secs(20)).await
    }

    /// Sends SIGTERM, waits for a clean exit, and hands back the folder (and its database) for a
    /// restart.
    pub async fn restartable_stop(self) -> (Option<i32>, tempfile::TempDir) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let BotProcess { mut child, dir } = self;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return (status.code(), dir);
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let output = child.wait_with_output().expect("output");
                panic!("coop-bot did not stop:\n{}", text(&output.stderr));
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.dir
    }
}
