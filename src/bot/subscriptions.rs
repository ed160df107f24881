//! `/subscribe [topic]`, `/unsubscribe [topic]` and `/subscriptions`: who gets which
//! announcements (the tables are `broadcast::Subscribers`').

use std::sync::Arc;

use crate::broadcast::{Topic, UnknownTopic};
use crate::i18n::{fill, texts};

use super::context::ChatContext;
use super::context::HandlerResult;
use super::state::AppState;

/// `/subscribe [topic]`: `all` when no topic is given.
pub async fn on_subscribe(here: ChatContext, state: Arc<AppState>, topic: String) -> HandlerResult {
    let t = texts(here.lang);
    let text = match parse_topic(&topic) {
        Ok(topic) => {
            state
                .subscribers
                .subscribe(here.chat.0, topic, here.lang)
                .await?;
            fill(t.subscribed, &[("topic", topic.name(here.lang))])
        }
        Err(_) => t.unknown_topic.to_string(),
    };
    Ok(here.send_text(&text, None).await?)
}

/// `/unsubscribe [topic]`: from every topic when none is given.
pub async fn on_unsubscribe(
    here: ChatContext,
    state: Arc<AppState>,
    topic: String,
) -> HandlerResult {
    let t = texts(here.lang);
    let chat = here.chat.0;
    let text = match topic.trim() {
        "" => {
            state.subscribers.unsubscribe(chat, None).await?;
            t.unsubscribed_all.to_string()
        }
        word => match word.parse::<Topic>() {
            Ok(topic) if state.subscribers.unsubscribe(chat, Some(topic)).await? => {
                fill(t.unsubscribed, &[("topic", topic.name(here.lang))])
            }
            Ok(topic) => fill(t.not_subscribed, &[("topic", topic.name(here.lang))]),
            Err(_) => t.unknown_topic.to_string(),
        },
    };
    Ok(here.send_text(&text, None).await?)
}

/// `/subscriptions`: the topics the chat follows, if its subscription is active.
pub async fn on_subscriptions(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    let topics = state.subscribers.topics(here.chat.0).await?;
    let active = state.subscribers.is_active(here.chat.0).await?;
    let text = if topics.is_empty() || !active {
        t.no_subscriptions.to_string()
    } else {
        let names: Vec<&str> = topics.iter().map(|topic| topic.name(here.lang)).collect();
        fill(t.subscriptions, &[("topics", &names.join(", "))])
    };
    Ok(here.send_text(&text, None).await?)
}

/// `/subscribe` with no topic subscribes to everything.
fn parse_topic(arg: &str) -> Result<Topic, UnknownTopic> {
    match arg.trim() {
        "" => Ok(Topic::All),
        word => word.parse(),
    }
}
