//! spaCy EntityRuler patterns as a suggester: one JSON object a line,
//! `{"label": "SOURCE", "pattern": "Viasna"}` (a phrase, matched exactly,
//! case-sensitive, like spaCy's default ORTH) or
//! `{"label": "FIGURE", "pattern": [{"LIKE_NUM": true}, {"LOWER": "percent"}]}`
//! (token patterns, see `rules.rs`); an optional `"id"` is kept. Blank lines
//! are skipped; anything else that cannot be read is an error naming the
//! file, the line and the field.
//!
//! Text and phrases are split by one tokeniser (`tokens.rs`), so matches
//! start and end on token boundaries and never cross a line break. Like the
//! EntityRuler, overlapping matches are settled longest first (in tokens),
//! then earliest, then by the order of the lines in the file; the results
//! never overlap. Every match scores 1.0: a rule either matches or not.
//!
//! Phrases live in a trie over token ids, so one pass over the tokens
//! finds all of them however many there are; token patterns are looked up
//! by the ORTH or LOWER values their first token must have.

mod hasher;
mod lex;
mod rules;
#[cfg(test)]
mod tests;
mod tokens;

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde_json::Value;

use super::{SuggestedSpan, Suggestions};
use hasher::FxMap;
use rules::{Key, Rule, Tok};
use tokens::Token;

/// A set of patterns loaded from one file.
#[derive(Debug, Default)]
pub struct Patterns {
    name: String,
    /// Label and id of each pattern, in file order.
    entries: Vec<(String, Option<String>)>,
    phrases: Trie,
    /// Token patterns with the index of their entry.
    rules: Vec<(usize, Rule)>,
    /// Indices into `rules` by the ORTH / LOWER of their first token.
    by_orth: FxMap<String, Vec<usize>>,
    by_lower: FxMap<String, Vec<usize>>,
    unkeyed: Vec<usize>,
}

/// The phrases as a trie over token ids; node 0 is the root.
#[derive(Debug, Default)]
struct Trie {
    /// Id of each token text that occurs in some phrase.
    vocab: FxMap<String, u32>,
    /// (node, token id) to the next node.
    edges: FxMap<(u32, u32), u32>,
    /// Entries of the phrases ending at each node (by node index; the root's is empty).
    ends: Vec<Vec<usize>>,
}

/// One match: byte range of the text, the pattern's label and id.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'a> {
    pub range: Range<usize>,
    pub label: &'a str,
    pub id: Option<&'a str>,
}

/// A candidate: first token, end token (exclusive), entry.
type Candidate = (usize, usize, usize);

