//! What people actually type, in English, Russian and Persian: the wrong keyboard layout, Latin
//! script, misspelt question words, script variants and stress marks, spoken forms, synonyms and
//! roles, general-knowledge questions, lists and questions asking several things, and small talk.
//! Each behaviour is tested through the reply a user gets (`Answerer::reply`), with the embedded
//! knowledge base.

use coop_bot::answer::{Answerer, ListKind, ReplyKind, Unsaid};
use coop_bot::knowledge::load_embedded;
use coop_bot::lang::Lang;
use coop_bot::smalltalk::SmallTalk;

fn answerer() -> Answerer {
    Answerer::new(load_embedded().expect("the embedded knowledge base is valid"))
}

/// The entry a question is answered with, and the reply's language.
fn answered(question: &str) -> (Option<String>, Lang) {
    let answerer = answerer();
    let reply = answerer.reply(question, None, Lang::En);
    let entry = match &reply.kind {
        ReplyKind::Answer { entry, .. } => Some(entry.id.clone()),
        _ => None,
    };
    (entry, reply.lang)
}

fn assert_answers(question: &str, entry: &str, lang: Lang) {
    assert_eq!(
        answered(question),
        (Some(entry.to_string()), lang),
        "{question}"
    );
}

#[test]
fn russian_typed_on_the_english_layout_is_answered_in_russian() {
    // "Кто такой Фурсенко" and "Что такое МГУ" with the English layout on.
    assert_answers("Rnj nfrjq Aehctyrj", "andrei-fursenko", Lang::Ru);
    let (entry, lang) = answered("Xnj nfrjt VUE");
    assert!(entry.is_some_and(|e| e.contains("moscow-state") || e.contains("russian-university")));
    assert_eq!(lang, Lang::Ru);
}

#[test]
fn persian_typed_on_the_english_layout_is_answered_in_persian() {
    // "فورسنکو کیست" on the Windows Persian and the ISIRI layouts alike.
    assert_answers("tvsk;, ;dsj", "andrei-fursenko", Lang::Fa);
}

#[test]
fn english_typed_on_the_russian_layout_is_answered_in_english() {
    // "who is Fursenko".
    assert_answers("црщ шы Агкыутлщ", "andrei-fursenko", Lang::En);
}

#[test]
fn latin_script_russian_is_answered_in_russian() {
    assert_answers("kto takoi fursenko", "andrei-fursenko", Lang::Ru);
    let (entry, lang) = answered("kakie universitety otkroyut filialy v irane");
    assert!(entry.is_some_and(|e| e.contains("universit")), "{lang}");
    assert_eq!(lang, Lang::Ru);
}

#[test]
fn finglish_is_answered_in_persian() {
    let (entry, lang) = answered("tafahomname ro ki emza kard");
    assert!(entry.is_some_and(|e| {
        [
            "mou-joint-technology-zones",
            "mohammad-mehdi-naibi",
            "andrey-bezrukov",
        ]
        .contains(&e.as_str())
    }));
    assert_eq!(lang, Lang::Fa);
}

#[test]
fn finglish_ezafes_do_not_count_against_reading_it_as_persian() {
    // "مدیر پارک فناوری پردیس کیه", each ezafe written out as "-e".
    let (entry, lang) = answered("modir-e park-e fanavari-e pardis kie");
    assert!(entry.is_some_and(|e| e == "mehdi-safarinia" || e == "pardis-technology-park"));
    assert_eq!(lang, Lang::Fa);
}

#[test]
fn names_spelt_alike_in_both_scripts_do_not_make_finglish_english() {
    // "جلالی تو ایکس چی نوشت": a name and three Persian words.
    assert_answers("jalali too x chi nevesht", "kazem-jalali", Lang::Fa);
}

#[test]
fn a_finglish_function_word_is_read_before_a_rare_word_spelt_alike() {
    // "hast" is هست, not the rarer هاست, which would weigh as a word the question does not have.
    assert_answers(
        "neshast-e panjom koja hast",
        "fifth-ict-working-group-meeting",
        Lang::Fa,
    );
}

#[test]
fn english_names_do_not_make_an_english_question_transliteration() {
    assert_eq!(answered("how big is pardis park").1, Lang::En);
}

