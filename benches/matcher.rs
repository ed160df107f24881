//! Matcher benchmark: index build time and memory, and median / p99 latency per question, at 100 to
//! 100,000 entries; load + index time of the real knowledge base; and a side-by-side with the
//! general fuzzy matcher people reach for (a strsim Jaro–Winkler scan over every alias and question)
//! on speed and on the labelled questions' accuracy.
//!
//! `cargo bench --bench matcher` (all sizes) or `cargo bench --bench matcher -- 1000 10000`.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use coop_bot::evaluation::{evaluate, read_labelled};
use coop_bot::knowledge::{KnowledgeBase, load_embedded};
use coop_bot::matcher::{Matcher, normalize};

/// Counts live heap bytes, to report the memory an index holds.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Times each question, several rounds, single-threaded.
fn latencies(questions: &[String], mut find: impl FnMut(&str), min_calls: usize) -> Vec<Duration> {
    for q in questions.iter().take(50) {
        find(q);
    }
    let mut times = Vec::new();
    while times.len() < min_calls {
        for q in questions {
            let start = Instant::now();
            find(q);
            times.push(start.elapsed());
        }
    }
    times.sort_unstable();
    times
}

/// The naive approach: compare the whole question with every alias and question of every entry.
struct ScanMatcher {
    phrases: Vec<(usize, String)>,
}

impl ScanMatcher {
    fn new(kb: &KnowledgeBase) -> ScanMatcher {
        let mut phrases = Vec::new();
        for (i, entry) in kb.entries().iter().enumerate() {
            for (_, list) in entry.aliases.iter().chain(entry.questions.iter()) {
                phrases.extend(list.iter().map(|p| (i, normalize(p))));
            }
        }
        ScanMatcher { phrases }
    }

    fn best(&self, question: &str) -> (usize, f64) {
        let q = normalize(question);
        self.phrases
            .iter()
            .map(|(i, p)| (*i, strsim::jaro_winkler(&q, p)))
            .fold(
                (0, 0.0),
                |best, cur| if cur.1 > best.1 { cur } else { best },
            )
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if args.is_empty() {
        vec![100, 1_000, 10_000, 100_000]
    } else {
        args
    };

    // The real knowledge base: load + validate + index.
    let mut load_times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let kb = load_embedded().expect("valid");
            let matcher = Matcher::new(&kb);
            std::hint::black_box(&matcher);
            start.elapsed()
        })
        .collect();
    load_times.sort_unstable();
    println!(
        "real knowledge base: load + validate + index, median of 20: {}",
        micros(percentile(&load_times, 0.5))
    );

    println!(
        "\n| entries | index build | index memory | median / question | p99 / question | vocabulary |"
    );
    println!("|---|---|---|---|---|---|");
    for &size in &sizes {
        let kb = support::knowledge_base(size);
        let questions = support::question_mix(&kb, 400);
        let before = LIVE.load(Ordering::Relaxed);
        let start = Instant::now();
        let matcher = Matcher::new(&kb);
        let build = start.elapsed();
        let memory = LIVE.load(Ordering::Relaxed).saturating_sub(before);
        let times = latencies(
            &questions,
            |q| {
                std::hint::black_box(matcher.find(q));
            },
            4_000,
        );
        println!(
            "| {} | {:.1} ms | {:.1} MiB | {} | {} | {} |",
            kb.len(),
            build.as_secs_f64() * 1e3,
            memory as f64 / (1024.0 * 1024.0),
            micros(percentile(&times, 0.5)),
            micros(percentile(&times, 0.99)),
            matcher.index().vocabulary_size()
        );
    }

    // Side by side on the real knowledge base and the labelled questions.
    let kb = load_embedded().expect("valid");
    let matcher = Matcher::new(&kb);
    let scan = ScanMatcher::new(&kb);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut labelled = read_labelled(&dir.join("labelled.jsonl")).expect("labelled");
    labelled.extend(read_labelled(&dir.join("holdout.jsonl")).expect("holdout"));
    let ours = evaluate(&matcher, &kb, &labelled);
    // The scan's best threshold on these very questions (as generous to it as can be).
    let scored: Vec<(usize, f64, &Vec<String>)> = labelled
        .iter()
        .map(|q| {
            let (entry, score) = scan.best(&q.q);
            (entry, score, &q.expect)
        })
        .collect();
    let related = labelled.iter().filter(|q| !q.expect.is_empty()).count();
    let unrelated = labelled.len() - related;
    let (threshold, correct, answered_unrelated) = (50..100)
        .map(|t| t as f64 / 100.0)
        .map(|t| {
            let correct = scored
                .iter()
                .filter(|(e, s, x)| *s >= t && x.contains(&kb.entries()[*e].id))
                .count();
            let wrong_unrelated = scored
                .iter()
                .filter(|(_, s, x)| *s >= t && x.is_empty())
                .count();
            (t, correct, wrong_unrelated)
        })
        .filter(|(_, _, unrelated_answered)| {
            (*unrelated_answered as f64) <= 0.05 * unrelated as f64
        })
        .max_by_key(|(_, correct, _)| *correct)
        .unwrap_or((1.0, 0, 0));
    let questions: Vec<String> = labelled.iter().map(|q| q.q.clone()).collect();
    let ours_times = latencies(
        &questions,
        |q| {
            std::hint::black_box(matcher.find(q));
        },
        4_000,
    );
    let scan_times = latencies(
        &questions,
        |q| {
            std::hint::black_box(scan.best(q));
        },
        2_000,
    );
    println!(
        "\nSide by side, real knowledge base, {} labelled questions ({related} related, {unrelated} unrelated):",
        labelled.len()
    );
    println!(
        "| matcher | top-1 correct | unrelated answered | median / question | p99 / question |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| coop-bot | {:.1}% | {:.1}% | {} | {} |",
        100.0 * ours.accuracy(),
        100.0 * ours.unrelated_answer_rate(),
        micros(percentile(&ours_times, 0.5)),
        micros(percentile(&ours_times, 0.99))
    );
    println!(
        "| strsim Jaro–Winkler scan (threshold {threshold:.2}) | {:.1}% | {:.1}% | {} | {} |",
        100.0 * correct as f64 / related as f64,
        100.0 * answered_unrelated as f64 / unrelated as f64,
        micros(percentile(&scan_times, 0.5)),
        micros(percentile(&scan_times, 0.99))
    );
}
