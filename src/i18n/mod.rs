//! Every user-facing string, once per language. A typed table rather than string keys: a missing
//! translation is a compile error, and the tests below check that none is left empty or copied.
//! To change a reply's wording, edit its field in `en.rs`, `ru.rs` and `fa.rs`.

mod en;
mod fa;
mod ru;

use crate::knowledge::Kind;
use crate::lang::Lang;

/// Defines [`Texts`] from one list of fields, and from the same list `Texts::all`, so the
/// completeness tests can never miss a field.
macro_rules! texts_table {
    ($($(#[$doc:meta])* $field:ident: $type:ty,)*) => {
        /// The strings of one language.
        #[derive(Debug)]
        pub struct Texts {
            $($(#[$doc])* pub $field: $type,)*
        }

        impl Texts {
            /// Every string of the table, in field order (arrays element by element).
            #[cfg(test)]
            fn all(&self) -> Vec<&'static str> {
                let mut strings = Vec::new();
                $(strings.extend(Strings::strings(&self.$field));)*
                strings
            }
        }
    };
}

/// A field of the table: one string or a fixed list of them.
#[cfg(test)]
trait Strings {
    fn strings(&self) -> Vec<&'static str>;
}

#[cfg(test)]
impl Strings for &'static str {
    fn strings(&self) -> Vec<&'static str> {
        vec![self]
    }
}

#[cfg(test)]
impl<const N: usize> Strings for [&'static str; N] {
    fn strings(&self) -> Vec<&'static str> {
        self.to_vec()
    }
}

