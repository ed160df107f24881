//! Every inline keyboard the bot shows, everyone's and staff's. Each button carries a [`Callback`]
//! and every label is in the keyboard's language; [`button`] is the one place that keeps callback
//! data within Telegram's 64 bytes.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::feedback::{Detail, Vote};
use crate::i18n::{fill, texts};
use crate::knowledge::{Entry, Kind, KnowledgeBase};
use crate::lang::Lang;

use super::callback::{Action, AskAbout, CALLBACK_DATA_LIMIT, Callback, StaffAction, UserAction};

/// Telegram shows at most 100 buttons under a message; one is kept for "back".
const PICK_LIMIT: usize = 99;

/// A button, or `None` when its callback data would not fit Telegram's limit (entry ids are at
/// most 48 characters, so only an astronomically high id could get here): Telegram would refuse
/// the whole message.
fn button(label: impl Into<String>, callback: Callback) -> Option<InlineKeyboardButton> {
    let data = callback.encode();
    if data.len() > CALLBACK_DATA_LIMIT {
        tracing::warn!(
            bytes = data.len(),
            "a button's callback data is too long: left out"
        );
        return None;
    }
    Some(InlineKeyboardButton::callback(label, data))
}

/// A keyboard of rows, without the buttons that could not be made and the rows left empty.
fn keyboard(
    rows: impl IntoIterator<Item = Vec<Option<InlineKeyboardButton>>>,
) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        rows.into_iter()
            .map(|row| row.into_iter().flatten().collect::<Vec<_>>())
            .filter(|row| !row.is_empty()),
    )
}

/// No buttons: replaces a keyboard once its job is done.
pub fn none() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::default()
}

/// One button per entry, each answering it.
pub fn entries(entries: &[&Entry], lang: Lang) -> InlineKeyboardMarkup {
    keyboard(entries.iter().map(|entry| vec![answer_button(entry, lang)]))
}

fn answer_button(entry: &Entry, lang: Lang) -> Option<InlineKeyboardButton> {
    let entry_id = entry.id.clone();
    let action = UserAction::Answer { entry: entry_id };
    button(entry.title.get(lang), Callback::user(lang, action))
}

/// "Did you mean": one button per entry, then "None of these" when the offer could be remembered.
pub fn suggestions(offered: &[&Entry], lang: Lang, offer: Option<i64>) -> InlineKeyboardMarkup {
    let none_of_these = offer.map(|offer| {
        let action = UserAction::NoneOfThese { offer };
        vec![button(
            texts(lang).none_of_these,
            Callback::user(lang, action),
        )]
    });
    keyboard(
        offered
            .iter()
            .map(|entry| vec![answer_button(entry, lang)])
            .chain(none_of_these),
    )
}

/// The example questions of /start and /help.
pub fn examples(lang: Lang) -> InlineKeyboardMarkup {
    keyboard(
        texts(lang)
            .examples
            .iter()
            .enumerate()
            .map(|(index, question)| {
                vec![button(
                    *question,
                    Callback::user(lang, UserAction::Example { index }),
                )]
            }),
    )
}

/// English, Русский, فارسی.
pub fn languages() -> InlineKeyboardMarkup {
    let choice = |label: &str, lang| button(label, Callback::user(lang, UserAction::SetLang));
    keyboard([vec![
        choice("English", Lang::En),
        choice("Русский", Lang::Ru),
        choice("فارسی", Lang::Fa),
    ]])
}

/// The topic root: one button per kind that has entries.
pub fn topics(kb: &KnowledgeBase, lang: Lang) -> InlineKeyboardMarkup {
    keyboard(kinds_with_entries(kb).map(|kind| {
        vec![button(
            texts(lang).kind(kind),
            Callback::user(lang, UserAction::Kind { kind }),
        )]
    }))
}

fn kinds_with_entries(kb: &KnowledgeBase) -> impl Iterator<Item = Kind> + '_ {
    Kind::ALL
        .into_iter()
        .filter(|&kind| kb.entries_of(kind).next().is_some())
}

/// The entries of one kind, shown in place, with a way back to the root.
pub fn kind(kb: &KnowledgeBase, kind: Kind, lang: Lang) -> InlineKeyboardMarkup {
    let entries: Vec<&Entry> = kb.entries_of(kind).collect();
    in_place(&entries, lang, UserAction::Topics)
}

