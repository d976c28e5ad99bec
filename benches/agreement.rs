//! The agreement report over a generated project: 1,000 documents of 5,000
//! code points, three annotators with about 50 spans each (QUOTE, SOURCE,
//! FIGURE; a `kind` on some) and about 20 relations, mostly agreeing: each
//! annotator copies one base set, then moves some boundaries, drops some
//! spans and adds a few of their own.

mod common;
use common::Rng;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::agree::{ARelation, ASpan, Annotated, DocAnnotations, report};

const DOCUMENTS: usize = 1_000;
const LENGTH: usize = 5_000;
const SPANS: usize = 50;
const RELATIONS: usize = 20;
const ANNOTATORS: [&str; 3] = ["alice", "bob", "carol"];
const LABELS: [&str; 3] = ["QUOTE", "SOURCE", "FIGURE"];
const KINDS: [&str; 2] = ["direct", "indirect"];

fn random_span(rng: &mut Rng, id: u64) -> ASpan {
    let start = rng.below(LENGTH - 200);
    let mut attributes = BTreeMap::new();
    let label = LABELS[rng.below(LABELS.len())];
    if label == "QUOTE" && rng.chance(70) {
        attributes.insert("kind".to_string(), KINDS[rng.below(2)].to_string());
    }
    ASpan {
        id,
        start,
        end: start + 10 + rng.below(190),
        label: label.to_string(),
        attributes,
    }
}

/// One annotator's copy of the base spans and relations.
fn annotate(rng: &mut Rng, name: &str, base: &[ASpan], links: &[ARelation]) -> Annotated {
    let mut spans = Vec::with_capacity(SPANS + 5);
    for s in base {
        if rng.chance(8) {
            continue;
        }
        let mut s = s.clone();
        if rng.chance(25) {
            s.start = (s.start + rng.below(11)).saturating_sub(5);
            s.end = (s.end + rng.below(11)).saturating_sub(5).max(s.start + 1);
        }
        if rng.chance(5) {
            s.attributes
                .insert("kind".to_string(), KINDS[rng.below(2)].to_string());
        }
        spans.push(s);
    }
    for k in 0..rng.below(5) {
        spans.push(random_span(rng, 1_000 + k as u64));
    }
    let relations = links
        .iter()
        .filter(|r| spans.iter().any(|s| s.id == r.from) && spans.iter().any(|s| s.id == r.to))
        .filter(|_| !rng.chance(10))
        .cloned()
        .collect();
    Annotated {
        annotator: name.to_string(),
        spans,
        relations,
    }
}

fn project() -> Vec<DocAnnotations> {
    let mut rng = Rng(2024);
    (0..DOCUMENTS)
        .map(|d| {
            let base: Vec<ASpan> = (0..SPANS as u64)
                .map(|id| random_span(&mut rng, id))
                .collect();
            let links: Vec<ARelation> = (0..RELATIONS)
                .map(|_| ARelation {
                    from: rng.below(SPANS) as u64,
                    to: rng.below(SPANS) as u64,
                    kind: "said_by".to_string(),
                })
                .collect();
            DocAnnotations {
                id: format!("doc-{d:04}"),
                length: LENGTH,
                by: ANNOTATORS
                    .iter()
                    .map(|name| annotate(&mut rng, name, &base, &links))
                    .collect(),
            }
        })
        .collect()
}

/// The same documents as a project on disk: an article of 5,000 code
/// points each (accents, curly quotes, Cyrillic) and one annotation file
/// per annotator, as `marginalia agreement` reads them.
fn project_on_disk(docs: &[DocAnnotations], root: &std::path::Path) {
    use marginalia::model::{AttrValue, Document, Relation, RelationId, Span, SpanId};
    let words = [
        "Café ",
        "“prices” ",
        "rose ",
        "Москва ",
        "said ",
        "by ",
        "12 % ",
        "the ",
    ];
    let mut text = String::new();
    let mut k = 0;
    while text.chars().count() < LENGTH {
        text.push_str(words[k % words.len()]);
        k += 1;
    }
    let text: String = text.chars().take(LENGTH).collect();
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    for d in docs {
        std::fs::write(root.join(format!("{}.txt", d.id)), &text).expect("article");
    }
    marginalia::project::corpus::init(root, Some("bench"), None).expect("init");
    let project = marginalia::project::corpus::Project::open(root).expect("open");
    for (i, d) in docs.iter().enumerate() {
        let doc = Document::new(text.clone(), d.id.clone(), None).with_id(&project.docs[i].id);
        for a in &d.by {
            let spans: Vec<Span> = a
                .spans
                .iter()
                .map(|s| {
                    let mut span =
                        Span::manual(SpanId(s.id + 1), bytes[s.start]..bytes[s.end], &s.label);
                    for (key, v) in &s.attributes {
                        span.attributes
                            .insert(key.clone(), AttrValue::Text(v.clone()));
                    }
                    span
                })
                .collect();
            let relations: Vec<Relation> = a
                .relations
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    Relation::manual(
                        RelationId(5_000 + j as u64),
                        &r.kind,
                        SpanId(r.from + 1),
                        SpanId(r.to + 1),
                    )
                })
                .collect();
            project
                .write_annotations(i, &a.annotator, &doc, &spans, &relations)
                .expect("write");
        }
    }
}

fn bench(c: &mut Criterion) {
    let docs = project();
    let r = report(&docs, None);
    println!(
        "{} documents; mean overlap F1 {:?}, α_u {:?}",
        r.documents, r.all.mean_overlap_f1, r.all.alpha_u
    );
    let mut g = c.benchmark_group("agreement");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("report_1000_docs_3_annotators", |b| {
        b.iter(|| report(black_box(&docs), None))
    });
    // The whole of `marginalia agreement`: 3,000 annotation files read
    // (on every core), then the report.
    let dir = tempfile::tempdir().expect("tempdir");
    project_on_disk(&docs, dir.path());
    let project = marginalia::project::corpus::Project::open(dir.path()).expect("open");
    let progress = marginalia::project::dataset::Progress::default();
    let (from_disk, warnings) =
        marginalia::project::corpus::agreement::report(&project, None, &progress);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(from_disk.documents, DOCUMENTS);
    g.bench_function("project_on_disk_read_and_report", |b| {
        b.iter(|| {
            marginalia::project::corpus::agreement::report(black_box(&project), None, &progress)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
