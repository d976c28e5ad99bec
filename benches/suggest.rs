//! The built-in suggesters' throughput on real news (the PolNeAR dev texts
//! in ../shared/corpus), and the UI thread's share of F5 on a 5 MB article:
//! the longest frame from the key press until every suggestion has landed
//! as a pending span.
//!
//! Run: `cargo bench --bench suggest`

use std::time::Duration;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use marginalia::model::Schema;
use marginalia::suggest::{BuiltIn, Suggester};

/// The PolNeAR dev texts, joined by blank lines (about 420 KB).
fn polnear() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/polnear-dev");
    let texts = marginalia::eval::polnear_texts(&dir).expect("../shared/corpus/polnear-dev");
    texts
        .into_iter()
        .map(|(_, t)| t)
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
                let start = std::time::Instant::now();
                app.apply(marginalia::editor::Action::Suggest);
                run(&mut app);
                let mut longest = start.elapsed();
                loop {
                    let start = std::time::Instant::now();
                    run(&mut app);
                    longest = longest.max(start.elapsed());
                    if !app.workspace.is_suggesting() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                let pending = app.session().map_or(0, |s| s.annotations().len());
                assert!(pending > 40_000, "{pending} suggestions landed");
                total += longest;
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, throughput, frames_while_suggesting);
criterion_main!(benches);
