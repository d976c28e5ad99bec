//! What CoNLL and token classification JSONL share: spans flattened to
//! IOB2 tags on tokens (see `tokens.rs` for the tokenizer), and tokens with
//! their tags put back on a text.
//!
//! Documented losses, for both formats:
//! - whitespace at the edges of a span is left out, and a span that is only
//!   whitespace cannot be written;
//! - tags cannot nest or cross: one of [`Nested`] decides which spans stay,
//!   and the others are counted as not written;
//! - attributes, relations, notes, statuses and span ids are not written.

use std::ops::Range;

use super::dataset::DatasetDoc;
use super::tokens::{sentence_starts, tokenize, trimmed};
use crate::model::{Span, SpanId};

/// Which of two nested or crossing spans is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nested {
    /// The outer span (of two crossing spans, the earlier).
    #[default]
    Outermost,
    /// The inner span (of two crossing spans, the earlier).
    Innermost,
    /// One output per label, each keeping that label's outermost spans.
    PerLabel,
}

impl Nested {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "outermost" => Ok(Self::Outermost),
            "innermost" => Ok(Self::Innermost),
            "per-label" => Ok(Self::PerLabel),
            other => Err(format!(
                "--nested {other:?}: use outermost, innermost or per-label"
            )),
        }
    }
}

/// Spans that could not become tags, by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Losses {
    /// Nested in or crossing a span that was written.
    pub nested: usize,
    /// Only whitespace.
    pub blank: usize,
    /// Spans whose boundary fell inside a word, so the word was split.
    pub split_words: usize,
}

impl Losses {
    pub fn add(&mut self, other: Losses) {
        self.nested += other.nested;
        self.blank += other.blank;
        self.split_words += other.split_words;
    }

    /// Warnings for the export summary.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.nested > 0 {
            out.push(format!(
                "{} spans nested in or crossing another were not written",
                self.nested
            ));
        }
        if self.blank > 0 {
            out.push(format!(
                "{} spans of only whitespace were not written",
                self.blank
            ));
        }
        if self.split_words > 0 {
            out.push(format!(
                "{} span boundaries were not on word boundaries: those words were split",
                self.split_words
            ));
        }
        out
    }
}

/// An IOB2 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag<'a> {
    O,
    /// The first token of a span of this label.
    B(&'a str),
    /// A later token of a span of this label.
    I(&'a str),
}

impl std::fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(l) => write!(f, "B-{l}"),
            Tag::I(l) => write!(f, "I-{l}"),
        }
    }
}

/// One document as sentences of (token, tag).
pub struct Tagged<'a> {
    pub sentences: Vec<Vec<(&'a str, Tag<'a>)>>,
    pub spans: usize,
}

