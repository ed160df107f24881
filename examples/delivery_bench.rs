//! Delivery benchmark: one broadcast to N subscribers through a Bot API server on 127.0.0.1 that
//! enforces an overall messages-per-second limit (answering 429 beyond it, as Telegram does).
//! Reports the achieved rate as a fraction of the configured one, and how many 429s were met.
//!
//! `cargo run --release --example delivery_bench -- --subscribers 2000 --rate 25 --limit 30`

#[path = "../tests/it/support/fake_api.rs"]
mod fake_api;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use coop_bot::broadcast::{
    BroadcastStatus, Confirmation, Outbox, Sender, SenderConfig, Subscribers, Topic,
};
use coop_bot::lang::Lang;
use coop_bot::store::Store;
use fake_api::FakeApi;

#[derive(Parser)]
struct Args {
    /// Subscribers to deliver to.
    #[arg(long, default_value_t = 2000)]
    subscribers: i64,
    /// The sender's configured rate (BROADCAST_RATE), messages per second.
    #[arg(long, default_value_t = 25)]
    rate: u32,
    /// The overall limit the loopback Bot API enforces, messages per second.
    #[arg(long, default_value_t = 30)]
    limit: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let args = Args::parse();
    let api = FakeApi::start().await;
    api.enforce_rate_limit(args.limit);
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("bench.sqlite")).await?;
    let subscribers = Subscribers::new(store.pool().clone());
    for chat in 1..=args.subscribers {
        subscribers
            .subscribe(chat, Topic::All, Lang::ALL[(chat % 3) as usize])
            .await?;
    }
    let outbox = Outbox::new(store.pool().clone());
    let id = outbox
        .create_draft(1, Topic::All, None, "Benchmark announcement")
        .await?;
    let Confirmation::Queued { recipients } = outbox.confirm(id).await? else {
        anyhow::bail!("the broadcast was not queued");
    };

    let bot = teloxide::Bot::new("123456:BENCH").set_api_url(url::Url::parse(&api.url)?);
    let config = SenderConfig {
        rate: args.rate,
        ..SenderConfig::default()
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let sender = tokio::spawn(Sender::new(bot, store.pool().clone(), config).run(stopped));
    loop {
        let broadcast = outbox.get(id).await?.context("broadcast vanished")?;
        if broadcast.status == BroadcastStatus::Done {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let wall = started.elapsed();
    stop.send(true)?;
    sender.await?;

    let delivered = api.delivered("sendMessage");
    let first = delivered.first().context("nothing delivered")?.at;
    let last = delivered.last().context("nothing delivered")?.at;
    let span = last.duration_since(first).as_secs_f64();
    let achieved = if span > 0.0 {
        (delivered.len() - 1) as f64 / span
    } else {
        f64::NAN
    };
    let too_many = api.calls("sendMessage").iter().filter(|c| !c.ok).count();
    let counts = outbox.counts(id).await?;
    println!("recipients          {recipients}");
    println!(
        "delivered           {} (sent {}, failed {}, blocked {})",
        delivered.len(),
        counts.sent,
        counts.failed,
        counts.blocked
    );
    println!(
        "configured rate     {} msg/s (server limit {} msg/s)",
        args.rate, args.limit
    );
    println!(
        "achieved rate       {achieved:.2} msg/s = {:.1}% of configured",
        100.0 * achieved / f64::from(args.rate)
    );
    println!(
        "429 answers         {too_many} (flood-limit refusals {})",
        api.flood_refusals()
    );
    println!("wall time           {:.1} s", wall.as_secs_f64());
    Ok(())
}
