//! CoNLL IOB2: one token and its tag per line (`token TAG`, one space),
//! a blank line between sentences, and `-DOCSTART- <id>` before each
//! document (the id with whitespace made `_`). Tokens and sentences come
//! from `tokens.rs`; what tags cannot hold is listed in `tagging.rs`.
//! Reading puts the tokens back on the documents' texts when they are
//! given (by id), else on a text rebuilt from the tokens.

use std::collections::BTreeMap;

use super::dataset::{DatasetDoc, Read, Written, par_chunks};
use super::tagging::{Losses, Nested, Tag, tag, untag};
use crate::model::Schema;

/// The document id as one word.
pub(crate) fn id_word(id: &str) -> String {
    let w: String = id
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if w.is_empty() { "_".to_owned() } else { w }
}

fn write_one(docs: &[DatasetDoc], nested: Nested, label: Option<&str>) -> (String, usize, Losses) {
    let parts = par_chunks(docs, |part| {
        let mut out = String::with_capacity(part.iter().map(|d| d.text.len() * 3).sum());
        let (mut spans, mut losses) = (0, Losses::default());
        for doc in part {
            let (tagged, lost) = tag(doc, nested, label);
            spans += tagged.spans;
            losses.add(lost);
            out.push_str("-DOCSTART- ");
            out.push_str(&id_word(&doc.id));
            out.push_str("\n\n");
            for sentence in &tagged.sentences {
                for (word, tag) in sentence {
                    out.push_str(word);
                    match tag {
                        Tag::O => out.push_str(" O"),
                        Tag::B(l) => {
                            out.push_str(" B-");
                            out.push_str(l);
                        }
                        Tag::I(l) => {
                            out.push_str(" I-");
                            out.push_str(l);
                        }
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
        }
        (out, spans, losses)
    });
    let mut parts = parts.into_iter();
    let (mut out, mut spans, mut losses) = parts.next().unwrap_or_default();
    for (text, n, lost) in parts {
        out.push_str(&text);
        spans += n;
        losses.add(lost);
    }
    (out, spans, losses)
}

/// The CoNLL file (or, per label, one file per label named `<LABEL>.conll`).
pub fn write(docs: &[DatasetDoc], schema: &Schema, nested: Nested) -> Written {
    let mut written = Written::default();
    let mut losses = Losses::default();
    if nested == Nested::PerLabel {
        for label in labels_of(docs, schema) {
            let (text, spans, lost) = write_one(docs, nested, Some(&label));
            written.files.push((format!("{label}.conll"), text));
            written.spans += spans;
            losses.add(lost);
        }
    } else {
        let (text, spans, lost) = write_one(docs, nested, None);
        written.files.push((String::new(), text));
        written.spans = spans;
        losses = lost;
    }
    written.warnings = losses.warnings();
    written
}

/// The schema's labels, then any others the documents use, in order.
pub(crate) fn labels_of(docs: &[DatasetDoc], schema: &Schema) -> Vec<String> {
    let mut labels: Vec<String> = schema.labels.iter().map(|l| l.name.clone()).collect();
    for s in docs.iter().flat_map(|d| &d.spans) {
        if !labels.contains(&s.label) {
            labels.push(s.label.clone());
        }
    }
    labels
}

/// Reads a CoNLL file: the token is the first column, the tag the last
/// (so 4-column CoNLL-2003 files read too). `texts` maps document ids to
/// their texts.
pub fn read(src: &str, place: &str, texts: &BTreeMap<String, String>) -> Read {
    type Sentences = Vec<Vec<(String, String)>>;
    let mut docs: Vec<(String, usize, Sentences)> = Vec::new();
    let mut warnings = Vec::new();
    let mut sentence: Vec<(String, String)> = Vec::new();
    let end_sentence = |docs: &mut Vec<(String, usize, Sentences)>, s: &mut Vec<_>| {
        if !s.is_empty() {
            if docs.is_empty() {
                docs.push(("document-1".to_owned(), 1, Vec::new()));
            }
            if let Some(d) = docs.last_mut() {
                d.2.push(std::mem::take(s));
            }
        }
    };
    for (n, line) in src.lines().enumerate() {
        let mut cols = line.split([' ', '\t']).filter(|c| !c.is_empty());
        let Some(first) = cols.next() else {
            end_sentence(&mut docs, &mut sentence);
            continue;
        };
        if first == "-DOCSTART-" {
            end_sentence(&mut docs, &mut sentence);
            let id = match cols.next() {
                Some(id) if id != "-X-" => id.to_owned(),
                _ => format!("document-{}", docs.len() + 1),
            };
            docs.push((id, n + 1, Vec::new()));
            continue;
        }
        match cols.next_back() {
            Some(tag) => sentence.push((first.to_owned(), tag.to_owned())),
            None => warnings.push(format!(
                "{place}:{}: a token without a tag; left out",
                n + 1
            )),
        }
    }
    end_sentence(&mut docs, &mut sentence);
    let mut read = Read {
        warnings,
        ..Read::default()
    };
    for (id, line, sentences) in docs {
        let at = format!("{place}:{line}");
        match untag(&id, &sentences, texts.get(&id).map(String::as_str), &at) {
            Ok((doc, w)) => {
                read.docs.push(doc);
                read.warnings.extend(w);
            }
            Err(e) => read.warnings.push(format!("{e}; document {id:?} left out")),
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, SpanId};

    #[test]
    fn writes_docstart_sentences_and_tags() {
        let text = "Nine were freed. “We wait,” she said.";
        let at = text.find("Nine").unwrap();
        let doc = DatasetDoc {
            id: "wire story".into(),
            text: text.into(),
            spans: vec![Span::manual(SpanId(1), at..at + 4, "FIGURE")],
            ..DatasetDoc::default()
        };
        let w = write(
            std::slice::from_ref(&doc),
            &Schema::default(),
            Nested::Outermost,
        );
        assert_eq!(
            w.files[0].1,
            "-DOCSTART- wire_story\n\nNine B-FIGURE\nwere O\nfreed O\n. O\n\n“ O\nWe O\nwait O\n, O\n” O\nshe O\nsaid O\n. O\n\n"
        );
        let texts = [("wire_story".to_owned(), text.to_owned())].into();
        let back = read(&w.files[0].1, "x.conll", &texts);
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.docs[0].spans[0].range, doc.spans[0].range);
    }
}