/// Under an entry opened from /topics: its related entries, and back to its kind.
pub fn entry_in_topics(related: &[&Entry], kind: Kind, lang: Lang) -> InlineKeyboardMarkup {
    in_place(related, lang, UserAction::Kind { kind })
}

/// Entries that open in the same message, then a back button.
fn in_place(entries: &[&Entry], lang: Lang, back: UserAction) -> InlineKeyboardMarkup {
    let open = entries.iter().map(|entry| {
        let action = UserAction::Entry {
            entry: entry.id.clone(),
        };
        vec![button(entry.title.get(lang), Callback::user(lang, action))]
    });
    let back = vec![button(texts(lang).back, Callback::user(lang, back))];
    keyboard(open.chain([back]))
}

/// A single "browse topics" button, under "None of these".
pub fn browse_topics(lang: Lang) -> InlineKeyboardMarkup {
    keyboard([vec![button(
        texts(lang).browse_topics,
        Callback::user(lang, UserAction::Topics),
    )]])
}

/// Under "don't know": browse topics, and "Ask programme staff" when the handoff is on (`ask`
/// names the question as an offer).
pub fn dont_know(lang: Lang, ask: Option<i64>) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let ask = ask.map(|offer| {
        let about = AskAbout::Offer(offer);
        vec![button(
            t.ask_staff_button,
            Callback::user(lang, UserAction::AskStaff { about }),
        )]
    });
    keyboard(
        [vec![button(
            t.browse_topics,
            Callback::user(lang, UserAction::Topics),
        )]]
        .into_iter()
        .chain(ask),
    )
}

/// The feedback part of an answer's keyboard: where the vote stands and what to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFeedback {
    /// The stored answer the buttons name.
    pub answer: i64,
    /// The tapper's vote, marked on its button.
    pub voted: Option<Vote>,
    /// After a 👎: the follow-up buttons (what was wrong).
    pub follow_up: bool,
    /// After a 👎: "Ask programme staff".
    pub ask_staff: bool,
}

