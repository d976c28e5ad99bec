//! Export → import round trips on generated documents, for every format
//! that reads back: lossless for spaCy/Prodigy JSONL and doccano (doccano
//! has no attributes); for CoNLL and token classification JSONL, only the
//! losses `formats/tagging.rs` documents (edge whitespace trimmed, nested
//! spans flattened, no attributes or relations).

mod common;

use std::collections::BTreeMap;
use std::ops::Range;

use common::{content, doc};
use marginalia::formats::dataset::DatasetDoc;
use marginalia::formats::tagging::Nested;
use marginalia::formats::tokens::trimmed;
use marginalia::formats::{conll, doccano, hf, spacy};
use marginalia::model::{Schema, Span};
use proptest::prelude::*;

fn one(files: &[(String, String)], name: &str) -> String {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.clone())
        .expect("file written")
}

/// What CoNLL keeps of a document: trimmed spans, the outermost (earlier of
/// crossing ones), no attributes or relations.
fn flattened(doc: &DatasetDoc) -> Vec<(Range<usize>, String)> {
    let mut all: Vec<(Range<usize>, String)> = doc
        .spans
        .iter()
        .filter_map(|s: &Span| Some((trimmed(&doc.text, &s.range)?, s.label.clone())))
        .collect();
    all.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<(Range<usize>, String)> = Vec::new();
    for (r, l) in all {
        if kept.last().is_none_or(|(k, _)| r.start >= k.end) {
            kept.push((r, l));
        }
    }
    kept
}

fn spans_of(doc: &DatasetDoc) -> Vec<(Range<usize>, String)> {
    let mut v: Vec<_> = doc
        .spans
        .iter()
        .map(|s| (s.range.clone(), s.label.clone()))
        .collect();
    v.sort_by_key(|(r, l)| (r.start, std::cmp::Reverse(r.end), l.clone()));
    v
}

proptest! {
    #[test]
    fn spacy_round_trips_losslessly(doc in doc()) {
        let w = spacy::write(std::slice::from_ref(&doc));
        let back = spacy::read(&one(&w.files, ""), "t.jsonl");
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(content(&back.docs[0], true), content(&doc, true));
        prop_assert_eq!(&back.docs[0].id, &doc.id);
    }

    #[test]
    fn spacy_tokens_cover_the_text_and_every_span(doc in doc()) {
        let w = spacy::write(std::slice::from_ref(&doc));
        let v: serde_json::Value = serde_json::from_str(one(&w.files, "").trim()).expect("json");
        let chars: Vec<char> = doc.text.chars().collect();
        let mut rebuilt = String::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for t in v["tokens"].as_array().expect("tokens") {
            let (s, e) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            prop_assert_eq!(t["text"].as_str().unwrap(), chars[s..e].iter().collect::<String>());
            prop_assert_eq!(rebuilt.chars().count(), s, "tokens and ws make the text");
            rebuilt.push_str(t["text"].as_str().unwrap());
            if t["ws"].as_bool().unwrap() { rebuilt.push(' '); }
            starts.push(s);
            ends.push(e);
        }
        prop_assert_eq!(&rebuilt, &doc.text);
        for s in v["spans"].as_array().expect("spans") {
            let (ts, te) = (s["token_start"].as_u64().unwrap() as usize, s["token_end"].as_u64().unwrap() as usize);
            prop_assert_eq!(starts[ts], s["start"].as_u64().unwrap() as usize);
            prop_assert_eq!(ends[te], s["end"].as_u64().unwrap() as usize);
        }
    }

    #[test]
    fn doccano_round_trips_in_utf16_units(doc in doc()) {
        let w = doccano::write(std::slice::from_ref(&doc));
        let back = doccano::read(&one(&w.files, ""), "t.jsonl");
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(content(&back.docs[0], false), content(&doc, false));
        // The offsets are JavaScript's: UTF-16 units.
        let v: serde_json::Value = serde_json::from_str(one(&w.files, "").trim()).expect("json");
        for (e, s) in v["entities"].as_array().unwrap().iter().zip(&doc.spans) {
            let units = doc.text[..s.range.start].encode_utf16().count();
            prop_assert_eq!(e["start_offset"].as_u64().unwrap() as usize, units);
        }
    }

    #[test]
    fn conll_round_trips_with_only_the_documented_losses(doc in doc(), inner in any::<bool>()) {
        let nested = if inner { Nested::Innermost } else { Nested::Outermost };
        let w = conll::write(std::slice::from_ref(&doc), &Schema::default(), nested);
        let texts: BTreeMap<String, String> = [(doc.id.clone(), doc.text.clone())].into();
        let back = conll::read(&one(&w.files, ""), "t.conll", &texts);
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(&back.docs[0].text, &doc.text);
        if !inner {
            prop_assert_eq!(spans_of(&back.docs[0]), flattened(&doc));
        }
        prop_assert_eq!(back.docs[0].spans.len(), w.spans);
    }

    #[test]
    fn token_jsonl_round_trips_like_conll(doc in doc()) {
        let w = hf::write(std::slice::from_ref(&doc), &Schema::default(), Nested::Outermost);
        let names: Vec<String> = serde_json::from_str(&one(&w.files, "labels.json")).expect("labels");
        let texts: BTreeMap<String, String> = [(doc.id.clone(), doc.text.clone())].into();
        let back = hf::read(&one(&w.files, ""), "t.jsonl", &names, &texts);
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(spans_of(&back.docs[0]), flattened(&doc));
    }
}