/// The spans that stay when tags cannot nest: trimmed, disjoint, in order.
fn flatten<'a>(
    text: &str,
    spans: impl Iterator<Item = &'a Span>,
    inner: bool,
) -> (Vec<(Range<usize>, &'a str)>, Losses) {
    let mut losses = Losses::default();
    let mut all: Vec<(Range<usize>, &str)> = Vec::new();
    for s in spans {
        match trimmed(text, &s.range) {
            Some(r) => all.push((r, s.label.as_str())),
            None => losses.blank += 1,
        }
    }
    if inner {
        all.sort_by_key(|(r, _)| (r.end, std::cmp::Reverse(r.start)));
    } else {
        all.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    }
    let mut kept: Vec<(Range<usize>, &str)> = Vec::with_capacity(all.len());
    for (r, label) in all {
        if kept.last().is_some_and(|(k, _)| r.start < k.end) {
            losses.nested += 1;
        } else {
            kept.push((r, label));
        }
    }
    kept.sort_by_key(|(r, _)| r.start);
    (kept, losses)
}

/// Tags one document: only spans of `label` when given (per-label output).
pub fn tag<'a>(doc: &'a DatasetDoc, nested: Nested, label: Option<&str>) -> (Tagged<'a>, Losses) {
    let text = doc.text.as_str();
    let spans = doc
        .spans
        .iter()
        .filter(|s| label.is_none_or(|l| s.label == l));
    let (kept, mut losses) = flatten(text, spans, nested == Nested::Innermost);
    let mut cuts: Vec<usize> = kept.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    cuts.dedup();
    let (tokens, split) = tokenize(text, &cuts);
    losses.split_words = split;
    let ranges: Vec<Range<usize>> = kept.iter().map(|(r, _)| r.clone()).collect();
    let starts = sentence_starts(text, &ranges);
    let mut sentences = vec![Vec::new()];
    let mut next_start = starts.iter().copied().peekable();
    let mut k = 0;
    for t in tokens.iter().filter(|t| !t.space) {
        if next_start.peek().is_some_and(|&b| t.range.start >= b) {
            while next_start.next_if(|&b| t.range.start >= b).is_some() {}
            if sentences.last().is_some_and(|s| !s.is_empty()) {
                sentences.push(Vec::new());
            }
        }
        while kept.get(k).is_some_and(|(r, _)| r.end <= t.range.start) {
            k += 1;
        }
        let tag = match kept.get(k) {
            Some((r, l)) if r.start == t.range.start => Tag::B(l),
            Some((r, l)) if r.start < t.range.start => Tag::I(l),
            _ => Tag::O,
        };
        if let (Some(sentence), Some(word)) = (sentences.last_mut(), text.get(t.range.clone())) {
            sentence.push((word, tag));
        }
    }
    sentences.retain(|s| !s.is_empty());
    let tagged = Tagged {
        sentences,
        spans: kept.len(),
    };
    (tagged, losses)
}

