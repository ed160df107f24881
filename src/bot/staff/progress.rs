//! A broadcast as it goes, shown to the staff member who confirmed it: the confirmation message is
//! edited every few seconds with what is sent, failed, blocked and left, the rate, the estimated
//! finish and a progress bar; when it ends, they get its delivery report (also `/broadcasts N`).
//! The numbers are `broadcast::progress`'s; the words are here, in the staff member's language.

use std::collections::HashMap;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::MessageId;
use tokio::sync::watch;

use crate::broadcast::{
    Broadcast, BroadcastStatus, DeliveryCounts, Outbox, Progress, Report, Watched, Zone, clock,
};
use crate::i18n::{Texts, fill, texts};
use crate::lang::Lang;
use crate::store::{StoreError, unix_now};

use crate::bot::Outbound;

/// How many failure reasons a report lists.
const FAILURE_REASONS: i64 = 3;

/// Edits the confirmation messages of the broadcasts under way every `every` (a few seconds:
/// one message edited that often stays well within Telegram's limits, groups included) and sends
/// each finished one's report once, until `stop` says so. What is shown survives a restart: the
/// messages and who confirmed are in the outbox.
pub async fn watch_broadcasts(
    out: Outbound,
    outbox: Outbox,
    zone: Zone,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut shown: HashMap<i64, String> = HashMap::new();
    while !*stop.borrow() {
        match outbox.watched().await {
            Ok(watched) => {
                for broadcast in watched {
                    show(&out, &outbox, &zone, &broadcast, &mut shown).await;
                }
            }
            Err(err) => tracing::error!(error = %err, "cannot read the broadcasts under way"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Shows one broadcast's progress if it changed, and its report once it has ended.
async fn show(
    out: &Outbound,
    outbox: &Outbox,
    zone: &Zone,
    watched: &Watched,
    shown: &mut HashMap<i64, String>,
) {
    let broadcast = &watched.broadcast;
    let id = broadcast.id;
    if broadcast.started_at.is_none() {
        // Scheduled and not started: its message already says when. Cancelled before it started:
        // nothing was sent, nothing to report.
        if broadcast.status.is_final()
            && let Err(err) = outbox.mark_reported(id).await
        {
            tracing::error!(broadcast = id, error = %err, "cannot close a cancelled broadcast");
        }
        return;
    }
    let text = progress_text(broadcast, zone, unix_now(), watched.lang);
    if shown.get(&id) != Some(&text)
        && let Some(message) = watched.message
    {
        let chat = ChatId(watched.chat);
        match out.edit_progress(chat, MessageId(message), &text).await {
            Ok(()) => {
                shown.insert(id, text);
            }
            Err(err) => {
                tracing::warn!(broadcast = id, error = %err, "cannot show a broadcast's progress")
            }
        }
    }
    if !broadcast.status.is_final() {
        return;
    }
    let report = match report_text(outbox, zone, id, watched.lang).await {
        Ok(Some(report)) => report,
        Ok(None) => return,
        Err(err) => {
            tracing::error!(broadcast = id, error = %err, "cannot read a broadcast's report");
            return;
        }
    };
    // To the staff member who confirmed it, in their private chat; if they never opened one with
    // the bot, where they confirmed it.
    let confirmer = broadcast.confirmed_by.map_or(ChatId(watched.chat), ChatId);
    let mut sent = out.send_plain(confirmer, &report).await;
    if let Err(err) = &sent
        && confirmer != ChatId(watched.chat)
    {
        tracing::warn!(broadcast = id, error = %err, "cannot send the report privately; sending it where it was confirmed");
        sent = out.send_plain(ChatId(watched.chat), &report).await;
    }
    match sent {
        Ok(()) => {
            tracing::info!(broadcast = id, "broadcast report sent");
            shown.remove(&id);
            if let Err(err) = outbox.mark_reported(id).await {
                tracing::error!(broadcast = id, error = %err, "cannot record a sent report");
            }
        }
        // Telegram refused it (no chat with the staff member, say): asking again every few seconds
        // would not change that. A network failure is tried again at the next round.
        Err(teloxide::RequestError::Api(err)) => {
            tracing::warn!(broadcast = id, error = %err, "cannot send a broadcast's report; giving up");
            if let Err(err) = outbox.mark_reported(id).await {
                tracing::error!(broadcast = id, error = %err, "cannot record a given-up report");
            }
        }
        Err(err) => {
            tracing::warn!(broadcast = id, error = %err, "cannot send a broadcast's report yet")
        }
    }
}

/// The progress of `broadcast` at `now`, as its confirmation message shows it.
pub fn progress_text(broadcast: &Broadcast, zone: &Zone, now: i64, lang: Lang) -> String {
    let t = texts(lang);
    let started = broadcast.started_at.unwrap_or(now);
    let progress = Progress::of(broadcast.counts, started, now);
    let finish = if broadcast.status.is_final() {
        let took = broadcast.finished_at.unwrap_or(now) - started;
        fill(t.broadcast_took, &[("duration", &clock(took))])
    } else {
        match progress.eta {
            Some(eta) if broadcast.status != BroadcastStatus::Paused => fill(
                t.broadcast_finish_in,
                &[
                    ("eta", &clock(eta)),
                    ("at", &format!("{} {}", zone.format(now + eta), zone.name())),
                ],
            ),
            _ => t.broadcast_finish_unknown.to_string(),
        }
    };
    let counts = &broadcast.counts;
    fill(
        t.broadcast_progress,
        &[
            ("id", &broadcast.id.to_string()),
            ("status", broadcast.status.as_str()),
            ("bar", &progress.bar()),
            ("sent", &counts.sent.to_string()),
            ("failed", &counts.failed.to_string()),
            ("blocked", &counts.blocked.to_string()),
            ("remaining", &counts.remaining.to_string()),
            ("rate", &format!("{:.1}", progress.rate)),
            ("finish", &finish),
        ],
    )
}

/// The delivery report of broadcast `id`, in `lang`; `None` when there is no such broadcast.
pub async fn report_text(
    outbox: &Outbox,
    zone: &Zone,
    id: i64,
    lang: Lang,
) -> Result<Option<String>, StoreError> {
    let Some(broadcast) = outbox.get(id).await? else {
        return Ok(None);
    };
    let breakdown = outbox.breakdown(id, FAILURE_REASONS).await?;
    let report = Report::of(broadcast, breakdown, unix_now());
    Ok(Some(render_report(&report, zone, lang)))
}

/// A report in words.
fn render_report(report: &Report, zone: &Zone, lang: Lang) -> String {
    let t = texts(lang);
    let b = &report.broadcast;
    let c = &b.counts;
    let duration = match (report.duration, b.scheduled_at) {
        (Some(secs), _) => clock(secs),
        (None, Some(at)) => format!("{} ({})", t.broadcast_report_not_started, zone.describe(at)),
        (None, None) => t.broadcast_report_not_started.to_string(),
    };
    let mut text = fill(
        t.broadcast_report,
        &[
            ("id", &b.id.to_string()),
            ("status", b.status.as_str()),
            ("topic", b.topic.code()),
            ("lang", b.lang.map_or(t.any_language, Lang::code)),
            ("kind", b.content.kind_name()),
            ("sent", &c.sent.to_string()),
            ("failed", &c.failed.to_string()),
            ("blocked", &c.blocked.to_string()),
            ("cancelled", &c.cancelled.to_string()),
            ("remaining", &c.remaining.to_string()),
            ("duration", &duration),
        ],
    );
    let by_lang = &report.breakdown.by_lang;
    if !by_lang.is_empty() {
        text.push_str(&format!("\n\n{}", t.broadcast_report_by_lang));
        for (lang, counts) in by_lang {
            text.push_str(&format!("\n{}", group_line(t, lang.code(), counts)));
        }
    }
    let by_topic = &report.breakdown.by_topic;
    if !by_topic.is_empty() {
        text.push_str(&format!("\n\n{}", t.broadcast_report_by_topic));
        for (topic, counts) in by_topic {
            text.push_str(&format!("\n{}", group_line(t, topic.code(), counts)));
        }
    }
    text.push_str("\n\n");
    if report.breakdown.failures.is_empty() {
        text.push_str(t.broadcast_report_no_failures);
    } else {
        text.push_str(t.broadcast_report_failures);
        for (error, n) in &report.breakdown.failures {
            text.push_str(&format!(
                "\n{}",
                fill(
                    t.broadcast_report_failure,
                    &[("n", &n.to_string()), ("error", error)]
                )
            ));
        }
    }
    text
}

fn group_line(t: &Texts, name: &str, counts: &DeliveryCounts) -> String {
    fill(
        t.broadcast_report_group,
        &[
            ("name", name),
            ("sent", &counts.sent.to_string()),
            ("failed", &counts.failed.to_string()),
            ("blocked", &counts.blocked.to_string()),
            ("remaining", &counts.remaining.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::broadcast::{Breakdown, Content, Topic};

    fn broadcast(status: BroadcastStatus, counts: DeliveryCounts) -> Broadcast {
        Broadcast {
            id: 7,
            created_by: 1,
            topic: Topic::Meetings,
            lang: None,
            content: Content::Html("hi".into()),
            status,
            created_at: 1000,
            scheduled_at: None,
            started_at: Some(1000),
            finished_at: (status == BroadcastStatus::Done).then_some(1125),
            confirmed_by: Some(1),
            counts,
        }
    }

    fn counts(sent: usize, failed: usize, blocked: usize, remaining: usize) -> DeliveryCounts {
        DeliveryCounts {
            sent,
            failed,
            blocked,
            remaining,
            cancelled: 0,
        }
    }

    #[test]
    fn progress_shows_counts_rate_finish_and_bar() {
        let text = progress_text(
            &broadcast(BroadcastStatus::Sending, counts(40, 5, 5, 50)),
            &Zone::utc(),
            1010,
            Lang::En,
        );
        assert!(
            text.starts_with("Broadcast #7: sending\n▓▓▓▓▓▓▓▓▓▓░░░░░░░░░░ 50%"),
            "{text}"
        );
        assert!(
            text.contains("Sent 40 · failed 5 · blocked 5 · remaining 50"),
            "{text}"
        );
        assert!(
            text.contains("5.0 messages per second · finishes in about 0:10"),
            "{text}"
        );
    }

    #[test]
    fn a_finished_broadcast_shows_how_long_it_took() {
        let text = progress_text(
            &broadcast(BroadcastStatus::Done, counts(10, 0, 0, 0)),
            &Zone::utc(),
            2000,
            Lang::Ru,
        );
        assert!(text.contains("завершена за 2:05"), "{text}");
    }

    #[test]
    fn a_report_gives_outcomes_languages_topics_and_failures() {
        let mut by_lang = BTreeMap::new();
        by_lang.insert(Lang::En, counts(3, 0, 1, 0));
        let mut by_topic = BTreeMap::new();
        by_topic.insert(Topic::Meetings, counts(3, 0, 1, 0));
        let breakdown = Breakdown {
            by_lang,
            by_topic,
            failures: vec![("Forbidden: bot was blocked by the user".into(), 1)],
        };
        let report = Report::of(
            broadcast(BroadcastStatus::Done, counts(3, 0, 1, 0)),
            breakdown,
            5000,
        );
        let text = render_report(&report, &Zone::utc(), Lang::En);
        for expected in [
            "Delivery report of broadcast #7 (done)",
            "Sent (accepted by Telegram): 3",
            "Blocked the bot or gone: 1",
            "Duration: 2:05",
            "By language:\n• en: sent 3, failed 0, blocked 1, remaining 0",
            "By topic:\n• meetings: sent 3",
            "Most common failures:\n• 1 deliveries: Forbidden: bot was blocked by the user",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
    }
}
