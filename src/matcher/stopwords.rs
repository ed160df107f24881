//! Words that say nothing about which entry a question is after: function words, question words, the
//! polite frames people wrap questions in ("could you tell me about…", "расскажите пожалуйста",
//! "لطفا بگویید") and their spoken and chat forms ("wanna", "чё", "щас", "میخوام", "بگین"). Lists
//! are in normalised form (lower case, ё→е, Persian letters, ZWNJ split).

use crate::lang::Script;

const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "each",
    "explain",
    "for",
    "from",
    "further",
    "get",
    "give",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "here",
    "hey",
    "hi",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "info",
    "information",
    "into",
    "is",
    "it",
    "its",
    "just",
    "know",
    "let",
    "like",
    "me",
    "more",
    "much",
    "my",
    "need",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "please",
    "pls",
    "plz",
    "regarding",
    "say",
    "said",
    "says",
    "she",
    "should",
    "show",
    "so",
    "some",
    "something",
    "such",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "up",
    "us",
    "very",
    "want",
    "was",
    "we",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whos",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
];

/// Spoken and chat English: contractions without their apostrophe, texting shorthand.
const ENGLISH_COLLOQUIAL: &[&str] = &[
    "wanna",
    "gonna",
    "gotta",
    "gimme",
    "lemme",
    "u",
    "ur",
    "r",
    "ya",
    "thx",
    "ty",
    "pls",
    "plz",
    "whats",
    "wheres",
    "whens",
    "whos",
    "hows",
    "whys",
    "thats",
    "theres",
    "isnt",
    "arent",
    "dont",
    "doesnt",
    "didnt",
    "cant",
    "wont",
    "im",
    "ive",
    "id",
    "youre",
    "hey",
    "hiya",
    "yo",
    "ok",
    "okay",
    "kinda",
    "sorta",
    "guys",
    "anybody",
    "someone",
    "somebody",
    "going",
    "happen",
    "happening",
    "actually",
    "really",
    "exactly",
    "maybe",
    "possible",
    "details",
    "detail",
    "mean",
    "means",
    "meant",
    "talk",
    "talked",
    "mention",
    "mentioned",
    "report",
    "article",
    "news",
    "bot",
];

const RUSSIAN: &[&str] = &[
    "а",
    "без",
    "более",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "все",
    "всего",
    "всех",
    "вы",
    "где",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "ей",
    "ему",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здравствуйте",
    "зачем",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "какая",
    "какие",
    "каким",
    "каких",
    "каков",
    "какова",
    "каковы",
    "какой",
    "какое",
    "ко",
    "когда",
    "кого",
    "ком",
    "кому",
    "кто",
    "ли",
    "либо",
    "мне",
    "много",
    "может",
    "можно",
    "мой",
    "мы",
    "на",
    "над",
    "надо",
    "нам",
    "нас",
    "не",
    "него",
    "нее",
    "нет",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "объясните",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "очень",
    "по",
    "подробнее",
    "подскажите",
    "пожалуйста",
    "при",
    "привет",
    "про",
    "расскажи",
    "расскажите",
    "с",
    "сам",
    "скажи",
    "скажите",
    "со",
    "спасибо",
    "так",
    "также",
    "такое",
    "такой",
    "там",
    "то",
    "того",
    "тоже",
    "только",
    "у",
    "уже",
    "хочу",
    "хотел",
    "хотела",
    "хотим",
    "что",
    "чтобы",
    "чем",
    "чего",
    "чему",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "эту",
    "я",
    "знать",
    "узнать",
    "информация",
    "информацию",
    "который",
    "которая",
    "которые",
    "куда",
    "откуда",
    "почему",
    "сколько",
    "чей",
    "чья",
    "чьи",
];

/// Spoken and chat Russian: colloquial question words, fillers, particles and the parts that
/// hyphenated pronouns split into (`где-нибудь`, `что-то`).
const RUSSIAN_COLLOQUIAL: &[&str] = &[
    "че",
    "чо",
    "шо",
    "чего",
    "чиво",
    "щас",
    "ща",
    "сейчас",
    "норм",
    "нормально",
    "ваще",
    "вообще",
    "скока",
    "скоко",
    "плиз",
    "пжлст",
    "пж",
    "пожалуйста",
    "спс",
    "пасиб",
    "пасибо",
    "инфа",
    "инфу",
    "инфы",
    "короче",
    "кароч",
    "типа",
    "блин",
    "нибудь",
    "либо",
    "кое",
    "то",
    "тут",
    "вон",
    "ой",
    "ага",
    "угу",
    "ладно",
    "давай",
    "мб",
    "чето",
    "чтото",
    "подскажи",
    "подскажите",
    "скажи",
    "расскажи",
    "объясни",
    "хочу",
    "хотелось",
    "хотел",
    "бы",
    "интересно",
    "интересует",
    "нужно",
    "нужна",
    "нужен",
    "будет",
    "будут",
    "была",
    "был",
    "будем",
    "именно",
    "просто",
    "вопрос",
    "статья",
    "статье",
    "новость",
    "новости",
    "отчет",
    "отчете",
    "сообщается",
    "говорится",
    "написано",
    "пишут",
    "бот",
    "кстати",
];

