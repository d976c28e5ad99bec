//! Memory: a string the user accepted with a label is suggested wherever
//! else it occurs, as a whole word or words (never inside a longer word).
//! Rejections need no memory of their own: a rejected span stays in the
//! document, and [`super::pending_command`] never suggests a range and
//! label the document already has, whatever its status.

use std::collections::{BTreeMap, HashMap};

use super::{SuggestedSpan, Suggester, Suggestions};
use crate::model::{AttrValue, Schema, Session};

/// Strings longer than this (in bytes) are not remembered: long quotes do not recur.
const MAX_LEN_BYTES: usize = 200;

/// Accepted strings, each with its label and attributes.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    entries: BTreeMap<String, (String, BTreeMap<String, AttrValue>)>,
}

impl Memory {
    /// Remembers every accepted span of the session; the first label seen
    /// for a string wins.
    pub fn from_session(session: &Session) -> Self {
        let mut memory = Self::default();
        let text = &session.doc().text;
        for span in session.annotations().spans() {
            if !span.status.is_accepted() {
                continue;
            }
            let Some(covered) = text.get(span.range.clone()) else {
                continue;
            };
            if covered.len() > MAX_LEN_BYTES
                || covered.chars().filter(|c| c.is_alphanumeric()).count() < 2
            {
                continue;
            }
            memory
                .entries
                .entry(covered.to_owned())
                .or_insert_with(|| (span.label.clone(), span.attributes.clone()));
        }
        memory
    }
}

/// True when `text[start..end]` is not glued to a word character on either side.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let first = text[start..end].chars().next().is_some_and(word);
    let last = text[start..end].chars().next_back().is_some_and(word);
    let before = text[..start].chars().next_back().is_some_and(word);
    let after = text[end..].chars().next().is_some_and(word);
    !(first && before || last && after)
}

/// The leading run of word characters of `s`.
fn first_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

impl Suggester for Memory {
    fn name(&self) -> &str {
        "memory"
    }

    /// One pass over the words of the text, looking up the strings that
    /// start with each word (a string that starts with punctuation is
    /// searched for on its own).
    fn suggest(&self, text: &str, _schema: &Schema) -> Suggestions {
        let mut by_word: HashMap<&str, Vec<&String>> = HashMap::new();
        let mut odd = Vec::new();
        for needle in self.entries.keys() {
            match first_word(needle) {
                "" => odd.push(needle),
                w => by_word.entry(w).or_default().push(needle),
            }
        }
        let mut found: Vec<(usize, &String)> = Vec::new();
        let mut prev_word = false;
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric() || c == '_';
            if word && !prev_word {
                let w = first_word(&text[i..]);
                for needle in by_word.get(w).into_iter().flatten() {
                    if text[i..].starts_with(needle.as_str()) {
                        found.push((i, needle));
                    }
                }
            }
            prev_word = word;
        }
        for needle in odd {
            found.extend(
                text.match_indices(needle.as_str())
                    .map(|(i, _)| (i, needle)),
            );
        }
        let mut spans = Vec::new();
        for (start, needle) in found {
            let end = start + needle.len();
            let Some((label, attributes)) = self.entries.get(needle) else {
                continue;
            };
            if whole_words(text, start, end) {
                spans.push(SuggestedSpan {
                    range: start..end,
                    label: label.clone(),
                    score: 0.9,
                    attributes: attributes.clone(),
                });
            }
        }
        spans.sort_by_key(|s| (s.range.start, s.range.end));
        Suggestions {
            suggester: self.name().to_owned(),
            spans,
            relations: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_in_one_pass_as_whole_words() {
        use crate::model::{Document, Schema, Session, Span, SpanId};
        let text = "Viasna said; Viasnas and «Viasna» agreed. “Quote” and “Quote”.";
        let doc = Document::new(text.to_owned(), "t".into(), None);
        let mut ann = Vec::new();
        for (i, needle) in ["Viasna", "“Quote”"].iter().enumerate() {
            let start = text.find(needle).unwrap();
            ann.push(Span::manual(
                SpanId(i as u64 + 1),
                start..start + needle.len(),
                "SOURCE",
            ));
        }
        let ann = crate::model::Annotations::new(ann, Vec::new()).unwrap();
        let session = Session::new(doc, Schema::default(), ann).unwrap();
        let found = Memory::from_session(&session).suggest(text, &Schema::default());
        let texts: Vec<&str> = found.spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(texts, ["Viasna", "Viasna", "“Quote”", "“Quote”"]);
    }

    #[test]
    fn whole_words_only() {
        let t = "Viasna, Viasnas, «Viasna» и Вясна";
        assert!(whole_words(t, 0, 6));
        assert!(!whole_words(t, 8, 14));
        let s = t.find("«V").unwrap() + '«'.len_utf8();
        assert!(whole_words(t, s, s + 6));
    }
}
