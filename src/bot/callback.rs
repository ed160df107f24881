//! What an inline button does, as the ≤64-byte string Telegram carries back. The language travels
//! with it, so a keyboard keeps answering in the language it was shown in.

use crate::knowledge::Kind;
use crate::lang::Lang;

/// A button's action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// Send the entry's answer as a new message (suggestions, related entries, topic leaves).
    Answer { lang: Lang, entry: String },
    /// Show the topic root in place.
    Topics { lang: Lang },
    /// Show one kind's entries in place.
    Kind { lang: Lang, kind: Kind },
    /// Show an entry in place, with a way back to its kind.
    Entry { lang: Lang, entry: String },
    /// Remember the chat's answer language.
    SetLang { lang: Lang },
    /// Ask one of the example questions of /start and /help.
    Example { lang: Lang, index: usize },
    /// Staff confirm a previewed broadcast.
    ConfirmBroadcast { lang: Lang, id: i64 },
    /// Staff discard a previewed broadcast.
    CancelBroadcast { lang: Lang, id: i64 },
    /// A user says none of the suggested entries answers their question (offer id).
    NoneOfThese { lang: Lang, offer: i64 },
    /// Staff attach the group of misses around `miss` to an entry.
    Attach {
        lang: Lang,
        miss: i64,
        entry: String,
    },
    /// Staff dismiss the group of misses around `miss`.
    Dismiss { lang: Lang, miss: i64 },
    /// Staff undo a learned question.
    Undo { lang: Lang, learned: i64 },
    /// Staff pick the entry for the misses around `miss` themselves: the kinds, then one kind's
    /// entries; `None` for the kinds.
    Pick {
        lang: Lang,
        miss: i64,
        kind: Option<Kind>,
    },
}

impl Callback {
    /// The language the button's keyboard was shown in.
    pub fn lang(&self) -> Lang {
        match self {
            Callback::Answer { lang, .. }
            | Callback::Topics { lang }
            | Callback::Kind { lang, .. }
            | Callback::Entry { lang, .. }
            | Callback::SetLang { lang }
            | Callback::Example { lang, .. }
            | Callback::ConfirmBroadcast { lang, .. }
            | Callback::CancelBroadcast { lang, .. }
            | Callback::NoneOfThese { lang, .. }
            | Callback::Attach { lang, .. }
            | Callback::Dismiss { lang, .. }
            | Callback::Undo { lang, .. }
            | Callback::Pick { lang, .. } => *lang,
        }
    }

    /// The button's callback data.
    pub fn encode(&self) -> String {
        match self {
            Callback::Answer { lang, entry } => format!("a:{lang}:{entry}"),
            Callback::Topics { lang } => format!("t:{lang}"),
            Callback::Kind { lang, kind } => format!("k:{lang}:{}", kind.as_str()),
            Callback::Entry { lang, entry } => format!("e:{lang}:{entry}"),
            Callback::SetLang { lang } => format!("l:{lang}"),
            Callback::Example { lang, index } => format!("x:{lang}:{index}"),
            Callback::ConfirmBroadcast { lang, id } => format!("bc:{lang}:{id}"),
            Callback::CancelBroadcast { lang, id } => format!("bx:{lang}:{id}"),
            Callback::NoneOfThese { lang, offer } => format!("n:{lang}:{offer}"),
            Callback::Attach { lang, miss, entry } => format!("ua:{lang}:{miss}:{entry}"),
            Callback::Dismiss { lang, miss } => format!("ud:{lang}:{miss}"),
            Callback::Undo { lang, learned } => format!("lu:{lang}:{learned}"),
            Callback::Pick {
                lang,
                miss,
                kind: None,
            } => format!("pk:{lang}:{miss}"),
            Callback::Pick {
                lang,
                miss,
                kind: Some(kind),
            } => format!("pk:{lang}:{miss}:{}", kind.as_str()),
        }
    }