#[test]
fn misspelt_question_words_do_not_weigh_as_rare_words() {
    assert_answers(
        "wat is pardis technology park",
        "pardis-technology-park",
        Lang::En,
    );
    assert_answers(
        "што такое технопарк пардис",
        "pardis-technology-park",
        Lang::Ru,
    );
    assert_answers("پارک فناوری پردیس کجاس", "pardis-technology-park", Lang::Fa);
}

#[test]
fn stress_marks_and_arabic_letters_read_as_the_plain_words() {
    assert_answers(
        "Кто тако\u{301}й Безру\u{301}ков?",
        "andrey-bezrukov",
        Lang::Ru,
    );
    assert_eq!(
        answered("شعبه دانشگاههاي روسي در ايران"),
        answered("شعبه دانشگاه‌های روسی در ایران")
    );
}

#[test]
fn spoken_forms_are_reduced_to_the_written_ones() {
    assert_answers("سفیرمون تو روسیه کیه", "kazem-jalali", Lang::Fa);
    assert_answers("чё за кибербез на встрече", "cybersecurity", Lang::Ru);
}

#[test]
fn synonyms_and_roles_reach_the_entry_in_every_language() {
    assert_answers("who is the presidential aide", "andrei-fursenko", Lang::En);
    assert_answers("кто глава технопарка пардис", "mehdi-safarinia", Lang::Ru);
    assert_answers("رئیس پارک پردیس کیه", "mehdi-safarinia", Lang::Fa);
}

#[test]
fn what_a_person_said_about_a_meeting_is_answered_with_the_person() {
    assert_answers(
        "what did the Iranian envoy post about the upcoming meeting?",
        "kazem-jalali",
        Lang::En,
    );
    assert_answers(
        "Что иранский посол написал о предстоящем заседании?",
        "kazem-jalali",
        Lang::Ru,
    );
    assert_answers(
        "سفیر ایران درباره نشست آینده چی نوشت؟",
        "kazem-jalali",
        Lang::Fa,
    );
}

#[test]
fn a_question_asking_which_fair_is_answered_with_the_fair_not_its_speaker() {
    assert_answers(
        "At which expo did the presidential aide speak?",
        "inotex-2025-meeting",
        Lang::En,
    );
    assert_answers(
        "На какой выставке выступал Фурсенко?",
        "inotex-2025-meeting",
        Lang::Ru,
    );
    assert_answers(
        "فورسنکو در کدام نمایشگاه صحبت کرد؟",
        "inotex-2025-meeting",
        Lang::Fa,
    );
}

#[test]
fn a_question_asking_what_a_fair_was_called_is_answered_with_the_fair() {
    assert_answers(
        "The exhibition where Fursenko spoke, what was it called?",
        "inotex-2025-meeting",
        Lang::En,
    );
    assert_answers(
        "Как называлась выставка в Тегеране, где выступал Фурсенко?",
        "inotex-2025-meeting",
        Lang::Ru,
    );
    assert_answers(
        "اسم نمایشگاهی که فورسنکو در آن صحبت کرد چه بود؟",
        "inotex-2025-meeting",
        Lang::Fa,
    );
}

#[test]
fn a_question_asking_what_paper_was_signed_at_a_fair_is_answered_with_the_agreement() {
    assert_answers(
        "Какую бумагу подписали на выставке INOTEX?",
        "mou-joint-technology-zones",
        Lang::Ru,
    );
}

/// The speaker's entry and the entry of what he said fit such a question alike; either answers
/// it, so their closeness is no reason to offer a choice.
#[test]
fn a_statement_and_its_speaker_are_no_rivals() {
    for (question, lang) in [
        ("فورسنکو درباره فناوری جدید چی گفته", Lang::Fa),
        ("what did Fursenko say on new technologies?", Lang::En),
        ("что Фурсенко говорил про новые технологии?", Lang::Ru),
    ] {
        let (entry, reply_lang) = answered(question);
        assert!(
            matches!(
                entry.as_deref(),
                Some("andrei-fursenko" | "emerging-technologies-priority")
            ),
            "{question}: {entry:?}"
        );
        assert_eq!(reply_lang, lang, "{question}");
    }
}

#[test]
fn a_meeting_question_naming_the_speaker_in_passing_stays_on_the_meeting() {
    assert_answers(
        "when will the Moscow meeting the ambassador mentioned take place?",
        "fifth-ict-working-group-meeting",
        Lang::En,
    );
}

