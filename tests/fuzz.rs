//! Every importer survives hostile input: for each, `FUZZ_CASES` inputs
//! (100,000 by default) made from valid exports of generated documents by
//! random mutation (byte flips, insertions of structural characters and
//! digits, deletions, duplications, splices of two exports, truncation)
//! and some arbitrary bytes. Each must give documents or errors, never a
//! panic, and every span read must lie on its text.
//!
//! The native annotation file (RON and JSON) and article intake (decoding,
//! BOMs, UTF-16, windows-1252, gzip, Markdown, HTML) get the same treatment
//! on raw bytes: `native_annotation_files`, `article_intake`.
//!
//! Run: `cargo test --release --test fuzz -- --nocapture` (prints counts).

mod common;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use marginalia::formats::dataset::{DatasetDoc, Read};
use marginalia::formats::tagging::Nested;
use marginalia::formats::{brat, conll, doccano, hf, label_studio, marginalia_jsonl, spacy};
use marginalia::model::Schema;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn cases() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// xorshift64*: small and deterministic, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn docs(n: usize) -> Vec<DatasetDoc> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| common::doc().new_tree(&mut runner).expect("doc").current())
        .collect()
}

const BITS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"\n",
    b"\r\n",
    b"\t",
    b" ",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"1e308",
    b"null",
    b"true",
    b"\xF0\x9F",
    b"\xC3",
    b";",
    b"T",
    b"R1",
    b"A",
    b"#",
    b"B-",
    b"I-",
    b"O",
    b"-DOCSTART-",
    b"\\u",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    if rng.below(20) == 0 {
        return (0..rng.below(200)).map(|_| rng.next() as u8).collect();
    }
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let bit = BITS[rng.below(BITS.len())];
                b.splice(at..at, bit.iter().copied());
            }
            2 => {
                let end = (at + rng.below(16)).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(32)).min(b.len());
                let piece = b[at..end].to_vec();
                b.splice(at..at, piece);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            5 => b.truncate(at),
            _ => {
                if let Some(i) = b.iter().skip(at).position(u8::is_ascii_digit) {
                    b[at + i] = b'0' + rng.below(10) as u8;
                }
            }
        }
    }
    b
}

/// Runs `import` on mutated seeds; every document read must hold its spans.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, import: impl Fn(&str) -> Option<Read>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
    let (n, mut docs, mut spans, mut refused) = (cases(), 0, 0, 0);
    for i in 0..n {
        let input = mutate(&mut rng, &seeds);
        let text = String::from_utf8_lossy(&input);
        let got = catch_unwind(AssertUnwindSafe(|| import(&text)));
        let Ok(got) = got else {
            panic!("{name}: input {i} panicked: {text:?}");
        };
        match got {
            Some(read) => {
                for d in &read.docs {
                    for s in &d.spans {
                        assert!(
                            d.text.get(s.range.clone()).is_some_and(|t| !t.is_empty()),
                            "{name}: input {i}: span off its text"
                        );
                    }
                    spans += d.spans.len();
                }
                docs += read.docs.len();
            }
            None => refused += 1,
        }
    }
    println!(
        "{name}: {n} inputs, 0 panics; read {docs} documents and {spans} spans; {refused} refused whole"
    );
}

fn seeds(write: impl Fn(&[DatasetDoc]) -> String) -> Vec<Vec<u8>> {
    docs(24).chunks(3).map(|c| write(c).into_bytes()).collect()
}

fn main_file(files: Vec<(String, String)>) -> String {
    files
        .into_iter()
        .find(|(n, _)| n.is_empty())
        .map(|(_, t)| t)
        .unwrap_or_default()
}

#[test]
fn marginalia_jsonl_importer() {
    let s = seeds(|d| {
        d.iter()
            .map(|d| marginalia_jsonl::to_line(d) + "\n")
            .collect()
    });
    fuzz("marginalia", s, |t| {
        let mut read = Read::default();
        for (i, line) in t.lines().enumerate() {
            if let Ok((d, _)) = marginalia_jsonl::from_line(line, &format!("f:{i}")) {
                read.docs.push(d);
            }
        }
        Some(read)
    });
}

