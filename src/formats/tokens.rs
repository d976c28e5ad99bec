//! The tokenizer and sentence splitter of the token formats (spaCy/Prodigy
//! JSONL, CoNLL, token classification JSONL).
//!
//! - **Tokens** are the words of Unicode's word boundaries (UAX #29, as
//!   `unicode-segmentation` finds them: "don't" and "3.5" stay whole, "17%"
//!   is "17" and "%", an emoji sequence is one token), split further at
//!   every boundary of a span that goes out, so no span is ever lost to
//!   tokenization. How many spans split a word that way is reported.
//! - **Sentences** end at Unicode's sentence boundaries (UAX #29), except
//!   inside a span that goes out: a quote of three sentences stays one
//!   sentence, so its tags stay unbroken.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One token, byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    /// Only whitespace (spaCy keeps such tokens; the token formats drop them).
    pub space: bool,
}

/// The text's tokens, split at every offset in `cuts` (byte offsets on
/// character boundaries). Returns the tokens and how many cuts fell inside
/// a word (a span boundary that is not a word boundary).
pub fn tokenize(text: &str, cuts: &BTreeSet<usize>) -> (Vec<Token>, usize) {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut inside = 0;
    for (start, word) in pieces(text) {
        let end = start + word.len();
        let space = word.chars().all(char::is_whitespace);
        let mut from = start;
        for &cut in cuts.range(start + 1..end) {
            out.push(Token {
                range: from..cut,
                space,
            });
            from = cut;
            if !space {
                inside += 1;
            }
        }
        out.push(Token {
            range: from..end,
            space,
        });
    }
    (out, inside)
}

/// The word-boundary pieces of the text, with a piece that mixes
/// whitespace and other characters (a space carrying a combining mark) cut
/// into runs of each, so no token holds whitespace and other characters.
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_word_bound_indices().flat_map(|(start, word)| {
        let mut runs = Vec::with_capacity(1);
        let mut from = 0;
        let mut last = None;
        for (i, c) in word.char_indices() {
            let white = c.is_whitespace();
            if last.is_some_and(|w| w != white) {
                runs.push((start + from, &word[from..i]));
                from = i;
            }
            last = Some(white);
        }
        runs.push((start + from, &word[from..]));
        runs
    })
}

/// The byte ranges of `spans` trimmed of whitespace at both ends; None for
/// a span that is only whitespace (it cannot become tokens).
pub fn trimmed(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let s = text.get(span.clone())?;
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// Sentence ends (byte offsets) that are not inside any of `keep`: the
/// start of each sentence after the first.
pub fn sentence_starts(text: &str, keep: &[Range<usize>]) -> BTreeSet<usize> {
    let mut starts: BTreeSet<usize> = text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .collect();
    for r in keep {
        let inner: Vec<usize> = starts.range(r.start + 1..r.end).copied().collect();
        for i in inner {
            starts.remove(&i);
        }
    }
    starts
}

/// The index of the token starting at each byte offset, and of the token
/// ending at each, for looking spans up.
pub struct TokenIndex {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl TokenIndex {
    pub fn new(tokens: &[Token]) -> Self {
        Self {
            starts: tokens.iter().map(|t| t.range.start).collect(),
            ends: tokens.iter().map(|t| t.range.end).collect(),
        }
    }

    /// The token that starts at `byte`.
    pub fn starting_at(&self, byte: usize) -> Option<usize> {
        self.starts.binary_search(&byte).ok()
    }

    /// The token that ends at `byte`.
    pub fn ending_at(&self, byte: usize) -> Option<usize> {
        self.ends.binary_search(&byte).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(text: &'a str, cuts: &[usize]) -> Vec<&'a str> {
        let (tokens, _) = tokenize(text, &cuts.iter().copied().collect());
        tokens.iter().map(|t| &text[t.range.clone()]).collect()
    }

    #[test]
    fn words_numbers_and_emoji_stay_whole() {
        assert_eq!(
            words("“It’s 3.5%,” she said 🚲.", &[]),
            [
                "“", "It’s", " ", "3.5", "%", ",", "”", " ", "she", " ", "said", " ", "🚲", "."
            ]
        );
    }

    #[test]
    fn span_boundaries_split_words_and_are_counted() {
        let text = "Sapelka's";
        let (tokens, inside) = tokenize(text, &[0, 7, 9].into_iter().collect());
        let got: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(got, ["Sapelka", "'s"]);
        assert_eq!(inside, 1);
    }

    #[test]
    fn sentences_do_not_end_inside_a_kept_span() {
        let text = "He said: “One. Two.” Then he left. Done.";
        let quote = text.find('“').unwrap()..text.find('”').unwrap() + '”'.len_utf8();
        let all = sentence_starts(text, &[]);
        let kept = sentence_starts(text, std::slice::from_ref(&quote));
        assert!(all.len() > kept.len());
        assert!(kept.iter().all(|&i| !(quote.start < i && i < quote.end)));
    }

    #[test]
    fn trimming_drops_whitespace_only_spans() {
        assert_eq!(trimmed(" ab ", &(0..4)), Some(1..3));
        assert_eq!(trimmed(" \r\n", &(0..3)), None);
    }
}
