//! Sending benchmark: the bot in-process (`App`, as `serve` assembles it) against the loopback Bot
//! API enforcing Telegram-like flood control (1.25 × TELEGRAM_RATE overall, about 1/s per chat),
//! while it delivers a broadcast to N subscribers and M questions arrive, with injected faults:
//! 429s with retry_after 1–5 s at fixed points, and 500s and 403s scattered at random. Reports the
//! server's own flood 429s (beyond the injected ones), the broadcast's rate against BROADCAST_RATE
//! (over the whole broadcast, and outside the injected freezes), the busiest second at the server,
//! and the reply latency (update handed out → answer at the server) during the broadcast.
//!
//! `cargo bench --bench sending -- [--subscribers 2000] [--questions 1000] [--telegram-rate 40]
//! [--broadcast-rate 25] [--question-rate 12.5] [--no-faults | --no-429]`. Not run by CI.
//!
//! `-- --throttle [--subscribers N] [--broadcast-rate R]` measures the alternative instead:
//! teloxide's `Throttle` adaptor pacing the same broadcast (as the sender did before the governor),
//! against a server enforcing 1.25 × R, with the same injected 429s.

#[path = "../tests/it/support/fake_api.rs"]
mod fake_api;

#[path = "../tests/it/support/app.rs"]
#[allow(dead_code)]
mod app;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use coop_bot::broadcast::{BroadcastStatus, Confirmation, Outbox, Subscribers, Topic};
use coop_bot::lang::Lang;
use coop_bot::store::Store;
use fake_api::{FakeApi, Fault};

/// Askers' chat ids start here, far from the subscribers'.
const ASKERS: i64 = 1_000_000;

struct Args {
    subscribers: i64,
    questions: i64,
    telegram_rate: u32,
    broadcast_rate: u32,
    question_rate: f64,
    faults: bool,
    /// Injected 429s (with `faults`).
    freezes: bool,
    throttle: bool,
}