const PERSIAN: &[&str] = &[
    "و",
    "در",
    "به",
    "از",
    "که",
    "این",
    "ان",
    "را",
    "با",
    "برای",
    "است",
    "هست",
    "هستند",
    "بود",
    "بودند",
    "شد",
    "شده",
    "شود",
    "می",
    "نمی",
    "ها",
    "های",
    "ای",
    "ی",
    "تا",
    "یا",
    "هم",
    "چه",
    "چی",
    "چیست",
    "چیه",
    "کیست",
    "کیه",
    "کی",
    "کجا",
    "کجاست",
    "چگونه",
    "چطور",
    "چطوری",
    "چرا",
    "ایا",
    "یک",
    "اینکه",
    "ما",
    "من",
    "شما",
    "او",
    "ایشان",
    "انها",
    "خود",
    "بر",
    "هر",
    "درباره",
    "دربارە",
    "مورد",
    "لطفا",
    "بگویید",
    "بگو",
    "بگین",
    "توضیح",
    "بدهید",
    "بده",
    "بدین",
    "خواهم",
    "میخواهم",
    "بدانم",
    "بدونم",
    "اطلاعات",
    "کنید",
    "کند",
    "کرد",
    "کردن",
    "باشد",
    "دارد",
    "دارند",
    "داشت",
    "کدام",
    "کدوم",
    "چند",
    "چقدر",
    "سلام",
    "ممنون",
    "مرسی",
    "اند",
    "ام",
    "ایم",
    "اید",
    "هستم",
    "راجع",
    "راجب",
    "خوب",
    "خوبی",
    "خوبید",
    "خوبم",
    "حالت",
    "حالتون",
    "حال",
    "بفرمایید",
    "ببخشید",
    "امکان",
    "اون",
    "این‌ها",
    "اینها",
    "شان",
    "چیزی",
];

/// Spoken and chat Persian: the colloquial forms of the question words and verbs (`چیه`, `کیه`,
/// `کجاس`, `میخوام`, `بگین`, `میشه`, `قراره`) and the object marker `رو`.
const PERSIAN_COLLOQUIAL: &[&str] = &[
    "کجاس",
    "کجان",
    "چیا",
    "کیا",
    "چیان",
    "کین",
    "چطوریه",
    "چجوری",
    "چجوریه",
    "چیکار",
    "چکار",
    "میخوام",
    "میخوایم",
    "خوام",
    "میخواستم",
    "میخواستیم",
    "بگین",
    "بگید",
    "بگی",
    "بگم",
    "بگن",
    "میشه",
    "بشه",
    "شه",
    "نمیشه",
    "هستش",
    "هستن",
    "هستید",
    "نیست",
    "نیستن",
    "داره",
    "دارن",
    "دارید",
    "داریم",
    "میدونی",
    "میدونید",
    "میدونم",
    "بدونم",
    "بدونیم",
    "اینو",
    "اونو",
    "اینا",
    "اونا",
    "یه",
    "یکی",
    "رو",
    "قراره",
    "قرار",
    "بود",
    "شده",
    "شدن",
    "میکنه",
    "میکنن",
    "کنم",
    "کنیم",
    "کنن",
    "کنه",
    "چی",
    "تو",
    "مگه",
    "دیگه",
    "الان",
    "لطفن",
    "پس",
    "اگه",
    "حالا",
    "واقعا",
    "دقیقا",
    "گزارش",
    "خبر",
    "مقاله",
    "ربات",
    "بات",
    "گفته",
    "گفتن",
    "گفت",
    "میگن",
    "میگه",
    "منظور",
];

/// Whether `word` (already normalised) is a stop word of its script's language.
pub fn is_stop_word(word: &str, script: Script) -> bool {
    lists(script).iter().any(|list| list.contains(&word))
}

