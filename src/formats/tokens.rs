//! The tokenizer and sentence splitter of the token formats (spaCy/Prodigy
//! JSONL, CoNLL, token classification JSONL).
//!
//! - **Tokens** are the words of Unicode's word boundaries (UAX #29, as
//!   `unicode-segmentation` finds them: "don't" and "3.5" stay whole, "17%"
//!   is "17" and "%", an emoji sequence is one token), split further at
//!   every boundary of a span that goes out, so no span is ever lost to
//!   tokenization. How many spans split a word that way is reported.
//!   Words of ASCII letters and digits between spaces or punctuation that
//!   UAX #29 always breaks at are taken whole without its table lookups
//!   (it never breaks inside them); a property test checks the result
//!   equals plain UAX #29.
//! - **Sentences** (CoNLL's blank lines) end at a line break, and after
//!   `.`, `!`, `?`, `…` (and closing quotes or brackets) followed by
//!   whitespace when the next word does not start with a lowercase letter
//!   and the full stop does not end an initial ("J.") or a common title or
//!   abbreviation ("Mr.", "Dr.", "St.", "No.", "e.g."); after `。！？`
//!   without whitespace. Never inside a span that goes out: a quote of
//!   three sentences stays one sentence, so its tags stay unbroken.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One token, byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    /// Only whitespace (spaCy keeps such tokens; the token formats drop them).
    pub space: bool,
}

/// The text's tokens, split at every offset in `cuts` (sorted byte
/// offsets on character boundaries). Returns the tokens and how many cuts
/// fell inside a word (a span boundary that is not a word boundary).
pub fn tokenize(text: &str, cuts: &[usize]) -> (Vec<Token>, usize) {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut inside = 0;
    let mut next_cut = 0;
    for_each_piece(text, |start, word| {
        let end = start + word.len();
        let space = word.chars().all(char::is_whitespace);
        let mut from = start;
        while cuts.get(next_cut).is_some_and(|&c| c <= start) {
            next_cut += 1;
        }
        while let Some(&cut) = cuts.get(next_cut).filter(|&&c| c < end) {
            out.push(Token {
                range: from..cut,
                space,
            });
            from = cut;
            next_cut += 1;
            if !space {
                inside += 1;
            }
        }
        out.push(Token {
            range: from..end,
            space,
        });
    });
    (out, inside)
}

/// Calls `f` with each word-boundary piece of the text, a piece that
/// mixes whitespace and other characters (a space carrying a combining
/// mark) cut into runs of each, so no token holds both.
fn for_each_piece(text: &str, mut f: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII alphanumeric word between ASCII whitespace or punctuation
        // that never joins letters or digits (UAX #29's "Other": not ' . : , ;
        // or _), or the text's ends, is one piece; the text before it is
        // segmented on its own, which gives the same pieces.
        let starts_word =
            bytes[i].is_ascii_alphanumeric() && text[..i].chars().next_back().is_none_or(apart);
        if !starts_word {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let mut after = text[j..].chars();
        let ends_word = match after.next() {
            None => true,
            // A full stop, comma, colon or apostrophe joins two words or
            // numbers ("3.5", "don't"), never a word and a space or a quote.
            Some('.' | ',' | ':' | ';' | '\'') => after.next().is_none_or(apart),
            Some(c) => apart(c),
        };
        if ends_word {
            uax29_pieces(text, done, i, &mut f);
            f(i, &text[i..j]);
            done = j;
        }
        i = j;
    }
    uax29_pieces(text, done, text.len(), &mut f);
}

/// A character UAX #29 always breaks a word at, on either side (its word
/// break property is "Other"): ASCII whitespace and punctuation other than
/// ' . : , ; _, and the news's curly quotes, guillemets, dashes, ellipsis
/// and currency signs.
fn apart(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace()
            || (c.is_ascii_punctuation() && !matches!(c, '\'' | '.' | ':' | ',' | ';' | '_'));
    }
    matches!(c, '“' | '”' | '«' | '»' | '—' | '–' | '…' | '€' | '£' | '¥')
}

fn uax29_pieces(text: &str, from: usize, to: usize, f: &mut impl FnMut(usize, &str)) {
    let Some(slice) = text.get(from..to) else {
        return;
    };
    // Most of what lies between two words: spaces (one piece by WB3d) or
    // one line break.
    if !slice.is_empty() && (slice.bytes().all(|b| b == b' ') || slice == "\n") {
        f(from, slice);
        return;
    }
    for (start, word) in slice.split_word_bound_indices() {
        let start = from + start;
        let mut chars = word.char_indices();
        let Some((_, first)) = chars.next() else {
            continue;
        };
        let mut white = first.is_whitespace();
        let mut run = 0;
        for (k, c) in chars {
            if c.is_whitespace() != white {
                f(start + run, &word[run..k]);
                run = k;
                white = !white;
            }
        }
        f(start + run, &word[run..]);
    }
}

