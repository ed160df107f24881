//! The real `coop-bot serve` process against a Bot API URL, for what only a process shows: start-up
//! errors and exit codes, signals, the log, and a crash (kill -9) half-way.

use std::process::{Command, Stdio};

use super::text;

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

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.dir
    }
}
