//! Every user-facing string, once per language. A typed table rather than string keys: a missing
//! translation is a compile error, and the test below checks none is left empty.

use crate::knowledge::Kind;
use crate::lang::Lang;

/// The strings of one language.
#[derive(Debug)]
pub struct Texts {
    pub sources: &'static str,
    pub see_also: &'static str,
    pub did_you_mean: &'static str,
    pub dont_know: &'static str,
    pub dont_know_hint: &'static str,
    pub topics: &'static str,
    pub source_undated: &'static str,
    /// Plural names of the kinds, in `Kind::ALL` order.
    pub kinds: [&'static str; 5],
    pub chat_welcome: &'static str,
    pub chat_pick_number: &'static str,
    pub chat_language_set: &'static str,
    pub chat_unknown_command: &'static str,
}

impl Texts {
    /// The plural name of a kind, as in "Meetings".
    pub fn kind(&self, kind: Kind) -> &'static str {
        let position = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kinds[position]
    }
}

/// The strings for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
        Lang::Fa => &FA,
    }
}

static EN: Texts = Texts {
    sources: "Sources",
    see_also: "See also",
    did_you_mean: "I'm not sure I understood. Did you mean:",
    dont_know: "I don't know that — it isn't in the programme's knowledge base, and I only answer from its sources.",
    dont_know_hint: "I can tell you about the Iran–Russia ICT working group meetings, the agreements and MOUs, the focus areas, the Russian university branches in Iran, and the people and organisations involved (including whom to contact).",
    topics: "Topics",
    source_undated: "date not given",
    kinds: [
        "Meetings",
        "Agreements",
        "Focus areas",
        "Contacts",
        "Universities",
    ],
    chat_welcome: "coop-bot console. Ask a question about the Iran–Russia ICT cooperation programme in English, Russian or Persian.\nCommands: /topics, /lang en|ru|fa|auto, /help, /quit. A number picks a suggestion. Ctrl-D exits.",
    chat_pick_number: "Type the number of a suggestion, or ask another question.",
    chat_language_set: "Answers will now be in English.",
    chat_unknown_command: "Unknown command. Try /topics, /lang, /help or /quit.",
};

static RU: Texts = Texts {
    sources: "Источники",
    see_also: "См. также",
    did_you_mean: "Я не уверен, что понял вопрос. Возможно, вы имели в виду:",
    dont_know: "Этого я не знаю: в базе знаний программы такого нет, а отвечаю я только по её источникам.",
    dont_know_hint: "Я могу рассказать о встречах ирано-российской рабочей группы по ИКТ, соглашениях и меморандумах, направлениях сотрудничества, филиалах российских университетов в Иране, а также о людях и организациях (в том числе к кому обращаться).",
    topics: "Темы",
    source_undated: "дата не указана",
    kinds: [
        "Встречи",
        "Соглашения",
        "Направления",
        "Контакты",
        "Университеты",
    ],
    chat_welcome: "Консоль coop-bot. Задайте вопрос об ирано-российском сотрудничестве в сфере ИКТ на русском, английском или персидском.\nКоманды: /topics, /lang en|ru|fa|auto, /help, /quit. Номер выбирает подсказку. Ctrl-D — выход.",
    chat_pick_number: "Введите номер подсказки или задайте другой вопрос.",
    chat_language_set: "Теперь ответы будут на русском.",
    chat_unknown_command: "Неизвестная команда. Попробуйте /topics, /lang, /help или /quit.",
};

static FA: Texts = Texts {
    sources: "منابع",
    see_also: "همچنین ببینید",
    did_you_mean: "مطمئن نیستم منظورتان را فهمیده باشم. آیا منظورتان این بود:",
    dont_know: "این را نمی‌دانم؛ در پایگاه دانش برنامه نیست و من فقط بر اساس منابع آن پاسخ می‌دهم.",
    dont_know_hint: "می‌توانم درباره نشست‌های کارگروه مشترک فناوری اطلاعات و ارتباطات ایران و روسیه، توافق‌ها و تفاهم‌نامه‌ها، حوزه‌های همکاری، شعبه‌های دانشگاه‌های روسی در ایران و افراد و سازمان‌های مرتبط (از جمله اینکه با چه کسی تماس بگیرید) پاسخ دهم.",
    topics: "موضوع‌ها",
    source_undated: "تاریخ ذکر نشده",
    kinds: [
        "نشست‌ها",
        "توافق‌ها",
        "حوزه‌های همکاری",
        "افراد و سازمان‌ها",
        "دانشگاه‌ها",
    ],
    chat_welcome: "کنسول coop-bot. پرسش خود را درباره همکاری ایران و روسیه در حوزه فناوری اطلاعات و ارتباطات به فارسی، روسی یا انگلیسی بپرسید.\nفرمان‌ها: /topics، /lang en|ru|fa|auto، /help، /quit. با وارد کردن شماره، یک پیشنهاد انتخاب می‌شود. Ctrl-D برای خروج.",
    chat_pick_number: "شماره یکی از پیشنهادها را وارد کنید یا پرسش دیگری بپرسید.",
    chat_language_set: "از این پس پاسخ‌ها به فارسی خواهد بود.",
    chat_unknown_command: "فرمان ناشناخته. /topics، /lang، /help یا /quit را امتحان کنید.",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_strings(t: &Texts) -> Vec<&'static str> {
        let mut strings = vec![
            t.sources,
            t.see_also,
            t.did_you_mean,
            t.dont_know,
            t.dont_know_hint,
            t.topics,
            t.source_undated,
            t.chat_welcome,
            t.chat_pick_number,
            t.chat_language_set,
            t.chat_unknown_command,
        ];
        strings.extend(t.kinds);
        strings
    }

    #[test]
    fn every_language_has_every_string() {
        for lang in Lang::ALL {
            for text in all_strings(texts(lang)) {
                assert!(!text.trim().is_empty(), "{lang} has an empty string");
            }
        }
    }

    #[test]
    fn russian_and_persian_are_translated_not_copied() {
        let en = all_strings(texts(Lang::En));
        for lang in [Lang::Ru, Lang::Fa] {
            for (english, other) in en.iter().zip(all_strings(texts(lang))) {
                assert_ne!(*english, other, "{lang} copies the English string");
                assert_eq!(
                    Lang::detect(other),
                    Some(lang),
                    "{other:?} is not in {lang}"
                );
            }
        }
    }
}
