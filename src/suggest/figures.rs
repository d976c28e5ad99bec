//! Rule-based suggester of FIGURE spans (counts, money, percentages, ranges) in English text.
//!
//! Span rules: an optional qualifier ("more than", "about", "between", "up to", "~"), an
//! optional currency ("$", "US$", "€", "USD"), the number (digits with separators, attached or
//! following multipliers such as "1.5 million" or "$5bn", or number words such as "two hundred",
//! "a dozen", "tens of thousands"), an optional range ("10 to 15", "10-15", "from $5 to $7",
//! "two or three", "10 miles to 15 miles"), then a percent or currency word, or the short noun
//! phrase that follows up to its counted noun ("115 political prisoners", "7 Belarusian
//! activists": lower-case words, or a capitalised adjective before one; see `unit_phrase`).
//! Years, dates, times, ordinals, numbers glued into words ("G7", "COVID-19"), phone-like
//! numbers and "Article 5"-style references are left out; the value comes from `parse_figure`,
//! which also rejects bare years.
//!
//! Speed: each word is looked up once in a hashed table of the word lists (`mask`).

use super::words::WordTable;
use crate::model::figure::{number_value, parse_figure, unit_phrase};
use std::sync::OnceLock;

/// One suggested FIGURE, in byte offsets of the text, with its parsed value.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedFigure {
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub value: f64,
    pub unit: Option<String>,
    pub approximate: bool,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum K {
    Num,
    Word,
    Sym(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    k: K,
    s: usize,
    e: usize,
    /// For a word: the `LISTS` it is in, and `SMALLISH` when `is_small`.
    m: u16,
}

// Word lists: each is one bit of a word's mask (`mask`); their words are in `LISTS`.
const QUAL_ENDS: u16 = 1;
const SMALL: u16 = 1 << 1;
const SCALE: u16 = 1 << 2;
const PLURAL: u16 = 1 << 3;
const CURRENCY_WORDS: u16 = 1 << 4;
const MONTHS: u16 = 1 << 5;
const REFS: u16 = 1 << 6;
const STOPS: u16 = 1 << 7;
const STREETS: u16 = 1 << 8;
const YEAR_PREPS: u16 = 1 << 9;
/// Mask bit of the words that `is_small` accepts.
const SMALLISH: u16 = 1 << 15;

static LISTS: [(u16, &str); 10] = [
    (
        SMALL,
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy \
        eighty ninety",
    ),
    (
        SCALE,
        "hundred thousand million billion trillion dozen bn mn mln tn trn lakh crore k m",
    ),
    (PLURAL, "dozens hundreds thousands millions billions tens"),
    (
        CURRENCY_WORDS,
        "pc p sen dollars dollar euros euro pounds sterling yen yuan rupees rubles roubles \
        francs crowns kronor krona pesos cents pence percent pct",
    ),
    (
        MONTHS,
        "january february march april may june july august september october november \
        december jan feb mar apr jun jul aug sep sept oct nov dec",
    ),
    // Words before a number that make it a reference, not a quantity.
    (
        REFS,
        "article section no nos number chapter page pages paragraph clause room route highway \
        episode version vol volume part phase level grade gate platform flight apollo windows \
        iphone ios android galaxy pixel xbox playstation ps series covid ak mp category unit \
        zip code",
    ),
    // Last words of the qualifiers, to skip the phrase search quickly.
    (
        QUAL_ENDS,
        "than over about nearly almost around roughly some least most to many much few little \
        under approximately estimated of excess between",
    ),
    (
        STREETS,
        "road rd street st avenue ave way lane drive boulevard blvd place square",
    ),
    (
        YEAR_PREPS,
        "in by since until till before after of from during",
    ),
    // Words that end a unit: function words and frequent verbs.
    (
        STOPS,
        "of in on at by for from since to with who that which and or but the a an were was are \
        is be been being have has had this these those it its as per than then while when after \
        before into over under up down said says say will would could can may might also not \
        no so if each more less last next year years ago earlier later he she they we i you \
        during across through among against within without about around off out most although \
        left just only even still again now today yesterday compared down should must shall \
        wasn isn aren weren didn doesn don hasn haven hadn wouldn couldn shouldn",
    ),
];
/// Qualifier phrases before a number, matched backwards from their last word.
#[rustfmt::skip]
const QUALS: &[&[&str]] = &[
    &["more", "than"], &["less", "than"], &["fewer", "than"], &["over"], &["about"],
    &["nearly"], &["almost"], &["around"], &["roughly"], &["some"], &["at", "least"],
    &["at", "most"], &["up", "to"], &["as", "many", "as"], &["as", "much", "as"],
    &["as", "few", "as"], &["as", "little", "as"], &["just", "over"], &["just", "under"],
    &["approximately"], &["close", "to"], &["an", "estimated"], &["estimated"],
    &["upwards", "of"], &["in", "excess", "of"], &["well", "over"], &["under"],
    &["no", "more", "than"], &["no", "fewer", "than"], &["no", "less", "than"], &["between"],
];

/// The lists of `LISTS` that `w` (any case) is in, one bit each.
fn mask(w: &str) -> u16 {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    if w.len() > 13 {
        return 0; // longer than any listed word
    }
    TABLE
        .get_or_init(|| {
            WordTable::new(
                LISTS
                    .iter()
                    .flat_map(|&(b, l)| l.split_ascii_whitespace().map(move |w| (b, w))),
            )
        })
        .get(w.as_bytes())
}

/// Whether `w` (any case) is a word of `list`, one of the bits above.
fn has(list: u16, w: &str) -> bool {
    mask(w) & list != 0
}

/// Case-insensitive membership of `w` in a short list of words.
fn any_of(words: &[&str], w: &str) -> bool {
    words.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// `mask(w)`, with `SMALLISH` when `is_small(w)`.
fn word_mask(w: &str) -> u16 {
    let m = mask(w);
    let compound = || {
        w.split_once('-')
            .is_some_and(|(a, b)| mask(a) & mask(b) & SMALL != 0)
    };
    if m & SMALL != 0 || (w.bytes().any(|b| b == b'-') && compound()) {
        m | SMALLISH
    } else {
        m
    }
}

fn is_small(w: &str) -> bool {
    has(SMALL, w)
        || w.split_once('-')
            .is_some_and(|(a, b)| has(SMALL, a) && has(SMALL, b))
}

/// The char starting at byte i; None when i is no char boundary.
fn ch_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while i < b.len() {
        let Some(c) = ch_at(text, i) else {
            i += 1;
            continue;
        };
        let s = i;
        let k = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if c.is_ascii_digit() {
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], b',' | b'.')
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            K::Num
        } else if c.is_alphabetic() {
            i += c.len_utf8();
            while let Some(d) = ch_at(text, i) {
                if d.is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                let joiner = matches!(d, '\'' | '’' | '-' | '.')
                    && ch_at(text, i + 1).is_some_and(char::is_alphabetic)
                    && (d != '.' || i - s == 1);
                if d.is_alphabetic() || joiner {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            K::Word
        } else {
            i += c.len_utf8();
            K::Sym(match c {
                '–' | '—' | '−' => '-',
                _ => c,
            })
        };
        let m = match (k, text.get(s..i)) {
            (K::Word, Some(w)) => word_mask(w),
            _ => 0,
        };
        toks.push(Tok { k, s, e: i, m });
    }
    toks
}

struct Scan<'a> {
    text: &'a str,
    t: Vec<Tok>,
}