#[test]
fn spacy_importer() {
    let s = seeds(|d| main_file(spacy::write(d).files));
    fuzz("spacy", s, |t| Some(spacy::read(t, "f")));
}

#[test]
fn doccano_importer() {
    let s = seeds(|d| main_file(doccano::write(d).files));
    fuzz("doccano", s, |t| Some(doccano::read(t, "f")));
}

#[test]
fn conll_importer() {
    let all = docs(24);
    let texts: BTreeMap<String, String> =
        all.iter().map(|d| (d.id.clone(), d.text.clone())).collect();
    let s = seeds(|d| main_file(conll::write(d, &Schema::default(), Nested::Outermost).files));
    fuzz("conll", s, |t| Some(conll::read(t, "f", &texts)));
}

#[test]
fn token_jsonl_importer() {
    let names = hf::tag_names(&[], &Schema::default());
    let s = seeds(|d| main_file(hf::write(d, &Schema::default(), Nested::Outermost).files));
    fuzz("hf", s, |t| {
        Some(hf::read(t, "f", &names, &BTreeMap::new()))
    });
}

#[test]
fn label_studio_importer() {
    let schema = Schema::default();
    let s = seeds(|d| main_file(label_studio::write(d, &schema).files));
    fuzz("label-studio", s, |t| {
        label_studio::read(t, "f", &schema).ok()
    });
}

#[test]
fn brat_importer() {
    let schema = Schema::default();
    // One seed per document: "<txt>\u{0}<ann>", split again after mutation.
    let s: Vec<Vec<u8>> = docs(12)
        .iter()
        .map(|d| {
            let files = brat::write(std::slice::from_ref(d), &schema).files;
            let get = |ext: &str| {
                files
                    .iter()
                    .find(|(n, _)| n.ends_with(ext))
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default()
            };
            format!("{}\u{0}{}", get(".txt"), get(".ann")).into_bytes()
        })
        .collect();
    fuzz("brat", s, |t| {
        let (txt, ann) = t.split_once('\u{0}').unwrap_or((t, ""));
        let read = brat::read_doc("d", txt, ann, "d.ann", &schema).ok()?;
        Some(Read {
            docs: vec![read.0],
            warnings: read.1,
        })
    });
}

/// Runs `read` on mutated seeds (the bytes as they are, not made UTF-8):
/// it must return, never panic. `read` gives how many spans (or
/// paragraphs) it placed, or None when it refused the input.
fn fuzz_bytes(name: &str, seeds: Vec<Vec<u8>>, read: impl Fn(&[u8]) -> Option<usize>) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ name.len() as u64);
    let (n, mut read_ok, mut placed, mut refused) = (cases(), 0, 0, 0);
    for i in 0..n {
        let input = mutate(&mut rng, &seeds);
        let Ok(got) = catch_unwind(AssertUnwindSafe(|| read(&input))) else {
            panic!(
                "{name}: input {i} panicked: {:?}",
                String::from_utf8_lossy(&input)
            );
        };
        match got {
            Some(k) => {
                read_ok += 1;
                placed += k;
            }
            None => refused += 1,
        }
    }
    println!("{name}: {n} inputs, 0 panics; {read_ok} read ({placed} placed); {refused} refused");
}

