//! Small talk: greetings, thanks, goodbyes and "who are you?" in English, Russian and Persian (and
//! their Latin-script forms), recognised so that the bot answers them kindly instead of saying it
//! does not know, and does not log them as questions it missed. It knows nothing of Telegram.
//!
//! A message is small talk when every word of it belongs to a small-talk phrase or is a filler
//! ("hi there bot", "thanks a lot!", "ну пока", "سلام خوبی؟"); one word about anything else ("hi,
//! when is the meeting?") makes it a question. Words of four letters or more may be one typo off
//! ("helo", "thnks", "спасиба", "خداحافض").

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::matcher::normalize;

/// What kind of small talk a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmallTalk {
    /// Hello, how are you.
    Greeting,
    /// Thank you, OK.
    Thanks,
    /// Goodbye, see you.
    Goodbye,
    /// Who are you, what can you do, are you a bot.
    About,
}

impl SmallTalk {
    /// The name used in `ask --json` and in the labelled sets.
    pub fn as_str(self) -> &'static str {
        match self {
            SmallTalk::Greeting => "greeting",
            SmallTalk::Thanks => "thanks",
            SmallTalk::Goodbye => "goodbye",
            SmallTalk::About => "about",
        }
    }

    /// When a message mixes kinds ("thanks, bye"), the one to reply to: a question about the bot
    /// first, then the end of the conversation, then thanks, then a greeting.
    fn priority(self) -> u8 {
        match self {
            SmallTalk::About => 3,
            SmallTalk::Goodbye => 2,
            SmallTalk::Thanks => 1,
            SmallTalk::Greeting => 0,
        }
    }
}

/// A recognised small-talk message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    pub kind: SmallTalk,
    /// The language its phrases are in (`privet` is Russian, `merci` Persian usage), when they
    /// say; `None` for words shared by languages or for fillers only.
    pub lang: Option<Lang>,
}

/// One small-talk phrase: its words in normalised form, its kind and language.
struct Phrase {
    words: &'static [&'static str],
    kind: SmallTalk,
    lang: Lang,
}

macro_rules! phrases {
    ($($kind:ident $lang:ident [$($word:literal)+]),* $(,)?) => {
        &[$(Phrase { words: &[$($word),+], kind: SmallTalk::$kind, lang: Lang::$lang }),*]
    };
}

