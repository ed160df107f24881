//! Inline keyboards: each button carries a [`Callback`], and every label is in the reply language.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::i18n::texts;
use crate::knowledge::{Entry, Kind, KnowledgeBase};
use crate::lang::Lang;

use super::callback::Callback;

fn button(label: &str, callback: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label.to_string(), callback.encode())
}

/// One button per entry, each answering it.
pub fn entries(entries: &[&Entry], lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(entries.iter().map(|entry| {
        vec![button(
            entry.title.get(lang),
            Callback::Answer {
                lang,
                entry: entry.id.clone(),
            },
        )]
    }))
}

/// "Did you mean": one button per entry, then "None of these" when the offer could be remembered.
pub fn suggestions(
    entries_offered: &[&Entry],
    lang: Lang,
    offer: Option<i64>,
) -> InlineKeyboardMarkup {
    let keyboard = entries(entries_offered, lang);
    match offer {
        Some(offer) => keyboard.append_row([button(
            texts(lang).none_of_these,
            Callback::NoneOfThese { lang, offer },
        )]),
        None => keyboard,
    }
}

/// The example questions of /start and /help.
pub fn examples(lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        texts(lang)
            .examples
            .iter()
            .enumerate()
            .map(|(index, question)| vec![button(question, Callback::Example { lang, index })]),
    )
}

/// English, Русский, فارسی.
pub fn languages() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[
        button("English", Callback::SetLang { lang: Lang::En }),
        button("Русский", Callback::SetLang { lang: Lang::Ru }),
        button("فارسی", Callback::SetLang { lang: Lang::Fa }),
    ]])
}

/// The topic root: one button per kind that has entries.
pub fn topics(kb: &KnowledgeBase, lang: Lang) -> InlineKeyboardMarkup {
    let t = texts(lang);
    InlineKeyboardMarkup::new(
        Kind::ALL
            .into_iter()
            .filter(|&kind| kb.entries_of(kind).next().is_some())
            .map(|kind| vec![button(t.kind(kind), Callback::Kind { lang, kind })]),
    )
}

/// The entries of one kind, shown in place, with a way back to the root.
pub fn kind(kb: &KnowledgeBase, kind: Kind, lang: Lang) -> InlineKeyboardMarkup {
    let entries: Vec<&Entry> = kb.entries_of(kind).collect();
    in_place(&entries, lang, Callback::Topics { lang })
}

/// Under an entry opened from /topics: its related entries, and back to its kind.
pub fn entry_in_topics(related: &[&Entry], kind: Kind, lang: Lang) -> InlineKeyboardMarkup {
    in_place(related, lang, Callback::Kind { lang, kind })
}

/// Entries that open in the same message, then a back button.
fn in_place(entries: &[&Entry], lang: Lang, back: Callback) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = entries
        .iter()
        .map(|entry| {
            vec![button(
                entry.title.get(lang),
                Callback::Entry {
                    lang,
                    entry: entry.id.clone(),
                },
            )]
        })
        .collect();
    rows.push(vec![button(texts(lang).back, back)]);
    InlineKeyboardMarkup::new(rows)
}

/// A single "browse topics" button, under "don't know".
pub fn browse_topics(lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[button(texts(lang).browse_topics, Callback::Topics { lang })]])
}
