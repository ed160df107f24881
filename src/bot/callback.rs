//! What an inline button does, as the ≤64-byte string Telegram carries back. The language travels
//! with it, so a keyboard keeps answering in the language it was shown in. A tap is decoded once,
//! into a [`Callback`]; the handler tree routes its [`Action`]: everyone's buttons to their
//! handlers, staff buttons through the staff gate.

use teloxide::types::CallbackQuery;

use crate::feedback::{Detail, Vote};
use crate::knowledge::Kind;
use crate::lang::Lang;

/// The most callback data Telegram accepts on a button.
pub const CALLBACK_DATA_LIMIT: usize = 64;

/// A button: what it does, and the language of the keyboard it was shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub lang: Lang,
    pub action: Action,
}

/// Whom a button is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Anyone's buttons.
    User(UserAction),
    /// Buttons under staff messages; anyone else's tap is refused.
    Staff(StaffAction),
}

/// What anyone's button does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    /// Send the entry's answer as a new message (suggestions, related entries, topic leaves).
    Answer { entry: String },
    /// Show the topic root in place.
    Topics,
    /// Show one kind's entries in place.
    Kind { kind: Kind },
    /// Show an entry in place, with a way back to its kind.
    Entry { entry: String },
    /// Remember the callback's language as the chat's answer language.
    SetLang,
    /// Ask one of the example questions of /start and /help.
    Example { index: usize },
    /// None of the suggested entries answers the question (offer id).
    NoneOfThese { offer: i64 },
    /// 👍 or 👎 on an answer (its stored id, so the button stays a few bytes).
    Vote { answer: i64, vote: Vote },
    /// What was wrong with an answer marked 👎.
    Detail { answer: i64, detail: Detail },
    /// Ask programme staff the question behind a reply: "don't know" or a 👎'd answer.
    AskStaff { about: AskAbout },
    /// Share (or stop sharing) the user's name on their draft ticket.
    ShareName { ticket: i64, share: bool },
    /// Send the draft ticket to staff.
    SendTicket { ticket: i64 },
    /// Do not send the draft ticket.
    CancelTicket { ticket: i64 },
}

/// Which question an "Ask programme staff" button is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskAbout {
    /// The question a "don't know" reply was about, remembered as an offer.
    Offer(i64),
    /// The question of a stored answer marked 👎.
    Answer(i64),
}

/// What a staff button does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAction {
    /// Confirm a previewed broadcast.
    ConfirmBroadcast { id: i64 },
    /// Discard a previewed broadcast.
    CancelBroadcast { id: i64 },
    /// Attach the group of misses around `miss` to an entry.
    Attach { miss: i64, entry: String },
    /// Dismiss the group of misses around `miss`.
    Dismiss { miss: i64 },
    /// Undo a learned question.
    Undo { learned: i64 },
    /// Pick the entry for the misses around `miss` by hand: the kinds, then one kind's entries;
    /// `None` for the kinds.
    Pick { miss: i64, kind: Option<Kind> },
    /// Close a ticket (on its card in the staff chat).
    CloseTicket { ticket: i64 },
    /// Attach a ticket's question to an entry: its review card, as `/unanswered` shows it.
    AttachTicket { ticket: i64 },
}

impl Callback {
    /// Anyone's button, shown in `lang`.
    pub fn user(lang: Lang, action: UserAction) -> Callback {
        Callback {
            lang,
            action: Action::User(action),
        }
    }

    /// A staff button, shown in `lang`.
    pub fn staff(lang: Lang, action: StaffAction) -> Callback {
        Callback {
            lang,
            action: Action::Staff(action),
        }
    }

