//! Shared by the benchmarks: a generator of realistic synthetic knowledge bases and question mixes.
//! Only benchmarks use it; the real knowledge base is curated by hand.

#![allow(dead_code)]

use coop_bot::knowledge::{KnowledgeBase, KnowledgeFile, load_embedded, load_files};
use serde_json::{Value, json};

/// A small deterministic generator (xorshift64*), so every run measures the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Zipf-like: small indexes far more often than large ones.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const LATIN: &[&str] = &[
    "ka", "zem", "ro", "vin", "tal", "mer", "sar", "dol", "pen", "tis", "gor", "lin", "bez", "fur",
    "nov",
];
const CYRILLIC: &[&str] = &[
    "ка", "зем", "ро", "вин", "тал", "мер", "сар", "дол", "пен", "тис", "гор", "лин", "без", "фур",
    "нов",
];
const PERSIAN: &[&str] = &[
    "کا", "زم", "رو", "وین", "تال", "مر", "سار", "دل", "پن", "تیس", "گر", "لین", "بز", "فور", "نو",
];

/// A made-up name in a script (entry-specific words: people, places, organisations).
fn name(rng: &mut Rng, syllables: &[&str]) -> String {
    (0..2 + rng.below(2))
        .map(|_| *rng.pick(syllables))
        .collect()
}

/// The words of the real knowledge base per language, most frequent first: the common vocabulary.
fn vocabulary(kb: &KnowledgeBase) -> [Vec<String>; 3] {
    let mut counts: [std::collections::HashMap<String, usize>; 3] = Default::default();
    for entry in kb.entries() {
        for (i, lang) in coop_bot::lang::Lang::ALL.into_iter().enumerate() {
            let texts = entry
                .questions
                .get(lang)
                .iter()
                .chain(entry.aliases.get(lang))
                .chain([entry.answer.get(lang)]);
            for text in texts {
                for word in text.split(|c: char| !c.is_alphanumeric() && c != '\u{200C}') {
                    if word.chars().count() > 1 {
                        *counts[i].entry(word.to_lowercase()).or_default() += 1;
                    }
                }
            }
        }
    }
    counts.map(|c| {
        let mut words: Vec<(String, usize)> = c.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        words.into_iter().map(|(w, _)| w).collect()
    })
}

/// One synthetic entry shaped like the real ones: names in three scripts, aliases, questions and an
/// answer in en/ru/fa, a source quote taken from the real knowledge base.
fn entry(rng: &mut Rng, n: usize, vocab: &[Vec<String>; 3], quote: &str) -> Value {
    let names = [name(rng, LATIN), name(rng, CYRILLIC), name(rng, PERSIAN)];
    let phrase = |lang: usize, words: usize, rng: &mut Rng| -> String {
        let mut out: Vec<String> = (0..words)
            .map(|_| vocab[lang][rng.zipf(vocab[lang].len())].clone())
            .collect();
        out.insert(rng.below(out.len() + 1), names[lang].clone());
        out.join(" ")
    };
    let per_lang = |count: usize, words: usize, rng: &mut Rng| -> Value {
        let mut make =
            |lang: usize| -> Vec<String> { (0..count).map(|_| phrase(lang, words, rng)).collect() };
        json!({"en": make(0), "ru": make(1), "fa": make(2)})
    };
    let aliases = per_lang(3, 2, rng);
    let questions = per_lang(5, 5, rng);
    let answers = per_lang(1, 30, rng);
    json!({
        "id": format!("synthetic-{n}"),
        "title": {"en": names[0], "ru": names[1], "fa": names[2]},
        "aliases": aliases,
        "questions": questions,
        "answer": {"en": answers["en"][0], "ru": answers["ru"][0], "fa": answers["fa"][0]},
        "related": [],
        "sources": [{"source": "ict-working-group-report", "quote": quote}],
        "as_of": null,
        "details": {"area_of": []}
    })
}

/// A valid knowledge base of `size` entries: the real one plus synthetic focus areas, loaded through
/// the same validation as the real files.
pub fn knowledge_base(size: usize) -> KnowledgeBase {
    let real = load_embedded().expect("the embedded knowledge base is valid");
    let vocab = vocabulary(&real);
    let quote = real.entries()[0].sources[0].quote.clone();
    let mut rng = Rng::new(size as u64 * 7919);
    let extra = size.saturating_sub(real.len());
    let synthetic: Vec<Value> = (0..extra)
        .map(|n| entry(&mut rng, n, &vocab, &quote))
        .collect();
    let mut files = coop_bot::knowledge::embedded_files();
    let focus = files
        .iter_mut()
        .find(|f| f.name == "focus_areas.json")
        .expect("focus areas");
    let mut entries: Vec<Value> = serde_json::from_str(&focus.text).expect("json");
    entries.extend(synthetic);
    *focus = KnowledgeFile {
        path: "synthetic/focus_areas.json".into(),
        name: "focus_areas.json".into(),
        text: serde_json::to_string(&entries).expect("json"),
    };
    load_files(&files).expect("the synthetic knowledge base is valid")
}

/// The fixed question mix: for entries spread over the knowledge base, a question in each language
/// as written, shortened (a paraphrase), and with a typo in its name; plus unrelated questions.
pub fn question_mix(kb: &KnowledgeBase, count: usize) -> Vec<String> {
    let mut rng = Rng::new(42);
    let mut questions = Vec::with_capacity(count);
    let unrelated = [
        "Moscow metro opening hours",
        "best restaurant in Tehran",
        "погода в Москве завтра",
        "قیمت دلار امروز",
        "how to get a Russian visa",
        "цена биткоина",
    ];
    while questions.len() < count {
        let entry = &kb.entries()[rng.below(kb.len())];
        let lang = coop_bot::lang::Lang::ALL[rng.below(3)];
        let question = rng.pick(entry.questions.get(lang)).clone();
        let words: Vec<&str> = question.split_whitespace().collect();
        match rng.below(4) {
            0 => questions.push(question.clone()),
            1 => {
                let keep = words.len().div_ceil(2).max(1);
                questions.push(words[..keep].join(" "));
            }
            2 => {
                let mut chars: Vec<char> = entry.title.get(lang).chars().collect();
                if chars.len() > 3 {
                    chars.swap(1, 2);
                }
                let typo: String = chars.into_iter().collect();
                questions.push(format!(
                    "{} {}",
                    words.first().copied().unwrap_or_default(),
                    typo
                ));
            }
            _ => questions.push(rng.pick(&unrelated).to_string()),
        }
    }
    questions
}
