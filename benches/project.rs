//! A generated project of 10,000 articles (5,000 text files in 50 folders
//! and one JSONL corpus of 5,000 lines; about 4 KB each, with curly quotes,
//! accents, Cyrillic, CJK and an emoji; 3,000 of them annotated): opening it
//! to a usable list, reading its annotation files for the statuses, loading
//! its texts for search, and searching them. Before the timings it prints
//! the process's memory against the size of the corpus text.

mod common;
use common::Rng;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::project::corpus::{Project, ProjectState, init};
use marginalia::project::dataset::Progress;

const FILES: usize = 5_000;
const LINES: usize = 5_000;
const ANNOTATED: usize = 3_000;

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "budget",
    "minister",
    "vote",
    "committee",
    "ferry",
    "school",
    "court",
    "report",
    "families",
    "région",
    "café",
    "naïve",
    "Київ",
    "школа",
    "東京",
    "市场",
    "années",
    "the",
    "of",
    "and",
    "in",
    "a",
    "to",
    "was",
    "said",
    "would",
    "after",
    "before",
    "week",
];
const NAMES: &[&str] = &[
    "Zoë Ferrand",
    "Олег Петров",
    "李明",
    "José Núñez",
    "Ana Kovač",
];

/// About 4 KB of news-like text.
fn article(rng: &mut Rng) -> String {
    let mut text = String::new();
    for p in 0..8 {
        let who = rng.pick(NAMES);
        let _ = write!(
            text,
            "“The {} will cost €{}.{} million,” said {who}. ",
            rng.pick(WORDS),
            rng.next() % 90 + 1,
            rng.next() % 10
        );
        for _ in 0..60 {
            text.push_str(rng.pick(WORDS));
            text.push(' ');
        }
        let _ = write!(text, "About {}% agreed 🚲.", rng.next() % 100);
        text.push_str(if p % 3 == 2 { "\r\n\r\n" } else { "\n\n" });
    }
    text
}

/// An annotation file for a text file: one QUOTE and one SOURCE.
fn annotate(root: &Path, rel: &str, text: &str) {
    let quote_end = text.find('”').map_or(1, |i| text[..i].chars().count() + 1);
    let quote: String = text.chars().take(quote_end).collect();
    let doc = marginalia::model::Document::new(text.to_owned(), String::new(), None).with_id(rel);
    let mut session = marginalia::model::Session::empty(doc, Default::default());
    let cmd = session.add_span_command(0..quote.len(), "QUOTE");
    session.execute(cmd).expect("quote");
    let file = marginalia::formats::AnnotationFile::from_session(&session, rel, "bench", "");
    let path = root
        .join("annotations/bench")
        .join(format!("{rel}.ann.ron"));
    std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
    std::fs::write(
        &path,
        file.to_text(marginalia::formats::Format::Ron).expect("ron"),
    )
    .expect("write");
}

/// Writes the project once under `target/bench-data/`; returns its root and
/// the corpus text's size in bytes.
fn project() -> (PathBuf, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/project-10k");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("mkdir");
    let mut rng = Rng(7);
    let mut bytes = 0;
    for i in 0..FILES {
        let text = article(&mut rng);
        bytes += text.len();
        let rel = format!("wire-{:02}/story-{i:05}.txt", i % 50);
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(&path, &text).expect("write");
        if i < ANNOTATED {
            annotate(&root, &rel, &text);
        }
    }
    let mut corpus = String::new();
    for i in 0..LINES {
        let text = article(&mut rng);
        bytes += text.len();
        let line = serde_json::json!({"id": format!("n{i}"), "text": text, "meta": {"url": format!("https://example.org/{i}")}});
        corpus.push_str(&line.to_string());
        corpus.push('\n');
    }
    std::fs::write(root.join("corpus.jsonl"), corpus).expect("write");
    init(&root, Some("ten thousand"), None).expect("init");
    (root, bytes)
}

/// The process's resident memory now, and its peak, in bytes (Linux).
fn memory() -> (usize, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<usize>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn bench(c: &mut Criterion) {
    let (root, text_bytes) = project();
    let (before, _) = memory();
    let opened = Project::open(&root).expect("open");
    assert_eq!(opened.docs.len(), FILES + LINES);
    let (after_open, _) = memory();
    let mut state = ProjectState::new(opened, "bench");
    state.wait(Duration::from_secs(120));
    let (after_load, peak) = memory();
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "corpus text {:.1} MB; memory: {:.1} MB before open, +{:.1} MB after the list, +{:.1} MB with \
         statuses and all texts loaded ({:.2}× the corpus text); peak {:.1} MB",
        mb(text_bytes),
        mb(before),
        mb(after_open.saturating_sub(before)),
        mb(after_load.saturating_sub(before)),
        after_load.saturating_sub(before) as f64 / text_bytes as f64,
        mb(peak)
    );
    let done = state
        .mine()
        .map_or(0, |m| m.iter().filter(|s| s.exists).count());
    assert_eq!(done, ANNOTATED);
    assert_eq!(state.texts.iter().flatten().count(), FILES + LINES);

    let mut g = c.benchmark_group("project_10k");
    g.sample_size(10);
    g.bench_function("open_to_list", |b| {
        b.iter(|| Project::open(&root).expect("open"))
    });
    let project = Arc::clone(&state.project);
    let names = vec!["bench".to_owned()];
    g.bench_function("read_annotation_statuses", |b| {
        b.iter(|| {
            marginalia::project::corpus::summary::scan(&project, &names, &Progress::default())
                .expect("scan")
        })
    });
    g.bench_function("load_all_texts", |b| {
        b.iter(|| {
            marginalia::project::corpus::state::load_texts(&project, "bench", &Progress::default())
        })
    });
    // The window shows the first 1,000 hits; a phrase that is nowhere, and
    // a word with every hit counted, read the whole corpus.
    for (name, query, regex, limit) in [
        ("search_common_word_first_1000", "harbour", false, 1000),
        ("search_common_word_all_hits", "harbour", false, usize::MAX),
        ("search_absent_phrase", "будет нет", false, 1000),
        ("search_non_ascii_any_case", "КИЇВ ШКОЛА", false, 1000),
        ("search_regex", r"€\d+\.5 million", true, usize::MAX),
        (
            "search_label_query",
            "label:QUOTE budget",
            false,
            usize::MAX,
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| state.search(query, regex, limit).expect("search"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