/// The native annotation file (`.ann.ron` and `.ann.json`), read as the
/// app reads it (UTF-8 check, parse, schema check) and placed on its
/// article: spans placed must lie on the text and cover what they say.
#[test]
fn native_annotation_files() {
    use marginalia::formats::{AnnotationFile, Format};
    let docs = docs(24);
    let texts: Vec<marginalia::model::Document> = docs
        .iter()
        .map(|d| marginalia::model::Document::new(d.text.clone(), d.id.clone(), None))
        .collect();
    for format in [Format::Ron, Format::Json] {
        let mut seeds: Vec<Vec<u8>> = docs
            .iter()
            .filter_map(|d| {
                let session = d.session(Schema::default()).ok()?;
                let file = AnnotationFile::from_session(&session, "a.txt", "fuzz", "");
                file.to_text(format).ok().map(String::into_bytes)
            })
            .collect();
        // Realigned files: orphans, and spans awaiting review (changed_from).
        seeds.extend(docs.iter().filter_map(|d| {
            let session = d.session(Schema::default()).ok()?;
            let file = AnnotationFile::from_session(&session, "a.txt", "fuzz", "");
            let cut = d.text.char_indices().nth(d.text.chars().count() / 2)?.0;
            let new = format!(
                "{}Ещё 🚲{}",
                &d.text[..cut],
                &d.text[cut..].replacen('a', "b", 1)
            );
            let loaded = file.orphaned();
            let doc = marginalia::model::Document::new(new, d.id.clone(), None);
            let mut session =
                marginalia::model::Session::new(doc, loaded.schema, loaded.annotations).ok()?;
            session.realign(None).ok()?;
            let file = AnnotationFile::from_session(&session, "a.txt", "fuzz", "");
            file.to_text(format).ok().map(String::into_bytes)
        }));
        assert!(seeds.len() > 10);
        let path = std::path::Path::new(match format {
            Format::Ron => "a.txt.ann.ron",
            Format::Json => "a.txt.ann.json",
        });
        let name = format!("native {}", format.extension());
        fuzz_bytes(&name, seeds, |bytes| {
            let text = std::str::from_utf8(bytes).ok()?;
            let file = AnnotationFile::parse(text, format, path).ok()?;
            let mut placed = 0;
            for doc in &texts {
                let loaded = file.place_on(doc);
                for s in loaded.annotations.spans() {
                    assert!(doc.text.get(s.range.clone()).is_some_and(|t| !t.is_empty()));
                }
                placed += loaded.annotations.len();
            }
            // Realigned onto one article, every span an orphan first.
            let loaded = file.orphaned();
            if let Ok(mut session) =
                marginalia::model::Session::new(texts[0].clone(), loaded.schema, loaded.annotations)
            {
                let _ = session.realign(None);
                for s in session.annotations().spans() {
                    assert!(
                        texts[0]
                            .text
                            .get(s.range.clone())
                            .is_some_and(|t| !t.is_empty())
                    );
                }
            }
            Some(placed)
        });
    }
}

/// Article intake: UTF-8 (with and without BOM, CRLF), UTF-16 with BOM,
/// windows-1252 without a declaration, gzip, Markdown and HTML, by name.
#[test]
fn article_intake() {
    use std::io::Write as _;
    let plain = "Zoë said: “Prices rose 12 % in Łódź” — Ещё 17 человек 🚲 left.\r\n\r\nSecond paragraph, café.\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(plain.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let cp1252: Vec<u8> = b"Caf\xe9 \x93quoted\x94 \x96 price \x80 5\r\nna\xefve\n".to_vec();
    let gz = |b: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b).expect("gzip");
        e.finish().expect("gzip")
    };
    let html = "<html><head><title>T</title><meta charset=\"utf-8\"></head><body><nav>Menu</nav>\
        <article><h1>Title</h1><p>Zoë said “yes”.</p><p>Second, café.</p></article></body></html>";
    let markdown = "# Title\n\nZoë said **“yes”** in [Łódź](http://x).\n\n- café\n";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(plain.as_bytes());
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("a.txt", plain.as_bytes().to_vec()),
        ("a.txt", bom),
        ("a.txt", utf16.clone()),
        ("a.txt", cp1252.clone()),
        ("a.txt.gz", gz(plain.as_bytes())),
        ("a.txt.gz", gz(&utf16)),
        ("a.md", markdown.as_bytes().to_vec()),
        ("a.html", html.as_bytes().to_vec()),
        ("a.html.gz", gz(html.as_bytes())),
    ];
    for name in ["a.txt", "a.txt.gz", "a.md", "a.html"] {
        let own: Vec<Vec<u8>> = seeds
            .iter()
            .filter(|(n, _)| {
                *n == name
                    || n.strip_suffix(".gz") == Some(name)
                    || name.strip_suffix(".gz") == Some(n)
            })
            .map(|(_, b)| b.clone())
            .collect();
        let path = std::path::Path::new(name);
        fuzz_bytes(&format!("intake {name}"), own, |bytes| {
            let article = marginalia::intake::read_bytes(path, bytes).ok()?;
            Some(article.text.split("\n\n").count())
        });
    }
}
