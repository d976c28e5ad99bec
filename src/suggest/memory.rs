//! Memory: a string the user accepted with a label is suggested wherever
//! else it occurs, as a whole word or words (never inside a longer word).
//! Rejections need no memory of their own: a rejected span stays in the
//! document, and [`super::pending_command`] never suggests a range and
//! label the document already has, whatever its status.

use std::collections::BTreeMap;

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
    pub fn learn(&mut self, session: &Session) {
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
            self.entries
                .entry(covered.to_owned())
                .or_insert_with(|| (span.label.clone(), span.attributes.clone()));
        }
    }

    pub fn from_session(session: &Session) -> Self {
        let mut memory = Self::default();
        memory.learn(session);
        memory
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

impl Suggester for Memory {
    fn name(&self) -> &str {
        "memory"
    }

    fn suggest(&self, text: &str, schema: &Schema) -> Suggestions {
        let mut spans = Vec::new();
        for (needle, (label, attributes)) in &self.entries {
            if schema.get(label).is_none() {
                continue;
            }
            for (start, found) in text.match_indices(needle.as_str()) {
                let end = start + found.len();
                if whole_words(text, start, end) {
                    spans.push(SuggestedSpan {
                        range: start..end,
                        label: label.clone(),
                        score: 0.9,
                        attributes: attributes.clone(),
                    });
                }
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
    fn whole_words_only() {
        let t = "Viasna, Viasnas, «Viasna» и Вясна";
        assert!(whole_words(t, 0, 6));
        assert!(!whole_words(t, 8, 14));
        let s = t.find("«V").unwrap() + '«'.len_utf8();
        assert!(whole_words(t, s, s + 6));
    }
}
