//! Dataset export speed: 10,000 documents × 30 spans (with nested FIGUREs,
//! relations, curly quotes, accents, Cyrillic, CJK and an emoji) to
//! Marginalia JSONL and to CoNLL, formatted in memory as the export job
//! does before writing. It also writes the same data as Label Studio tasks
//! to `target/bench-data/` for `benches/peers/ls_converter.sh`, which times
//! label-studio-converter's CoNLL conversion of it in the same run.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use marginalia::formats::dataset::{DatasetDoc, read_lines};
use marginalia::formats::marginalia_jsonl::from_line;
use marginalia::formats::tagging::Nested;
use marginalia::model::{Relation, RelationId, Schema, Span, SpanId};
use marginalia::project::dataset::Kind;

const DOCS: usize = 10_000;

/// One generated article: ten paragraphs, each a quote (with a figure
/// inside) said by a source, and a figure; 30 spans, 10 relations.
fn article(n: usize) -> DatasetDoc {
    let names = [
        "Zoë Ferrand",
        "Олег Петров",
        "李明",
        "José Núñez",
        "Ana Kovač",
    ];
    let (mut text, mut spans, mut relations) = (String::new(), Vec::new(), Vec::new());
    let mut id = 0u64;
    let mut add = |text: &str, from: usize, piece: &str, label: &str, spans: &mut Vec<Span>| {
        id += 1;
        let at = from + text[from..].find(piece).expect("piece in text");
        spans.push(Span::manual(SpanId(id), at..at + piece.len(), label));
        SpanId(id)
    };
    for p in 0..10 {
        let who = names[(n + p) % names.len()];
        let count = 17 + (n * 7 + p * 13) % 900;
        let start = text.len();
        text.push_str(&format!(
            "“We counted {count} people in the square — more than last year,” said {who}, \
             a spokesperson for the committee. Officials put the cost at €{p}.5 million, \
             about {pct}% of the budget 🚲. ",
            pct = 10 + p
        ));
        let quote = format!("“We counted {count} people in the square — more than last year,”");
        let q = add(&text, start, &quote, "QUOTE", &mut spans);
        add(
            &text,
            start,
            &format!("{count} people"),
            "FIGURE",
            &mut spans,
        );
        let s = add(&text, start, who, "SOURCE", &mut spans);
        add(
            &text,
            start,
            &format!("€{p}.5 million"),
            "FIGURE",
            &mut spans,
        );
        relations.push(Relation::manual(
            RelationId(1000 + p as u64),
            "said_by",
            q,
            s,
        ));
        let _ = add;
    }
    // 10 × 4 = 40 spans; keep 30 (the last paragraphs' euro figures go).
    spans.retain(|sp| sp.id.0 <= 30 || sp.label != "FIGURE");
    spans.truncate(30);
    let kept: std::collections::BTreeSet<SpanId> = spans.iter().map(|s| s.id).collect();
    relations.retain(|r| kept.contains(&r.from) && kept.contains(&r.to));
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    DatasetDoc {
        id: format!("article-{n:05}"),
        text,
        spans,
        relations,
        meta: serde_json::Map::new(),
    }
}

fn export(c: &mut Criterion) {
    let docs: Vec<DatasetDoc> = (0..DOCS).map(article).collect();
    let schema = Schema::default();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let spans: usize = docs.iter().map(|d| d.spans.len()).sum();
    eprintln!("export bench: {DOCS} documents, {spans} spans, {bytes} bytes of text");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    if std::fs::create_dir_all(&dir).is_ok() {
        let w = Kind::LabelStudio.write(&docs, &schema, Nested::Outermost);
        for (name, text) in &w.files {
            let file = if name.is_empty() {
                "ls-10k.json".to_owned()
            } else {
                format!("ls-10k.{name}")
            };
            let _ = std::fs::write(dir.join(file), text);
        }
    }
    let mut g = c.benchmark_group("export_10k_docs_x_30_spans");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(DOCS as u64));
    for kind in [Kind::Marginalia, Kind::Conll] {
        g.bench_function(kind.name(), |b| {
            b.iter(|| kind.write(&docs, &schema, Nested::Outermost))
        });
    }
    // As the peer works: a file in, a file out. Marginalia JSONL read from
    // disk (every span checked against its text), CoNLL written to disk.
    let jsonl = dir.join("docs-10k.jsonl");
    let w = Kind::Marginalia.write(&docs, &schema, Nested::Outermost);
    if std::fs::write(&jsonl, &w.files[0].1).is_ok() {
        g.bench_function("conll_file_to_file", |b| {
            b.iter(|| {
                let src = std::fs::read_to_string(&jsonl).expect("read");
                let read = read_lines(&src, "docs-10k.jsonl", |line, at| {
                    from_line(line, at).map(|(d, w)| (Some(d), w))
                });
                assert_eq!(read.docs.len(), DOCS);
                let out = Kind::Conll.write(&read.docs, &schema, Nested::Outermost);
                std::fs::write(dir.join("docs-10k.conll"), &out.files[0].1).expect("write");
            })
        });
    }
    g.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
