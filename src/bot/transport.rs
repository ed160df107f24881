//! One Bot API call, as teloxide's `Bot` makes it (same client, URL, JSON body and error types),
//! but without the 10-second sleep teloxide-core 0.13 adds after every 5xx before returning it
//! (`net/request.rs`, `DELAY_ON_SERVER_ERROR`). That sleep would make a reply retried after a 500
//! arrive 10 s late, and hold a broadcast slot for 10 s; here a 5xx comes back at once and the
//! caller decides when to try again (`send.rs` for replies, the outbox's backoff for broadcasts).

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::prelude::*;
use teloxide::requests::{HasPayload, Payload};
use teloxide::types::ResponseParameters;
use teloxide::{ApiError, RequestError};

/// What the Bot API answers, as teloxide-core reads it.
#[derive(serde::Deserialize)]
struct Answer<T> {
    ok: bool,
    result: Option<T>,
    description: Option<String>,
    parameters: Option<ResponseParameters>,
}

/// Sends `request` once through `bot`'s HTTP client and returns what the Bot API answered.
pub async fn call<R>(
    bot: &Bot,
    request: &R,
) -> Result<<R::Payload as Payload>::Output, RequestError>
where
    R: HasPayload,
    R::Payload: Serialize,
    <R::Payload as Payload>::Output: DeserializeOwned,
{
    let body =
        serde_json::to_vec(request.payload_ref()).map_err(|source| RequestError::InvalidJson {
            source: Arc::new(source),
            raw: "(request)".into(),
        })?;
    // `…Inline` payloads are the same Bot API method (teloxide's workaround for its #460).
    let method = <R::Payload as Payload>::NAME.trim_end_matches("Inline");
    let mut url = bot.api_url();
    url.path_segments_mut()
        .map_err(|()| RequestError::Io(Arc::new(std::io::Error::other("unusable Bot API URL"))))?
        .push(&format!("bot{}", bot.token()))
        .push(method);
    let response = bot
        .client()
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await?;
    let text = response.text().await?;
    let answer: Answer<<R::Payload as Payload>::Output> =
        serde_json::from_str(&text).map_err(|source| RequestError::InvalidJson {
            source: Arc::new(source),
            raw: text.clone().into(),
        })?;
    match (answer.ok, answer.result, answer.parameters) {
        (true, Some(result), _) => Ok(result),
        (_, _, Some(ResponseParameters::RetryAfter(wait))) => Err(RequestError::RetryAfter(wait)),
        (_, _, Some(ResponseParameters::MigrateToChatId(to))) => {
            Err(RequestError::MigrateToChatId(to))
        }
        (_, _, None) => {
            let description = answer.description.unwrap_or_default();
            // ApiError reads a description as Telegram words it, `Unknown` for anything else.
            let error =
                serde_json::from_value::<ApiError>(serde_json::Value::String(description.clone()))
                    .unwrap_or(ApiError::Unknown(description));
            Err(RequestError::Api(error))
        }
    }
}

/// Whether an error may go away by itself (a server error, the network), so the same request is
/// worth sending again; 4xx answers (blocked, bad request) are final.
pub fn is_transient(err: &RequestError) -> bool {
    match err {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => !FINAL_PREFIXES
            .iter()
            .any(|prefix| description.starts_with(prefix)),
        RequestError::Api(_) | RequestError::MigrateToChatId(_) | RequestError::RetryAfter(_) => {
            false
        }
    }
}

/// How the Bot API starts the description of a 4xx answer; anything else unknown is a server error.
const FINAL_PREFIXES: [&str; 5] = [
    "Bad Request",
    "Forbidden",
    "Unauthorized",
    "Not Found",
    "Conflict",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_and_network_errors_are_transient_client_errors_are_not() {
        let unknown = |d: &str| RequestError::Api(ApiError::Unknown(d.into()));
        assert!(is_transient(&unknown("Internal Server Error")));
        assert!(is_transient(&unknown("Bad Gateway")));
        assert!(!is_transient(&unknown(
            "Bad Request: message text is empty"
        )));
        assert!(!is_transient(&unknown("Forbidden: bot was kicked")));
        assert!(!is_transient(&RequestError::Api(ApiError::BotBlocked)));
        assert!(!is_transient(&RequestError::RetryAfter(
            teloxide::types::Seconds::from_seconds(1)
        )));
    }
}