/// An answer's keyboard: its related entries, then 👍 / 👎 when the answer could be stored.
pub fn answer(
    related: &[&Entry],
    lang: Lang,
    feedback: Option<AnswerFeedback>,
) -> Option<InlineKeyboardMarkup> {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = entries(related, lang).inline_keyboard;
    if let Some(feedback) = feedback {
        rows.extend(feedback_rows(feedback, lang).inline_keyboard);
    }
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// An answer's keyboard after a vote, edited in place: the rows it had, without its old feedback
/// buttons, then the new ones.
pub fn revote(
    current: Option<&InlineKeyboardMarkup>,
    feedback: AnswerFeedback,
    lang: Lang,
) -> InlineKeyboardMarkup {
    let kept = current
        .map(|markup| markup.inline_keyboard.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|row| !row.iter().any(is_feedback_button));
    InlineKeyboardMarkup::new(kept.chain(feedback_rows(feedback, lang).inline_keyboard))
}

fn is_feedback_button(button: &InlineKeyboardButton) -> bool {
    let teloxide::types::InlineKeyboardButtonKind::CallbackData(data) = &button.kind else {
        return false;
    };
    matches!(
        Callback::decode(data).map(|c| c.action),
        Some(Action::User(
            UserAction::Vote { .. }
                | UserAction::Detail { .. }
                | UserAction::AskStaff {
                    about: AskAbout::Answer(_)
                }
        ))
    )
}

fn feedback_rows(feedback: AnswerFeedback, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let answer = feedback.answer;
    let vote = |label: &str, vote: Vote| {
        let label = if feedback.voted == Some(vote) {
            format!("✓ {label}")
        } else {
            label.to_string()
        };
        button(
            label,
            Callback::user(lang, UserAction::Vote { answer, vote }),
        )
    };
    let votes = vec![
        vote(t.vote_helpful, Vote::Helpful),
        vote(t.vote_unhelpful, Vote::Unhelpful),
    ];
    let details = feedback.follow_up.then(|| {
        Detail::ALL
            .into_iter()
            .zip(t.details)
            .map(|(detail, label)| {
                vec![button(
                    label,
                    Callback::user(lang, UserAction::Detail { answer, detail }),
                )]
            })
            .collect::<Vec<_>>()
    });
    let ask = feedback.ask_staff.then(|| {
        let about = AskAbout::Answer(answer);
        vec![button(
            t.ask_staff_button,
            Callback::user(lang, UserAction::AskStaff { about }),
        )]
    });
    keyboard(
        [votes]
            .into_iter()
            .chain(details.into_iter().flatten())
            .chain(ask),
    )
}

/// Under a question about to be sent to staff: share or withdraw the name, send, cancel.
pub fn handoff_confirmation(ticket: i64, shared: bool, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let (label, share) = if shared {
        (t.hide_name_button, false)
    } else {
        (t.share_name_button, true)
    };
    keyboard([
        vec![button(
            label,
            Callback::user(lang, UserAction::ShareName { ticket, share }),
        )],
        vec![
            button(
                t.send_to_staff_button,
                Callback::user(lang, UserAction::SendTicket { ticket }),
            ),
            button(
                t.cancel,
                Callback::user(lang, UserAction::CancelTicket { ticket }),
            ),
        ],
    ])
}

/// Under a ticket's card in the staff chat: Close (while open) and "Attach to entry…".
pub fn ticket_card(ticket: i64, open: bool, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let close = open.then(|| {
        button(
            t.close_button,
            Callback::staff(lang, StaffAction::CloseTicket { ticket }),
        )
    });
    let attach = button(
        t.attach_ticket_button,
        Callback::staff(lang, StaffAction::AttachTicket { ticket }),
    );
    keyboard([close.into_iter().chain([attach]).collect::<Vec<_>>()])
}

/// Confirm and Cancel under a broadcast preview.
pub fn broadcast_confirmation(id: i64, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    keyboard([vec![
        button(
            t.confirm,
            Callback::staff(lang, StaffAction::ConfirmBroadcast { id }),
        ),
        button(
            t.cancel,
            Callback::staff(lang, StaffAction::CancelBroadcast { id }),
        ),
    ]])
}

/// Under a review card: attach the group of misses around `miss` to one of the matcher's best
/// candidates (entry and score), pick another entry by hand, or dismiss the group. Also says
/// whether any candidate could be offered.
pub fn review_card(
    candidates: &[(&Entry, f32)],
    miss: i64,
    lang: Lang,
) -> (InlineKeyboardMarkup, bool) {
    let t = texts(lang);
    let attach: Vec<_> = candidates
        .iter()
        .filter_map(|(entry, score)| {
            let label = fill(
                t.attach_button,
                &[
                    ("title", entry.title.get(lang)),
                    ("score", &format!("{score:.2}")),
                ],
            );
            attach_button(label, entry, miss, lang)
        })
        .map(|attach| vec![Some(attach)])
        .collect();
    let offered = !attach.is_empty();
    let pick = StaffAction::Pick { miss, kind: None };
    let dismiss = StaffAction::Dismiss { miss };
    let rows = attach.into_iter().chain([
        vec![button(t.another_entry_button, Callback::staff(lang, pick))],
        vec![button(t.dismiss_button, Callback::staff(lang, dismiss))],
    ]);
    (keyboard(rows), offered)
}

fn attach_button(
    label: String,
    entry: &Entry,
    miss: i64,
    lang: Lang,
) -> Option<InlineKeyboardButton> {
    let action = StaffAction::Attach {
        miss,
        entry: entry.id.clone(),
    };
    button(label, Callback::staff(lang, action))
}

/// Choosing an entry by hand for a miss: the kinds, or one kind's entries as attach buttons with a
/// way back to the kinds.
pub fn pick(kb: &KnowledgeBase, miss: i64, kind: Option<Kind>, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let Some(kind) = kind else {
        return keyboard(kinds_with_entries(kb).map(|kind| {
            let action = StaffAction::Pick {
                miss,
                kind: Some(kind),
            };
            vec![button(t.kind(kind), Callback::staff(lang, action))]
        }));
    };
    let entries = kb
        .entries_of(kind)
        .filter_map(|entry| attach_button(entry.title.get(lang).clone(), entry, miss, lang))
        .take(PICK_LIMIT)
        .map(|attach| vec![Some(attach)]);
    let back = StaffAction::Pick { miss, kind: None };
    keyboard(entries.chain([vec![button(t.back, Callback::staff(lang, back))]]))
}

/// One undo button per learned question, under `/learned`, and under "attached".
pub fn undo(learned: &[i64], lang: Lang) -> InlineKeyboardMarkup {
    keyboard(learned.iter().map(|&learned| {
        let label = fill(texts(lang).undo_button, &[("id", &learned.to_string())]);
        vec![button(
            label,
            Callback::staff(lang, StaffAction::Undo { learned }),
        )]
    }))
}
