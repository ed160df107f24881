//! A Bot API server on 127.0.0.1 for end-to-end tests: it hands out scripted updates through
//! getUpdates, answers the methods the bot uses, records every call, and injects faults (429 with
//! retry_after, 403, 500, slow answers; scripted for the next calls or scattered at random) so the
//! bot's error handling meets the real thing. It can enforce flood limits like Telegram's — an
//! overall rate, one message a second per chat with a short burst, 20 a minute per group —
//! answering 429 beyond them and counting those apart from the injected ones.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

/// The bot user the fake API reports from getMe.
pub const BOT_ID: i64 = 777_000;
pub const BOT_USERNAME: &str = "coop_test_bot";

/// Messages one chat may get within a second before the enforced limits refuse more: one a second,
/// with a short burst (a reply in parts) tolerated.
pub const PER_CHAT_BURST: usize = 3;
/// Messages one group may get within a minute before the enforced limits refuse more.
pub const PER_GROUP_MINUTE: usize = 20;

/// A scripted failure for one call of a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 429 Too Many Requests with `retry_after` seconds.
    RetryAfter(u32),
    /// 403 Forbidden: bot was blocked by the user.
    Blocked,
    /// 400 Bad Request: chat not found.
    ChatNotFound,
    /// 500 Internal Server Error.
    ServerError,
    /// Answer normally, but only after this many milliseconds.
    Slow(u64),
}

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// Whether the fake API answered it successfully.
    pub ok: bool,
    /// What it answered (`null` for a failure): a sent message's id is `result.message_id`.
    pub result: Value,
    /// When the answer was made (after any injected slowness).
    pub at: Instant,
    /// When the call arrived.
    pub arrived: Instant,
    /// The retry_after of a 429 answer (injected or the server's own flood control).
    pub retry_after: Option<u32>,
}

#[derive(Default)]
struct ApiState {
    updates: Vec<Value>,
    next_update_id: i64,
    next_message_id: i64,
    calls: Vec<Call>,
    /// Scripted answers of the next calls per method: `None` answers normally.
    faults: HashMap<String, VecDeque<Option<Fault>>>,
    /// Chats that always answer 403 (blocked the bot).
    blocked_chats: Vec<i64>,
    /// Chats that always answer 400 "chat not found" (deleted accounts, left groups).
    vanished_chats: Vec<i64>,
    reject_token: bool,
    /// Enforced like Telegram's flood control: a message beyond this many per second overall, a
    /// burst of more than `PER_CHAT_BURST` in one chat or `PER_GROUP_MINUTE` in a group, answers 429.
    overall_limit: Option<usize>,
    /// Messages accepted in the last minute, with their chat.
    recent_sends: VecDeque<(Instant, i64)>,
    flood_refusals: usize,
    /// Faults scattered at random over the calls of a method, each with its chance in a thousand.
    scattered: HashMap<String, Vec<(Fault, u32)>>,
    injected: usize,
    rng: u64,
    /// When each update was handed to the bot, by update id.
    handed_out: HashMap<i64, Instant>,
    /// Messages the bot was shown in updates, by (chat, message id): what copyMessage copies.
    sources: HashMap<(i64, i64), Value>,
    /// What each successful copyMessage / copyMessages put in a chat, as Telegram would show it.
    copies: Vec<(i64, Value)>,
}

impl Call {
    /// The text of a sendMessage or editMessageText call (empty for other methods).
    pub fn text(&self) -> &str {
        self.params["text"].as_str().unwrap_or_default()
    }

    /// The callback data of the buttons under the message, row by row.
    pub fn buttons(&self) -> Vec<String> {
        self.params["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
            .collect()
    }
}

/// A running fake Bot API.
pub struct FakeApi {
    pub url: String,
    state: Arc<Mutex<ApiState>>,
    handle: actix_web::dev::ServerHandle,
}

impl FakeApi {
    /// Starts the server on an ephemeral loopback port.
    pub async fn start() -> FakeApi {
        FakeApi::start_with(false).await
    }

    /// Starts a server whose getMe answers 401, like Telegram for a bad token.
    pub async fn rejecting_token() -> FakeApi {
        FakeApi::start_with(true).await
    }