/// The byte ranges of `spans` trimmed of whitespace at both ends; None for
/// a span that is only whitespace (it cannot become tokens).
pub fn trimmed(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let s = text.get(span.clone())?;
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt",
    "Capt", "Jr", "Sr", "No", "Nos", "vs", "etc", "e.g", "i.e", "Inc", "Co", "Corp", "Ltd", "Jan",
    "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "U.S", "U.K", "a.m", "p.m",
];

/// True when the full stop at `dot` ends an initial or an abbreviation.
fn abbreviation_before(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(“\"'‘«".contains(c))
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word)
}

/// The start of each sentence after the first (byte offsets, sorted), by
/// the rules in the module notes; none inside any of `keep`.
pub fn sentence_starts(text: &str, keep: &[Range<usize>]) -> Vec<usize> {
    let mut starts = Vec::new();
    // Some(closed_by_space_needed) after a sentence end, until the next word.
    let mut ended: Option<bool> = None;
    let mut saw_space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if ended.is_none() {
            // Only stops and line breaks start a sentence end: skip to the
            // next one (the lead bytes of … U+2029 。 ！ ？ are E2, E3, EF).
            let next = bytes[i..]
                .iter()
                .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF));
            match next {
                Some(k) => i += k,
                None => break,
            }
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let at = i;
        i += c.len_utf8();
        let i = at;
        match c {
            '\n' | '\u{2029}' => {
                ended = Some(false);
            }
            '.' | '!' | '?' | '…' => {
                let stop_ok = c != '.' || !abbreviation_before(text, i);
                if stop_ok {
                    ended = Some(true);
                    saw_space = false;
                }
            }
            '。' | '！' | '？' => {
                ended = Some(false);
            }
            c if c.is_whitespace() => saw_space = true,
            '”' | '’' | '"' | '\'' | '»' | ')' | ']' if ended == Some(true) && !saw_space => {}
            c => {
                if let Some(need_space) = ended.take() {
                    let boundary = (!need_space || saw_space) && !c.is_lowercase();
                    if boundary && i > 0 {
                        starts.push(i);
                    }
                }
                saw_space = false;
            }
        }
    }
    let mut keep: Vec<&Range<usize>> = keep.iter().collect();
    keep.sort_by_key(|r| r.start);
    let reach: Vec<usize> = keep
        .iter()
        .scan(0, |end, r| {
            *end = r.end.max(*end);
            Some(*end)
        })
        .collect();
    starts.retain(|&i| {
        let k = keep.partition_point(|r| r.start < i);
        k == 0 || reach.get(k - 1).is_none_or(|&end| end <= i)
    });
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
        let (tokens, _) = tokenize(text, cuts);
        tokens.iter().map(|t| &text[t.range.clone()]).collect()
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_gives_the_pieces_of_plain_uax29(
            text in "(a|Zoë|17| |  |\t|\r\n|\n|e\u{301}| \u{301}|中文|🚲|\u{200d}|🇺🇸|“|”|'|\\.|,|-|_|x2|3.5|\u{a0}|\\(|\\)|\\$|%|\"|:|;|#|\u{fe0f}|\u{20e3}|\u{5d0}|!|\\?|—|…|€|«|’|\u{301}){0,40}"
        ) {
            let mut ours = Vec::new();
            for_each_piece(&text, |at, w| ours.push((at, w.to_owned())));
            let mut plain = Vec::new();
            uax29_pieces(&text, 0, text.len(), &mut |at: usize, w: &str| plain.push((at, w.to_owned())));
            proptest::prop_assert_eq!(ours, plain);
        }
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks_not_after_titles() {
        let text =
            "Mr. Sapelka said 17 were freed. “Why?” he asked.\nIt was J. Doe’s day. e.g. this";
        let starts: Vec<&str> = sentence_starts(text, &[])
            .into_iter()
            .map(|i| &text[i..])
            .map(|rest| rest.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(
            starts,
            ["“Why?”", "It"],
            "a lowercase word goes on the sentence"
        );
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
        let (tokens, inside) = tokenize(text, &[0, 7, 9]);
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