#[test]
fn general_knowledge_questions_are_offered_the_programme_entry_never_answered() {
    let answerer = answerer();
    for question in [
        "What is biotechnology?",
        "define renewable energy",
        "Что такое кибербезопасность простыми словами?",
        "هوش مصنوعی چیست؟",
        "who is the president of Russia",
    ] {
        let reply = answerer.reply(question, None, Lang::En);
        assert!(
            matches!(reply.kind, ReplyKind::InProgramme(_) | ReplyKind::Unknown),
            "{question}: {:?}",
            reply.kind
        );
    }
}

#[test]
fn a_russian_question_asking_who_did_something_is_no_identity_question() {
    // «Кто президент России?» asks an identity (general knowledge); «кто подписал …» asks who
    // did something the report tells.
    let answerer = answerer();
    let general = answerer.reply("Кто президент России?", None, Lang::En);
    assert!(!general.kind.is_answer(), "{:?}", general.kind);
    let reply = answerer.reply(
        "Кто подписал меморандум с российской стороны?",
        None,
        Lang::En,
    );
    assert!(reply.kind.is_answer(), "{:?}", reply.kind);
    assert!(!reply.result.general);
}

#[test]
fn a_what_is_question_about_something_of_an_agreement_is_answered() {
    let answerer = answerer();
    for question in [
        "What is the aim of the agreement on technology zones?",
        "هدف تفاهم‌نامه مناطق فناوری چیست؟",
    ] {
        let reply = answerer.reply(question, None, Lang::En);
        assert_eq!(
            reply.entries().first().map(|e| e.id.as_str()),
            Some("mou-joint-technology-zones"),
            "{question}: {:?}",
            reply.kind
        );
    }
}

#[test]
fn a_question_about_the_programmes_part_of_a_topic_is_answered() {
    let answerer = answerer();
    let reply = answerer.reply(
        "Is cybersecurity on the agenda of the Moscow meeting?",
        None,
        Lang::En,
    );
    assert!(reply.kind.is_answer(), "{:?}", reply.kind);
}

#[test]
fn an_overview_is_a_list_from_the_records_in_every_language() {
    let answerer = answerer();
    for question in [
        "Which people does the report name?",
        "Перечисли всех людей из статьи",
        "همه افرادی که در گزارش آمده‌اند را نام ببر",
    ] {
        let reply = answerer.reply(question, None, Lang::En);
        let ReplyKind::List(list) = &reply.kind else {
            panic!("{question}: {:?}", reply.kind);
        };
        assert_eq!(list.kind, ListKind::People);
        let ids: Vec<&str> = list.items.iter().map(|e| e.id.as_str()).collect();
        for person in [
            "kazem-jalali",
            "andrei-fursenko",
            "mehdi-safarinia",
            "andrey-bezrukov",
        ] {
            assert!(ids.contains(&person), "{question}: {ids:?}");
        }
        assert!(!list.citations.is_empty());
    }
}

#[test]
fn a_list_of_what_belongs_to_something_follows_the_records() {
    let answerer = answerer();
    let reply = answerer.reply("every topic on the December agenda", None, Lang::En);
    let ReplyKind::List(list) = &reply.kind else {
        panic!("{:?}", reply.kind);
    };
    assert_eq!(
        list.scope.map(|e| e.id.as_str()),
        Some("fifth-ict-working-group-meeting")
    );
    assert_eq!(list.items.len(), 4);
}

#[test]
fn the_key_areas_of_a_meeting_are_listed_from_its_agenda() {
    // The first plural noun is what is listed: «заседания» after «темы» is the meeting's, not a
    // plural of meetings.
    let answerer = answerer();
    for question in [
        "focus areas of the Moscow meeting",
        "ключевые темы заседания в Москве",
        "محورهای کلیدی نشست مسکو",
    ] {
        let reply = answerer.reply(question, None, Lang::En);
        let ReplyKind::List(list) = &reply.kind else {
            panic!("{question}: {:?}", reply.kind);
        };
        assert_eq!(list.kind, ListKind::Topics, "{question}");
        assert_eq!(list.items.len(), 4, "{question}");
    }
}

#[test]
fn a_list_whose_rest_fits_several_linked_items_alike_lists_them() {
    let answerer = answerer();
    for question in [
        "Which international organisations are Iran and Russia members of?",
        "В какие международные организации входят Иран и Россия?",
        "ایران و روسیه عضو کدام سازمان‌های بین‌المللی هستند؟",
    ] {
        let reply = answerer.reply(question, None, Lang::En);
        let ReplyKind::List(list) = &reply.kind else {
            panic!("{question}: {:?}", reply.kind);
        };
        let mut ids: Vec<&str> = list.items.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            ["brics", "shanghai-cooperation-organization"],
            "{question}"
        );
    }
}