/// The phrases, longest matched first. Latin-script Russian and Persian are tagged with their
/// language, so `spasibo` is thanked in Russian.
const PHRASES: &[Phrase] = phrases![
    // English.
    Greeting En ["hi"], Greeting En ["hello"], Greeting En ["hey"], Greeting En ["hiya"],
    Greeting En ["howdy"], Greeting En ["greetings"], Greeting En ["yo"], Greeting En ["sup"],
    Greeting En ["good" "morning"], Greeting En ["good" "afternoon"], Greeting En ["good" "evening"],
    Greeting En ["good" "day"], Greeting En ["morning"], Greeting En ["how" "are" "you"],
    Greeting En ["how" "r" "u"], Greeting En ["how" "are" "u"], Greeting En ["how" "is" "it" "going"],
    Greeting En ["hows" "it" "going"], Greeting En ["whats" "up"], Greeting En ["what" "is" "up"],
    Greeting En ["nice" "to" "meet" "you"], Greeting En ["salut"],
    Thanks En ["thanks"], Thanks En ["thank" "you"], Thanks En ["thank" "u"], Thanks En ["thx"],
    Thanks En ["thanx"], Thanks En ["ty"], Thanks En ["tnx"], Thanks En ["cheers"],
    Thanks En ["much" "appreciated"], Thanks En ["appreciate" "it"], Thanks En ["great"],
    Thanks En ["awesome"], Thanks En ["perfect"], Thanks En ["got" "it"], Thanks En ["ok"],
    Thanks En ["okay"], Thanks En ["cool"], Thanks En ["that" "helps"], Thanks En ["helpful"],
    Thanks En ["that" "was" "helpful"], Thanks En ["understood"], Thanks En ["for" "the" "help"],
    Thanks En ["for" "your" "help"], Thanks En ["nice"], Thanks En ["good" "to" "know"],
    Goodbye En ["bye"], Goodbye En ["goodbye"], Goodbye En ["good" "bye"], Goodbye En ["bye" "bye"],
    Goodbye En ["see" "you"], Goodbye En ["see" "ya"], Goodbye En ["see" "you" "later"],
    Goodbye En ["cya"], Goodbye En ["later"], Goodbye En ["good" "night"], Goodbye En ["take" "care"],
    Goodbye En ["have" "a" "nice" "day"], Goodbye En ["have" "a" "good" "day"], Goodbye En ["farewell"],
    About En ["who" "are" "you"], About En ["who" "r" "u"], About En ["what" "are" "you"],
    About En ["what" "can" "you" "do"], About En ["what" "do" "you" "do"],
    About En ["what" "do" "you" "know"], About En ["are" "you" "a" "bot"], About En ["are" "you" "bot"],
    About En ["are" "you" "a" "robot"], About En ["are" "you" "human"], About En ["are" "you" "a" "human"],
    About En ["are" "you" "real"], About En ["are" "you" "a" "person"], About En ["is" "this" "a" "bot"],
    About En ["what" "is" "this" "bot"], About En ["what" "is" "this"], About En ["help"],
    About En ["how" "does" "this" "work"], About En ["how" "do" "you" "work"],
    About En ["what" "can" "i" "ask"], About En ["what" "can" "i" "ask" "you"],
    About En ["who" "made" "you"], About En ["who" "built" "you"], About En ["what" "is" "your" "name"],
    About En ["whats" "your" "name"], About En ["what" "are" "you" "for"], About En ["how" "can" "you" "help"],
    About En ["how" "can" "you" "help" "me"], About En ["can" "you" "help" "me"],
    About En ["what" "do" "you" "do"], About En ["what" "questions" "can" "i" "ask"],
    // Russian.
    Greeting Ru ["привет"], Greeting Ru ["приветик"], Greeting Ru ["приветствую"],
    Greeting Ru ["здравствуй"], Greeting Ru ["здравствуйте"], Greeting Ru ["здрасте"],
    Greeting Ru ["здрасьте"], Greeting Ru ["добрый" "день"], Greeting Ru ["доброе" "утро"],
    Greeting Ru ["добрый" "вечер"], Greeting Ru ["доброго" "дня"], Greeting Ru ["хай"],
    Greeting Ru ["салют"], Greeting Ru ["как" "дела"], Greeting Ru ["как" "ты"], Greeting Ru ["как" "вы"],
    Greeting Ru ["как" "поживаешь"], Greeting Ru ["доброго" "времени" "суток"], Greeting Ru ["хеллоу"],
    Greeting Ru ["privet"], Greeting Ru ["zdravstvuyte"], Greeting Ru ["zdravstvuite"],
    Greeting Ru ["kak" "dela"], Greeting Ru ["dobryi" "den"], Greeting Ru ["dobry" "den"],
    Thanks Ru ["спасибо"], Thanks Ru ["спс"], Thanks Ru ["пасиб"], Thanks Ru ["пасибо"],
    Thanks Ru ["спасибочки"], Thanks Ru ["благодарю"], Thanks Ru ["сенкс"], Thanks Ru ["понятно"],
    Thanks Ru ["ясно"], Thanks Ru ["хорошо"], Thanks Ru ["отлично"], Thanks Ru ["супер"],
    Thanks Ru ["класс"], Thanks Ru ["понял"], Thanks Ru ["поняла"], Thanks Ru ["ок"], Thanks Ru ["окей"],
    Thanks Ru ["норм"], Thanks Ru ["за" "помощь"], Thanks Ru ["spasibo"], Thanks Ru ["spasib"],
    Thanks Ru ["sps"],
    Goodbye Ru ["пока"], Goodbye Ru ["до" "свидания"], Goodbye Ru ["досвидания"],
    Goodbye Ru ["до" "встречи"], Goodbye Ru ["всего" "доброго"], Goodbye Ru ["всего" "хорошего"],
    Goodbye Ru ["прощай"], Goodbye Ru ["бывай"], Goodbye Ru ["спокойной" "ночи"], Goodbye Ru ["удачи"],
    Goodbye Ru ["до" "скорого"], Goodbye Ru ["покеда"], Goodbye Ru ["poka"],
    Goodbye Ru ["do" "svidaniya"], Goodbye Ru ["do" "svidania"],
    About Ru ["ты" "кто"], About Ru ["кто" "ты"], About Ru ["кто" "вы"], About Ru ["вы" "кто"],
    About Ru ["кто" "ты" "такой"], About Ru ["что" "ты" "умеешь"], About Ru ["что" "вы" "умеете"],
    About Ru ["что" "ты" "можешь"], About Ru ["что" "вы" "можете"], About Ru ["что" "ты" "знаешь"],
    About Ru ["ты" "бот"], About Ru ["вы" "бот"], About Ru ["ты" "робот"], About Ru ["ты" "человек"],
    About Ru ["вы" "человек"], About Ru ["это" "бот"], About Ru ["что" "это" "за" "бот"],
    About Ru ["помощь"], About Ru ["помоги"], About Ru ["помогите"], About Ru ["как" "тебя" "зовут"],
    About Ru ["чем" "ты" "можешь" "помочь"], About Ru ["чем" "можешь" "помочь"],
    About Ru ["что" "у" "тебя" "можно" "спросить"], About Ru ["что" "можно" "спросить"],
    About Ru ["как" "это" "работает"], About Ru ["ty" "kto"], About Ru ["kto" "ty"],
    // Persian.
    Greeting Fa ["سلام"], Greeting Fa ["درود"], Greeting Fa ["سلام" "علیکم"], Greeting Fa ["صبح" "بخیر"],
    Greeting Fa ["عصر" "بخیر"], Greeting Fa ["ظهر" "بخیر"], Greeting Fa ["وقت" "بخیر"],
    Greeting Fa ["روز" "بخیر"], Greeting Fa ["وقتتون" "بخیر"], Greeting Fa ["خوبی"], Greeting Fa ["خوبید"],
    Greeting Fa ["خوبین"], Greeting Fa ["چطوری"], Greeting Fa ["چطورید"], Greeting Fa ["حالت" "خوبه"],
    Greeting Fa ["حالتون" "خوبه"], Greeting Fa ["خسته" "نباشید"], Greeting Fa ["خسته" "نباشی"],
    Greeting Fa ["هلو"], Greeting Fa ["salam"], Greeting Fa ["salaam"], Greeting Fa ["dorood"],
    Greeting Fa ["khoobi"], Greeting Fa ["khubi"], Greeting Fa ["chetori"], Greeting Fa ["sobh" "bekheir"],
    Greeting Fa ["sobh" "bekhair"],
    Thanks Fa ["ممنون"], Thanks Fa ["ممنونم"], Thanks Fa ["مرسی"], Thanks Fa ["متشکرم"],
    Thanks Fa ["مچکرم"], Thanks Fa ["سپاس"], Thanks Fa ["سپاسگزارم"], Thanks Fa ["تشکر"],
    Thanks Fa ["دستت" "درد" "نکنه"], Thanks Fa ["دستتون" "درد" "نکنه"], Thanks Fa ["قربونت"],
    Thanks Fa ["قربانت"], Thanks Fa ["عالی"], Thanks Fa ["باشه"], Thanks Fa ["اوکی"], Thanks Fa ["فهمیدم"],
    Thanks Fa ["متوجه" "شدم"], Thanks Fa ["خیلی" "خوب"], Thanks Fa ["بابت" "کمک"],
    Thanks Fa ["کمکم" "کردی"], Thanks Fa ["کمکم" "کردید"], Thanks Fa ["mamnoon"], Thanks Fa ["mamnun"],
    Thanks Fa ["merci"], Thanks Fa ["mersi"], Thanks Fa ["motshakeram"], Thanks Fa ["sepas"],
    Thanks Fa ["dastet" "dard" "nakone"],
    Goodbye Fa ["خداحافظ"], Goodbye Fa ["خدا" "حافظ"], Goodbye Fa ["خدانگهدار"], Goodbye Fa ["خدا" "نگهدار"],
    Goodbye Fa ["بدرود"], Goodbye Fa ["فعلا"], Goodbye Fa ["بای"], Goodbye Fa ["شب" "بخیر"],
    Goodbye Fa ["شب" "خوش"], Goodbye Fa ["روز" "خوش"], Goodbye Fa ["به" "امید" "دیدار"],
    Goodbye Fa ["میبینمت"], Goodbye Fa ["khodahafez"], Goodbye Fa ["khodahafes"], Goodbye Fa ["khodafez"],
    Goodbye Fa ["felan"], Goodbye Fa ["bye" "bye"],
    About Fa ["تو" "کی" "هستی"], About Fa ["شما" "کی" "هستید"], About Fa ["تو" "کی" "هستی"],
    About Fa ["کی" "هستی"], About Fa ["کی" "هستید"], About Fa ["تو" "کی"], About Fa ["شما" "کی" "هستین"],
    About Fa ["چی" "هستی"], About Fa ["چه" "کاری" "میتونی" "بکنی"], About Fa ["چیکار" "میتونی" "بکنی"],
    About Fa ["چی" "کار" "میتونی" "بکنی"], About Fa ["چیکار" "میکنی"], About Fa ["چی" "بلدی"],
    About Fa ["چی" "میدونی"], About Fa ["کارایی" "بلدی"], About Fa ["چیا" "بلدی"], About Fa ["بلدی"],
    About Fa ["چی" "میتونم" "سوال" "کنم"], About Fa ["چی" "میتونم" "بپرسم"],
    About Fa ["چه" "سوالی" "میتونم" "بپرسم"], About Fa ["چه" "سوالایی" "میتونم" "بپرسم"], About Fa ["رباتی"], About Fa ["ربات" "هستی"], About Fa ["تو" "رباتی"],
    About Fa ["ادمی"], About Fa ["انسانی"], About Fa ["ادم" "هستی"], About Fa ["انسان" "هستی"],
    About Fa ["کمک"], About Fa ["راهنما"], About Fa ["راهنمایی"], About Fa ["اسمت" "چیه"],
    About Fa ["چه" "سوالی" "میتونم" "بپرسم"], About Fa ["چی" "میتونم" "بپرسم"],
    About Fa ["چطور" "کار" "میکنی"], About Fa ["چه" "کمکی" "میتونی" "بکنی"], About Fa ["to" "ki" "hasti"],
    About Fa ["shoma" "ki" "hastid"],
    // More of each, in everyday forms.
    Greeting En ["hi" "all"], Greeting En ["hello" "everyone"], Greeting En ["good" "to" "see" "you"],
    Greeting En ["hey" "there"], Greeting En ["hi" "there"], Greeting En ["evening"],
    Greeting En ["afternoon"], Greeting En ["how" "do" "you" "do"], Greeting En ["hows" "it" "goin"],
    Greeting En ["whatsup"], Greeting En ["wassup"], Greeting En ["hola"], Greeting En ["hallo"],
    Thanks En ["thank" "you" "so" "much"], Thanks En ["thanks" "for" "the" "info"],
    Thanks En ["thanks" "for" "the" "information"], Thanks En ["many" "thanks"],
    Thanks En ["much" "obliged"], Thanks En ["i" "see"], Thanks En ["makes" "sense"],
    Thanks En ["all" "clear"], Thanks En ["sounds" "good"], Thanks En ["excellent"],
    Thanks En ["brilliant"], Thanks En ["wonderful"], Thanks En ["thankyou"], Thanks En ["tysm"],
    Thanks En ["appreciated"], Thanks En ["good" "job"], Thanks En ["well" "done"],
    Goodbye En ["bye" "for" "now"], Goodbye En ["see" "you" "soon"], Goodbye En ["see" "you" "tomorrow"],
    Goodbye En ["have" "a" "good" "one"], Goodbye En ["talk" "later"], Goodbye En ["ttyl"],
    Goodbye En ["night"], Goodbye En ["gotta" "go"], Goodbye En ["i" "have" "to" "go"],
    Goodbye En ["thats" "all"], Goodbye En ["that" "is" "all"], Goodbye En ["adios"], Goodbye En ["ciao"],
    About En ["are" "you" "an" "ai"], About En ["are" "you" "ai"], About En ["are" "you" "chatgpt"],
    About En ["are" "you" "a" "machine"], About En ["are" "you" "a" "real" "person"],
    About En ["who" "created" "you"], About En ["who" "is" "behind" "you"], About En ["what" "is" "your" "purpose"],
    About En ["how" "do" "i" "use" "you"], About En ["how" "do" "i" "use" "this"], About En ["how" "to" "use"],
    About En ["what" "topics" "do" "you" "cover"], About En ["what" "do" "you" "cover"],
    About En ["what" "kind" "of" "questions"], About En ["what" "can" "you" "tell" "me"],
    About En ["what" "can" "you" "answer"], About En ["what" "do" "you" "know" "about"],
    About En ["tell" "me" "about" "yourself"], About En ["introduce" "yourself"], About En ["commands"],
    Greeting Ru ["всем" "привет"], Greeting Ru ["привет" "всем"], Greeting Ru ["здорово"],
    Greeting Ru ["здорова"], Greeting Ru ["доброй" "ночи"], Greeting Ru ["как" "жизнь"],
    Greeting Ru ["как" "поживаете"], Greeting Ru ["как" "сам"], Greeting Ru ["хелло"], Greeting Ru ["хэллоу"],
    Greeting Ru ["алло"], Greeting Ru ["hai"],
    Thanks Ru ["спасибо" "за" "информацию"], Thanks Ru ["спасибо" "за" "ответ"], Thanks Ru ["благодарствую"],
    Thanks Ru ["мерси"], Thanks Ru ["сенк" "ю"], Thanks Ru ["понятненько"], Thanks Ru ["все" "понятно"],
    Thanks Ru ["все" "ясно"], Thanks Ru ["ясненько"], Thanks Ru ["принято"], Thanks Ru ["спасибки"],
    Thanks Ru ["пасибки"], Thanks Ru ["отлично" "спасибо"], Thanks Ru ["круто"], Thanks Ru ["здорово" "спасибо"],
    Thanks Ru ["ок" "понял"], Thanks Ru ["хорошо" "понял"], Thanks Ru ["благодарен"], Thanks Ru ["благодарна"],
    Goodbye Ru ["до" "завтра"], Goodbye Ru ["до" "связи"], Goodbye Ru ["пока" "пока"], Goodbye Ru ["бай"],
    Goodbye Ru ["счастливо"], Goodbye Ru ["всего"], Goodbye Ru ["до" "новых" "встреч"], Goodbye Ru ["чао"],
    Goodbye Ru ["мне" "пора"], Goodbye Ru ["на" "этом" "все"],
    About Ru ["что" "ты" "такое"], About Ru ["кто" "тебя" "сделал"], About Ru ["кто" "тебя" "создал"],
    About Ru ["ты" "ии"], About Ru ["ты" "нейросеть"], About Ru ["ты" "chatgpt"], About Ru ["ты" "настоящий"],
    About Ru ["как" "тобой" "пользоваться"], About Ru ["как" "пользоваться"], About Ru ["что" "ты" "делаешь"],
    About Ru ["для" "чего" "ты"], About Ru ["зачем" "ты" "нужен"], About Ru ["о" "чем" "тебя" "можно" "спросить"],
    About Ru ["о" "чем" "ты" "знаешь"], About Ru ["какие" "вопросы" "можно" "задать"],
    About Ru ["расскажи" "о" "себе"], About Ru ["представься"], About Ru ["команды"],
    Greeting Fa ["سلام" "عرض" "شد"], Greeting Fa ["درود" "بر" "شما"], Greeting Fa ["سلام" "سلام"],
    Greeting Fa ["چه" "خبر"], Greeting Fa ["خوبین"], Greeting Fa ["حالتون" "چطوره"], Greeting Fa ["حالت" "چطوره"],
    Greeting Fa ["شب" "بخیر" "سلام"], Greeting Fa ["های"],
    Thanks Fa ["سپاس" "فراوان"], Thanks Fa ["ممنون" "از" "راهنمایی"], Thanks Fa ["ممنون" "از" "راهنماییت"],
    Thanks Fa ["ممنون" "از" "راهنماییتون"], Thanks Fa ["تشکر" "بابت" "اطلاعات"], Thanks Fa ["مرسی" "از" "جوابت"],
    Thanks Fa ["لطف" "کردی"], Thanks Fa ["لطف" "کردید"], Thanks Fa ["عالیه"], Thanks Fa ["خوبه"],
    Thanks Fa ["فهمیدم" "ممنون"], Thanks Fa ["گرفتم"], Thanks Fa ["اوکیه"], Thanks Fa ["دمت" "گرم"],
    Thanks Fa ["ایول"], Thanks Fa ["مرسی" "مرسی"],
    Goodbye Fa ["خداحافظ" "فعلا"], Goodbye Fa ["فعلا" "خداحافظ"], Goodbye Fa ["بای" "بای"],
    Goodbye Fa ["میبینمتون"], Goodbye Fa ["تا" "بعد"], Goodbye Fa ["تا" "فردا"], Goodbye Fa ["روزت" "خوش"],
    Goodbye Fa ["روزتون" "خوش"], Goodbye Fa ["در" "پناه" "خدا"], Goodbye Fa ["خدافظ"],
    About Fa ["هوش" "مصنوعی" "هستی"], About Fa ["کی" "تو" "رو" "ساخته"], About Fa ["کی" "ساختت"],
    About Fa ["چطوری" "ازت" "استفاده" "کنم"], About Fa ["چطور" "ازت" "استفاده" "کنم"], About Fa ["کارت" "چیه"],
    About Fa ["برای" "چی" "هستی"], About Fa ["درباره" "خودت" "بگو"], About Fa ["خودتو" "معرفی" "کن"],
    About Fa ["چه" "سوالاتی" "میشه" "پرسید"], About Fa ["سوال" "کنم"], About Fa ["سوال" "بپرسم"],
    About Fa ["بپرسم"], About Fa ["میتونم" "بپرسم"], About Fa ["چی" "میشه" "پرسید"], About Fa ["واقعی" "هستی"],
];