impl Scan<'_> {
    fn word(&self, i: usize) -> &str {
        match self.t.get(i) {
            Some(t) if t.k == K::Word => self.text.get(t.s..t.e).unwrap_or(""),
            _ => "",
        }
    }
    fn sym(&self, i: usize) -> Option<char> {
        match self.t.get(i) {
            Some(Tok { k: K::Sym(c), .. }) => Some(*c),
            _ => None,
        }
    }
    /// Whether token i is a word of `list` (any case).
    fn is(&self, i: usize, list: u16) -> bool {
        self.t.get(i).is_some_and(|t| t.m & list != 0)
    }
    /// Whether token i is a small number word (`is_small`).
    fn small(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.m & SMALLISH != 0)
    }
    fn num(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.k == K::Num)
    }
    /// Whether token i touches token i - 1.
    fn glued(&self, i: usize) -> bool {
        i > 0 && matches!((self.t.get(i - 1), self.t.get(i)), (Some(a), Some(b)) if a.e == b.s)
    }
    fn currency(&self, i: usize) -> usize {
        let w = self.word(i);
        if w.len() > 3 {
            return 0;
        }
        match (self.sym(i), w) {
            (Some('$'), _)
                if self.glued(i + 1) && any_of(&["US", "A", "C", "NZ", "HK"], self.word(i + 1)) =>
            {
                2
            }
            (Some('$' | '€' | '£' | '¥' | '₹' | '₽'), _) => 1,
            (_, "US" | "A" | "C" | "NZ" | "HK" | "S") if self.sym(i + 1) == Some('$') => 2,
            (_, "USD" | "EUR" | "GBP" | "JPY" | "CNY" | "CHF" | "Rs" | "RM") => 1,
            _ => 0,
        }
    }
    /// A quick test: false when no figure can start at token i (a word that is no number word,
    /// currency code or "a", "an", "half", "minus", "tens").
    fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.t.get(i) else {
            return false;
        };
        let w = self.word(i);
        t.k != K::Word
            || t.m & (SMALL | PLURAL | SMALLISH) != 0
            || (w.len() <= 3 && w.starts_with(|c: char| c.is_ascii_uppercase()))
            || any_of(&["a", "an", "half", "minus", "tens"], w)
    }
    /// A number word that can start a figure.
    fn word_number(&self, i: usize) -> bool {
        let w = self.word(i);
        self.small(i)
            || self.is(i, PLURAL) && !w.eq_ignore_ascii_case("tens")
            || matches!(w, "a" | "an" | "A" | "An")
                && any_of(
                    &["dozen", "hundred", "thousand", "million", "billion", "half"],
                    self.word(i + 1),
                )
            || w.eq_ignore_ascii_case("tens") && self.word(i + 1) == "of" && self.is(i + 2, PLURAL)
    }
    /// Reads a number at i; returns the index after it.
    fn amount(&self, i: usize) -> Option<usize> {
        let mut j = i;
        if self.num(j) {
            j += 1;
            let w = self.word(j);
            if self.glued(j) && !w.is_empty() {
                let ordinal = w.len() == 2 && any_of(&["st", "nd", "rd", "th"], w)
                    || w.get(2..3) == Some("-")
                        && any_of(&["st", "nd", "rd", "th"], w.get(..2).unwrap_or(""));
                if ordinal || w == "s" || (self.num(j + 1) && self.glued(j + 1)) {
                    return None;
                }
                if self.is(j, SCALE) {
                    j += 1;
                }
            }
            while self.is(j, SCALE) && !any_of(&["k", "m"], self.word(j)) {
                j += 1;
            }
            return Some(j);
        }
        if !self.word_number(j) {
            return None;
        }
        loop {
            let w = self.word(j);
            let scale = self.is(j, SCALE) && !any_of(&["k", "m"], w) || self.is(j, PLURAL);
            let next = self.word(j + 1);
            // A number word, a scale ("a hundred"), or a joint ("and five", "of millions").
            let part = self.small(j)
                || scale
                || (w.eq_ignore_ascii_case("half") && j > i)
                || (matches!(w, "a" | "an" | "A" | "An") && self.is(j + 1, SCALE))
                || (w == "and" && j > i && (self.small(j + 1) || next == "a"))
                || (w == "of" && j > i && self.is(j + 1, PLURAL));
            if !part {
                break;
            }
            j += 1;
        }
        (j > i).then_some(j)
    }
    /// Skips a unit/percent/currency word after a number; returns the new index.
    fn suffix(&self, mut j: usize) -> usize {
        if matches!(self.sym(j), Some('%' | '+')) {
            return j + 1;
        }
        let w = self.word(j);
        if w.eq_ignore_ascii_case("per") && self.word(j + 1) == "cent" {
            return j + 2;
        }
        if w == "percentage" && self.word(j + 1).starts_with("point") {
            return j + 2;
        }
        if has(CURRENCY_WORDS, w) {
            return j + 1;
        }
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if cap && has(CURRENCY_WORDS, self.word(j + 1)) && !self.glued(j) {
            return j + 2; // "Australian dollars"
        }
        let number = self
            .t
            .get(j.wrapping_sub(1))
            .and_then(|t| self.text.get(t.s..t.e));
        let singular = number.is_some_and(|n| n == "1" || n.eq_ignore_ascii_case("one"));
        let hyphen = self.sym(j) == Some('-') && self.glued(j) && !self.word(j + 1).is_empty();
        j += usize::from(hyphen); // "10-year"
        let unit_word = |k: usize, capital: bool| {
            let w = self.word(k);
            let lower = w.chars().all(|c| !c.is_uppercase()) || (self.glued(k) && w.len() <= 4);
            !w.is_empty() && (lower || capital) && !self.is(k, STOPS | MONTHS) && !self.small(k)
        };
        // A short noun phrase: lower-case words, or a capitalised adjective before one.
        let mut words = [""; 4];
        let mut n = 0;
        while n < if hyphen { 1 } else { 4 }
            && (unit_word(j + n, false) || unit_word(j + n, true) && unit_word(j + n + 1, false))
        {
            words[n] = self.word(j + n);
            n += 1;
        }
        match unit_phrase(&words[..n], singular) {
            0 => j - usize::from(hyphen), // not "10-" alone
            k => j + k,
        }
    }
    /// Whether the number at i is a date, time, year, reference, address or part of a word.
    fn excluded(&self, i: usize, end: usize, money: bool) -> bool {
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        let before = if i > 1 { self.word(i - 2) } else { "" };
        let w = self.word(i);
        if !self.num(i) {
            let pronoun = any_of(
                &[
                    "each", "same", "the", "this", "that", "any", "every", "which", "another", "no",
                ],
                prev,
            );
            let one = w.eq_ignore_ascii_case("one")
                && (pronoun
                    || self.num(i + 1)
                    || is_small(self.word(i + 1))
                    || self.word(i + 1) == "out");
            return one
                || (i > 0
                    && w.starts_with(char::is_uppercase)
                    && self.sym(i - 1).is_none()
                    && qualifier_start(self, i) == i);
        }
        let raw = self
            .t
            .get(i)
            .and_then(|t| self.text.get(t.s..t.e))
            .unwrap_or("");
        let prev_dot = i > 1 && self.sym(i - 1) == Some('.') && has(MONTHS, before);
        let glued_word = !money && self.glued(i) && (!prev.is_empty() || self.num(i - 1));
        let glued_sym = self.glued(i)
            && matches!(
                self.sym(i - 1),
                Some('-' | '/' | ':' | '×' | '⁄' | '^' | '.')
            );
        let joined = glued_sym
            && self.glued(i - 1)
            && (!before.is_empty() && before != "minus"
                || self.num(i - 2) && self.sym(i - 1) != Some('-'));
        let caps_dash = glued_sym && before.len() > 1 && before.chars().all(|c| c.is_uppercase());
        let next = self.word(end);
        let link = |k: usize| {
            self.glued(k) && self.glued(k + 1) && matches!(self.sym(k), Some('-' | '/' | '.'))
        };
        let (mut a, mut b) = (i, i);
        while a >= 2 && link(a - 1) && self.num(a - 2) {
            a -= 2;
        }
        while link(b + 1) && self.num(b + 2) {
            b += 2;
        }
        let time = (self.sym(i + 1) == Some(':') && self.num(i + 2))
            || any_of(
                &["am", "pm", "a.m", "p.m", "GMT", "BST", "ET", "EST"],
                self.word(i + 1),
            );
        let phone = self.sym(i + 1) == Some('-') && self.num(i + 2) && self.sym(i + 3) == Some('-');
        // The costlier tests are closures, run only when the cheap ones fail.
        let qualified = || qualifier_start(self, i) < i;
        let capital = || {
            !money
                && prev.chars().any(char::is_uppercase)
                && !has(STOPS, prev)
                && i > 1
                && self
                    .sym(i - 2)
                    .is_none_or(|c| !matches!(c, '.' | ':' | '!' | '?'))
                && !qualified()
                && self.suffix(end) == end
        };
        let age = i > 0
            && self.sym(i - 1) == Some(',')
            && self.sym(i + 1) == Some(',')
            && raw.len() <= 2
            && before.starts_with(char::is_uppercase);
        let street = || {
            (end..end + 5)
                .any(|k| self.is(k, STREETS) && self.word(k).starts_with(char::is_uppercase))
        };
        let year = || {
            raw.len() == 4
                && !money
                && raw.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
                && (has(YEAR_PREPS, prev)
                    || !(next.is_empty() || has(SCALE, next) || has(CURRENCY_WORDS, next)))
                && !qualified()
        };
        (has(MONTHS, prev) && prev != "may")
            || prev_dot
            || has(REFS, prev)
            || glued_word
            || joined
            || caps_dash
            || (has(MONTHS, next) && next != "may")
            || time
            || phone
            || age
            || b - a >= 4
            || year()
            || street()
            || capital()
    }
    /// The extent of the figure starting at token i: (start, end of number, end with unit, end of the part to parse).
    fn figure_at(&self, i: usize) -> Option<[usize; 5]> {
        let mut cur = self.currency(i);
        cur += usize::from(cur > 0 && self.sym(i + cur) == Some('-'));
        if cur > 0 && !self.num(i + cur) {
            return None;
        }
        let n = i + cur;
        let mut end = self.amount(n)?;
        if i > 0 && self.currency(i - 1) > 0 || self.excluded(n, end, cur > 0) {
            return None;
        }
        let mut j = if cur > 0 { end } else { self.suffix(end) }; // no noun after money
        let unit_text = |a: usize, b: usize| -> String {
            (a..b)
                .map(|k| {
                    self.word(k).to_ascii_lowercase()
                        + &self.sym(k).map(String::from).unwrap_or_default()
                })
                .collect()
        };
        // Range: "10-15", "10 to 15", "two or three", "between 10 and 15", "$5 to $7".
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        let link = self.sym(j) == Some('-')
            || matches!(self.word(j), "to" | "or")
            || (self.word(j) == "and" && prev.eq_ignore_ascii_case("between"));
        if link && prev != "by" {
            let c = self.currency(j + 1);
            let second = self
                .amount(j + 1 + c)
                .filter(|&e| !self.excluded(j + 1 + c, e, c > 0));
            if self.amount(j + 1 + c).is_some() && second.is_none() && self.word(j) != "or" {
                return None; // "between 1600 and 1900"
            }
            if let Some(e) = second.filter(|_| (c > 0) == (cur > 0)) {
                let k = if c > 0 { e } else { self.suffix(e) };
                if end == j || unit_text(end, j) == unit_text(e, k) {
                    let value = |t: usize| {
                        self.text
                            .get(self.t.get(t)?.s..self.t.get(t)?.e)
                            .and_then(number_value)
                    };
                    let shared = end == n + 1 && e > j + 2 + c && value(n) < value(j + 1 + c);
                    if c > 0 && !shared {
                        return Some([i, n, end, k, j]);
                    }
                    (end, j) = (e, k);
                }
            }
        }
        if self.word(j) == "or" && any_of(&["more", "so", "less"], self.word(j + 1)) {
            j += 2;
        }
        if self.sym(j) == Some('+') && self.glued(j) {
            j += 1;
        }
        Some([i, n, end, j, j])
    }
}

