//! HTML extraction speed on the 121 pages of `../shared/corpus/html`
//! (read and decompressed in memory first, one thread): Marginalia's
//! extractor and dom_smoothie (a Rust port of Mozilla Readability), the
//! maintained crate it was weighed against. Each one's output is written
//! to `target/bench-data/extract-<name>/<id>.txt` so that
//! `../shared/eval/score.py body` scores exactly what was timed;
//! `benches/peers/extract_peers.sh` runs this and the Python peers.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use marginalia::intake::html::extract;

/// The pages as (id, decoded HTML).
fn pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the bench needs ../shared/corpus)", dir.display()))
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("read page");
            let mut html = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
                .expect("gunzip page");
            let name = path.file_name().expect("name").to_string_lossy();
            let id = name.trim_end_matches(".html.gz").to_string();
            (id, String::from_utf8_lossy(&html).into_owned())
        })
        .collect()
}

/// dom_smoothie's article as title, blank line, text; empty on failure.
fn smoothie(html: &str) -> String {
    dom_smoothie::Readability::new(html, None, None)
        .and_then(|mut r| r.parse())
        .map(|a| format!("{}\n\n{}", a.title, a.text_content))
        .unwrap_or_default()
}

fn write_outputs(name: &str, pages: &[(String, String)], run: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("extract-{name}"));
    if std::fs::create_dir_all(&dir).is_ok() {
        for (id, html) in pages {
            let _ = std::fs::write(dir.join(format!("{id}.txt")), run(html));
        }
    }
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(|(_, h)| h.len()).sum();
    eprintln!(
        "extract bench: {} pages, {bytes} bytes of HTML",
        pages.len()
    );
    write_outputs("marginalia", &pages, |html| extract(html).text);
    write_outputs("dom_smoothie", &pages, smoothie);
    let mut g = c.benchmark_group("extract_121_pages");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("marginalia", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|(_, html)| extract(html).text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("dom_smoothie", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|(_, html)| smoothie(html).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