#[test]
fn a_list_noun_beside_one_item_clearly_ahead_is_a_question_about_that_item() {
    assert_eq!(
        reply_entries("Is cybersecurity on the agenda?"),
        ["cybersecurity"]
    );
}

#[test]
fn a_question_asking_two_things_is_answered_with_both_entries() {
    let answerer = answerer();
    let reply = answerer.reply(
        "Who is Fursenko and where is Pardis Technology Park?",
        None,
        Lang::En,
    );
    let ReplyKind::Several(parts) = &reply.kind else {
        panic!("{:?}", reply.kind);
    };
    let ids: Vec<&str> = parts.iter().map(|p| p.entry.id.as_str()).collect();
    assert!(
        ids.contains(&"andrei-fursenko") && ids.contains(&"pardis-technology-park"),
        "{ids:?}"
    );
    assert!(parts.iter().all(|p| !p.citations.is_empty()));
}

/// The ids of the entries a question's reply answers with, in order (none for suggestions).
fn reply_entries(question: &str) -> Vec<String> {
    let answerer = answerer();
    let reply = answerer.reply(question, None, Lang::En);
    reply.entries().iter().map(|e| e.id.clone()).collect()
}

/// The entries a question asking several things is answered with, in order.
fn several(question: &str) -> Vec<String> {
    let answerer = answerer();
    let reply = answerer.reply(question, None, Lang::En);
    match &reply.kind {
        ReplyKind::Several(parts) => parts.iter().map(|p| p.entry.id.clone()).collect(),
        other => panic!("{question}: {other:?}"),
    }
}

#[test]
fn a_part_asking_who_of_a_meeting_is_answered_by_the_person_the_records_link_to_it() {
    for question in [
        "When is the working group meeting, and who announced it?",
        "Когда пройдёт заседание в Москве и кто о нём объявил?",
        "نشست مسکو کی برگزار می‌شود و کی خبرش را داد؟",
    ] {
        let ids = several(question);
        assert!(
            ids.contains(&"kazem-jalali".to_string()),
            "{question}: {ids:?}"
        );
    }
}

#[test]
fn a_part_asking_where_a_person_spoke_is_answered_by_the_meeting_the_records_link_to_him() {
    for question in [
        "Who is Safarinia and where did he speak?",
        "Где и когда выступал Фурсенко?",
        "صفری‌نیا کیه و کجا صحبت کرد؟",
    ] {
        let ids = several(question);
        assert!(
            ids.contains(&"inotex-2025-meeting".to_string()),
            "{question}: {ids:?}"
        );
    }
}

#[test]
fn a_part_asking_who_is_left_to_its_entry_when_the_records_link_several_people() {
    // The MOU names two signatories: its own answer says who signed it.
    assert_eq!(
        reply_entries("What is the MOU and who signed it?"),
        ["mou-joint-technology-zones"]
    );
}

#[test]
fn a_question_asking_for_a_detail_the_report_lacks_is_told_so_in_its_language() {
    let answerer = answerer();
    for (text, detail, lang) in [
        (
            "Where exactly in Moscow is the meeting, which building?",
            Unsaid::Venue,
            Lang::En,
        ),
        (
            "Нужна ли виза иранским студентам для учёбы в российском филиале?",
            Unsaid::Visa,
            Lang::Ru,
        ),
        (
            "زبان تدریس شعبه دانشگاه سن پترزبورگ چیه؟",
            Unsaid::Language,
            Lang::Fa,
        ),
    ] {
        let reply = answerer.reply(text, None, Lang::En);
        assert!(reply.kind.is_answer(), "{text}: {:?}", reply.kind);
        assert_eq!((reply.unsaid, reply.lang), (Some(detail), lang), "{text}");
        let line = reply.unsaid_line().expect("a line saying so");
        assert_eq!(Lang::detect(&line), Some(lang), "{line}");
    }
}

#[test]
fn an_answer_that_already_says_the_report_is_silent_on_the_detail_is_not_told_twice() {
    // The branches' answer says the report gives no fees or admission rules.
    let answerer = answerer();
    let reply = answerer.reply(
        "What are the tuition fees at the Russian university branch?",
        None,
        Lang::En,
    );
    assert!(reply.kind.is_answer(), "{:?}", reply.kind);
    assert_eq!(reply.unsaid, None);
}