    async fn start_with(reject_token: bool) -> FakeApi {
        let state = Arc::new(Mutex::new(ApiState {
            next_update_id: 1,
            next_message_id: 1,
            reject_token,
            rng: 0x9E37_79B9_7F4A_7C15,
            ..ApiState::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("address").port();
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
                .route("/bot{token}/{method}", web::post().to(handle))
        })
        .workers(2)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        FakeApi {
            url: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    /// Queues an update; its `update_id` is assigned here.
    pub fn push_update(&self, update: Value) {
        self.push_updates([update]);
    }

    /// The next `count` calls of `method` fail with `fault`.
    pub fn fail_next(&self, method: &str, count: usize, fault: Fault) {
        self.fail_after(method, 0, count, fault);
    }

    /// After `pass` more calls of `method` answered normally, the next `count` fail with `fault`.
    pub fn fail_after(&self, method: &str, pass: usize, count: usize, fault: Fault) {
        let mut state = self.state.lock().expect("state");
        let queue = state.faults.entry(method.to_ascii_lowercase()).or_default();
        queue.extend(std::iter::repeat_n(None, pass));
        queue.extend(std::iter::repeat_n(Some(fault), count));
    }

    /// Enforces flood limits on the methods that send a message (send…, copy…, forward…,
    /// edit…): `per_second` overall in any one-second window, a burst of `PER_CHAT_BURST` per
    /// second in one chat and `PER_GROUP_MINUTE` per minute in a group (negative ids); beyond them
    /// the call answers 429 with retry_after 1 and counts as a violation.
    pub fn enforce_rate_limit(&self, per_second: usize) {
        self.state.lock().expect("state").overall_limit = Some(per_second);
    }

    /// How many calls broke the enforced limits (and were refused with 429 by the server's own
    /// flood control); injected faults are not counted here.
    pub fn flood_refusals(&self) -> usize {
        self.state.lock().expect("state").flood_refusals
    }

    /// From now on each call of `method` fails with each of `faults` with its chance in a
    /// thousand (a deterministic pseudo-random draw, so runs compare).
    pub fn scatter_faults(&self, method: &str, faults: &[(Fault, u32)]) {
        self.state
            .lock()
            .expect("state")
            .scattered
            .insert(method.to_ascii_lowercase(), faults.to_vec());
    }

    /// How many faults were injected (scripted or scattered), as opposed to flood refusals.
    pub fn injected_faults(&self) -> usize {
        self.state.lock().expect("state").injected
    }

    /// The most message-sending calls (accepted or not) that arrived within any `window`, over
    /// all chats, and the most to one chat.
    pub fn busiest_window(&self, window: Duration) -> (usize, usize) {
        let calls: Vec<(Instant, i64)> = {
            let state = self.state.lock().expect("state");
            state
                .calls
                .iter()
                .filter(|c| sends_a_message(&c.method))
                .map(|c| (c.arrived, c.params["chat_id"].as_i64().unwrap_or(0)))
                .collect()
        };
        let busiest = |times: &[Instant]| {
            let mut sorted = times.to_vec();
            sorted.sort();
            let mut most = 0;
            let mut start = 0;
            for end in 0..sorted.len() {
                while sorted[end].duration_since(sorted[start]) >= window {
                    start += 1;
                }
                most = most.max(end - start + 1);
            }
            most
        };
        let all: Vec<Instant> = calls.iter().map(|(at, _)| *at).collect();
        let mut per_chat: HashMap<i64, Vec<Instant>> = HashMap::new();
        for (at, chat) in &calls {
            per_chat.entry(*chat).or_default().push(*at);
        }
        let chat_most = per_chat.values().map(|t| busiest(t)).max().unwrap_or(0);
        (busiest(&all), chat_most)
    }

    /// Every message to `chat` answers 400 "chat not found" from now on.
    pub fn vanish_chat(&self, chat: i64) {
        self.state.lock().expect("state").vanished_chats.push(chat);
    }

    /// Every message to `chat` answers 403 from now on.
    pub fn block_chat(&self, chat: i64) {
        self.state.lock().expect("state").blocked_chats.push(chat);
    }

    /// When the update with this id was first handed to the bot through getUpdates.
    pub fn handed_out(&self, update_id: i64) -> Option<Instant> {
        self.state
            .lock()
            .expect("state")
            .handed_out
            .get(&update_id)
            .copied()
    }

    /// Queues many updates at once; returns their ids in order.
    pub fn push_updates(&self, updates: impl IntoIterator<Item = Value>) -> Vec<i64> {
        let mut state = self.state.lock().expect("state");
        let mut ids = Vec::new();
        for mut update in updates {
            if let Some(message) = update.get("message") {
                let chat = message["chat"]["id"].as_i64().unwrap_or_default();
                let id = message["message_id"].as_i64().unwrap_or_default();
                state.sources.insert((chat, id), message.clone());
            }
            update["update_id"] = json!(state.next_update_id);
            ids.push(state.next_update_id);
            state.next_update_id += 1;
            state.updates.push(update);
        }
        ids
    }

    /// Recorded calls of `method` (case-insensitive), in order.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.state
            .lock()
            .expect("state")
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// Successful calls of `method`.
    pub fn delivered(&self, method: &str) -> Vec<Call> {
        self.calls(method).into_iter().filter(|c| c.ok).collect()
    }

    /// Messages delivered to `chat`, in order.
    pub fn sent_to(&self, chat: i64) -> Vec<Call> {
        self.delivered("sendMessage")
            .into_iter()
            .filter(|c| c.params["chat_id"].as_i64() == Some(chat))
            .collect()
    }

    /// How many messages each chat has received.
    pub fn received_per_chat(&self) -> HashMap<i64, usize> {
        let mut received = HashMap::new();
        for call in self.delivered("sendMessage") {
            let chat = call.params["chat_id"].as_i64().unwrap_or_default();
            *received.entry(chat).or_default() += 1;
        }
        received
    }

    /// Waits until `method` has succeeded at least `count` times, or panics after `timeout`.
    pub async fn wait_for(&self, method: &str, count: usize, timeout: Duration) -> Vec<Call> {
        let what = format!("{count} × {method}");
        wait_until(timeout, &what, || self.delivered(method), count).await
    }

    /// Waits until `chat` has received `count` messages and returns them, or panics after
    /// `timeout`.
    pub async fn wait_for_chat(&self, chat: i64, count: usize, timeout: Duration) -> Vec<Call> {
        let what = format!("{count} messages to chat {chat}");
        wait_until(timeout, &what, || self.sent_to(chat), count).await
    }

    /// The messages copies put in `chat` (copyMessage, copyMessages), in order: the source
    /// message with its kind, caption and entities, as the recipient sees it.
    pub fn copies_to(&self, chat: i64) -> Vec<Value> {
        let state = self.state.lock().expect("state");
        state
            .copies
            .iter()
            .filter(|(to, _)| *to == chat)
            .map(|(_, message)| message.clone())
            .collect()
    }

    /// Stops the server.
    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

/// Polls `calls` until it holds `count`, or panics after `timeout` saying what it waited for.
async fn wait_until(
    timeout: Duration,
    what: &str,
    calls: impl Fn() -> Vec<Call>,
    count: usize,
) -> Vec<Call> {
    let deadline = Instant::now() + timeout;
    loop {
        let got = calls();
        if got.len() >= count {
            return got;
        }
        if Instant::now() > deadline {
            panic!(
                "waited {timeout:?} for {what}, got {}: {:#?}",
                got.len(),
                got.iter().map(|c| &c.params).collect::<Vec<_>>()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn handle(
    path: web::Path<(String, String)>,
    body: web::Bytes,
    state: web::Data<Mutex<ApiState>>,
) -> HttpResponse {
    let arrived = Instant::now();
    let (_token, method) = path.into_inner();
    let method = method.to_ascii_lowercase();
    let params: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if method == "getupdates" {
        return get_updates(&params, &state).await;
    }
    let (mut fault, reject_token, blocked) = {
        let mut s = state.lock().expect("state");
        let mut fault = s
            .faults
            .get_mut(&method)
            .and_then(VecDeque::pop_front)
            .flatten();
        if fault.is_none() {
            fault = scattered_fault(&mut s, &method);
        }
        if fault.is_some() {
            s.injected += 1;
        }
        let chat = params.get("chat_id").and_then(Value::as_i64);
        let blocked = chat.is_some_and(|c| s.blocked_chats.contains(&c));
        let fault = match chat {
            Some(c) if fault.is_none() && s.vanished_chats.contains(&c) => {
                Some(Fault::ChatNotFound)
            }
            _ => fault,
        };
        (fault, s.reject_token, blocked)
    };
    if sends_a_message(&method) && fault.is_none() {
        let mut s = state.lock().expect("state");
        if let Some(limit) = s.overall_limit {
            let now = arrived;
            let chat = params.get("chat_id").and_then(Value::as_i64).unwrap_or(0);
            let second = Duration::from_secs(1);
            while s
                .recent_sends
                .front()
                .is_some_and(|(at, _)| now.duration_since(*at) >= Duration::from_secs(60))
            {
                s.recent_sends.pop_front();
            }
            let within = |window: Duration, only: Option<i64>| {
                s.recent_sends
                    .iter()
                    .filter(|(at, c)| {
                        now.duration_since(*at) < window && only.is_none_or(|o| o == *c)
                    })
                    .count()
            };
            // Telegram tolerates a short burst in one chat (a reply in two parts), not a stream.
            let over = within(second, None) >= limit
                || (chat > 0 && within(second, Some(chat)) >= PER_CHAT_BURST)
                || (chat < 0 && within(Duration::from_secs(60), Some(chat)) >= PER_GROUP_MINUTE);
            if over {
                s.flood_refusals += 1;
                fault = Some(Fault::RetryAfter(1));
            } else {
                s.recent_sends.push_back((now, chat));
            }
        }
    }
    if let Some(Fault::Slow(ms)) = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let failure = match (fault, blocked) {
        _ if reject_token && method == "getme" => Some((
            401,
            json!({"ok": false, "error_code": 401, "description": "Unauthorized"}),
        )),
        (Some(Fault::RetryAfter(secs)), _) => Some((
            429,
            json!({"ok": false, "error_code": 429,
            "description": format!("Too Many Requests: retry after {secs}"), "parameters": {"retry_after": secs}}),
        )),
        (Some(Fault::Blocked), _) | (_, true) => Some((
            403,
            json!({"ok": false, "error_code": 403,
            "description": "Forbidden: bot was blocked by the user"}),
        )),
        (Some(Fault::ChatNotFound), _) => Some((
            400,
            json!({"ok": false, "error_code": 400,
            "description": "Bad Request: chat not found"}),
        )),
        (Some(Fault::ServerError), _) => Some((
            500,
            json!({"ok": false, "error_code": 500,
            "description": "Internal Server Error"}),
        )),
        _ => None,
    };
    let mut s = state.lock().expect("state");
    let retry_after = match fault {
        Some(Fault::RetryAfter(secs)) => Some(secs),
        _ => None,
    };
    if let Some((status, body)) = failure {
        s.calls.push(Call {
            method: method.clone(),
            params: params.clone(),
            ok: false,
            result: Value::Null,
            at: Instant::now(),
            arrived,
            retry_after,
        });
        return HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
            .json(body);
    }
    let result = match method.as_str() {
        "getme" => {
            json!({"id": BOT_ID, "is_bot": true, "first_name": "Coop", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
            "can_connect_to_business": false, "has_main_web_app": false})
        }
        "sendmessage" | "editmessagetext" | "editmessagereplymarkup" => {
            let id = params
                .get("message_id")
                .and_then(Value::as_i64)
                .unwrap_or_else(|| {
                    s.next_message_id += 1;
                    s.next_message_id
                });
            let chat = params.get("chat_id").cloned().unwrap_or(json!(0));
            json!({"message_id": id, "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "User"},
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coop", "username": BOT_USERNAME},
                "text": params.get("text").cloned().unwrap_or(json!(""))})
        }
        "copymessage" | "copymessages" => {
            let from = params["from_chat_id"].as_i64().unwrap_or_default();
            let to = params["chat_id"].as_i64().unwrap_or_default();
            let ids: Vec<i64> = match params.get("message_ids") {
                Some(ids) => ids
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_i64)
                    .collect(),
                None => params["message_id"].as_i64().into_iter().collect(),
            };
            let mut copied = Vec::new();
            for id in ids {
                let Some(mut message) = s.sources.get(&(from, id)).cloned() else {
                    return HttpResponse::BadRequest().json(json!({"ok": false, "error_code": 400,
                        "description": "Bad Request: message to copy not found"}));
                };
                if let Some(caption) = params.get("caption") {
                    message["caption"] = caption.clone();
                }
                s.next_message_id += 1;
                message["message_id"] = json!(s.next_message_id);
                copied.push(json!({"message_id": s.next_message_id}));
                s.copies.push((to, message));
            }
            if method == "copymessage" {
                copied.pop().unwrap_or(json!(null))
            } else {
                json!(copied)
            }
        }
        "getwebhookinfo" => {
            json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})
        }
        _ => json!(true),
    };
    s.calls.push(Call {
        method: method.clone(),
        params: params.clone(),
        ok: true,
        result: result.clone(),
        at: Instant::now(),
        arrived,
        retry_after,
    });
    HttpResponse::Ok().json(json!({"ok": true, "result": result}))
}

/// Whether a Bot API method sends (or edits) a message, which Telegram's flood limits count.
fn sends_a_message(method: &str) -> bool {
    ["send", "copy", "forward", "edit"]
        .iter()
        .any(|prefix| method.starts_with(prefix))
}

/// A fault drawn for one call of `method` from its scattered faults, if any.
fn scattered_fault(s: &mut ApiState, method: &str) -> Option<Fault> {
    let faults = s.scattered.get(method)?.clone();
    s.rng ^= s.rng >> 12;
    s.rng ^= s.rng << 25;
    s.rng ^= s.rng >> 27;
    let draw = (s.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % 1000) as u32;
    let mut floor = 0;
    for (fault, per_mille) in faults {
        floor += per_mille;
        if draw < floor {
            return Some(fault);
        }
    }
    None
}

/// Hands out queued updates from `offset` on; with none, holds the poll briefly, like long polling.
async fn get_updates(params: &Value, state: &web::Data<Mutex<ApiState>>) -> HttpResponse {
    let offset = params.get("offset").and_then(Value::as_i64).unwrap_or(0);
    // Like Telegram: at most `limit` updates per call, 100 by default and at most.
    let limit = params
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(100)
        .clamp(1, 100) as usize;
    for _ in 0..10 {
        let ready: Vec<Value> = {
            let mut s = state.lock().expect("state");
            s.updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            let now = Instant::now();
            let batch: Vec<Value> = s.updates.iter().take(limit).cloned().collect();
            for id in batch.iter().filter_map(|u| u["update_id"].as_i64()) {
                s.handed_out.entry(id).or_insert(now);
            }
            batch
        };
        if !ready.is_empty() {
            return HttpResponse::Ok().json(json!({"ok": true, "result": ready}));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    HttpResponse::Ok().json(json!({"ok": true, "result": []}))
}

/// A private-chat text message from a user with a client language.
pub fn private_text(chat: i64, text: &str, language: &str) -> Value {
    json!({"message": {"message_id": 10, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "User"},
        "from": {"id": chat, "is_bot": false, "first_name": "User", "language_code": language},
        "text": text}})
}

/// A supergroup text message.
pub fn group_text(chat: i64, user: i64, text: &str) -> Value {
    json!({"message": {"message_id": 11, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "supergroup", "title": "Partners"},
        "from": {"id": user, "is_bot": false, "first_name": "User", "language_code": "en"},
        "text": text}})
}

/// A button tap on a message the bot sent in a private chat.
pub fn callback(chat: i64, data: &str) -> Value {
    json!({"callback_query": {"id": format!("cb-{chat}-{data}"), "chat_instance": "ci",
        "from": {"id": chat, "is_bot": false, "first_name": "User", "language_code": "en"},
        "data": data,
        "message": {"message_id": 500, "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "User"},
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coop"}, "text": "…"}}})
}

/// An inline query `@bot query`.
pub fn inline_query(user: i64, query: &str) -> Value {
    json!({"inline_query": {"id": format!("iq-{user}"), "query": query, "offset": "",
        "from": {"id": user, "is_bot": false, "first_name": "User", "language_code": "en"}}})
}