/// Words that may surround small talk without making it a question: addressing the bot, softening
/// and intensifying it ("hi there bot", "thanks a lot", "ну спасибо большое", "خیلی ممنون").
const FILLERS: &[&str] = &[
    "there",
    "bot",
    "dear",
    "friend",
    "friends",
    "all",
    "everyone",
    "guys",
    "again",
    "so",
    "very",
    "much",
    "a",
    "lot",
    "oh",
    "and",
    "well",
    "then",
    "for",
    "now",
    "the",
    "info",
    "information",
    "answer",
    "help",
    "your",
    "you",
    "u",
    "man",
    "sir",
    "madam",
    "please",
    "pls",
    "ну",
    "большое",
    "огромное",
    "бот",
    "ботик",
    "тебе",
    "вам",
    "всем",
    "и",
    "а",
    "еще",
    "раз",
    "за",
    "ответ",
    "информацию",
    "помощь",
    "друг",
    "очень",
    "ладно",
    "тогда",
    "уж",
    "всё",
    "все",
    "خیلی",
    "ربات",
    "دوست",
    "عزیز",
    "عزیزم",
    "هم",
    "و",
    "بابت",
    "از",
    "شما",
    "تو",
    "جواب",
    "اطلاعات",
    "کمک",
    "لطفا",
    "پس",
    "دیگه",
    "جان",
    "bolshoe",
    "ochen",
    "kheili",
    "kheyli",
    "kheily",
    "khili",
    "really",
    "mate",
    "buddy",
    "bro",
    "that",
    "was",
    "is",
    "it",
    "this",
    "or",
    "real",
    "live",
    "alive",
    "just",
    "indeed",
    "ok",
    "okay",
    "again",
    "once",
    "more",
    "everybody",
    "folks",
    "team",
    "sweet",
    "kind",
    "of",
    "to",
    "good",
    "great",
    "hello",
    "hi",
    "me",
    "my",
    "i",
    "us",
    "very",
    "в",
    "на",
    "с",
    "тебе",
    "большое",
    "огромное",
    "всем",
    "вам",
    "мне",
    "меня",
    "еще",
    "раз",
    "бро",
    "дружище",
    "хорошего",
    "доброго",
    "дня",
    "вечера",
    "пожалуйста",
    "خوش",
    "بخیر",
    "خیلی",
    "زیاد",
    "فراوان",
    "بازم",
    "دوباره",
    "همه",
    "دوستان",
    "عزیزان",
    "من",
    "ما",
    "را",
    "رو",
    "человек",
    "چی",
    "میتونم",
    "или",
    "живой",
    "настоящий",
    "же",
    "так",
    "вообще",
    "это",
    "ты",
    "вы",
    "یا",
    "واقعی",
    "واقعا",
    "ازت",
    "ازتون",
    "درباره",
    "راجع",
    "به",
    "چه",
];

