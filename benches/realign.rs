//! Realigning 50,000 spans on a 5 MB article after 100 scattered edits
//! (typos fixed inside and outside spans, paragraphs inserted and
//! deleted): the diff and placement alone, and the whole command on a
//! session opened from the saved file (every span an orphan first), with
//! the old text at hand (`marginalia realign`) and without it (the window,
//! the article edited in place). Target: ≤ 1 s.

mod common;
use common::Rng;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::formats::{AnnotationFile, Format};
use marginalia::model::realign::{Anchor, Placement, realign};
use marginalia::model::{Document, Schema, Session};

const BYTES: usize = 5_000_000;
const SPANS: usize = 50_000;
const EDITS: usize = 100;
const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "fares",
    "would",
    "rise",
    "by",
    "percent",
    "Zoë",
    "Ibáñez",
    "“we",
    "held",
    "prices”",
    "Ещё",
    "человек",
    "中文",
    "🚲",
    "—",
    "café",
    "minister",
    "of",
    "budget",
    "€4.5",
    "million",
    "told",
    "reporters",
    "on",
    "Tuesday",
    "and",
    "a",
];

/// Paragraphs of words (one numbered word in each, as articles' sentences
/// are mostly not repeats) up to 5 MB, and word starts and ends.
fn article(rng: &mut Rng) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(BYTES + 1000);
    let mut words = Vec::new();
    let mut n = 0;
    while text.len() < BYTES {
        let len = 40 + rng.below(80);
        for i in 0..len {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            if i == len / 2 {
                n += 1;
                text.push_str(&format!("no{n}"));
            } else {
                text.push_str(rng.pick(WORDS));
            }
            words.push((start, text.len()));
        }
        text.push_str(".\n\n");
    }
    (text, words)
}

/// 100 edits spread over the text: typos (a letter doubled) and
/// paragraphs inserted or deleted; applied from the end.
fn edited(text: &str, rng: &mut Rng) -> String {
    let mut new = text.to_owned();
    let step = text.len() / EDITS;
    for k in (0..EDITS).rev() {
        let mut at = k * step + rng.below(step / 2);
        while !new.is_char_boundary(at) {
            at += 1;
        }
        match k % 4 {
            0 => {
                // A paragraph inserted at the next paragraph start.
                if let Some(p) = new[at..].find("\n\n") {
                    let p = at + p + 2;
                    new.insert_str(p, "An update: the council met again on Friday.\n\n");
                }
            }
            1 => {
                // The next paragraph deleted.
                if let Some(p) = new[at..].find("\n\n") {
                    let p = at + p + 2;
                    if let Some(q) = new[p..].find("\n\n") {
                        new.replace_range(p..p + q + 2, "");
                    }
                }
            }
            _ => {
                // A typo: the letter here doubled.
                if let Some(c) = new[at..].chars().next().filter(|c| c.is_alphabetic()) {
                    new.insert(at, c);
                }
            }
        }
    }
    new
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng(10);
    let (text, words) = article(&mut rng);
    let mut ranges = Vec::with_capacity(SPANS);
    for _ in 0..SPANS {
        let first = rng.below(words.len() - 10);
        let last = first + rng.below(8);
        ranges.push(words[first].0..words[last].1);
    }
    let new = edited(&text, &mut rng);
    // The saved file, then the session opened on the edited article.
    let doc = Document::new(text.clone(), "big".to_owned(), None);
    let mut session = Session::empty(doc, Schema::default());
    let cmds = ranges
        .iter()
        .map(|r| session.add_span_command(r.clone(), "QUOTE"))
        .collect();
    session
        .execute(marginalia::model::Command::Batch(cmds))
        .expect("spans");
    let file = AnnotationFile::from_session(&session, "big.txt", "bench", "");
    let ron = file.to_text(Format::Ron).expect("ron");
    let file = AnnotationFile::parse(&ron, Format::Ron, "big.txt.ann.ron".as_ref()).expect("parse");
    let opened = || {
        let loaded = file.orphaned();
        let doc = Document::new(new.clone(), "big".to_owned(), None);
        Session::new(doc, loaded.schema, loaded.annotations).expect("session")
    };
    let mut once = opened();
    let report = once.realign(Some(&text)).expect("realign");
    let mut without = opened();
    let report_without = without.realign(None).expect("realign");
    println!(
        "{} MB article, {} spans, {EDITS} edits: with the old text {}; without {}",
        text.len() / 1_000_000,
        ranges.len(),
        report.summary(),
        report_without.summary()
    );
    let anchors: Vec<Anchor> = ranges
        .iter()
        .enumerate()
        .map(|(i, r)| Anchor::of(i as u64, &text, r.clone()))
        .collect();
    let placed = realign(&text, &new, &anchors);
    let moved = placed
        .iter()
        .filter(|p| matches!(p, Placement::Moved(_)))
        .count();
    assert!(moved > SPANS * 9 / 10, "{moved} moved");

    let mut g = c.benchmark_group("realign");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("diff_and_place_5mb_50k_spans_100_edits", |b| {
        b.iter(|| realign(black_box(&text), black_box(&new), black_box(&anchors)))
    });
    g.bench_function("command_with_old_text", |b| {
        b.iter_batched(
            opened,
            |mut s| s.realign(Some(black_box(&text))).expect("realign"),
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("command_without_old_text", |b| {
        b.iter_batched(
            opened,
            |mut s| s.realign(None).expect("realign"),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