texts_table! {
    sources: &'static str,
    see_also: &'static str,
    did_you_mean: &'static str,
    dont_know: &'static str,
    dont_know_hint: &'static str,
    topics: &'static str,
    /// Before the entries offered for a general-knowledge question ("what is biotechnology?").
    in_programme: &'static str,
    /// List headings, in `ListKind::ALL` order; the last ("everything about") has `{scope}`.
    list_kinds: [&'static str; 7],
    /// A list heading with what it belongs to: `{what}` and `{scope}` are filled in.
    list_scoped: &'static str,
    /// Replies to small talk, in `SmallTalk` order (greeting, thanks, goodbye, about); example
    /// questions follow as buttons.
    smalltalk: [&'static str; 4],
    /// Plural names of the kinds, matched to each by `Texts::kind`.
    kind_meetings: &'static str,
    kind_agreements: &'static str,
    kind_focus_areas: &'static str,
    kind_contacts: &'static str,
    kind_universities: &'static str,
    chat_welcome: &'static str,
    chat_pick_number: &'static str,
    chat_language_set: &'static str,
    chat_unknown_command: &'static str,
    /// /start: what the bot answers; example questions follow as buttons.
    welcome: &'static str,
    /// Example questions offered under /start and /help.
    examples: [&'static str; 3],
    help: &'static str,
    lang_prompt: &'static str,
    topics_prompt: &'static str,
    back: &'static str,
    browse_topics: &'static str,
    non_text_hint: &'static str,
    apology: &'static str,
    // The Telegram command menu: one description per command, matched to it by
    // `Command::description` and `StaffCommand::description`.
    menu_start: &'static str,
    menu_help: &'static str,
    menu_lang: &'static str,
    menu_topics: &'static str,
    menu_subscribe: &'static str,
    menu_unsubscribe: &'static str,
    menu_subscriptions: &'static str,
    menu_broadcast: &'static str,
    menu_broadcasts: &'static str,
    menu_cancel_broadcast: &'static str,
    menu_stats: &'static str,
    menu_unanswered: &'static str,
    menu_reload: &'static str,
    menu_why: &'static str,
    menu_learned: &'static str,
    // Subscriptions. `{topic}` and `{topics}` are filled in.
    subscribed: &'static str,
    unsubscribed: &'static str,
    unsubscribed_all: &'static str,
    not_subscribed: &'static str,
    subscriptions: &'static str,
    no_subscriptions: &'static str,
    unknown_topic: &'static str,
    // Staff. `{id}`, `{n}`, `{audience}`, `{topic}`, `{lang}`, `{problems}` are filled in.
    staff_only: &'static str,
    broadcast_usage: &'static str,
    broadcast_preview: &'static str,
    confirm: &'static str,
    cancel: &'static str,
    broadcast_queued: &'static str,
    broadcast_already_confirmed: &'static str,
    broadcast_cancelled: &'static str,
    broadcast_not_cancellable: &'static str,
    broadcasts_none: &'static str,
    broadcast_line: &'static str,
    any_language: &'static str,
    stats: &'static str,
    unanswered_none: &'static str,
    reloaded: &'static str,
    reload_failed: &'static str,
    // “None of these” under a "did you mean" reply.
    none_of_these: &'static str,
    none_of_these_logged: &'static str,
    // Staff curation. `{question}`, `{title}`, `{entry}`, `{count}`, `{when}` and the like are filled in.
    why_usage: &'static str,
    unanswered_summary: &'static str,
    unanswered_group: &'static str,
    also_asked: &'static str,
    after_none_of_these: &'static str,
    no_candidates: &'static str,
    attach_button: &'static str,
    dismiss_button: &'static str,
    another_entry_button: &'static str,
    pick_entry: &'static str,
    attached: &'static str,
    dismissed: &'static str,
    already_reviewed: &'static str,
    entry_gone: &'static str,
    learned_none: &'static str,
    learned_heading: &'static str,
    learned_line: &'static str,
    learned_exported: &'static str,
    undo_button: &'static str,
    undone: &'static str,
    undo_nothing: &'static str,
    // Freshness. `{source}` and `{date}` are filled in.
    reported_in: &'static str,
    reported_in_undated: &'static str,
    event_past: &'static str,
    event_now: &'static str,
    event_upcoming: &'static str,
    event_year_unknown: &'static str,
    /// "The report does not give …", one per detail in `answer::Unsaid::ALL`'s order, said before
    /// an answer to a question asking for that detail when the answer does not give it.
    unsaid: [&'static str; 8],
    /// Leads from that line to what the report does say.
    unsaid_then: &'static str,
    /// Month names as used in a date ("6–7 December"; genitive in Russian).
    months: [&'static str; 12],
    // Issue 12: an empty question; undoing a learned question export-learned already wrote into
    // the files (`{id}`, `{question}`, `{title}` are filled in).
    empty_question_hint: &'static str,
    undone_stays_in_files: &'static str,
    // Broadcasts as composed (issue 13): refusals at preview, schedules, pause and resume, live
    // progress and the delivery report. `{id}`, `{length}`, `{limit}`, `{items}`, `{kind}`,
    // `{given}`, `{when}`, `{zone}`, `{bar}`, the counts and the like are filled in.
    menu_pause_broadcast: &'static str,
    menu_resume_broadcast: &'static str,
    broadcast_refused_text: &'static str,
    broadcast_refused_caption: &'static str,
    broadcast_refused_album: &'static str,
    broadcast_refused_kind: &'static str,
    broadcast_refused_time: &'static str,
    broadcast_refused_past: &'static str,
    broadcast_preview_at: &'static str,
    broadcast_scheduled: &'static str,
    broadcasts_scheduled: &'static str,
    broadcast_scheduled_line: &'static str,
    broadcast_paused: &'static str,
    broadcast_not_paused: &'static str,
    broadcast_resumed: &'static str,
    broadcast_not_resumed: &'static str,
    broadcast_unknown: &'static str,
    broadcast_progress: &'static str,
    broadcast_finish_in: &'static str,
    broadcast_finish_unknown: &'static str,
    broadcast_took: &'static str,
    broadcast_report: &'static str,
    broadcast_report_group: &'static str,
    broadcast_report_by_lang: &'static str,
    broadcast_report_by_topic: &'static str,
    broadcast_report_failures: &'static str,
    broadcast_report_failure: &'static str,
    broadcast_report_no_failures: &'static str,
    broadcast_report_not_started: &'static str,
    // Feedback on answers and the handoff to programme staff (issue 14). `{…}` are filled in.
    vote_helpful: &'static str,
    vote_unhelpful: &'static str,
    /// The follow-ups to a 👎, in `Detail::ALL` order.
    details: [&'static str; 3],
    ask_staff_button: &'static str,
    unanswered_unhelpful: &'static str,
    feedback_heading: &'static str,
    feedback_line: &'static str,
    feedback_worst: &'static str,
    feedback_worst_line: &'static str,
    feedback_none: &'static str,
    /// English, Russian, Persian, in `Lang::ALL` order.
    language_names: [&'static str; 3],
    /// When staff reply, `{n}` filled in: the form for one, then the form for many (Russian: the
    /// genitive singular for 1, 21, 31…, the genitive plural otherwise).
    reply_within_hours: [&'static str; 2],
    reply_within_days: [&'static str; 2],
    reply_within_working_days: [&'static str; 2],
    handoff_confirm: &'static str,
    handoff_name_shared: &'static str,
    handoff_name_hidden: &'static str,
    share_name_button: &'static str,
    hide_name_button: &'static str,
    send_to_staff_button: &'static str,
    handoff_sent: &'static str,
    handoff_not_sent: &'static str,
    handoff_too_many: &'static str,
    handoff_off: &'static str,
    handoff_private_only: &'static str,
    ask_staff_usage: &'static str,
    handoff_gone: &'static str,
    handoff_failed: &'static str,
    staff_answer_heading: &'static str,
    ticket_closed_user: &'static str,
    ticket_closed_reply_user: &'static str,
    relay_failed_user: &'static str,
    card: &'static str,
    card_open: &'static str,
    card_closed: &'static str,
    card_deleted: &'static str,
    card_dont_know: &'static str,
    card_unhelpful: &'static str,
    card_unhelpful_detail: &'static str,
    card_command: &'static str,
    card_from: &'static str,
    card_anonymous: &'static str,
    card_relay_failed: &'static str,
    close_button: &'static str,
    attach_ticket_button: &'static str,
    ticket_closed_staff: &'static str,
    ticket_deleted_staff: &'static str,
    ticket_already_closed: &'static str,
    tickets_none: &'static str,
    tickets_heading: &'static str,
    ticket_line: &'static str,
    tickets_where: &'static str,
    menu_ask_staff: &'static str,
    menu_forget_me: &'static str,
    menu_tickets: &'static str,
    forget_me_done: &'static str,
    forget_me_cards: &'static str,
    forget_me_nothing: &'static str,
}

/// Fills `{name}` placeholders of a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

impl Texts {
    /// The plural name of a kind, as in "Meetings".
    pub fn kind(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Meeting => self.kind_meetings,
            Kind::Agreement => self.kind_agreements,
            Kind::FocusArea => self.kind_focus_areas,
            Kind::Contact => self.kind_contacts,
            Kind::University => self.kind_universities,
        }
    }
}

/// The reply to a kind of small talk.
pub fn smalltalk_text(kind: crate::smalltalk::SmallTalk, lang: Lang) -> &'static str {
    use crate::smalltalk::SmallTalk;
    let at = match kind {
        SmallTalk::Greeting => 0,
        SmallTalk::Thanks => 1,
        SmallTalk::Goodbye => 2,
        SmallTalk::About => 3,
    };
    texts(lang).smalltalk[at]
}

/// When staff usually reply, in `lang`'s words ("within 2 working days").
pub fn reply_time_text(lang: Lang, time: crate::handoff::ReplyTime) -> String {
    use crate::handoff::ReplyTime;
    let t = texts(lang);
    let (forms, n) = match time {
        ReplyTime::Hours(n) => (t.reply_within_hours, n),
        ReplyTime::Days(n) => (t.reply_within_days, n),
        ReplyTime::WorkingDays(n) => (t.reply_within_working_days, n),
    };
    let one = match lang {
        Lang::Ru => n % 10 == 1 && n % 100 != 11,
        Lang::En | Lang::Fa => n == 1,
    };
    fill(forms[usize::from(!one)], &[("n", &n.to_string())])
}

/// A language's name in `lang` ("Russian", "русский", "روسی").
pub fn language_name(lang: Lang, named: Lang) -> &'static str {
    let at = Lang::ALL.iter().position(|&l| l == named).unwrap_or(0);
    texts(lang).language_names[at]
}

/// The strings for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &en::EN,
        Lang::Ru => &ru::RU,
        Lang::Fa => &fa::FA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_string() {
        for lang in Lang::ALL {
            for text in texts(lang).all() {
                assert!(!text.trim().is_empty(), "{lang} has an empty string");
            }
        }
    }

    #[test]
    fn russian_and_persian_are_translated_not_copied() {
        let en = texts(Lang::En).all();
        for lang in [Lang::Ru, Lang::Fa] {
            for (english, other) in en.iter().zip(texts(lang).all()) {
                assert_ne!(*english, other, "{lang} copies the English string");
                assert_eq!(
                    Lang::detect(&without_placeholders(other)),
                    Some(lang),
                    "{other:?} is not in {lang}"
                );
            }
        }
    }

    #[test]
    fn reply_times_take_the_right_russian_form() {
        use crate::handoff::ReplyTime;
        assert_eq!(
            reply_time_text(Lang::Ru, ReplyTime::WorkingDays(2)),
            "в течение 2 рабочих дней"
        );
        assert_eq!(
            reply_time_text(Lang::Ru, ReplyTime::Hours(21)),
            "в течение 21 часа"
        );
        assert_eq!(
            reply_time_text(Lang::En, ReplyTime::Days(1)),
            "within 1 day"
        );
    }

    /// The text a reader sees of a template: `{name}` placeholders are filled in, not read.
    fn without_placeholders(template: &str) -> String {
        let mut out = String::new();
        let mut depth = 0;
        for c in template.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }
}
