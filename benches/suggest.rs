//! The built-in suggesters' throughput on real news (the PolNeAR dev texts
//! in ../shared/corpus), and the UI thread's share of F5 on a 5 MB article:
//! the frame in which its suggestions land as pending spans, and frames
//! while they are being made.
//!
//! Run: `cargo bench --bench suggest`

use std::time::Duration;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use marginalia::model::{Document, Schema, Session};
use marginalia::suggest::{BuiltIn, SuggestSet, Suggester, pending_command};

/// The PolNeAR dev texts, joined by blank lines (about 420 KB).
fn polnear() -> String {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/polnear-dev/text");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("../shared/corpus/polnear-dev/text")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 text"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn throughput(c: &mut Criterion) {
    let text = polnear();
    let schema = Schema::default();
    let mut group = c.benchmark_group("suggest");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("builtin_polnear_dev_one_core", |b| {
        b.iter(|| BuiltIn.suggest(&text, &schema))
    });
    group.finish();
}

/// A 5 MB article: the PolNeAR texts repeated.
fn article_5mb() -> String {
    let one = polnear();
    let mut text = String::with_capacity(5_100_000);
    while text.len() < 5_000_000 {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    text
}

fn landing(c: &mut Criterion) {
    let text = article_5mb();
    let schema = Schema::default();
    let found = SuggestSet::default()
        .run("big", &text, &schema)
        .expect("built-in rules only");
    let spans: usize = found.iter().map(|s| s.spans.len()).sum();
    eprintln!("5 MB article: {spans} suggestions");
    let doc = Document::new(text, "big".into(), None);
    let empty = Session::empty(doc, schema);
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("land_5MB_suggestions_on_the_ui_thread", |b| {
        b.iter_batched(
            || empty.clone(),
            |mut session| {
                let cmd = pending_command(&mut session, &found).expect("suggestions");
                session.execute(cmd).expect("added");
                session
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The longest frame of the window while F5 runs on a 5 MB article, the
/// frame that adds the pending spans included.
fn frames_while_suggesting(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("big.txt");
    std::fs::write(&article, article_5mb()).expect("write article");
    let ctx = egui::Context::default();
    let run = |app: &mut marginalia::app::App| common::app_frame(&ctx, app);
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    group.bench_function("longest_frame_while_suggesting_5MB", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut app = marginalia::app::App::new(marginalia::project::Settings::default());
                app.open(&article);
                run(&mut app);
                app.apply(marginalia::editor::Action::Suggest);
                let mut longest = Duration::ZERO;
                loop {
                    let start = std::time::Instant::now();
                    run(&mut app);
                    longest = longest.max(start.elapsed());
                    if !app.workspace.is_suggesting() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                total += longest;
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, throughput, landing, frames_while_suggesting);
criterion_main!(benches);
