//! The tokeniser behind pattern matching, a small spaCy-like one. Both the
//! text and phrase patterns go through it, so they always split alike.
//!
//! - Whitespace separates tokens and is never a token itself.
//! - Punctuation and symbols are tokens of their own, one grapheme cluster
//!   each (so an emoji with skin tone or ZWJ parts is one token); a run of
//!   `.`, `-`, `!` or `?` (`...`, `--`, `?!` not) is one token.
//! - Kept inside a word: `'`/`’` between letters (`O'Brien`, `don't`), but a
//!   final `'s` is split off as in spaCy (`Viasna's` → `Viasna`, `'s`);
//!   hyphens between letters or digits (`Jean-Luc`, `COVID-19`; so `Biden`
//!   does not match inside `Biden-Harris`); `.` between letters or digits
//!   (`U.S`, `10.9`, `example.com`) unless lower case meets upper case
//!   (`end.Next`); `,`, `:` and `/` between digits (`1,200.50`, `10:30`,
//!   `1/2`); `&` between letters (`AT&T`); `_` between word characters.
//! - A final `.` stays on abbreviations: words with an inner `.` (`U.S.`,
//!   `p.m.`), single capitals (`J.`) and a few titles (`Mr.`, `Inc.`).
//! - Each Han, kana or bopomofo character is a token (like spaCy's Chinese
//!   `char` segmenter), so names match inside unspaced CJK text. Other
//!   unspaced scripts (Thai, …) stay whole runs.
//! - Combining marks, ZWJ/ZWNJ and variation selectors continue a word.

use unicode_segmentation::UnicodeSegmentation;

/// Titles and company words that keep their final `.`.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Jr",
    "Sr", "St", "Mt", "Inc", "Corp", "Ltd", "Co", "vs", "etc", "No",
];

/// A token as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
}

/// The text's lines (split at `\n`, `\r`, U+2028, U+2029) with their byte
/// offsets; matches never cross a line break.
pub(super) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(move |line| {
            let start = at;
            // Every separator above is one char; its length is added after the line.
            at += line.len();
            at += text[at..].chars().next().map_or(0, char::len_utf8);
            (start, line)
        })
}

/// Appends the tokens of `text` (one line) to `out`, their offsets moved by `base`.
pub(super) fn tokenize(text: &str, base: usize, out: &mut Vec<Token>) {
    let mut push = |s: usize, e: usize| {
        out.push(Token {
            start: base + s,
            end: base + e,
        })
    };
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let after = i + c.len_utf8();
        if is_word(c) && !is_cjk(c) {
            word.get_or_insert(i);
            i = after;
            continue;
        }
        let rest = &text[after..];
        if let Some(w) = word.take() {
            if joins(&text[w..i], c, rest) {
                word = Some(w);
                i = after;
                continue;
            }
            if c == '.' && !rest.starts_with('.') && is_abbreviation(&text[w..i]) {
                push(w, after);
                i = after;
                continue;
            }
            push(w, i);
        }
        if c.is_whitespace() {
            i = after;
            continue;
        }
        let end = if is_cjk(c) {
            after + word_len(rest, is_mark)
        } else {
            i + punct_len(&text[i..], c)
        };
        push(i, end);
        i = end;
    }
    if let Some(w) = word {
        push(w, text.len());
    }
}

/// Whether `c` joins the word `before` to what follows (`rest`).
fn joins(before: &str, c: char, rest: &str) -> bool {
    let (Some(prev), Some(next)) = (before.chars().next_back(), rest.chars().next()) else {
        return false;
    };
    if !is_word(next) || is_cjk(next) {
        return false;
    }
    let digits = prev.is_numeric() && next.is_numeric();
    match c {
        '\'' | '’' | 'ʼ' => prev.is_alphabetic() && next.is_alphabetic() && !is_final_s(rest),
        '-' | '‐' | '‑' => prev.is_alphanumeric() && next.is_alphanumeric(),
        '.' => {
            prev.is_alphanumeric()
                && next.is_alphanumeric()
                && !(prev.is_lowercase() && next.is_uppercase())
        }
        ',' | ':' | '/' => digits,
        '&' => prev.is_alphabetic() && next.is_alphabetic(),
        '_' => true,
        _ => false,
    }
}

