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
    /// /start: what the bot answers; example questions follow as buttons.
    pub welcome: &'static str,
    /// Example questions offered under /start and /help.
    pub examples: [&'static str; 3],
    pub help: &'static str,
    pub lang_prompt: &'static str,
    pub topics_prompt: &'static str,
    pub back: &'static str,
    pub browse_topics: &'static str,
    pub non_text_hint: &'static str,
    pub apology: &'static str,
    /// Descriptions of the public commands in the Telegram command menu, in `Command` order.
    pub command_descriptions: [&'static str; 7],
    /// Descriptions of the staff commands, in `StaffCommand` order.
    pub staff_command_descriptions: [&'static str; 8],
    // Subscriptions. `{topic}` and `{topics}` are filled in.
    pub subscribed: &'static str,
    pub unsubscribed: &'static str,
    pub unsubscribed_all: &'static str,
    pub not_subscribed: &'static str,
    pub subscriptions: &'static str,
    pub no_subscriptions: &'static str,
    pub unknown_topic: &'static str,
    // Staff. `{id}`, `{n}`, `{audience}`, `{topic}`, `{lang}`, `{problems}` are filled in.
    pub staff_only: &'static str,
    pub broadcast_usage: &'static str,
    pub broadcast_preview: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub broadcast_queued: &'static str,
    pub broadcast_already_confirmed: &'static str,
    pub broadcast_cancelled: &'static str,
    pub broadcast_not_cancellable: &'static str,
    pub broadcasts_none: &'static str,
    pub broadcast_line: &'static str,
    pub any_language: &'static str,
    pub stats: &'static str,
    pub unanswered_none: &'static str,
    pub reloaded: &'static str,
    pub reload_failed: &'static str,
    // “None of these” under a "did you mean" reply.
    pub none_of_these: &'static str,
    pub none_of_these_logged: &'static str,
    // Staff curation. `{question}`, `{title}`, `{entry}`, `{count}`, `{when}` and the like are filled in.
    pub why_usage: &'static str,
    pub unanswered_summary: &'static str,
    pub unanswered_group: &'static str,
    pub also_asked: &'static str,
    pub after_none_of_these: &'static str,
    pub no_candidates: &'static str,
    pub attach_button: &'static str,
    pub dismiss_button: &'static str,
    pub attached: &'static str,
    pub dismissed: &'static str,
    pub already_reviewed: &'static str,
    pub entry_gone: &'static str,
    pub learned_none: &'static str,
    pub learned_heading: &'static str,
    pub learned_line: &'static str,
    pub learned_exported: &'static str,
    pub undo_button: &'static str,
    pub undone: &'static str,
    pub undo_nothing: &'static str,
    // Freshness. `{source}` and `{date}` are filled in.
    pub reported_in: &'static str,
    pub reported_in_undated: &'static str,
    pub event_past: &'static str,
    pub event_now: &'static str,
    pub event_upcoming: &'static str,
    pub event_year_unknown: &'static str,
    /// Month names as used in a date ("6–7 December"; genitive in Russian).
    pub months: [&'static str; 12],
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
    welcome: "Hello! I answer questions about the Iran–Russia ICT cooperation programme: the joint ICT working group meetings, the agreements and MOUs, the focus areas, the Russian university branches in Iran, and the people and organisations involved. Every answer comes with its source.\n\nAsk in English, Russian or Persian, or try one of these:",
    examples: [
        "When is the Moscow meeting?",
        "Can Russian companies open offices in Pardis Technology Park?",
        "Which Russian universities will have branches in Iran?",
    ],
    help: "Just write your question, in English, Russian or Persian. In groups, mention me or reply to my message.\n\n/topics — browse everything I know\n/lang — choose the answer language\n/help — this message\n\nExamples:",
    lang_prompt: "Choose the language of my answers:",
    topics_prompt: "Choose a topic:",
    back: "« Back",
    browse_topics: "Browse topics",
    non_text_hint: "I can only read text. Please type your question.",
    apology: "Sorry, something went wrong on my side. Please try again in a moment.",
    command_descriptions: [
        "Start and see examples",
        "How to ask, and examples",
        "Choose the answer language",
        "Browse all topics",
        "Get announcements: all, meetings, business, universities, research",
        "Stop announcements (one topic or all)",
        "Your announcement topics",
    ],
    staff_command_descriptions: [
        "Staff: preview and send an announcement",
        "Staff: recent broadcasts and their progress",
        "Staff: stop a broadcast",
        "Staff: subscribers and questions",
        "Staff: review unanswered questions",
        "Staff: reload the knowledge base",
        "Staff: why a question gets its answer",
        "Staff: learned questions, with undo",
    ],
    subscribed: "Subscribed to {topic}. Send /unsubscribe to stop.",
    unsubscribed: "Unsubscribed from {topic}.",
    unsubscribed_all: "Unsubscribed from all announcements.",
    not_subscribed: "You were not subscribed to {topic}.",
    subscriptions: "Your announcement topics: {topics}.",
    no_subscriptions: "You have no subscriptions. Send /subscribe for all announcements, or /subscribe meetings, business, universities or research.",
    unknown_topic: "Unknown topic. Choose one of: all, meetings, business, universities, research.",
    staff_only: "Sorry, this command is only for programme staff.",
    broadcast_usage: "Usage: /broadcast [topic] [en|ru|fa] TEXT — or reply to a message with /broadcast [topic] [en|ru|fa]. Topics: all, meetings, business, universities, research.",
    broadcast_preview: "Above is broadcast #{id} exactly as recipients will see it.\nTopic: {topic}; language: {lang}.\nAudience now: {audience}.\nSend it?",
    confirm: "✅ Confirm",
    cancel: "✖ Cancel",
    broadcast_queued: "Broadcast #{id} is queued for {n} recipients. /broadcasts shows its progress.",
    broadcast_already_confirmed: "Broadcast #{id} was already confirmed; nothing was queued twice.",
    broadcast_cancelled: "Broadcast #{id} is cancelled; nothing more of it will be sent.",
    broadcast_not_cancellable: "Broadcast #{id} cannot be cancelled: it is unknown, finished or already cancelled.",
    broadcasts_none: "No broadcasts yet.",
    broadcast_line: "#{id} {status} · {topic} · {lang} — sent {sent}, failed {failed}, blocked {blocked}, remaining {remaining}",
    any_language: "all languages",
    stats: "Subscribers by topic and language:\n{subscribers}\n\nQuestions in the last day: {day_answered} answered, {day_unanswered} unanswered.\nIn the last week: {week_answered} answered, {week_unanswered} unanswered.",
    unanswered_none: "No unanswered questions in the last 30 days.",
    reloaded: "Knowledge base reloaded: {n} entries.",
    reload_failed: "The knowledge base on disk is invalid, so the current one keeps serving:\n{problems}",
    none_of_these: "None of these",
    none_of_these_logged: "Thank you — I've passed your question on to the programme staff so they can add an answer. Meanwhile you can browse what I know.",
    why_usage: "Usage: /why QUESTION — shows how I read a question, the entries I considered with their scores, and the thresholds.",
    unanswered_summary: "Unanswered questions of the last 30 days, newest first: {shown} of {groups} groups ({misses} questions). Attach each to the entry that answers it, or dismiss it.",
    unanswered_group: "{count} × “{question}” ({lang}, last asked {when})",
    also_asked: "Also asked as: {wordings}",
    after_none_of_these: "{n} of them after “None of these”.",
    no_candidates: "No entry comes close: add one to the knowledge files, or dismiss.",
    attach_button: "📎 {title} ({score})",
    dismiss_button: "✕ Dismiss",
    attached: "Attached “{question}” to “{title}”. I answer it from now on; /learned lists it with an undo button.",
    dismissed: "Dismissed “{question}” ({n} questions).",
    already_reviewed: "This question has already been dealt with. Send /unanswered for the current list.",
    entry_gone: "That entry no longer exists (the knowledge base was reloaded). Send /unanswered again.",
    learned_none: "No learned questions yet. Attach missed questions from /unanswered.",
    learned_heading: "Learned questions, newest first ({n}):",
    learned_line: "#{id} “{question}” → {title} ({lang}; by {by}, {when})",
    learned_exported: " — already in the knowledge files",
    undo_button: "↩ Undo #{id}",
    undone: "Undone #{id}: “{question}” is no longer a question of “{title}”; its misses are back in /unanswered.",
    undo_nothing: "#{id} was already undone.",
    reported_in: "As reported in “{source}” on {date}.",
    reported_in_undated: "As reported in “{source}”; the report is not dated.",
    event_past: "Held on {date}.",
    event_now: "Taking place now ({date}).",
    event_upcoming: "Scheduled for {date}.",
    event_year_unknown: "Date: {date}; the report does not give the year.",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
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
    welcome: "Здравствуйте! Я отвечаю на вопросы об ирано-российском сотрудничестве в сфере ИКТ: о встречах совместной рабочей группы по ИКТ, соглашениях и меморандумах, направлениях сотрудничества, филиалах российских университетов в Иране, а также о людях и организациях. К каждому ответу прилагается источник.\n\nСпрашивайте на русском, английском или персидском или выберите пример:",
    examples: [
        "Когда встреча в Москве?",
        "Могут ли российские компании открыть офис в технопарке «Пардис»?",
        "Какие российские университеты откроют филиалы в Иране?",
    ],
    help: "Просто напишите вопрос на русском, английском или персидском. В группах упомяните меня или ответьте на моё сообщение.\n\n/topics — все темы\n/lang — язык ответов\n/help — эта справка\n\nПримеры:",
    lang_prompt: "Выберите язык ответов:",
    topics_prompt: "Выберите тему:",
    back: "« Назад",
    browse_topics: "Все темы",
    non_text_hint: "Я понимаю только текст. Напишите, пожалуйста, вопрос.",
    apology: "Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.",
    command_descriptions: [
        "Начать и посмотреть примеры",
        "Как задавать вопросы, примеры",
        "Выбрать язык ответов",
        "Все темы",
        "Получать объявления по темам: all, meetings, business, universities, research",
        "Отписаться (от темы или от всего)",
        "Ваши темы объявлений",
    ],
    staff_command_descriptions: [
        "Сотрудникам: предпросмотр и рассылка объявления",
        "Сотрудникам: последние рассылки и их ход",
        "Сотрудникам: остановить рассылку",
        "Сотрудникам: подписчики и вопросы",
        "Сотрудникам: разбор вопросов без ответа",
        "Сотрудникам: перезагрузить базу знаний",
        "Сотрудникам: почему вопрос получает такой ответ",
        "Сотрудникам: выученные вопросы и их отмена",
    ],
    subscribed: "Вы подписаны на тему «{topic}». Чтобы отписаться, отправьте /unsubscribe.",
    unsubscribed: "Вы отписались от темы «{topic}».",
    unsubscribed_all: "Вы отписались от всех объявлений.",
    not_subscribed: "Вы не были подписаны на тему «{topic}».",
    subscriptions: "Ваши темы объявлений: {topics}.",
    no_subscriptions: "У вас нет подписок. Отправьте /subscribe, чтобы получать все объявления, или /subscribe meetings, business, universities или research.",
    unknown_topic: "Неизвестная тема. Выберите одну из: all, meetings, business, universities, research.",
    staff_only: "Извините, эта команда только для сотрудников программы.",
    broadcast_usage: "Формат: /broadcast [тема] [en|ru|fa] ТЕКСТ — или ответьте на сообщение командой /broadcast [тема] [en|ru|fa]. Темы: all, meetings, business, universities, research.",
    broadcast_preview: "Выше — рассылка №{id} в точности так, как её увидят получатели.\nТема: {topic}; язык: {lang}.\nАудитория сейчас: {audience}.\nОтправить?",
    confirm: "✅ Подтвердить",
    cancel: "✖ Отменить",
    broadcast_queued: "Рассылка №{id} поставлена в очередь для {n} получателей. Ход рассылки — в /broadcasts.",
    broadcast_already_confirmed: "Рассылка №{id} уже была подтверждена; повторно ничего не поставлено.",
    broadcast_cancelled: "Рассылка №{id} отменена; больше ничего из неё отправлено не будет.",
    broadcast_not_cancellable: "Рассылку №{id} нельзя отменить: её нет, она завершена или уже отменена.",
    broadcasts_none: "Рассылок пока нет.",
    broadcast_line: "№{id} {status} · {topic} · {lang} — отправлено {sent}, ошибок {failed}, заблокировали {blocked}, осталось {remaining}",
    any_language: "все языки",
    stats: "Подписчики по темам и языкам:\n{subscribers}\n\nВопросы за последние сутки: с ответом {day_answered}, без ответа {day_unanswered}.\nЗа неделю: с ответом {week_answered}, без ответа {week_unanswered}.",
    unanswered_none: "За последние 30 дней вопросов без ответа нет.",
    reloaded: "База знаний перезагружена: {n} записей.",
    reload_failed: "База знаний на диске содержит ошибки, поэтому продолжает работать текущая:\n{problems}",
    none_of_these: "Ничего из этого",
    none_of_these_logged: "Спасибо! Я передал ваш вопрос сотрудникам программы, чтобы они добавили ответ. А пока можно посмотреть, что я знаю.",
    why_usage: "Использование: /why ВОПРОС — покажет, как я понимаю вопрос, какие записи рассматривал, их оценки и пороги.",
    unanswered_summary: "Вопросы без ответа за 30 дней, сначала новые: {shown} из {groups} групп ({misses} вопросов). Привяжите каждую группу к записи, которая на неё отвечает, или отклоните.",
    unanswered_group: "{count} × «{question}» ({lang}, последний раз {when})",
    also_asked: "Также спрашивали: {wordings}",
    after_none_of_these: "Из них {n} — после «Ничего из этого».",
    no_candidates: "Ни одна запись не подходит: добавьте её в файлы базы знаний или отклоните.",
    attach_button: "📎 {title} (оценка {score})",
    dismiss_button: "✕ Отклонить",
    attached: "Вопрос «{question}» привязан к записи «{title}». Теперь я на него отвечаю; /learned покажет его с кнопкой отмены.",
    dismissed: "Вопрос «{question}» отклонён ({n} шт.).",
    already_reviewed: "С этим вопросом уже разобрались. Отправьте /unanswered, чтобы увидеть текущий список.",
    entry_gone: "Этой записи больше нет (база знаний была перезагружена). Отправьте /unanswered ещё раз.",
    learned_none: "Выученных вопросов пока нет. Привязывайте вопросы без ответа из /unanswered.",
    learned_heading: "Выученные вопросы, сначала новые ({n}):",
    learned_line: "#{id} «{question}» → {title} ({lang}; добавил {by}, {when})",
    learned_exported: " — уже в файлах базы знаний",
    undo_button: "↩ Отменить #{id}",
    undone: "Отменено #{id}: «{question}» больше не относится к записи «{title}»; вопросы вернулись в /unanswered.",
    undo_nothing: "#{id} уже отменён.",
    reported_in: "По сообщению «{source}» от {date}.",
    reported_in_undated: "По сообщению «{source}»; дата сообщения не указана.",
    event_past: "Прошло {date}.",
    event_now: "Проходит сейчас ({date}).",
    event_upcoming: "Запланировано на {date}.",
    event_year_unknown: "Дата: {date}; год в сообщении не указан.",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
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
    welcome: "سلام! من به پرسش‌ها درباره همکاری ایران و روسیه در حوزه فناوری اطلاعات و ارتباطات پاسخ می‌دهم: نشست‌های کارگروه مشترک، توافق‌ها و تفاهم‌نامه‌ها، حوزه‌های همکاری، شعبه‌های دانشگاه‌های روسی در ایران و افراد و سازمان‌های مرتبط. هر پاسخ همراه با منبع آن است.\n\nبه فارسی، روسی یا انگلیسی بپرسید یا یکی از این نمونه‌ها را امتحان کنید:",
    examples: [
        "نشست مسکو کی برگزار می‌شود؟",
        "آیا شرکت‌های روسی می‌توانند در پارک فناوری پردیس دفتر باز کنند؟",
        "کدام دانشگاه‌های روسی در ایران شعبه باز می‌کنند؟",
    ],
    help: "کافی است پرسش خود را به فارسی، روسی یا انگلیسی بنویسید. در گروه‌ها، مرا نام ببرید یا به پیام من پاسخ دهید.\n\n/topics — همه موضوع‌ها\n/lang — انتخاب زبان پاسخ\n/help — همین راهنما\n\nنمونه‌ها:",
    lang_prompt: "زبان پاسخ‌ها را انتخاب کنید:",
    topics_prompt: "یک موضوع انتخاب کنید:",
    back: "» بازگشت",
    browse_topics: "همه موضوع‌ها",
    non_text_hint: "من فقط متن را می‌فهمم. لطفاً پرسش خود را بنویسید.",
    apology: "متأسفم، مشکلی پیش آمد. لطفاً کمی بعد دوباره امتحان کنید.",
    command_descriptions: [
        "شروع و دیدن نمونه‌ها",
        "راهنمای پرسیدن و نمونه‌ها",
        "انتخاب زبان پاسخ",
        "همه موضوع‌ها",
        "دریافت اطلاعیه‌ها در موضوع‌های all، meetings، business، universities، research",
        "لغو اشتراک (یک موضوع یا همه)",
        "موضوع‌های اشتراک شما",
    ],
    staff_command_descriptions: [
        "کارکنان: پیش‌نمایش و ارسال اطلاعیه",
        "کارکنان: ارسال‌های اخیر و پیشرفت آن‌ها",
        "کارکنان: توقف یک ارسال",
        "کارکنان: مشترکان و پرسش‌ها",
        "کارکنان: بررسی پرسش‌های بی‌پاسخ",
        "کارکنان: بارگذاری دوباره پایگاه دانش",
        "کارکنان: چرا یک پرسش این پاسخ را می‌گیرد",
        "کارکنان: پرسش‌های آموخته و بازگردانی آن‌ها",
    ],
    subscribed: "مشترک موضوع «{topic}» شدید. برای لغو، /unsubscribe را بفرستید.",
    unsubscribed: "اشتراک موضوع «{topic}» لغو شد.",
    unsubscribed_all: "اشتراک همه اطلاعیه‌ها لغو شد.",
    not_subscribed: "شما مشترک موضوع «{topic}» نبودید.",
    subscriptions: "موضوع‌های اشتراک شما: {topics}.",
    no_subscriptions: "اشتراکی ندارید. برای دریافت همه اطلاعیه‌ها /subscribe و برای یک موضوع /subscribe meetings، business، universities یا research را بفرستید.",
    unknown_topic: "موضوع ناشناخته. یکی از این‌ها را انتخاب کنید: all، meetings، business، universities، research.",
    staff_only: "متأسفم، این فرمان فقط برای کارکنان برنامه است.",
    broadcast_usage: "شیوه استفاده: /broadcast [موضوع] [en|ru|fa] متن — یا در پاسخ به یک پیام: /broadcast [موضوع] [en|ru|fa]. موضوع‌ها: all، meetings، business، universities، research.",
    broadcast_preview: "پیام بالا ارسال شماره {id} است، دقیقاً همان‌گونه که گیرندگان می‌بینند.\nموضوع: {topic}؛ زبان: {lang}.\nمخاطبان در حال حاضر: {audience}.\nارسال شود؟",
    confirm: "✅ تأیید",
    cancel: "✖ لغو",
    broadcast_queued: "ارسال شماره {id} برای {n} گیرنده در صف قرار گرفت. پیشرفت آن را در /broadcasts ببینید.",
    broadcast_already_confirmed: "ارسال شماره {id} پیش‌تر تأیید شده بود؛ چیزی دوباره در صف قرار نگرفت.",
    broadcast_cancelled: "ارسال شماره {id} لغو شد؛ چیز دیگری از آن فرستاده نمی‌شود.",
    broadcast_not_cancellable: "ارسال شماره {id} قابل لغو نیست: وجود ندارد، تمام شده یا پیش‌تر لغو شده است.",
    broadcasts_none: "هنوز ارسالی انجام نشده است.",
    broadcast_line: "#{id} {status} · {topic} · {lang} — فرستاده {sent}، ناموفق {failed}، مسدودکرده {blocked}، باقی‌مانده {remaining}",
    any_language: "همه زبان‌ها",
    stats: "مشترکان به تفکیک موضوع و زبان:\n{subscribers}\n\nپرسش‌های یک روز اخیر: {day_answered} پاسخ‌داده، {day_unanswered} بی‌پاسخ.\nیک هفته اخیر: {week_answered} پاسخ‌داده، {week_unanswered} بی‌پاسخ.",
    unanswered_none: "در ۳۰ روز اخیر پرسش بی‌پاسخی نبوده است.",
    reloaded: "پایگاه دانش دوباره بارگذاری شد: {n} مدخل.",
    reload_failed: "پایگاه دانش روی دیسک نامعتبر است، پس نسخه فعلی همچنان کار می‌کند:\n{problems}",
    none_of_these: "هیچ‌کدام",
    none_of_these_logged: "سپاسگزارم؛ پرسش شما را به کارکنان برنامه دادم تا پاسخی برایش اضافه کنند. تا آن زمان می‌توانید موضوعاتی را که می‌دانم ببینید.",
    why_usage: "کاربرد: /why پرسش — نشان می‌دهد پرسش را چگونه می‌خوانم، کدام مدخل‌ها را با چه امتیازی سنجیدم و آستانه‌ها کجاست.",
    unanswered_summary: "پرسش‌های بی‌پاسخ ۳۰ روز اخیر، تازه‌ترین نخست: {shown} از {groups} گروه ({misses} پرسش). هر گروه را به مدخلی که پاسخش را می‌دهد پیوند دهید یا کنار بگذارید.",
    unanswered_group: "{count} × «{question}» ({lang}، آخرین بار {when})",
    also_asked: "به این شکل‌ها هم پرسیده شد: {wordings}",
    after_none_of_these: "{n} مورد پس از «هیچ‌کدام».",
    no_candidates: "هیچ مدخلی نزدیک نیست: مدخلی به پرونده‌های پایگاه دانش بیفزایید یا کنار بگذارید.",
    attach_button: "📎 {title} (امتیاز {score})",
    dismiss_button: "✕ کنار گذاشتن",
    attached: "پرسش «{question}» به مدخل «{title}» پیوند خورد. از این پس به آن پاسخ می‌دهم؛ /learned آن را با دکمه بازگردانی نشان می‌دهد.",
    dismissed: "پرسش «{question}» کنار گذاشته شد ({n} پرسش).",
    already_reviewed: "به این پرسش پیش‌تر رسیدگی شده است. برای فهرست کنونی /unanswered را بفرستید.",
    entry_gone: "این مدخل دیگر وجود ندارد (پایگاه دانش دوباره بارگذاری شد). دوباره /unanswered را بفرستید.",
    learned_none: "هنوز پرسش آموخته‌ای نیست. پرسش‌های بی‌پاسخ را از /unanswered پیوند دهید.",
    learned_heading: "پرسش‌های آموخته، تازه‌ترین نخست ({n}):",
    learned_line: "#{id} «{question}» ← {title} ({lang}؛ افزوده {by}، {when})",
    learned_exported: " — در پرونده‌های پایگاه دانش هست",
    undo_button: "↩ بازگردانی #{id}",
    undone: "#{id} بازگردانده شد: «{question}» دیگر پرسشی از «{title}» نیست؛ پرسش‌هایش به /unanswered برگشتند.",
    undo_nothing: "#{id} پیش‌تر بازگردانده شده است.",
    reported_in: "بر پایه گزارش «{source}» در {date}.",
    reported_in_undated: "بر پایه گزارش «{source}»؛ تاریخ گزارش ذکر نشده است.",
    event_past: "در {date} برگزار شد.",
    event_now: "هم‌اکنون در حال برگزاری است ({date}).",
    event_upcoming: "برای {date} برنامه‌ریزی شده است.",
    event_year_unknown: "تاریخ: {date}؛ سال در گزارش ذکر نشده است.",
    months: [
        "ژانویه",
        "فوریه",
        "مارس",
        "آوریل",
        "مه",
        "ژوئن",
        "ژوئیه",
        "اوت",
        "سپتامبر",
        "اکتبر",
        "نوامبر",
        "دسامبر",
    ],
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
            t.welcome,
            t.help,
            t.lang_prompt,
            t.topics_prompt,
            t.browse_topics,
            t.non_text_hint,
            t.apology,
        ];
        strings.extend(t.kinds);
        strings.extend(t.examples);
        strings.extend(t.command_descriptions);
        strings.extend(t.staff_command_descriptions);
        strings.extend([
            t.subscribed,
            t.unsubscribed,
            t.unsubscribed_all,
            t.not_subscribed,
            t.subscriptions,
            t.no_subscriptions,
            t.unknown_topic,
            t.staff_only,
            t.broadcast_usage,
            t.broadcast_preview,
            t.confirm,
            t.cancel,
            t.broadcast_queued,
            t.broadcast_already_confirmed,
            t.broadcast_cancelled,
            t.broadcast_not_cancellable,
            t.broadcasts_none,
            t.broadcast_line,
            t.any_language,
            t.stats,
            t.unanswered_none,
            t.reloaded,
            t.reload_failed,
            t.none_of_these,
            t.none_of_these_logged,
            t.why_usage,
            t.unanswered_summary,
            t.unanswered_group,
            t.also_asked,
            t.after_none_of_these,
            t.no_candidates,
            t.attach_button,
            t.dismiss_button,
            t.attached,
            t.dismissed,
            t.already_reviewed,
            t.entry_gone,
            t.learned_none,
            t.learned_heading,
            t.learned_line,
            t.learned_exported,
            t.undo_button,
            t.undone,
            t.undo_nothing,
            t.reported_in,
            t.reported_in_undated,
            t.event_past,
            t.event_now,
            t.event_upcoming,
            t.event_year_unknown,
        ]);
        strings.extend(t.months);
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
                    Lang::detect(&without_placeholders(other)),
                    Some(lang),
                    "{other:?} is not in {lang}"
                );
            }
        }
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