/// Longest phrase, in words.
const LONGEST: usize = 6;

/// Recognises a message that is only small talk; `None` for anything with a question in it.
pub fn recognise(text: &str) -> Option<Recognised> {
    let normalised = normalize(text);
    // Persian verb prefixes and plural endings written apart (`می تونم`) join their word.
    let mut joined: Vec<String> = Vec::new();
    for word in normalised.split_whitespace() {
        match (word, joined.last_mut()) {
            ("ها" | "های" | "هایی", Some(last)) => last.push_str(word),
            (_, Some(last)) if last == "می" || last == "نمی" => last.push_str(word),
            _ => joined.push(word.to_string()),
        }
    }
    let words: Vec<&str> = joined.iter().map(String::as_str).collect();
    if words.is_empty() || words.len() > 12 {
        return None;
    }
    let mut found: Option<(SmallTalk, Option<Lang>)> = None;
    let mut at = 0;
    while at < words.len() {
        let phrase = (1..=LONGEST.min(words.len() - at))
            .rev()
            .find_map(|len| find_phrase(&words[at..at + len]).map(|p| (p, len)));
        match phrase {
            Some((phrase, len)) => {
                let kind = match found {
                    Some((kind, _)) if kind.priority() >= phrase.kind.priority() => kind,
                    _ => phrase.kind,
                };
                let lang = match found {
                    Some((_, Some(lang))) => Some(lang),
                    _ => Some(phrase.lang),
                };
                found = Some((kind, lang));
                at += len;
            }
            None if FILLERS.iter().any(|f| close(words[at], f)) => at += 1,
            None => return None,
        }
    }
    found.map(|(kind, lang)| Recognised { kind, lang })
}