/// Puts tagged tokens back on a text: on `text` when given (each token
/// found after the previous one, whitespace skipped), else on a text made
/// of the tokens joined by spaces, sentences by newlines. Returns the
/// document (spans from the B-/I- tags, ids from 1) or why the tokens do
/// not fit the text; warnings name `place` and the token.
pub fn untag(
    id: &str,
    sentences: &[Vec<(String, String)>],
    text: Option<&str>,
    place: &str,
) -> Result<(DatasetDoc, Vec<String>), String> {
    let mut warnings = Vec::new();
    let mut built = String::new();
    let mut placed: Vec<(Range<usize>, &str)> = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        for (w, (word, tag)) in sentence.iter().enumerate() {
            if word.is_empty() {
                return Err(format!(
                    "{place}: sentence {}, token {} is empty",
                    s + 1,
                    w + 1
                ));
            }
            let range = match text {
                Some(text) => {
                    let from = placed.last().map_or(0, |(r, _)| r.end);
                    let rest = text.get(from..).unwrap_or("");
                    let skipped = rest.len() - rest.trim_start().len();
                    if rest[skipped..].starts_with(word.as_str()) {
                        from + skipped..from + skipped + word.len()
                    } else if let Some(at) = rest.find(word.as_str()) {
                        warnings.push(format!(
                            "{place}: token {word:?} is not next in the text; taken where it \
                             next appears, {} characters on",
                            rest[..at].chars().count()
                        ));
                        from + at..from + at + word.len()
                    } else {
                        return Err(format!(
                            "{place}: sentence {}, token {} {word:?} is not in the rest of the text",
                            s + 1,
                            w + 1
                        ));
                    }
                }
                None => {
                    if !built.is_empty() {
                        built.push(if w == 0 { '\n' } else { ' ' });
                    }
                    built.push_str(word);
                    built.len() - word.len()..built.len()
                }
            };
            placed.push((range, tag.as_str()));
        }
    }
    let text = text.map_or(built, str::to_owned);
    let mut spans: Vec<Span> = Vec::new();
    let mut open: Option<(Range<usize>, &str)> = None;
    let close = |open: &mut Option<(Range<usize>, &str)>, spans: &mut Vec<Span>| {
        if let Some((r, label)) = open.take() {
            let id = SpanId(spans.len() as u64 + 1);
            spans.push(Span::manual(id, r, label));
        }
    };
    for (range, tag) in placed {
        let (kind, label) = match tag.split_once('-') {
            Some((k @ ("B" | "I"), l)) if !l.is_empty() => (k, l),
            _ if tag == "O" => ("O", ""),
            _ => {
                warnings.push(format!(
                    "{place}: tag {tag:?} is not O, B-LABEL or I-LABEL; read as O"
                ));
                ("O", "")
            }
        };
        match (kind, open.as_mut()) {
            ("I", Some((r, l))) if *l == label => r.end = range.end,
            ("O", _) => close(&mut open, &mut spans),
            _ => {
                close(&mut open, &mut spans);
                open = Some((range, label));
            }
        }
    }
    close(&mut open, &mut spans);
    let doc = DatasetDoc {
        id: id.to_owned(),
        text,
        spans,
        ..DatasetDoc::default()
    };
    Ok((doc, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, spans: &[(&str, &str)]) -> DatasetDoc {
        let spans = spans
            .iter()
            .enumerate()
            .map(|(i, (covered, label))| {
                let at = text.find(covered).expect("in text");
                Span::manual(SpanId(i as u64 + 1), at..at + covered.len(), label)
            })
            .collect();
        DatasetDoc {
            id: "d".into(),
            text: text.into(),
            spans,
            ..DatasetDoc::default()
        }
    }

    fn tags(t: &Tagged) -> Vec<String> {
        t.sentences
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(w, t)| format!("{w}/{t}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn nested_spans_flatten_by_the_option() {
        let d = doc(
            "“We freed 17 people,” Sapelka said.",
            &[
                ("“We freed 17 people,”", "QUOTE"),
                ("17 people", "FIGURE"),
                ("Sapelka", "SOURCE"),
            ],
        );
        let (outer, losses) = tag(&d, Nested::Outermost, None);
        assert_eq!(
            tags(&outer),
            [
                "“/B-QUOTE We/I-QUOTE freed/I-QUOTE 17/I-QUOTE people/I-QUOTE ,/I-QUOTE ”/I-QUOTE Sapelka/B-SOURCE said/O ./O"
            ]
        );
        assert_eq!(losses.nested, 1);
        let (inner, _) = tag(&d, Nested::Innermost, None);
        assert_eq!(
            tags(&inner),
            ["“/O We/O freed/O 17/B-FIGURE people/I-FIGURE ,/O ”/O Sapelka/B-SOURCE said/O ./O"]
        );
        let (figures, losses) = tag(&d, Nested::PerLabel, Some("FIGURE"));
        assert_eq!(figures.spans, 1);
        assert_eq!(losses.nested, 0);
    }

    #[test]
    fn untag_realigns_on_the_text_and_rebuilds_without_it() {
        let d = doc("Zoë  said:\r\n“Ещё 3.5%.”", &[("Ещё 3.5%", "FIGURE")]);
        let (t, _) = tag(&d, Nested::Outermost, None);
        let sentences: Vec<Vec<(String, String)>> = t
            .sentences
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(w, t)| ((*w).to_owned(), t.to_string()))
                    .collect()
            })
            .collect();
        let (back, warnings) = untag("d", &sentences, Some(&d.text), "x").expect("fits");
        assert!(warnings.is_empty());
        assert_eq!(back.spans[0].range, d.spans[0].range);
        let (rebuilt, _) = untag("d", &sentences, None, "x").expect("fits");
        let s = &rebuilt.spans[0];
        assert_eq!(&rebuilt.text[s.range.clone()], "Ещё 3.5 %");
        assert!(untag("d", &sentences, Some("other text"), "x.conll").is_err());
    }
}