fn args() -> Args {
    let mut args = Args {
        subscribers: 2000,
        questions: 1000,
        telegram_rate: 40,
        broadcast_rate: 25,
        question_rate: 12.5,
        faults: true,
        freezes: true,
        throttle: false,
    };
    let given: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < given.len() {
        let value = given.get(i + 1).map(String::as_str).unwrap_or_default();
        let number = || {
            value
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("{} needs a number", given[i]))
        };
        match given[i].as_str() {
            "--subscribers" => args.subscribers = number() as i64,
            "--questions" => args.questions = number() as i64,
            "--telegram-rate" => args.telegram_rate = number() as u32,
            "--broadcast-rate" => args.broadcast_rate = number() as u32,
            "--question-rate" => args.question_rate = number(),
            "--no-faults" => {
                args.faults = false;
                i += 1;
                continue;
            }
            "--no-429" => {
                args.freezes = false;
                i += 1;
                continue;
            }
            "--throttle" => {
                args.throttle = true;
                i += 1;
                continue;
            }
            // `cargo bench` passes `--bench`.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    args
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

/// The broadcast through teloxide's `Throttle` (overall `rate`, one a second per chat), each
/// delivery retried after a 429's retry_after, at most `2 × rate` in flight — the sender before the
/// governor. Prints the same figures for the broadcast.
async fn throttle(args: &Args) {
    use teloxide::adaptors::throttle::{Limits, Throttle};
    use teloxide::prelude::*;
    let api = FakeApi::start().await;
    let rate = args.broadcast_rate;
    api.enforce_rate_limit((rate as usize * 5).div_ceil(4));
    for (pass, retry_after) in [(300, 1), (600, 3), (600, 5)] {
        api.fail_after("sendMessage", pass, 1, Fault::RetryAfter(retry_after));
    }
    let url = url::Url::parse(&api.url).expect("url");
    let bot = Throttle::new_spawn(
        Bot::new("123456:BENCH").set_api_url(url),
        Limits {
            messages_per_sec_overall: rate,
            messages_per_sec_chat: 1,
            ..Limits::default()
        },
    );
    let in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(rate as usize * 2));
    let mut tasks = tokio::task::JoinSet::new();
    for chat in 1..=args.subscribers {
        let permit = in_flight.clone().acquire_owned().await.expect("semaphore");
        let bot = bot.clone();
        tasks.spawn(async move {
            let _permit = permit;
            loop {
                match bot
                    .send_message(ChatId(chat), "Benchmark announcement")
                    .await
                {
                    Err(teloxide::RequestError::RetryAfter(wait)) => {
                        tokio::time::sleep(wait.duration()).await;
                    }
                    _ => return,
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let mut delivered: Vec<Instant> = api
        .calls("sendMessage")
        .iter()
        .filter(|c| c.ok)
        .map(|c| c.arrived)
        .collect();
    delivered.sort();
    let span = delivered
        .last()
        .expect("deliveries")
        .duration_since(delivered[0])
        .as_secs_f64();
    let rate_achieved = (delivered.len() - 1) as f64 / span;
    println!("Throttle benchmark");
    println!(
        "  BROADCAST_RATE {rate} (server enforces {}/s overall, {}/s burst per chat), {} subscribers, 429 ×3 (1, 3, 5 s)",
        (rate as usize * 5).div_ceil(4),
        fake_api::PER_CHAT_BURST,
        args.subscribers
    );
    println!(
        "  flood 429s from the server       {}",
        api.flood_refusals()
    );
    println!(
        "  busiest second at the server     {} sends",
        api.busiest_window(Duration::from_secs(1)).0
    );
    println!(
        "  broadcast rate                   {rate_achieved:.2}/s = {:.1}% of {rate} over {span:.1} s",
        100.0 * rate_achieved / f64::from(rate)
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    if args.throttle {
        throttle(&args).await;
        return;
    }
    let api = FakeApi::start().await;
    let server_limit = (args.telegram_rate as usize * 5).div_ceil(4);
    api.enforce_rate_limit(server_limit);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = app::settings(&api, dir.path());
    settings.telegram_rate = args.telegram_rate;
    settings.broadcast_rate = args.broadcast_rate;

    let id = {
        let store = Store::open(&settings.database_path).await.expect("store");
        let subscribers = Subscribers::new(store.pool().clone());
        for chat in 1..=args.subscribers {
            subscribers
                .subscribe(chat, Topic::All, Lang::ALL[(chat % 3) as usize])
                .await
                .expect("subscribe");
        }
        let outbox = Outbox::new(store.pool().clone());
        let id = outbox
            .create_draft(1, Topic::All, None, "Benchmark announcement")
            .await
            .expect("draft");
        let Confirmation::Queued { .. } = outbox.confirm(id).await.expect("confirm") else {
            panic!("not queued");
        };
        store.pool().close().await;
        id
    };
    if args.faults {
        // 429s at fixed points (retry_after 1, 3, 5 s); 500s and 403s scattered (0.5% each).
        for (pass, retry_after) in [(300, 1), (600, 3), (600, 5)] {
            if args.freezes {
                api.fail_after("sendMessage", pass, 1, Fault::RetryAfter(retry_after));
            }
        }
        api.scatter_faults(
            "sendMessage",
            &[(Fault::ServerError, 5), (Fault::Blocked, 5)],
        );
    }

    let database = settings.database_path.clone();
    let started = Instant::now();
    let running = app::spawn_app(settings).await;
    let period = Duration::from_secs_f64(1.0 / args.question_rate);
    let mut update_ids = Vec::new();
    for n in 0..args.questions {
        let asker = ASKERS + n;
        let ids = api.push_updates([fake_api::private_text(asker, "Who is Fursenko?", "en")]);
        update_ids.push((ids[0], asker));
        tokio::time::sleep(period).await;
    }
    let store = Store::open(&database).await.expect("store");
    let outbox = Outbox::new(store.pool().clone());
    let deadline = Instant::now() + Duration::from_secs(1200);
    while outbox.get(id).await.expect("read").expect("exists").status != BroadcastStatus::Done {
        assert!(Instant::now() < deadline, "the broadcast did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Let the last answers land.
    tokio::time::sleep(Duration::from_secs(3)).await;
    running.stop().await.expect("stops");
    let elapsed = started.elapsed();

    // The broadcast at the server.
    let calls = api.calls("sendMessage");
    let mut deliveries: Vec<Instant> = calls
        .iter()
        .filter(|c| {
            c.ok && (1..=args.subscribers).contains(&c.params["chat_id"].as_i64().unwrap_or(0))
        })
        .map(|c| c.arrived)
        .collect();
    deliveries.sort();
    let (first, last) = (deliveries[0], *deliveries.last().expect("deliveries"));
    let span = last.duration_since(first).as_secs_f64();
    let rate = (deliveries.len() - 1) as f64 / span;
    // The freezes the injected 429s imposed (the server drew none of its own, see below).
    let mut freezes: Vec<(Instant, Instant)> = calls
        .iter()
        .filter_map(|c| {
            c.retry_after
                .map(|secs| (c.at, c.at + Duration::from_secs(u64::from(secs))))
        })
        .collect();
    freezes.sort();
    let frozen: f64 = freezes
        .iter()
        .fold((0.0, first), |(total, covered), &(from, to)| {
            let from = from.max(covered);
            if to > from && from < last {
                (total + to.min(last).duration_since(from).as_secs_f64(), to)
            } else {
                (total, covered.max(to))
            }
        })
        .0;
    let injected_freezes = freezes.len();
    let unfrozen = span - frozen;
    let in_a_freeze = |at: Instant| freezes.iter().any(|&(from, to)| at >= from && at < to);
    let counts = outbox.counts(id).await.expect("counts");

    // Replies: from handing out the update to the first answer to that chat.
    let mut answered_at: HashMap<i64, Instant> = HashMap::new();
    for call in calls.iter().filter(|c| c.ok) {
        let chat = call.params["chat_id"].as_i64().unwrap_or(0);
        if chat >= ASKERS {
            answered_at.entry(chat).or_insert(call.arrived);
        }
    }
    let mut during = Vec::new();
    let mut outside_freezes = Vec::new();
    let mut unanswered = 0;
    for (update, asker) in &update_ids {
        let Some(handed) = api.handed_out(*update) else {
            unanswered += 1;
            continue;
        };
        match answered_at.get(asker) {
            Some(answered) if handed >= first && handed <= last => {
                let waited = answered.duration_since(handed);
                during.push(waited);
                // Not caught by a freeze: neither asked nor answered while all sending was frozen.
                if !in_a_freeze(handed) && !in_a_freeze(*answered) {
                    outside_freezes.push(waited);
                }
            }
            Some(_) => {}
            None => unanswered += 1,
        }
    }
    during.sort();
    outside_freezes.sort();
    let (busiest, busiest_chat) = api.busiest_window(Duration::from_secs(1));

    println!("sending benchmark");
    println!(
        "  TELEGRAM_RATE {} (server enforces {server_limit}/s overall, {}/s burst per chat), BROADCAST_RATE {}",
        args.telegram_rate,
        fake_api::PER_CHAT_BURST,
        args.broadcast_rate
    );
    println!(
        "  {} subscribers, {} questions at {}/s, faults {}",
        args.subscribers,
        args.questions,
        args.question_rate,
        match (args.faults, args.freezes) {
            (true, true) => "on (429 ×3 with retry_after 1, 3, 5 s; 0.5% 500; 0.5% 403)",
            (true, false) => "on (0.5% 500; 0.5% 403; no 429)",
            _ => "off",
        }
    );
    println!(
        "  wall time                        {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "  flood 429s from the server       {} (injected faults: {})",
        api.flood_refusals(),
        api.injected_faults()
    );
    println!("  busiest second at the server     {busiest} sends ({busiest_chat} to one chat)");
    println!(
        "  broadcast                        sent {}, blocked {}, failed {}, over {span:.1} s",
        counts.sent, counts.blocked, counts.failed
    );
    println!(
        "  broadcast rate                   {rate:.2}/s = {:.1}% of {} (outside the {frozen:.1} s of {injected_freezes} injected freezes: {:.2}/s = {:.1}%)",
        100.0 * rate / f64::from(args.broadcast_rate),
        args.broadcast_rate,
        (deliveries.len() - 1) as f64 / unfrozen,
        100.0 * (deliveries.len() - 1) as f64 / unfrozen / f64::from(args.broadcast_rate)
    );
    println!(
        "  replies during the broadcast     {}: p50 {:?}, p99 {:?}, max {:?}; unanswered {unanswered}",
        during.len(),
        percentile(&during, 0.5),
        percentile(&during, 0.99),
        during.last().copied().unwrap_or_default()
    );
    println!(
        "  … not caught in a freeze         {}: p50 {:?}, p99 {:?}, max {:?}",
        outside_freezes.len(),
        percentile(&outside_freezes, 0.5),
        percentile(&outside_freezes, 0.99),
        outside_freezes.last().copied().unwrap_or_default()
    );
}