fn qualifier_start(sc: &Scan, i: usize) -> usize {
    if i > 0 && matches!(sc.sym(i - 1), Some('~' | '≈')) {
        return i - 1;
    }
    if i > 0 && sc.word(i - 1).eq_ignore_ascii_case("minus") {
        return i - 1;
    }
    if i == 0 || !has(QUAL_ENDS, sc.word(i - 1)) {
        return i;
    }
    for q in QUALS {
        let n = q.len();
        if n <= i
            && q.iter()
                .enumerate()
                .all(|(k, w)| sc.word(i - n + k).eq_ignore_ascii_case(w))
        {
            return i - n;
        }
    }
    i
}

/// Finds FIGURE spans in `text`, each with the value `parse_figure` reads from it.
pub fn suggest_figures(text: &str) -> Vec<SuggestedFigure> {
    let sc = Scan {
        text,
        t: tokenize(text),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < sc.t.len() {
        if !sc.may_start(i) {
            i += 1;
            continue;
        }
        let half = sc.word(i).eq_ignore_ascii_case("half") && qualifier_start(&sc, i) < i;
        let minus = sc.word(i) == "minus"
            && sc.sym(i + 1) == Some('-')
            && sc.glued(i + 1)
            && sc.glued(i + 2);
        let at = if half {
            Some([i, i, i + 1, i + 1, i + 1])
        } else {
            sc.figure_at(i + 2 * usize::from(minus))
        };
        let Some([first, n, num_end, unit_end, value_end]) = at else {
            i += 1;
            continue;
        };
        let s = if minus {
            i
        } else {
            qualifier_start(&sc, first)
        };
        let span = |a: usize, b: usize| Some((sc.t.get(a)?.s, sc.t.get(b.checked_sub(1)?)?.e));
        let Some((start, end)) = span(s, unit_end) else {
            break;
        };
        let from = if minus { i + 1 } else { s };
        let tries = [
            (from, value_end),
            (from, num_end),
            (first, value_end),
            (n, value_end),
            (n, num_end),
        ];
        let slice = |(a, b): (usize, usize)| span(a, b).and_then(|(x, y)| text.get(x..y));
        let fresh = |k: usize| {
            tries
                .get(k)
                .is_some_and(|t| t.1 > t.0 && !tries[..k].contains(t))
        };
        let Some(f) = (0..tries.len())
            .filter(|&k| fresh(k))
            .find_map(|k| slice(tries[k]).and_then(parse_figure))
        else {
            i += 1;
            continue;
        };
        let digits =
            sc.t.get(n..num_end)
                .is_some_and(|ts| ts.iter().any(|t| t.k == K::Num));
        let score = match (digits, f.unit.is_some()) {
            (true, true) => 0.9,
            (true, false) => 0.75,
            (false, true) => 0.6,
            (false, false) => 0.4,
        };
        out.push(SuggestedFigure {
            start,
            end,
            score,
            value: f.value,
            unit: f.unit,
            approximate: f.approximate,
        });
        i = unit_end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(&str, f64)> {
        suggest_figures(text)
            .iter()
            .map(|f| (&text[f.start..f.end], f.value))
            .collect()
    }

    #[test]
    fn finds_figures() {
        let cases: &[(&str, &[(&str, f64)])] = &[
            (
                "The bakery sold more than 300 loaves on Sunday.",
                &[("more than 300 loaves", 300.0)],
            ),
            (
                "Rents rose 4.5 percent to $1,250 a month.",
                &[("4.5 percent", 4.5), ("$1,250", 1250.0)],
            ),
            (
                "The council approved a $5bn plan and hired three engineers.",
                &[("$5bn", 5e9), ("three engineers", 3.0)],
            ),
            (
                "Tickets cost between 10 and 15 euros.",
                &[("between 10 and 15 euros", 10.0)],
            ),
            (
                "Nearly 2.5 million visitors came, up 12% on the year.",
                &[("Nearly 2.5 million visitors", 2.5e6), ("12%", 12.0)],
            ),
            (
                "Temperatures fell to minus 12 degrees.",
                &[("minus 12 degrees", -12.0)],
            ),
            (
                "Homes cost from $300,000 to $2 million.",
                &[("$300,000 to $2 million", 300000.0)],
            ),
            (
                "The mill employs a dozen workers.",
                &[("a dozen workers", 12.0)],
            ),
            (
                "The court jailed 115 political prisoners on Monday.",
                &[("115 political prisoners", 115.0)],
            ),
            (
                "Police held 7 Belarusian opposition activists, and one local reporter.",
                &[
                    ("7 Belarusian opposition activists", 7.0),
                    ("one local reporter", 1.0),
                ],
            ),
            ("He got a 10-year sentence.", &[("10", 10.0)]),
            ("A 10-day trip.", &[("10-day", 10.0)]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn units_are_counted_nouns() {
        let units: Vec<_> =
            suggest_figures("Officers held 115 political prisoners and 3 Zürich cafés closed.")
                .into_iter()
                .map(|f| f.unit)
                .collect();
        assert_eq!(units, [Some("prisoners".into()), Some("cafés".into())]);
    }

    #[test]
    fn listed_words_fit_the_table() {
        for (_, words) in LISTS {
            for w in words.split_ascii_whitespace() {
                assert!(
                    w.len() <= 13 && mask(w) != 0 && mask(&w.to_uppercase()) == mask(w),
                    "{w}"
                );
            }
        }
        assert_eq!(mask("political"), 0);
        assert_eq!(mask(""), 0);
    }

    #[test]
    fn skips_non_figures() {
        for text in [
            "The fair opened on March 3 in 2019.",
            "She finished sixth in the 21st race.",
            "The G7 met about COVID-19 at 10:30 am.",
            "Call 555-123-4567 or read Article 12.",
            "He lives at 42 Elm Street.",
        ] {
            assert_eq!(spans(text), vec![], "{text}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let digits = "7".repeat(1 << 20);
        let odd = [
            "",
            "😀 5 😀",
            "三十五 個 12",
            "a\r\n3 cats\r\n",
            "1,,2",
            "$",
            "$-",
            "minus-",
            "-",
            "US $",
            "between 1 and",
            "5 to",
            "é1",
            "…%",
            "half",
            "a a a",
            digits.as_str(),
        ];
        for text in odd {
            for f in suggest_figures(text) {
                assert!(
                    text.is_char_boundary(f.start)
                        && text.is_char_boundary(f.end)
                        && f.start < f.end
                );
            }
        }
    }
}