    /// The button's callback data: a tag, the language, and the action's arguments, separated by
    /// colons (`a:fa:entry-id`). Buttons already sent carry these strings, so they never change.
    pub fn encode(&self) -> String {
        let (tag, arguments) = match &self.action {
            Action::User(action) => match action {
                UserAction::Answer { entry } => ("a", Some(entry.clone())),
                UserAction::Topics => ("t", None),
                UserAction::Kind { kind } => ("k", Some(kind.as_str().to_string())),
                UserAction::Entry { entry } => ("e", Some(entry.clone())),
                UserAction::SetLang => ("l", None),
                UserAction::Example { index } => ("x", Some(index.to_string())),
                UserAction::NoneOfThese { offer } => ("n", Some(offer.to_string())),
                UserAction::Vote { answer, vote } => {
                    let sign = if *vote == Vote::Helpful { "+" } else { "-" };
                    ("v", Some(format!("{answer}:{sign}")))
                }
                UserAction::Detail { answer, detail } => {
                    ("vd", Some(format!("{answer}:{}", detail.code())))
                }
                UserAction::AskStaff { about } => match about {
                    AskAbout::Offer(offer) => ("as", Some(format!("o{offer}"))),
                    AskAbout::Answer(answer) => ("as", Some(format!("a{answer}"))),
                },
                UserAction::ShareName { ticket, share } => {
                    ("hn", Some(format!("{ticket}:{}", u8::from(*share))))
                }
                UserAction::SendTicket { ticket } => ("hs", Some(ticket.to_string())),
                UserAction::CancelTicket { ticket } => ("hx", Some(ticket.to_string())),
            },
            Action::Staff(action) => match action {
                StaffAction::ConfirmBroadcast { id } => ("bc", Some(id.to_string())),
                StaffAction::CancelBroadcast { id } => ("bx", Some(id.to_string())),
                StaffAction::Attach { miss, entry } => ("ua", Some(format!("{miss}:{entry}"))),
                StaffAction::Dismiss { miss } => ("ud", Some(miss.to_string())),
                StaffAction::Undo { learned } => ("lu", Some(learned.to_string())),
                StaffAction::Pick { miss, kind: None } => ("pk", Some(miss.to_string())),
                StaffAction::Pick {
                    miss,
                    kind: Some(kind),
                } => ("pk", Some(format!("{miss}:{}", kind.as_str()))),
                StaffAction::CloseTicket { ticket } => ("tc", Some(ticket.to_string())),
                StaffAction::AttachTicket { ticket } => ("ta", Some(ticket.to_string())),
            },
        };
        match arguments {
            Some(arguments) => format!("{tag}:{}:{arguments}", self.lang),
            None => format!("{tag}:{}", self.lang),
        }
    }

    /// Reads callback data; `None` for anything this version did not produce.
    pub fn decode(data: &str) -> Option<Callback> {
        let mut parts = data.splitn(3, ':');
        let tag = parts.next()?;
        let lang: Lang = parts.next()?.parse().ok()?;
        let user = |action| Some(Callback::user(lang, action));
        let staff = |action| Some(Callback::staff(lang, action));
        match (tag, parts.next()) {
            ("a", Some(entry)) => user(UserAction::Answer {
                entry: entry.to_string(),
            }),
            ("t", None) => user(UserAction::Topics),
            ("k", Some(kind)) => user(UserAction::Kind {
                kind: Kind::parse(kind)?,
            }),
            ("e", Some(entry)) => user(UserAction::Entry {
                entry: entry.to_string(),
            }),
            ("l", None) => user(UserAction::SetLang),
            ("x", Some(index)) => user(UserAction::Example {
                index: index.parse().ok()?,
            }),
            ("n", Some(offer)) => user(UserAction::NoneOfThese {
                offer: offer.parse().ok()?,
            }),
            ("v", Some(rest)) => {
                let (answer, sign) = rest.split_once(':')?;
                let vote = match sign {
                    "+" => Vote::Helpful,
                    "-" => Vote::Unhelpful,
                    _ => return None,
                };
                user(UserAction::Vote {
                    answer: answer.parse().ok()?,
                    vote,
                })
            }
            ("vd", Some(rest)) => {
                let (answer, detail) = rest.split_once(':')?;
                user(UserAction::Detail {
                    answer: answer.parse().ok()?,
                    detail: Detail::from_code(detail)?,
                })
            }
            ("as", Some(rest)) => {
                let about = match rest.split_at_checked(1)? {
                    ("o", offer) => AskAbout::Offer(offer.parse().ok()?),
                    ("a", answer) => AskAbout::Answer(answer.parse().ok()?),
                    _ => return None,
                };
                user(UserAction::AskStaff { about })
            }
            ("hn", Some(rest)) => {
                let (ticket, share) = rest.split_once(':')?;
                let share = match share {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                };
                user(UserAction::ShareName {
                    ticket: ticket.parse().ok()?,
                    share,
                })
            }
            ("hs", Some(ticket)) => user(UserAction::SendTicket {
                ticket: ticket.parse().ok()?,
            }),
            ("hx", Some(ticket)) => user(UserAction::CancelTicket {
                ticket: ticket.parse().ok()?,
            }),
            ("tc", Some(ticket)) => staff(StaffAction::CloseTicket {
                ticket: ticket.parse().ok()?,
            }),
            ("ta", Some(ticket)) => staff(StaffAction::AttachTicket {
                ticket: ticket.parse().ok()?,
            }),
            ("bc", Some(id)) => staff(StaffAction::ConfirmBroadcast {
                id: id.parse().ok()?,
            }),
            ("bx", Some(id)) => staff(StaffAction::CancelBroadcast {
                id: id.parse().ok()?,
            }),
            ("ua", Some(rest)) => {
                let (miss, entry) = rest.split_once(':')?;
                staff(StaffAction::Attach {
                    miss: miss.parse().ok()?,
                    entry: entry.to_string(),
                })
            }
            ("ud", Some(miss)) => staff(StaffAction::Dismiss {
                miss: miss.parse().ok()?,
            }),
            ("lu", Some(learned)) => staff(StaffAction::Undo {
                learned: learned.parse().ok()?,
            }),
            ("pk", Some(rest)) => match rest.split_once(':') {
                Some((miss, kind)) => staff(StaffAction::Pick {
                    miss: miss.parse().ok()?,
                    kind: Some(Kind::parse(kind)?),
                }),
                None => staff(StaffAction::Pick {
                    miss: rest.parse().ok()?,
                    kind: None,
                }),
            },
            _ => None,
        }
    }