/// The phrase these words are, allowing a typo in words of four letters or more.
fn find_phrase(words: &[&str]) -> Option<&'static Phrase> {
    PHRASES.iter().find(|phrase| {
        phrase.words.len() == words.len()
            && phrase
                .words
                .iter()
                .zip(words)
                .all(|(want, got)| close(got, want))
    })
}

/// Whether a word is `want`, or one edit from it when both are long enough for a typo to be told
/// from another word.
fn close(got: &str, want: &str) -> bool {
    if got == want {
        return true;
    }
    let len = want.chars().count();
    len >= 4 && got.chars().count() >= 4 && strsim::damerau_levenshtein(got, want) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<SmallTalk> {
        recognise(text).map(|r| r.kind)
    }

    #[test]
    fn greetings_in_every_language() {
        for text in [
            "Hi",
            "hello there!",
            "Good morning, bot",
            "how are you?",
            "Привет",
            "Здравствуйте!",
            "добрый день",
            "سلام",
            "سلام خوبی؟",
            "وقت بخیر",
            "privet",
            "salam",
        ] {
            assert_eq!(kind(text), Some(SmallTalk::Greeting), "{text}");
        }
    }

    #[test]
    fn thanks_goodbyes_and_questions_about_the_bot() {
        for (text, expected) in [
            ("thanks a lot!", SmallTalk::Thanks),
            ("thx", SmallTalk::Thanks),
            ("спс", SmallTalk::Thanks),
            ("Спасибо большое", SmallTalk::Thanks),
            ("خیلی ممنون", SmallTalk::Thanks),
            ("مرسی", SmallTalk::Thanks),
            ("bye", SmallTalk::Goodbye),
            ("ну пока", SmallTalk::Goodbye),
            ("до свидания", SmallTalk::Goodbye),
            ("خداحافظ", SmallTalk::Goodbye),
            ("who are you?", SmallTalk::About),
            ("what can you do", SmallTalk::About),
            ("are you a bot?", SmallTalk::About),
            ("ты кто", SmallTalk::About),
            ("что ты умеешь?", SmallTalk::About),
            ("تو کی هستی؟", SmallTalk::About),
            ("رباتی؟", SmallTalk::About),
        ] {
            assert_eq!(kind(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn a_typo_in_a_long_word_is_forgiven() {
        assert_eq!(kind("helo"), Some(SmallTalk::Greeting));
        assert_eq!(kind("thnks"), Some(SmallTalk::Thanks));
        assert_eq!(kind("спасиба"), Some(SmallTalk::Thanks));
    }

    #[test]
    fn a_question_with_a_greeting_is_a_question() {
        for text in [
            "hi, when is the meeting?",
            "thanks, and who signed the MOU?",
            "привет, где будет встреча",
            "سلام، جلسه کجاست؟",
            "help me find Pardis",
            "",
            "🙂",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
    }

    #[test]
    fn mixed_small_talk_replies_to_the_weightier_kind() {
        assert_eq!(kind("hi, who are you?"), Some(SmallTalk::About));
        assert_eq!(kind("thanks, bye"), Some(SmallTalk::Goodbye));
    }

    #[test]
    fn latin_script_russian_and_persian_say_their_language() {
        assert_eq!(recognise("spasibo").and_then(|r| r.lang), Some(Lang::Ru));
        assert_eq!(recognise("merci").and_then(|r| r.lang), Some(Lang::Fa));
        assert_eq!(recognise("thanks").and_then(|r| r.lang), Some(Lang::En));
    }
}
