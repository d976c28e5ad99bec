//! Search across a project: text (case-insensitive substring, or a regular
//! expression) and span queries (`label:QUOTE prison`, `source:Sapelka`),
//! each hit with its keyword in context.

use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};

use crate::formats::offsets::char_to_byte;

use super::summary::DocSummary;

/// One place found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    /// Byte range in the document's text (empty when its text is not loaded).
    pub range: Range<usize>,
    pub before: String,
    pub matched: String,
    pub after: String,
    /// The span's label, for span queries.
    pub label: Option<String>,
}

/// A parsed query: `label:` and `source:` terms, and the words left.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub label: Option<String>,
    pub source: Option<String>,
    pub text: String,
}

impl Query {
    /// `label:QUOTE prison`, `source:"Ales Bialiatski"`, `"exact words"`.
    pub fn parse(input: &str) -> Self {
        let mut q = Query::default();
        let mut words = Vec::new();
        let mut rest = input.trim();
        while !rest.is_empty() {
            let (word, after) = next_word(rest);
            rest = after.trim_start();
            if let Some(v) = word.strip_prefix("label:") {
                q.label = Some(unquote(v).to_owned());
            } else if let Some(v) = word.strip_prefix("source:") {
                q.source = Some(unquote(v).to_owned());
            } else {
                words.push(unquote(word));
            }
        }
        q.text = words.join(" ");
        q
    }

    /// True for a query about spans rather than plain text.
    pub fn about_spans(&self) -> bool {
        self.label.is_some() || self.source.is_some()
    }
}

/// The first word (a quoted run counts as one, `label:"a b"` too) and the rest.
fn next_word(s: &str) -> (&str, &str) {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return (&s[..i], &s[i..]),
            _ => {}
        }
    }
    (s, "")
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

fn matcher(pattern: &str, regex: bool) -> Result<Regex, String> {
    let pattern = if regex {
        pattern.to_owned()
    } else {
        regex::escape(pattern)
    };
    RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| format!("not a valid regular expression: {e}"))
}

/// Searches the loaded texts (plain queries) or the spans of `summaries`
/// (span queries), in document order, at most `limit` hits.
pub fn search(
    texts: &[Option<Arc<str>>],
    summaries: Option<&[DocSummary]>,
    input: &str,
    regex: bool,
    limit: usize,
) -> Result<Vec<Hit>, String> {
    let q = Query::parse(input);
    let words = if q.text.is_empty() {
        None
    } else {
        Some(matcher(&q.text, regex)?)
    };
    let mut hits = Vec::new();
    if q.about_spans() {
        let label = q.label.as_deref().map(str::to_lowercase);
        let source = q.source.as_deref().map(|s| matcher(s, false)).transpose()?;
        for (doc, summary) in summaries.unwrap_or(&[]).iter().enumerate() {
            for span in &summary.spans {
                let fits = label
                    .as_deref()
                    .is_none_or(|l| span.label.to_lowercase() == l)
                    && words.as_ref().is_none_or(|w| w.is_match(&span.text))
                    && source
                        .as_ref()
                        .is_none_or(|s| span.linked.iter().any(|t| s.is_match(t)));
                if !fits {
                    continue;
                }
                let text = texts.get(doc).and_then(Option::as_deref);
                let range = text.map_or(0..0, |t| byte_range(t, span.start..span.end));
                let mut hit = in_context(doc, text.unwrap_or(""), range);
                if hit.range.is_empty() {
                    hit.matched = span.text.clone();
                }
                hit.label = Some(match span.status {
                    crate::model::Status::Accepted => span.label.clone(),
                    other => format!("{} ({})", span.label, other.name()),
                });
                hits.push(hit);
                if hits.len() >= limit {
                    return Ok(hits);
                }
            }
        }
        return Ok(hits);
    }
    let Some(words) = words else {
        return Ok(hits);
    };
    for (doc, text) in texts.iter().enumerate() {
        let Some(text) = text else { continue };
        for m in words.find_iter(text) {
            if m.range().is_empty() {
                continue;
            }
            hits.push(in_context(doc, text, m.range()));
            if hits.len() >= limit {
                return Ok(hits);
            }
        }
    }
    Ok(hits)
}