    /// The callback a tap carries, decoded once for the handler tree; `None` for a tap with no data
    /// or data this version did not produce.
    pub fn of_query(query: CallbackQuery) -> Option<Callback> {
        query.data.as_deref().and_then(Callback::decode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_survives_a_round_trip_as_the_same_string() {
        let all = [
            (
                Callback::user(
                    Lang::Fa,
                    UserAction::Answer {
                        entry: "fifth-ict-working-group-meeting".into(),
                    },
                ),
                "a:fa:fifth-ict-working-group-meeting",
            ),
            (Callback::user(Lang::Ru, UserAction::Topics), "t:ru"),
            (
                Callback::user(
                    Lang::En,
                    UserAction::Kind {
                        kind: Kind::FocusArea,
                    },
                ),
                "k:en:focus_area",
            ),
            (
                Callback::user(
                    Lang::En,
                    UserAction::Entry {
                        entry: "brics".into(),
                    },
                ),
                "e:en:brics",
            ),
            (Callback::user(Lang::Fa, UserAction::SetLang), "l:fa"),
            (
                Callback::user(Lang::Ru, UserAction::Example { index: 2 }),
                "x:ru:2",
            ),
            (
                Callback::staff(Lang::En, StaffAction::ConfirmBroadcast { id: 12 }),
                "bc:en:12",
            ),
            (
                Callback::staff(Lang::Fa, StaffAction::CancelBroadcast { id: 7 }),
                "bx:fa:7",
            ),
            (
                Callback::user(Lang::Ru, UserAction::NoneOfThese { offer: 99 }),
                "n:ru:99",
            ),
            (
                Callback::staff(
                    Lang::En,
                    StaffAction::Attach {
                        miss: 1234,
                        entry: "pardis-technology-park".into(),
                    },
                ),
                "ua:en:1234:pardis-technology-park",
            ),
            (
                Callback::staff(Lang::Fa, StaffAction::Dismiss { miss: 5 }),
                "ud:fa:5",
            ),
            (
                Callback::staff(Lang::En, StaffAction::Undo { learned: 3 }),
                "lu:en:3",
            ),
            (
                Callback::staff(
                    Lang::Ru,
                    StaffAction::Pick {
                        miss: 8,
                        kind: None,
                    },
                ),
                "pk:ru:8",
            ),
            (
                Callback::staff(
                    Lang::Fa,
                    StaffAction::Pick {
                        miss: 8,
                        kind: Some(Kind::FocusArea),
                    },
                ),
                "pk:fa:8:focus_area",
            ),
        ];
        for (callback, data) in all {
            assert_eq!(callback.encode(), data, "buttons already sent keep working");
            assert_eq!(Callback::decode(data), Some(callback));
        }
    }

    #[test]
    fn feedback_and_handoff_buttons_survive_a_round_trip() {
        let all = [
            (
                Callback::user(
                    Lang::Fa,
                    UserAction::Vote {
                        answer: 42,
                        vote: Vote::Helpful,
                    },
                ),
                "v:fa:42:+",
            ),
            (
                Callback::user(
                    Lang::En,
                    UserAction::Vote {
                        answer: 42,
                        vote: Vote::Unhelpful,
                    },
                ),
                "v:en:42:-",
            ),
            (
                Callback::user(
                    Lang::Ru,
                    UserAction::Detail {
                        answer: 7,
                        detail: Detail::OutOfDate,
                    },
                ),
                "vd:ru:7:o",
            ),
            (
                Callback::user(
                    Lang::En,
                    UserAction::AskStaff {
                        about: AskAbout::Offer(3),
                    },
                ),
                "as:en:o3",
            ),
            (
                Callback::user(
                    Lang::Fa,
                    UserAction::AskStaff {
                        about: AskAbout::Answer(9),
                    },
                ),
                "as:fa:a9",
            ),
            (
                Callback::user(
                    Lang::Ru,
                    UserAction::ShareName {
                        ticket: 5,
                        share: true,
                    },
                ),
                "hn:ru:5:1",
            ),
            (
                Callback::user(
                    Lang::Ru,
                    UserAction::ShareName {
                        ticket: 5,
                        share: false,
                    },
                ),
                "hn:ru:5:0",
            ),
            (
                Callback::user(Lang::En, UserAction::SendTicket { ticket: 5 }),
                "hs:en:5",
            ),
            (
                Callback::user(Lang::En, UserAction::CancelTicket { ticket: 5 }),
                "hx:en:5",
            ),
            (
                Callback::staff(Lang::Ru, StaffAction::CloseTicket { ticket: 12 }),
                "tc:ru:12",
            ),
            (
                Callback::staff(Lang::Fa, StaffAction::AttachTicket { ticket: 12 }),
                "ta:fa:12",
            ),
        ];
        for (callback, data) in all {
            assert_eq!(callback.encode(), data, "buttons already sent keep working");
            assert_eq!(Callback::decode(data), Some(callback));
        }
    }

    #[test]
    fn feedback_and_handoff_buttons_with_the_largest_ids_fit_telegrams_64_bytes() {
        let most = i64::MAX;
        let callbacks = [
            Callback::user(
                Lang::Fa,
                UserAction::Detail {
                    answer: most,
                    detail: Detail::NotEnoughDetail,
                },
            ),
            Callback::user(
                Lang::Fa,
                UserAction::Vote {
                    answer: most,
                    vote: Vote::Unhelpful,
                },
            ),
            Callback::user(
                Lang::Fa,
                UserAction::AskStaff {
                    about: AskAbout::Answer(most),
                },
            ),
            Callback::user(
                Lang::Fa,
                UserAction::ShareName {
                    ticket: most,
                    share: true,
                },
            ),
            Callback::staff(Lang::Fa, StaffAction::AttachTicket { ticket: most }),
        ];
        for callback in callbacks {
            let data = callback.encode();
            assert!(
                data.len() <= CALLBACK_DATA_LIMIT,
                "{data}: {} bytes",
                data.len()
            );
        }
    }

    #[test]
    fn malformed_feedback_data_is_ignored() {
        for data in [
            "v:en:42:?",
            "v:en:x:+",
            "vd:en:4:z",
            "as:en:q3",
            "hn:en:5:2",
            "as:en:",
        ] {
            assert_eq!(Callback::decode(data), None, "{data}");
        }
    }

    #[test]
    fn the_longest_callback_fits_telegrams_64_bytes() {
        let id = "a".repeat(48);
        let data = Callback::user(Lang::Fa, UserAction::Answer { entry: id }).encode();
        assert!(data.len() <= CALLBACK_DATA_LIMIT, "{} bytes", data.len());
    }

    #[test]
    fn an_attach_button_for_a_long_entry_id_fits_telegrams_64_bytes() {
        let data = Callback::staff(
            Lang::Fa,
            StaffAction::Attach {
                miss: 9_999_999,
                entry: "a".repeat(48),
            },
        )
        .encode();
        assert!(data.len() <= CALLBACK_DATA_LIMIT, "{} bytes", data.len());
    }

    #[test]
    fn foreign_data_is_ignored() {
        assert_eq!(Callback::decode("something:else"), None);
        assert_eq!(Callback::decode("k:en:planets"), None);
        assert_eq!(Callback::decode(""), None);
    }
}