/// The stop-word lists of a script's language, the written and the colloquial.
fn lists(script: Script) -> &'static [&'static [&'static str]] {
    match script {
        Script::Latin => &[ENGLISH, ENGLISH_COLLOQUIAL],
        Script::Cyrillic => &[RUSSIAN, RUSSIAN_COLLOQUIAL],
        Script::Arabic => &[PERSIAN, PERSIAN_COLLOQUIAL],
        Script::Other => &[],
    }
}

/// Every stop word of a script's language, for indexes built over them (a transliteration index
/// reads `chto` as `что` only if it knows `что`).
pub fn all(script: Script) -> impl Iterator<Item = &'static str> {
    lists(script).iter().flat_map(|list| list.iter().copied())
}

/// Stop words found despite a typo: "wat", "wich", "whn", "што", "کجاس". A misspelt question word
/// is no rarer than the word meant, and weighing it as an unknown rare word would drag the
/// question's coverage down; so a word one edit (a letter added, dropped, changed or two swapped)
/// from a stop word of three letters or more counts as that stop word.
pub struct FuzzyStopWords {
    /// The hash of every stop word and of each of its one-deletion variants, with the word.
    variants: std::collections::HashMap<String, Vec<&'static str>>,
}

impl Default for FuzzyStopWords {
    fn default() -> Self {
        let mut variants: std::collections::HashMap<String, Vec<&'static str>> =
            std::collections::HashMap::new();
        for script in [Script::Latin, Script::Cyrillic, Script::Arabic] {
            for word in all(script) {
                let chars: Vec<char> = word.chars().collect();
                if chars.len() < min_fuzzy_length(script) {
                    continue;
                }
                for key in std::iter::once(word.to_string()).chain(deletions(&chars)) {
                    let words = variants.entry(key).or_default();
                    if !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
        FuzzyStopWords { variants }
    }
}

/// Shorter stop words ("in", "of", "и", "در") are too close to too many other words to be found
/// through a typo.
const MIN_FUZZY_STOP_WORD: usize = 3;

/// Persian writes short vowels not at all, so its three-letter words are a letter apart from many
/// others (`هوای`, air, is one letter from `های`): only its longer stop words are found by typo.
fn min_fuzzy_length(script: Script) -> usize {
    match script {
        Script::Arabic => MIN_FUZZY_STOP_WORD + 1,
        _ => MIN_FUZZY_STOP_WORD,
    }
}

impl FuzzyStopWords {
    /// The stop word `word` is a misspelling of, if it is one edit from one of at least three
    /// letters (and is itself that long).
    pub fn correct(&self, word: &str) -> Option<&'static str> {
        let chars: Vec<char> = word.chars().collect();
        let script = chars
            .iter()
            .map(|&c| crate::lang::script_of(c))
            .find(|s| *s != Script::Other)
            .unwrap_or(Script::Other);
        if chars.len() < min_fuzzy_length(script) || chars.len() > 16 {
            return None;
        }
        let mut best: Option<&'static str> = None;
        for key in std::iter::once(word.to_string()).chain(deletions(&chars)) {
            for &candidate in self.variants.get(&key).into_iter().flatten() {
                if best.is_none() && strsim::damerau_levenshtein(word, candidate) <= 1 {
                    best = Some(candidate);
                }
            }
        }
        best
    }
}

/// The word with each one of its letters left out.
fn deletions(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    (0..chars.len()).map(move |skip| {
        chars
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, c)| c)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_question_words_are_found_in_every_language() {
        let fuzzy = FuzzyStopWords::default();
        for typo in [
            "wat",
            "wich",
            "whn",
            "wher",
            "што",
            "кагда",
            "нибуть",
            "کجاس",
            "کجاسس",
        ] {
            let found = fuzzy.correct(typo);
            assert!(
                found.is_some_and(|w| strsim::damerau_levenshtein(typo, w) <= 1),
                "{typo}: {found:?}"
            );
        }
        assert_eq!(fuzzy.correct("wich"), Some("which"));
    }

    #[test]
    fn short_and_distant_words_are_not_taken_for_stop_words() {
        let fuzzy = FuzzyStopWords::default();
        // `هوای` (air) is a letter from `های`: Persian's short stop words are not found by typo.
        for word in ["ab", "moscow", "fursenko", "москва", "پردیس", "ict", "هوای"] {
            assert_eq!(fuzzy.correct(word), None, "{word}");
        }
    }

    #[test]
    fn colloquial_forms_are_stop_words() {
        assert!(is_stop_word("че", Script::Cyrillic));
        assert!(is_stop_word("щас", Script::Cyrillic));
        assert!(is_stop_word("میخوام", Script::Arabic));
        assert!(is_stop_word("قراره", Script::Arabic));
        assert!(is_stop_word("wanna", Script::Latin));
    }
}
