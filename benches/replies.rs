//! Reply throughput: the real `coop-bot serve` process against a Bot API server on 127.0.0.1 that
//! pushes 10,000 questions from 1,000 chats. Reports answers per second, p50 / p99 time from an
//! update being handed out to its reply arriving, and the resident memory of `serve` when idle.
//!
//! `cargo bench --bench replies` (or `-- QUESTIONS CHATS`).

#[path = "../tests/it/support/fake_api.rs"]
mod fake_api;

use std::collections::{HashMap, VecDeque};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let questions = args.first().copied().unwrap_or(10_000);
    let chats = args.get(1).copied().unwrap_or(1_000) as i64;
    let api = fake_api::FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bot = Command::new(env!("CARGO_BIN_EXE_coop-bot"))
        .arg("serve")
        .current_dir(dir.path())
        .env("TELOXIDE_TOKEN", "123456:BENCH")
        .env("TELOXIDE_API_URL", &api.url)
        .env("DATABASE_PATH", dir.path().join("bench.sqlite"))
        .env("RUST_LOG", "warn")
        // The send governor would pace replies at Telegram's 30/s: this measures answering, and
        // benches/sending.rs the pacing.
        .env("TELEGRAM_RATE", "1000")
        .env("BROADCAST_RATE", "1")
        .env_remove("KNOWLEDGE_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("coop-bot serve starts");
    api.wait_for("setMyCommands", 3, Duration::from_secs(30))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = resident_kib(bot.id());

    let mix = [
        ("When is the Moscow meeting?", "en"),
        ("Кто такой Фурсенко?", "ru"),
        ("پارک فناوری پردیس چیست؟", "fa"),
        ("can my company open an office in Pardis?", "en"),
        ("какие университеты откроют филиалы в Иране", "ru"),
        ("تفاهم‌نامه مناطق فناوری مشترک", "fa"),
        ("Moscow metro opening hours", "en"),
        ("who signed the MOU", "en"),
        ("кибербезопасность", "ru"),
        ("ambasador of iran in russia", "en"),
    ];
    let updates: Vec<(i64, serde_json::Value)> = (0..questions)
        .map(|i| {
            let chat = 100_000 + (i as i64 % chats);
            let (text, lang) = mix[i % mix.len()];
            (chat, fake_api::private_text(chat, text, lang))
        })
        .collect();
    let chats_in_order: Vec<i64> = updates.iter().map(|(c, _)| *c).collect();
    let started = Instant::now();
    let ids = api.push_updates(updates.into_iter().map(|(_, u)| u));
    let replies = api
        .wait_for("sendMessage", questions, Duration::from_secs(600))
        .await;
    let elapsed = started.elapsed();
    let peak = resident_kib(bot.id());

    // Replies in one chat arrive in the order of its questions: pair them up per chat.
    let mut handed: HashMap<i64, VecDeque<Instant>> = HashMap::new();
    for (id, chat) in ids.iter().zip(&chats_in_order) {
        if let Some(at) = api.handed_out(*id) {
            handed.entry(*chat).or_default().push_back(at);
        }
    }
    let mut latencies: Vec<Duration> = replies
        .iter()
        .filter_map(|reply| {
            let chat = reply.params["chat_id"].as_i64()?;
            let asked = handed.get_mut(&chat)?.pop_front()?;
            Some(reply.at.saturating_duration_since(asked))
        })
        .collect();
    latencies.sort_unstable();
    let pick = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    let _ = bot.kill();
    let _ = bot.wait();
    println!("questions           {questions} from {chats} chats");
    println!(
        "answers per second  {:.0}",
        questions as f64 / elapsed.as_secs_f64()
    );
    println!(
        "update → reply      p50 {:.1} ms, p99 {:.1} ms",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3
    );
    println!(
        "resident memory     idle {} KiB, after the run {} KiB",
        idle.unwrap_or(0),
        peak.unwrap_or(0)
    );
    println!("wall time           {:.1} s", elapsed.as_secs_f64());
}