/// Code points `chars` of `text` as bytes (clamped to the text's end).
fn byte_range(text: &str, chars: Range<usize>) -> Range<usize> {
    let start = char_to_byte(text, chars.start);
    start..start + char_to_byte(&text[start..], chars.end.saturating_sub(chars.start))
}

/// Code points of context shown on each side of a hit.
const CONTEXT_CHARS: usize = 40;

fn in_context(doc: usize, text: &str, range: Range<usize>) -> Hit {
    let before_start = text[..range.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after_end = text[range.end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| range.end + i);
    let flat = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c.is_whitespace() {
                true if out.ends_with(' ') => {}
                true => out.push(' '),
                false => out.push(c),
            }
        }
        out
    };
    Hit {
        doc,
        before: flat(&text[before_start..range.start]),
        matched: flat(&text[range.clone()]),
        after: flat(&text[range.end..after_end]),
        range,
        label: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::corpus::summary::SpanFact;

    fn texts(t: &[&str]) -> Vec<Option<Arc<str>>> {
        t.iter().map(|s| Some(Arc::from(*s))).collect()
    }

    #[test]
    fn queries_parse_terms_and_quotes() {
        let q = Query::parse(r#"label:QUOTE  source:"Ales B" prison  term"#);
        assert_eq!(q.label.as_deref(), Some("QUOTE"));
        assert_eq!(q.source.as_deref(), Some("Ales B"));
        assert_eq!(q.text, "prison term");
    }

    #[test]
    fn text_search_ignores_case_and_counts_bytes() {
        let t = texts(&[
            "Ünïcode “PRISON” term",
            "no match",
            "prisoners in Мінск prison",
        ]);
        let hits = search(&t, None, "prison", false, 10).unwrap();
        assert_eq!(hits.len(), 3);
        assert_eq!(hits[0].doc, 0);
        assert_eq!(&t[0].as_deref().unwrap()[hits[0].range.clone()], "PRISON");
        assert_eq!(hits[0].before, "Ünïcode “");
        assert_eq!(hits[2].doc, 2);
        let re = search(&t, None, r"pris\w+s", true, 10).unwrap();
        assert_eq!(re.len(), 1);
        assert_eq!(re[0].matched, "prisoners");
        assert!(search(&t, None, "(", true, 10).is_err());
        assert_eq!(search(&t, None, "(", false, 10).unwrap().len(), 0);
    }

    #[test]
    fn span_queries_match_label_words_and_source() {
        let t = texts(&["“Free them all,” said Sapelka. “No,” said Smith."]);
        let fact = |label: &str, start, end, text: &str, linked: &[&str]| SpanFact {
            label: label.into(),
            start,
            end,
            text: text.into(),
            status: crate::model::Status::Accepted,
            suggester: None,
            created: None,
            reviewed: None,
            linked: linked.iter().map(|s| s.to_string()).collect(),
        };
        let summary = DocSummary {
            spans: vec![
                fact("QUOTE", 0, 16, "“Free them all,”", &["Sapelka"]),
                fact("SOURCE", 22, 29, "Sapelka", &[]),
                fact("QUOTE", 31, 36, "“No,”", &["Smith"]),
            ],
            ..DocSummary::default()
        };
        let s = [summary];
        let hits = search(&t, Some(&s), "label:quote free", false, 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].matched, "“Free them all,”");
        assert_eq!(hits[0].range, 0.."“Free them all,”".len());
        let by_source = search(&t, Some(&s), "source:smith", false, 10).unwrap();
        assert_eq!(by_source.len(), 1);
        assert_eq!(by_source[0].matched, "“No,”");
    }
}