/// Whether `rest` (after an apostrophe) is a final `s`.
fn is_final_s(rest: &str) -> bool {
    let mut chars = rest.chars();
    matches!(chars.next(), Some('s' | 'S')) && chars.next().is_none_or(|c| !is_word(c))
}

/// Whether a word keeps a following `.`.
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_capital || word.contains('.') || ABBREVIATIONS.contains(&word)
}

/// Byte length of the punctuation token at the start of `s` (starting with `c`).
fn punct_len(s: &str, c: char) -> usize {
    if matches!(c, '\'' | '’') && is_final_s(&s[c.len_utf8()..]) {
        return c.len_utf8() + 1;
    }
    if matches!(c, '.' | '-' | '!' | '?') {
        return word_len(s, |x| x == c);
    }
    let len = c.len_utf8();
    if s[len..].chars().next().is_none_or(|n| n.is_ascii()) && !is_regional(c) {
        return len;
    }
    s.graphemes(true).next().map_or(s.len(), str::len)
}

/// Byte length of the leading run of `s` whose chars satisfy `keep`.
fn word_len(s: &str, keep: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(s.len(), |(i, _)| i)
}

/// Letters, digits and the marks and joiners that continue them.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Regional indicators, which pair into flags.
fn is_regional(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Combining marks (common blocks), ZWNJ/ZWJ and variation selectors.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Han ideographs, kana and bopomofo: one token per character.
fn is_cjk(c: char) -> bool {
    !c.is_ascii()
        && matches!(c,
            '\u{2E80}'..='\u{2FDF}'
            | '\u{3005}'..='\u{3007}'
            | '\u{3021}'..='\u{3029}'
            | '\u{3040}'..='\u{3098}'
            | '\u{309B}'..='\u{30FF}'
            | '\u{3100}'..='\u{312F}'
            | '\u{31A0}'..='\u{31BF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}'
            | '\u{20000}'..='\u{323AF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0, &mut out);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            toks("“Viasna’s 1,200.50 (10%) rose—fell...”"),
            [
                "“", "Viasna", "’s", "1,200.50", "(", "10", "%", ")", "rose", "—", "fell", "...",
                "”"
            ]
        );
        assert_eq!(
            toks("O'Brien don't well-known COVID-19 1/2 10:30 AT&T"),
            [
                "O'Brien",
                "don't",
                "well-known",
                "COVID-19",
                "1/2",
                "10:30",
                "AT&T"
            ]
        );
        assert_eq!(
            toks("a,b end.Next 'quoted' parents'"),
            [
                "a", ",", "b", "end", ".", "Next", "'", "quoted", "'", "parents", "'"
            ]
        );
    }

    #[test]
    fn abbreviations_keep_their_dot() {
        assert_eq!(
            toks("U.S. Mr. Smith, J. K. Rowling at 5 p.m., end."),
            [
                "U.S.", "Mr.", "Smith", ",", "J.", "K.", "Rowling", "at", "5", "p.m.", ",", "end",
                "."
            ]
        );
    }

    #[test]
    fn unicode() {
        assert_eq!(toks("Café Лукашенко’s"), ["Café", "Лукашенко", "’s"]);
        // e + combining acute stays in the word.
        assert_eq!(toks("Cafe\u{301}!"), ["Cafe\u{301}", "!"]);
        assert_eq!(toks("我爱北京。"), ["我", "爱", "北", "京", "。"]);
        assert_eq!(toks("hi👍🏽👨‍👩‍👧!"), ["hi", "👍🏽", "👨‍👩‍👧", "!"]);
        assert_eq!(toks("🇧🇾flag"), ["🇧🇾", "flag"]);
    }

    #[test]
    fn lines_split_crlf() {
        let text = "a b\r\nc\nd\u{2028}e";
        let got: Vec<(usize, &str)> = lines(text).collect();
        assert_eq!(got, [(0, "a b"), (4, ""), (5, "c"), (7, "d"), (11, "e")]);
        for (at, line) in got {
            assert_eq!(&text[at..at + line.len()], line);
        }
    }
}
