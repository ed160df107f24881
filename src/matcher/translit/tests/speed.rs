//! Build and query times of the transliteration index over a synthetic vocabulary.

use super::*;

/// A seeded generator for synthetic vocabularies (no rand crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// `count` Russian-like and `count` Persian-like words, with a Latin spelling of each.
fn synthetic(count: usize) -> Vec<(String, String)> {
    const RU_C: [(&str, &str); 20] = [
        ("б", "b"),
        ("в", "v"),
        ("г", "g"),
        ("д", "d"),
        ("ж", "zh"),
        ("з", "z"),
        ("к", "k"),
        ("л", "l"),
        ("м", "m"),
        ("н", "n"),
        ("п", "p"),
        ("р", "r"),
        ("с", "s"),
        ("т", "t"),
        ("ф", "f"),
        ("х", "kh"),
        ("ц", "ts"),
        ("ч", "ch"),
        ("ш", "sh"),
        ("щ", "sch"),
    ];
    const RU_V: [(&str, &str); 8] = [
        ("а", "a"),
        ("о", "o"),
        ("е", "e"),
        ("и", "i"),
        ("у", "u"),
        ("ы", "y"),
        ("я", "ya"),
        ("ю", "yu"),
    ];
    const FA_C: [(&str, &str); 20] = [
        ("ب", "b"),
        ("پ", "p"),
        ("ت", "t"),
        ("ج", "j"),
        ("چ", "ch"),
        ("خ", "kh"),
        ("د", "d"),
        ("ر", "r"),
        ("ز", "z"),
        ("س", "s"),
        ("ش", "sh"),
        ("ف", "f"),
        ("ق", "gh"),
        ("ک", "k"),
        ("گ", "g"),
        ("ل", "l"),
        ("م", "m"),
        ("ن", "n"),
        ("ه", "h"),
        ("ص", "s"),
    ];
    const FA_V: [(&str, &str); 6] = [
        ("ا", "a"),
        ("و", "u"),
        ("ی", "i"),
        ("", "a"),
        ("", "e"),
        ("", "o"),
    ];
    let mut rng = Lcg(7);
    let mut out = Vec::with_capacity(2 * count);
    for _ in 0..count {
        let syllables = 2 + rng.next(4);
        out.push(syllables_of(&mut rng, syllables, &RU_C, &RU_V));
        let syllables = 2 + rng.next(3);
        let (mut word, mut latin) = syllables_of(&mut rng, syllables, &FA_C, &FA_V);
        let (c, lc) = FA_C[rng.next(FA_C.len())];
        word += c;
        latin += lc;
        out.push((word, latin));
    }
    out
}

/// A word of `count` syllables, each a consonant and a vowel drawn from the tables of letters and
/// their Latin spellings, with its Latin spelling.
fn syllables_of(
    rng: &mut Lcg,
    count: usize,
    consonants: &[(&'static str, &'static str)],
    vowels: &[(&'static str, &'static str)],
) -> (String, String) {
    let (mut word, mut latin) = (String::new(), String::new());
    for _ in 0..count {
        let (c, lc) = consonants[rng.next(consonants.len())];
        let (v, lv) = vowels[rng.next(vowels.len())];
        word += c;
        word += v;
        latin += lc;
        latin += lv;
    }
    (word, latin)
}

/// Run with `cargo test --release --lib matcher::translit::tests::speed -- --ignored
/// --nocapture`: build and query times over a 50,000-word synthetic vocabulary.
#[test]
#[ignore = "timing; run in release"]
fn speed() {
    use std::time::{Duration, Instant};
    let pairs = synthetic(25_000);
    let started = Instant::now();
    let index = TranslitIndex::build(pairs.iter().map(|(w, _)| w.as_str()));
    let build = started.elapsed();
    println!("{} words indexed in {build:?}", index.words.len());
    let spelled: Vec<String> = pairs.iter().step_by(25).map(|(_, l)| l.clone()).collect();
    let typos: Vec<String> = pairs
        .iter()
        .step_by(50)
        .map(|(_, l)| format!("{}x", &l[..l.len() - 1]))
        .collect();
    let english: Vec<String> = [
        "meeting",
        "company",
        "agreement",
        "university",
        "technology",
        "exhibition",
        "where",
        "when",
        "who",
        "what",
        "signed",
        "minister",
        "cooperation",
        "the",
        "of",
        "market",
        "ambassador",
        "information",
        "about",
        "conference",
    ]
    .iter()
    .flat_map(|w| std::iter::repeat_n(w.to_string(), 10))
    .collect();
    let mut all = Vec::new();
    for (name, queries) in [
        ("spelled", &spelled),
        ("typo", &typos),
        ("english", &english),
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
        let mut found = 0usize;
        for query in queries {
            let started = Instant::now();
            let matches = index.candidates(query);
            times.push(started.elapsed());
            found += usize::from(!matches.is_empty());
        }
        all.extend_from_slice(&times);
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        println!(
            "{name:>8}: {} queries, median {:?}, p90 {:?}, p99 {:?}, max {:?}; {found} found something",
            times.len(),
            at(0.5),
            at(0.9),
            at(0.99),
            at(1.0)
        );
    }
    all.sort();
    println!(
        "     all: median {:?}, p90 {:?}",
        all[all.len() / 2],
        all[all.len() * 9 / 10]
    );
    let hits = pairs
        .iter()
        .step_by(25)
        .filter(|(w, l)| index.candidates(l).iter().any(|m| &m.word == w))
        .count();
    println!("{hits}/{} spellings found their word", spelled.len());
}