impl Patterns {
    /// Reads patterns JSONL; `source_name` (a path or a name) names the
    /// suggester and the errors ("name:line: why").
    pub fn from_jsonl(src: &str, source_name: &str) -> Result<Patterns, String> {
        let stem = Path::new(source_name).file_stem();
        let mut out = Patterns {
            name: format!(
                "patterns:{}",
                stem.map_or(source_name.into(), |s| s.to_string_lossy())
            ),
            ..Patterns::default()
        };
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        for (i, line) in src.lines().enumerate() {
            if !line.trim().is_empty() {
                out.add_line(line)
                    .map_err(|why| format!("{source_name}:{}: {why}", i + 1))?;
            }
        }
        Ok(out)
    }

    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
        let Value::Object(obj) = value else {
            return Err("not a JSON object".to_owned());
        };
        let label = match obj.get("label") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => return Err("\"label\" is missing or not a non-empty string".to_owned()),
        };
        let id = match obj.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => return Err("\"id\" is not a string".to_owned()),
        };
        let entry = self.entries.len();
        match obj.get("pattern") {
            Some(Value::String(phrase)) => self.add_phrase(phrase, entry)?,
            Some(Value::Array(list)) => {
                let rule = Rule::compile(list).map_err(|e| format!("\"pattern\": {e}"))?;
                self.add_rule(rule, entry);
            }
            _ => return Err("\"pattern\" is missing or not a string or a list".to_owned()),
        }
        self.entries.push((label, id));
        Ok(())
    }

    fn add_phrase(&mut self, phrase: &str, entry: usize) -> Result<(), String> {
        let mut toks = Vec::new();
        tokens::tokenize(phrase, 0, &mut toks);
        if toks.is_empty() {
            return Err("\"pattern\" is an empty phrase".to_owned());
        }
        let trie = &mut self.phrases;
        if trie.ends.is_empty() {
            trie.ends.push(Vec::new());
        }
        let mut node = 0;
        for t in toks {
            let fresh = trie.vocab.len() as u32;
            let id = *trie
                .vocab
                .entry(phrase[t.start..t.end].to_owned())
                .or_insert(fresh);
            let fresh = trie.ends.len() as u32;
            node = *trie.edges.entry((node, id)).or_insert(fresh);
            if node == fresh {
                trie.ends.push(Vec::new());
            }
        }
        trie.ends[node as usize].push(entry);
        Ok(())
    }

    fn add_rule(&mut self, rule: Rule, entry: usize) {
        let index = self.rules.len();
        match rule.key() {
            Key::Orth(values) => values.iter().for_each(|v| {
                self.by_orth.entry(v.clone()).or_default().push(index);
            }),
            Key::Lower(values) => values.iter().for_each(|v| {
                self.by_lower.entry(v.clone()).or_default().push(index);
            }),
            Key::Any => self.unkeyed.push(index),
        }
        self.rules.push((entry, rule));
    }

    /// The suggester's name: "patterns:" and the file stem.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The matches in `text`, in text order, none overlapping.
    pub fn matches(&self, text: &str) -> Vec<Match<'_>> {
        let mut out = Vec::new();
        let mut toks = Vec::new();
        let mut views = Vec::new();
        let mut found = Vec::new();
        let mut ids = Vec::new();
        for (at, line) in tokens::lines(text) {
            toks.clear();
            tokens::tokenize(line, at, &mut toks);
            if toks.is_empty() {
                continue;
            }
            found.clear();
            self.find_phrases(text, &toks, &mut ids, &mut found);
            if !self.rules.is_empty() {
                views.clear();
                views.extend(toks.iter().map(|t| Tok::new(&text[t.start..t.end])));
                self.find_rules(&views, &mut found);
            }
            for (s, e, entry) in settle(&mut found, toks.len()) {
                let (label, id) = &self.entries[entry];
                out.push(Match {
                    range: toks[s].start..toks[e - 1].end,
                    label,
                    id: id.as_deref(),
                });
            }
        }
        out
    }

    /// The matches as suggestions (score 1.0, attributes left empty).
    pub fn find(&self, text: &str) -> Suggestions {
        let spans = self.matches(text).into_iter().map(|m| SuggestedSpan {
            range: m.range,
            label: m.label.to_owned(),
            score: 1.0,
            attributes: BTreeMap::new(),
        });
        Suggestions {
            suggester: self.name.clone(),
            spans: spans.collect(),
            relations: Vec::new(),
        }
    }

    fn find_phrases(
        &self,
        text: &str,
        toks: &[Token],
        ids: &mut Vec<Option<u32>>,
        found: &mut Vec<Candidate>,
    ) {
        let trie = &self.phrases;
        if trie.vocab.is_empty() {
            return;
        }
        ids.clear();
        ids.extend(
            toks.iter()
                .map(|t| trie.vocab.get(&text[t.start..t.end]).copied()),
        );
        for s in 0..ids.len() {
            let mut node = 0;
            for (e, id) in ids.iter().enumerate().skip(s) {
                let Some(next) = id.and_then(|id| trie.edges.get(&(node, id))) else {
                    break;
                };
                node = *next;
                found.extend(
                    trie.ends[node as usize]
                        .iter()
                        .map(|&entry| (s, e + 1, entry)),
                );
            }
        }
    }

    fn find_rules(&self, views: &[Tok], found: &mut Vec<Candidate>) {
        let none: &[usize] = &[];
        for (s, tok) in views.iter().enumerate() {
            let by_orth = self.by_orth.get(tok.text).map_or(none, Vec::as_slice);
            let by_lower = if self.by_lower.is_empty() {
                none
            } else {
                self.by_lower.get(tok.lower()).map_or(none, Vec::as_slice)
            };
            for &r in by_orth.iter().chain(by_lower).chain(&self.unkeyed) {
                let (entry, rule) = &self.rules[r];
                rule.ends(views, s, |e| found.push((s, e, *entry)));
            }
        }
    }
}

/// Picks non-overlapping candidates, longest first, then earliest, then by
/// entry; returns them in text order.
fn settle(found: &mut [Candidate], n_tokens: usize) -> Vec<Candidate> {
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable_by_key(|&(s, e, entry)| (Reverse(e - s), s, entry));
    let mut taken = vec![false; n_tokens];
    let mut chosen = Vec::new();
    for &(s, e, entry) in found.iter() {
        if taken[s..e].iter().all(|t| !t) {
            taken[s..e].iter_mut().for_each(|t| *t = true);
            chosen.push((s, e, entry));
        }
    }
    chosen.sort_unstable();
    chosen
}