#[test]
fn a_question_asking_for_no_detail_gets_no_such_line() {
    let answerer = answerer();
    let reply = answerer.reply("When is the Moscow meeting?", None, Lang::En);
    assert_eq!(reply.unsaid_line(), None);
}

#[test]
fn small_talk_gets_a_friendly_reply_in_its_language() {
    let answerer = answerer();
    for (text, kind, lang) in [
        ("Hi there!", SmallTalk::Greeting, Lang::En),
        ("спасибо большое", SmallTalk::Thanks, Lang::Ru),
        ("خداحافظ", SmallTalk::Goodbye, Lang::Fa),
        ("are you a bot?", SmallTalk::About, Lang::En),
        ("Ghbdtn", SmallTalk::Greeting, Lang::Ru),
        ("salam", SmallTalk::Greeting, Lang::Fa),
    ] {
        let reply = answerer.reply(text, None, Lang::En);
        assert_eq!(reply.kind, ReplyKind::SmallTalk(kind), "{text}");
        assert_eq!(reply.lang, lang, "{text}");
        assert!(!reply.kind.is_miss(), "{text}");
    }
}

#[test]
fn ask_json_lists_every_entry_used_and_marks_small_talk() {
    use coop_bot::answer::AskJson;
    let answerer = answerer();
    let reply = answerer.reply("Which people does the report name?", None, Lang::En);
    let json = serde_json::to_value(AskJson::from(&reply)).expect("json");
    assert_eq!(json["matched"], true);
    assert!(json["entries"].as_array().is_some_and(|e| e.len() >= 4));
    assert_eq!(json["entry"], json["entries"][0]);
    assert!(
        json["answer"]
            .as_str()
            .is_some_and(|a| a.contains("Fursenko"))
    );
    assert_eq!(json["smalltalk"], serde_json::Value::Null);

    let reply = answerer.reply("thanks!", None, Lang::En);
    let json = serde_json::to_value(AskJson::from(&reply)).expect("json");
    assert_eq!(json["matched"], false);
    assert_eq!(json["smalltalk"], "thanks");
}

/// Through Telegram: the app as `serve` runs it, against the loopback Bot API.
mod through_telegram {
    use std::time::Duration;

    use crate::support::app::{settings, spawn_app};
    use crate::support::fake_api::{self, FakeApi};

    const WAIT: Duration = Duration::from_secs(30);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn small_talk_rewrites_and_lists_are_understood_end_to_end() {
        let api = FakeApi::start().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let app = spawn_app(settings(&api, dir.path())).await;

        // Small talk in each language: a friendly reply in that language, with example
        // questions as buttons.
        for (chat, text, says) in [
            (2001, "hello!", "Hello!"),
            (2002, "привет", "Здравствуйте!"),
            (2003, "سلام", "سلام!"),
        ] {
            api.push_update(fake_api::private_text(chat, text, "en"));
            let reply = &api.wait_for_chat(chat, 1, WAIT).await[0];
            assert!(reply.text().starts_with(says), "{text}: {}", reply.text());
            assert_eq!(reply.buttons().len(), 3, "{text}");
        }

        // Latin-script Russian and Russian typed on the English layout, answered in Russian;
        // Finglish answered in Persian.
        for (chat, text, word) in [
            (2004, "kto takoi fursenko", "Фурсенко"),
            (2005, "Rnj nfrjq Aehctyrj", "Фурсенко"),
            (2006, "fursenko kie", "فورسنکو"),
        ] {
            api.push_update(fake_api::private_text(chat, text, "en"));
            let reply = &api.wait_for_chat(chat, 1, WAIT).await[0];
            assert!(reply.text().contains(word), "{text}: {}", reply.text());
        }

        // A list question: the list, each item a button, and its sources.
        api.push_update(fake_api::private_text(
            2007,
            "Which people does the report name?",
            "en",
        ));
        let list = &api.wait_for_chat(2007, 1, WAIT).await[0];
        assert!(
            list.text().contains("People named in the report"),
            "{}",
            list.text()
        );
        assert!(list.text().contains("Kazem Jalali") && list.text().contains("<b>Sources</b>"));
        assert!(list.buttons().len() >= 5);

        app.stop().await.expect("the app stops cleanly");
        api.stop().await;
    }
}