    /// Reads callback data; `None` for anything this version did not produce.
    pub fn decode(data: &str) -> Option<Callback> {
        let mut parts = data.splitn(3, ':');
        let tag = parts.next()?;
        let lang: Lang = parts.next()?.parse().ok()?;
        let rest = parts.next();
        Some(match (tag, rest) {
            ("a", Some(entry)) => Callback::Answer {
                lang,
                entry: entry.to_string(),
            },
            ("t", None) => Callback::Topics { lang },
            ("k", Some(kind)) => Callback::Kind {
                lang,
                kind: Kind::parse(kind)?,
            },
            ("e", Some(entry)) => Callback::Entry {
                lang,
                entry: entry.to_string(),
            },
            ("l", None) => Callback::SetLang { lang },
            ("x", Some(index)) => Callback::Example {
                lang,
                index: index.parse().ok()?,
            },
            ("bc", Some(id)) => Callback::ConfirmBroadcast {
                lang,
                id: id.parse().ok()?,
            },
            ("bx", Some(id)) => Callback::CancelBroadcast {
                lang,
                id: id.parse().ok()?,
            },
            ("n", Some(offer)) => Callback::NoneOfThese {
                lang,
                offer: offer.parse().ok()?,
            },
            ("ua", Some(rest)) => {
                let (miss, entry) = rest.split_once(':')?;
                Callback::Attach {
                    lang,
                    miss: miss.parse().ok()?,
                    entry: entry.to_string(),
                }
            }
            ("ud", Some(miss)) => Callback::Dismiss {
                lang,
                miss: miss.parse().ok()?,
            },
            ("pk", Some(rest)) => match rest.split_once(':') {
                Some((miss, kind)) => Callback::Pick {
                    lang,
                    miss: miss.parse().ok()?,
                    kind: Some(Kind::parse(kind)?),
                },
                None => Callback::Pick {
                    lang,
                    miss: rest.parse().ok()?,
                    kind: None,
                },
            },
            ("lu", Some(learned)) => Callback::Undo {
                lang,
                learned: learned.parse().ok()?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_survives_a_round_trip() {
        let all = [
            Callback::Answer {
                lang: Lang::Fa,
                entry: "fifth-ict-working-group-meeting".into(),
            },
            Callback::Topics { lang: Lang::Ru },
            Callback::Kind {
                lang: Lang::En,
                kind: Kind::FocusArea,
            },
            Callback::Entry {
                lang: Lang::En,
                entry: "brics".into(),
            },
            Callback::SetLang { lang: Lang::Fa },
            Callback::Example {
                lang: Lang::Ru,
                index: 2,
            },
            Callback::ConfirmBroadcast {
                lang: Lang::En,
                id: 12,
            },
            Callback::CancelBroadcast {
                lang: Lang::Fa,
                id: 7,
            },
            Callback::NoneOfThese {
                lang: Lang::Ru,
                offer: 99,
            },
            Callback::Attach {
                lang: Lang::En,
                miss: 1234,
                entry: "pardis-technology-park".into(),
            },
            Callback::Dismiss {
                lang: Lang::Fa,
                miss: 5,
            },
            Callback::Undo {
                lang: Lang::En,
                learned: 3,
            },
            Callback::Pick {
                lang: Lang::Ru,
                miss: 8,
                kind: None,
            },
            Callback::Pick {
                lang: Lang::Fa,
                miss: 8,
                kind: Some(Kind::FocusArea),
            },
        ];
        for callback in all {
            assert_eq!(Callback::decode(&callback.encode()), Some(callback));
        }
    }

    #[test]
    fn the_longest_callback_fits_telegrams_64_bytes() {
        let id = "a".repeat(48);
        assert!(
            Callback::Answer {
                lang: Lang::Fa,
                entry: id
            }
            .encode()
            .len()
                <= 64
        );
    }

    #[test]
    fn an_attach_button_for_a_long_entry_id_fits_telegrams_64_bytes() {
        let data = Callback::Attach {
            lang: Lang::Fa,
            miss: 9_999_999,
            entry: "a".repeat(48),
        }
        .encode();
        assert!(data.len() <= 64, "{} bytes", data.len());
    }

    #[test]
    fn foreign_data_is_ignored() {
        assert_eq!(Callback::decode("something:else"), None);
        assert_eq!(Callback::decode("k:en:planets"), None);
        assert_eq!(Callback::decode(""), None);
    }
}
