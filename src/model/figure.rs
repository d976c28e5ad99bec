//! Reads the number, unit and "approximate" flag out of the text of a FIGURE span.
//!
//! Rules where news text is ambiguous:
//! - Separators: a space (also U+00A0, U+2009, U+202F) followed by exactly three digits is a
//!   thousands separator ("1 278"). A single comma followed by 1–2 digits, with no other comma
//!   or dot, is a decimal comma ("48,6" = 48.6, "12,5%" = 12.5); "1,278" is 1278. When commas
//!   and dots are mixed, the last one is the decimal point ("1.278,5" = 1278.5). Several dots
//!   and no comma are thousands separators ("1.278.000"); a single dot is a decimal point.
//!   Thousands groups after the first must have three digits, otherwise the text is no figure.
//! - Years: a bare four-digit number from 1800 to 2100 with nothing else (no unit, currency,
//!   sign, qualifier, multiplier or range) is a year, not a figure; "2020 people" is a figure.
//! - Ranges ("10-15", "10 to 15", "between 10 and 15"): the value is the first number and
//!   `approximate` is true. A multiplier on the second number also scales the first
//!   ("1-2 million" = 1 000 000).
//! - "¥" is JPY (renminbi is "yuan" or "CNY"). An attached "m" means million only after a
//!   currency ("€2m"); "100m" alone is 100 with unit "m".
//! - Vague plurals take two of their unit as value and are approximate: "dozens" = 24,
//!   "hundreds" = 200, "tens of thousands" = 20 000.
//! - The unit is the counted noun: the head of the short noun phrase after the number (at most
//!   four words, ending at punctuation or a function word such as "of", "in", "will"). Adjectives
//!   before it are skipped: the phrase ends at its first plural ("115 political prisoners" →
//!   "prisoners"), or before a participle or adverb ("7 activists jailed" → "activists");
//!   without a plural the unit is the first word ("30 km south" → "km"), except after "one"/"1",
//!   where modifiers are skipped ("one political prisoner" → "prisoner"). See `unit_phrase`.
//! - Currency words and symbols become ISO codes ("US dollars" → "USD"); a currency word after
//!   other words keeps them ("Australian dollars"). "percent" becomes "%".

use std::borrow::Cow;

/// What a figure's text says: its number, unit and whether it is approximate.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// e.g. "%", "USD", "EUR", "GBP", "people", "political prisoners", "km";
    /// None when the text names no unit.
    pub unit: Option<String>,
    /// "more than", "about", "nearly", "some", "over", "at least", "up to", "almost", "roughly",
    /// "~", "around", "fewer than", "less than", "an estimated", "dozens of" … → true.
    pub approximate: bool,
}

/// Parses the text of a FIGURE span. None when the text is not a figure by itself
/// (a year such as "2020", an ordinal such as "sixth term", a month, a word with no number).
pub fn parse_figure(text: &str) -> Option<Figure> {
    let tokens = tokenize(text);
    let mut p = Parser { tokens, pos: 0 };
    while p.sym(0).is_some_and(|c| "\"'“”‘’«»([{*".contains(c)) {
        p.pos += 1;
    }
    let mut approximate = false;
    while p.qualifier() {
        approximate = true;
    }
    let mut negative = p.sign();
    let currency = p.currency_prefix();
    negative = negative || (currency.is_some() && p.sign());
    let first = p.amount(currency.is_some())?;
    let (mut value, mut year) = (first.value, first.year);
    approximate |= first.vague;
    if let Some(second) = p.range(currency.is_some()) {
        if first.year && second.year {
            return None; // "2020-2021"
        }
        (approximate, year) = (true, false);
        if first.scale == 1.0 {
            value *= second.scale; // "1-2 million"
        }
    }
    let or_more = p.word(0) == "or" && matches!(p.word(1), "more" | "so" | "less");
    p.pos += if or_more { 2 } else { 0 };
    approximate |= p.eat_sym('+') || or_more;
    let unit = match currency {
        Some(code) => Some(code.to_string()),
        None => p.unit(text, first.vague, value == 1.0)?,
    };
    if year && !approximate && !negative && unit.is_none() {
        return None;
    }
    let value = if negative { -value } else { value };
    let figure = Figure {
        value,
        unit,
        approximate,
    };
    value.is_finite().then_some(figure)
}

// Word tables (kept one line per group of entries).
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "more than", "over", "about", "nearly", "some", "at least", "up to", "almost", "roughly",
    "around", "fewer than", "less than", "an estimated", "estimated", "approximately", "approx",
    "close to", "as many as", "as much as", "just over", "just under", "under", "below",
    "above", "upwards of", "circa", "no fewer than", "no less than", "at most", "in excess of",
    "well over", "between", "from",
];
#[rustfmt::skip]
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("us dollars", "USD"), ("dollars", "USD"), ("dollar", "USD"), ("euros", "EUR"),
    ("euro", "EUR"), ("pounds", "GBP"), ("sterling", "GBP"), ("belarusian rubles", "BYN"),
    ("belarusian roubles", "BYN"), ("rubles", "RUB"), ("roubles", "RUB"), ("yen", "JPY"),
    ("yuan", "CNY"), ("rupees", "INR"), ("евро", "EUR"), ("долларов", "USD"), ("рублей", "RUB"),
];
const PUNCTUATION: &str = ".,;:!?\"'“”‘’»)]}…";
#[rustfmt::skip]
const SYMBOLS: &[(char, &str)] = &[
    ('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY"), ('₽', "RUB"), ('₹', "INR"),
    ('₴', "UAH"),
];
#[rustfmt::skip]
const CODES: &[&str] = &["USD", "EUR", "GBP", "JPY", "CNY", "RUB", "BYN", "INR", "UAH", "CHF"];
/// Multipliers after digits or number words.
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("dozen", 12.0), ("hundred", 1e2), ("thousand", 1e3), ("тыс", 1e3), ("lakh", 1e5),
    ("million", 1e6), ("mn", 1e6), ("mln", 1e6), ("млн", 1e6), ("crore", 1e7),
    ("billion", 1e9), ("bn", 1e9), ("млрд", 1e9), ("trillion", 1e12), ("tn", 1e12),
    ("trn", 1e12),
];
/// Vague plurals: "dozens" is read as two dozen, approximately.
#[rustfmt::skip]
const PLURALS: &[(&str, f64)] = &[
    ("dozens", 12.0), ("tens", 10.0), ("hundreds", 1e2), ("thousands", 1e3),
    ("millions", 1e6), ("billions", 1e9),
];
#[rustfmt::skip]
const FRACTIONS: &[(&str, f64)] = &[
    ("half", 2.0), ("third", 3.0), ("thirds", 3.0), ("quarter", 4.0), ("quarters", 4.0),
];
#[rustfmt::skip]
const SMALL: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
];
#[rustfmt::skip]
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Words that end a unit: function words, auxiliaries and time adverbs.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "of", "in", "on", "at", "by", "for", "from", "since", "to", "with", "who", "that", "which",
    "and", "or", "but", "the", "a", "an", "were", "was", "are", "is", "have", "has", "had",
    "this", "these", "those", "be", "been", "being", "will", "would", "could", "can",
    "might", "should", "must", "do", "does", "did", "not", "no", "so", "as", "than", "then",
    "when", "while", "after", "before", "into", "over", "under", "about", "said", "says",
    "say", "told", "also", "just", "only", "still", "now", "today", "yesterday", "ago", "last",
    "next", "each", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "there", "here", "shall", "wasn", "isn", "aren", "weren", "didn", "doesn", "don",
    "hasn", "haven", "hadn", "wouldn", "couldn", "shouldn",
];
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// The value of `key` in a list of (key, value) entries.
fn lookup<T: Copy>(list: &[(&str, T)], key: &str) -> Option<T> {
    list.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

fn listed(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

fn currency_symbol(c: char) -> Option<&'static str> {
    SYMBOLS.iter().find(|(s, _)| *s == c).map(|&(_, code)| code)
}

fn currency_code(word: &str) -> Option<&'static str> {
    CODES.iter().copied().find(|c| c.eq_ignore_ascii_case(word))
}

/// A multiplier word's factor, and whether it is a vague plural.
fn multiplier(word: &str) -> Option<(f64, bool)> {
    let plural = || Some((lookup(PLURALS, word)?, true));
    lookup(SCALES, word).map(|m| (m, false)).or_else(plural)
}

/// "seventeen" → 17, "ninety-nine" → 99.
fn small_number(word: &str) -> Option<f64> {
    let tens = |w: &str| TENS.iter().position(|t| *t == w);
    let tens = |w: &str| tens(w).map(|i| (i as f64 + 2.0) * 10.0);
    if let Some(i) = SMALL.iter().position(|s| *s == word) {
        return Some(i as f64);
    }
    match word.split_once('-') {
        Some((t, u)) => Some(tens(t)? + small_number(u).filter(|u| (1.0..10.0).contains(u))?),
        None => tens(word),
    }
}

/// Plural nouns that do not end in "s".
const PLURAL_WORDS: &[&str] = &[
    "people",
    "men",
    "women",
    "children",
    "police",
    "staff",
    "personnel",
    "cattle",
    "sheep",
    "fish",
    "deer",
    "feet",
    "teeth",
    "mice",
    "geese",
    "data",
    "media",
    "criteria",
    "aircraft",
];

/// Whether `w` ends with `end`, ignoring ASCII case.
fn ends(w: &str, end: &str) -> bool {
    let (w, end) = (w.as_bytes(), end.as_bytes());
    w.len() >= end.len() && w[w.len() - end.len()..].eq_ignore_ascii_case(end)
}

/// Whether a word looks like a plural noun ("prisoners", "people").
fn plural(w: &str) -> bool {
    let s_plural =
        w.len() > 2 && ends(w, "s") && !["ss", "us", "is", "'s", "’s"].iter().any(|e| ends(w, e));
    s_plural || PLURAL_WORDS.iter().any(|p| p.eq_ignore_ascii_case(w))
}

/// Whether a word looks like an adjective or a name before a noun ("political", "recent",
/// "Democratic", "GOP").
fn modifier(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "al", "ic", "ive", "ous", "ful", "less", "ent", "ant", "ary", "ern", "ian", "ese", "ish",
        "able", "ible", "ed", "ing", "est", "er",
    ];
    w.starts_with(char::is_uppercase)
        || (w.chars().count() > 3 && ENDINGS.iter().any(|e| ends(w, e)))
}

/// Whether a word looks like a participle or an adverb ("jailed", "killing", "only").
fn verb_like(w: &str) -> bool {
    let n = w.chars().count();
    (n > 4 && ends(w, "ed") && !ends(w, "eed"))
        || (n > 4 && ends(w, "ing"))
        || (n > 3 && ends(w, "ly"))
}

/// How many of `words` (after a number, already cut at function words) make its unit phrase;
/// the last of them is the head, the counted noun. The phrase ends with the first plural noun
/// within four words ("115 political prisoners"), unless a participle or adverb comes first
/// ("7 activists jailed"). Without a plural it is the first word; for the number one
/// (`singular`) it runs on over modifiers (adjective endings, capitals) to the first other word
/// ("one political prisoner"), or stops before a participle or plural ("one proposal asks").
pub fn unit_phrase(words: &[&str], singular: bool) -> usize {
    let n = words.len().min(4);
    if singular {
        let verb = |w: &str| verb_like(w) || plural(w); // "one study finds"
        return match words.iter().take(3).position(|w| !modifier(w) || verb(w)) {
            Some(k) if k > 0 && words.get(k).is_some_and(|w| verb(w)) => k,
            Some(k) => k + 1,
            None => n.min(3),
        };
    }
    for (k, w) in words.iter().take(n).enumerate() {
        if k > 0 && verb_like(w) {
            break;
        }
        if plural(w) {
            return k + 1;
        }
    }
    n.min(1)
}

/// A number typed by a person: "-3.5", "1e6", or with separators as
/// figures are written ("1,278", "48,6"); None when it is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    t.parse::<f64>()
        .ok()
        .or_else(|| number_value(t))
        .filter(|v| v.is_finite())
}

/// Reads digits with separators (see the module docs for the rules).
pub fn number_value(raw: &str) -> Option<f64> {
    let s = if raw.contains(' ') {
        Cow::Owned(raw.replace(' ', ""))
    } else {
        Cow::Borrowed(raw)
    };
    let count = |c: u8| s.bytes().filter(|&b| b == c).count();
    let last = s.rfind([',', '.']);
    let digits_after = last.map_or(0, |i| s.len() - i - 1);
    let decimal = match (count(b','), count(b'.')) {
        (1, 0) if digits_after <= 2 => Some(','),
        (_, 0) | (0, 2..) => None,
        (0, 1) => Some('.'),
        _ => last
            .and_then(|i| s.as_bytes().get(i))
            .map(|&b| char::from(b)),
    };
    let (int, frac) = match decimal {
        Some(d) if s.matches(d).count() > 1 => return None,
        Some(d) => s.split_once(d)?,
        None => (&*s, ""),
    };
    let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if plain(int) && plain(frac) && decimal != Some(',') {
        return s.parse().ok(); // "1278", "3.5": no separators to drop
    }
    let groups: Vec<&str> = int.split([',', '.']).collect();
    let (head, tail) = groups.split_first()?;
    if !tail.is_empty() && (head.len() > 3 || tail.iter().any(|g| g.len() != 3)) {
        return None;
    }
    format!("{}.{frac}", groups.concat()).parse().ok()
}

#[derive(Debug, Clone, PartialEq)]
enum Kind<'a> {
    /// Digits with their separators, spaces made ' '.
    Num(Cow<'a, str>),
    /// In lower case, with ’ made '.
    Word(Cow<'a, str>),
    Sym(char),
}

/// A number, word or symbol, with its byte range in the text.
#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind<'a>,
    start: usize,
    end: usize,
}

/// The char starting at byte i; None at the end or inside a char.
fn ch_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let digit = |i: usize| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    let alpha = |i: usize| ch_at(text, i).is_some_and(char::is_alphabetic);
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = ch_at(text, i) {
        let start = i;
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if c.is_ascii_digit() {
            let (mut group, mut separated, mut spaced) = (0, false, false);
            while let Some(c) = ch_at(text, i) {
                let next = i + c.len_utf8();
                if c.is_ascii_digit() {
                    group += 1;
                } else if matches!(c, ',' | '.') && digit(next) {
                    (group, separated) = (0, true);
                } else if matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
                    && group <= 3
                    && !separated
                    && (0..3).all(|k| digit(next + k))
                    && !digit(next + 3)
                {
                    (group, spaced) = (0, spaced || c != ' ');
                } else {
                    break;
                }
                i = next;
            }
            let raw = &text[start..i];
            Kind::Num(if spaced {
                Cow::Owned(raw.replace(['\u{a0}', '\u{2009}', '\u{202f}'], " "))
            } else {
                Cow::Borrowed(raw)
            })
        } else if c.is_alphabetic() {
            loop {
                match ch_at(text, i) {
                    Some(d) if d.is_alphabetic() => i += d.len_utf8(),
                    Some(d @ ('\'' | '’' | '-')) if alpha(i + d.len_utf8()) => i += d.len_utf8(),
                    _ => break,
                }
            }
            let w = &text[start..i];
            let plain = !w.contains('’') && !w.chars().any(char::is_uppercase);
            Kind::Word(if plain {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase().replace('’', "'"))
            })
        } else {
            i += c.len_utf8();
            let dash = matches!(c, '–' | '—' | '−');
            Kind::Sym(if dash { '-' } else { c })
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    tokens
}

/// A number read from digits or words; `scale` is its multiplier (1 when none).
struct Amount {
    value: f64,
    scale: f64,
    year: bool,
    vague: bool,
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
}

impl Parser<'_> {
    fn kind(&self, k: usize) -> Option<&Kind<'_>> {
        self.tokens.get(self.pos + k).map(|t| &t.kind)
    }

    fn word(&self, k: usize) -> &str {
        match self.kind(k) {
            Some(Kind::Word(w)) => w,
            _ => "",
        }
    }

    fn sym(&self, k: usize) -> Option<char> {
        match self.kind(k) {
            Some(Kind::Sym(c)) => Some(*c),
            _ => None,
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.word(0) == word;
        self.pos += usize::from(found);
        found
    }

    fn eat_sym(&mut self, c: char) -> bool {
        let found = self.sym(0) == Some(c);
        self.pos += usize::from(found);
        found
    }

    /// Whether the current token touches the previous one ("5bn", "21st").
    fn attached(&self) -> bool {
        let previous = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i));
        matches!((previous, self.tokens.get(self.pos)), (Some(a), Some(b)) if a.end == b.start)
    }

    /// Eats a qualifier such as "more than" or "~".
    fn qualifier(&mut self) -> bool {
        if self.eat_sym('~') || self.eat_sym('≈') {
            return true;
        }
        let first = self.word(0);
        let opens = |p: &str| {
            p.starts_with(first) && matches!(p.as_bytes().get(first.len()), None | Some(b' '))
        };
        for phrase in QUALIFIERS.iter().filter(|p| !first.is_empty() && opens(p)) {
            let n = phrase.split(' ').count();
            if phrase
                .split(' ')
                .enumerate()
                .all(|(k, w)| self.word(k) == w)
            {
                self.pos += n;
                self.eat_sym('.'); // "approx."
                return true;
            }
        }
        false
    }

    /// Eats a sign; true when it is negative.
    fn sign(&mut self) -> bool {
        !self.eat_sym('+') && (self.eat_sym('-') || self.eat_word("minus"))
    }

    fn currency_prefix(&mut self) -> Option<&'static str> {
        let (word, next) = (self.word(0), self.sym(1));
        let (code, len) = match self.sym(0) {
            Some(c) => (currency_symbol(c)?, 1),
            None if word == "us" && next == Some('$') => ("USD", 2),
            None if word == "rs" => ("INR", if next == Some('.') { 2 } else { 1 }),
            None => (currency_code(word)?, 1),
        };
        self.pos += len;
        Some(code)
    }

    fn amount(&mut self, money: bool) -> Option<Amount> {
        let Some(Kind::Num(raw)) = self.kind(0) else {
            return self.words_amount();
        };
        let value = number_value(raw)?;
        let year = raw.len() == 4 && (1800.0..=2100.0).contains(&value);
        self.pos += 1;
        let mut scale = 1.0;
        if self.attached() {
            let suffix = self.word(0);
            if matches!(suffix, "st" | "nd" | "rd" | "th" | "s") {
                return None; // "21st", "2020s"
            }
            let found = match suffix {
                "k" => Some(1e3),
                "m" if money => Some(1e6),
                _ => lookup(SCALES, suffix),
            };
            scale = found.unwrap_or(1.0);
            self.pos += usize::from(found.is_some());
        }
        while let Some(found) = lookup(SCALES, self.word(0)) {
            scale *= found;
            self.pos += 1;
            self.eat_sym('.'); // "тыс."
        }
        let (value, year) = (value * scale, year && scale == 1.0);
        Some(Amount {
            value,
            scale,
            year,
            vague: false,
        })
    }

    /// Number words: "two hundred and fifty", "one and a half million", "dozens", "a third".
    fn words_amount(&mut self) -> Option<Amount> {
        let (mut total, mut done, mut part, mut scale) = (0.0, 0.0, 0.0, 1.0_f64);
        let (mut any, mut vague) = (false, false);
        let or_one = |n: f64| if n == 0.0 { 1.0 } else { n };
        loop {
            let (word, next) = (self.word(0), self.word(1));
            let before_number = small_number(next).is_some() || matches!(next, "a" | "an");
            let fraction = lookup(FRACTIONS, word);
            if let Some(v) = small_number(word) {
                let after_tens = v < 10.0 && part % 100.0 >= 20.0 && part % 10.0 == 0.0;
                if part % 100.0 != 0.0 && !after_tens {
                    break; // "three four"
                }
                part += v;
            } else if matches!(word, "a" | "an") {
                if multiplier(next).is_none() && lookup(FRACTIONS, next).is_none() {
                    break;
                }
                part = or_one(part);
                self.pos += 1;
                continue;
            } else if (word == "and" && any && before_number)
                || (word == "of" && any && multiplier(next).is_some_and(|(_, v)| v))
            {
                (done, part) = (done + part, 0.0);
                self.pos += 1;
                continue;
            } else if let Some(d) = fraction {
                if part == 0.0 && word != "half" {
                    break; // "third" alone is an ordinal
                }
                part = or_one(part) / d;
            } else if let Some((m, plural)) = multiplier(word) {
                vague |= plural;
                let base = if plural && done + part == 0.0 {
                    2.0
                } else {
                    or_one(done + part)
                };
                if m < 1000.0 {
                    (done, part) = (0.0, base * m);
                } else {
                    (total, done, part) = (total + base * m, 0.0, 0.0);
                }
                scale = scale.max(m);
            } else {
                break;
            }
            any = true;
            self.pos += 1;
        }
        let value = total + done + part;
        let amount = Amount {
            value,
            scale,
            year: false,
            vague,
        };
        any.then_some(amount)
    }

    /// The second number of a range: "10-15", "10 to 15", "10 and 15", "two or three".
    fn range(&mut self, money: bool) -> Option<Amount> {
        let save = self.pos;
        if self.eat_sym('-') || ["to", "and", "or"].iter().any(|w| self.eat_word(w)) {
            self.currency_prefix();
            let second = self.amount(money);
            if second.is_some() {
                return second;
            }
        }
        self.pos = save;
        None
    }

    /// The unit after the number; None (the outer one) when the rest is not a unit.
    fn unit(&mut self, text: &str, after_vague: bool, singular: bool) -> Option<Option<String>> {
        if self.eat_sym('%') {
            return Some(Some("%".into()));
        }
        if let Some(code) = self.sym(0).and_then(currency_symbol) {
            return Some(Some(code.into()));
        }
        if self.sym(0) == Some('-') && self.attached() && !self.word(1).is_empty() {
            self.pos += 1; // "10-year"
        }
        if after_vague {
            self.eat_word("of"); // "dozens of people"
        }
        let rest = self.tokens.get(self.pos..).unwrap_or_default();
        let mut words = Vec::new();
        for token in rest.iter().take(4) {
            match &token.kind {
                Kind::Word(w) if !listed(STOP_WORDS, w) => words.push((&**w, token)),
                _ => break,
            }
        }
        let Some(&(first, _)) = words.first() else {
            let punct = |t: &Token| matches!(t.kind, Kind::Sym(c) if PUNCTUATION.contains(c));
            let stop_word = matches!(rest.first(), Some(t) if matches!(t.kind, Kind::Word(_)));
            return (stop_word || rest.iter().all(punct)).then_some(None);
        };
        let lower: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let pair = lower.get(..2).map(|p| p.join(" ")).unwrap_or_default();
        let written: Vec<&str> = words
            .iter()
            .map(|w| text.get(w.1.start..w.1.end))
            .collect::<Option<_>>()?;
        let (head, to) = *words.get(unit_phrase(&written, singular).max(1) - 1)?;
        let currency = || lookup(CURRENCY_WORDS, &pair).or(lookup(CURRENCY_WORDS, first));
        let code = currency_code(first).or_else(currency);
        // A currency word after other words keeps them ("Australian dollars").
        let from = match lookup(CURRENCY_WORDS, head).or_else(|| currency_code(head)) {
            Some(_) => words.first().map_or(to, |w| w.1),
            None => to,
        };
        let phrase = text.get(from.start..to.end)?.split_whitespace();
        let unit = match (first, pair.as_str()) {
            (w, _) if listed(MONTHS, w) || small_number(w).is_some() => return None,
            ("percent" | "pct", _) | (_, "per cent") => "%".to_string(),
            (_, "percentage points" | "percentage point") => "percentage points".to_string(),
            _ => code.map_or_else(|| phrase.collect::<Vec<_>>().join(" "), str::to_string),
        };
        Some(Some(unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, expected) where expected is "value unit", with a leading '~' when approximate.
    #[rustfmt::skip]
    const FIGURES: &[(&str, &str)] = &[
        // Seed story: belarus-prisoners.txt
        ("31", "31"), ("31 political prisoners", "31 prisoners"), ("three", "3"),
        ("three of them", "3"), ("17", "17"), ("115", "115"), ("30", "30"), ("21", "21"),
        ("115 political prisoners", "115 prisoners"), ("more than 100", "~100"),
        ("30 political prisoners", "30 prisoners"), ("1278", "1278"),
        ("more than 100 people", "~100 people"), ("“more than 100 people”", "~100 people"),
        ("1278 political prisoners", "1278 prisoners"),
        // Digits and separators
        ("1,278", "1278"), ("3.5", "3.5"), ("1 278", "1278"), ("1\u{202f}278", "1278"),
        ("1\u{a0}278 people", "1278 people"), ("10 000 people", "10000 people"),
        ("12,5%", "12.5 %"), ("1,278.5", "1278.5"), ("1.278,5", "1278.5"),
        ("2,500,000", "2500000"), ("1.278.000", "1278000"),
        // Multipliers
        ("1.5 million", "1.5e6"), ("$5bn", "5e9 USD"), ("$5 billion", "5e9 USD"),
        ("€2m", "2e6 EUR"), ("3 trillion", "3e12"), ("10k", "1e4"), ("12 thousand", "12e3"),
        ("£1.2bn", "1.2e9 GBP"), ("Rs 40 crore", "4e8 INR"), ("48,6 млн", "48.6e6"),
        ("€48,6 млн", "48.6e6 EUR"), ("12 тыс. человек", "12e3 человек"), ("100m", "100 m"),
        ("30km", "30 km"), ("3 dozen", "36"),
        // Currencies
        ("¥500", "500 JPY"), ("US$40", "40 USD"), ("5 dollars", "5 USD"), ("20 €", "20 EUR"),
        ("2 million US dollars", "2e6 USD"), ("300 Euros", "300 EUR"), ("40 pounds", "40 GBP"),
        ("1,000 rubles", "1000 RUB"), ("500 roubles", "500 RUB"), ("5 million USD", "5e6 USD"),
        ("200 Belarusian rubles", "200 BYN"), ("USD 5 million", "5e6 USD"),
        // Percent
        ("30%", "30 %"), ("30 %", "30 %"), ("30 percent", "30 %"), ("30 per cent", "30 %"),
        ("thirty percent", "30 %"), ("5 percentage points", "5 percentage points"),
        // Number words
        ("Seventeen", "17"), ("ninety-nine thousand", "99000"), ("twenty five", "25"),
        ("a dozen", "12"), ("dozens of people", "~24 people"), ("tens of thousands", "~20000"),
        ("hundreds of thousands of people", "~200000 people"), ("half", "0.5"),
        ("half a million", "5e5"), ("a hundred", "100"), ("two hundred and fifty", "250"),
        ("two thousand three hundred", "2300"), ("a quarter", "0.25"),
        ("three quarters", "0.75"), ("one and a half million", "1.5e6"),
        ("a third", "0.333333333333"),
        // Qualifiers
        ("nearly 40%", "~40 %"), ("about 3,000 people", "~3000 people"), ("at least 17", "~17"),
        ("up to 5", "~5"), ("~30", "~30"), ("an estimated 2,000 people", "~2000 people"),
        ("some three hundred", "~300"), ("fewer than 50 detainees", "~50 detainees"),
        ("100+", "~100"), ("approx. 12", "~12"), ("almost half", "~0.5"),
        // Trailing nouns
        ("115 detainees", "115 detainees"), ("10-year", "10 year"),
        ("31 political prisoners, his office said", "31 prisoners"),
        ("7 Belarusian activists were jailed", "7 activists"),
        ("7 Belarusian opposition activists jailed today", "7 activists"),
        // Units: the counted noun, adjectives and participles skipped
        ("one political prisoner was freed", "1 prisoner"), ("30 km south", "30 km"),
        ("20 years old", "20 years"), ("10.5 million Australian dollars", "10.5e6 Australian dollars"),
        ("5 million Russian rubles", "5e6 Russian rubles"), ("3 injured people", "3 people"),
        ("One proposal asks", "1 proposal"), ("5 new cases will", "5 cases"),
        ("115 POLITICAL PRISONERS", "115 PRISONERS"), ("12 Zürich cafés", "12 cafés"),
        // Ranges
        ("10-15", "~10"), ("10–15%", "~10 %"), ("10 to 15", "~10"), ("between 10 and 15", "~10"),
        ("1-2 million", "~1e6"), ("two or three", "~2"), ("30 or more", "~30"),
        ("$10-$15", "~10 USD"), ("from 10 to 15 people", "~10 people"),
        // Signs, and years that a unit or currency makes a figure
        ("-3.5%", "-3.5 %"), ("minus 4", "-4"), ("\u{2212}2", "-2"),
        ("2020 people", "2020 people"), ("$2020", "2020 USD"),
    ];

    /// Texts that are not figures by themselves, separated by '|'.
    const NOT_FIGURES: &str = "2020|in 2020|January|sixth term|the sixth|21st|first|Monday||   |\
        hello|Lukashenko|Article 342|2020s|5 May|November 21, 2025|Friday, November 21, 2025|\
        third|1,,2|1,2345|some|a|2020-2021|three four";

    #[test]
    fn parses_figures() {
        for &(text, expected) in FIGURES {
            let Some(got) = parse_figure(text) else {
                panic!("{text:?}: no figure")
            };
            let (value, unit) = expected.split_once(' ').unwrap_or((expected, ""));
            let approximate = value.starts_with('~');
            let value: f64 = value.trim_start_matches('~').parse().unwrap();
            let close = (got.value - value).abs() <= 1e-9 * value.abs().max(1.0);
            assert!(close, "{text:?}: value {} != {value}", got.value);
            let unit = (!unit.is_empty()).then_some(unit);
            assert_eq!(got.unit.as_deref(), unit, "{text:?}: unit");
            assert_eq!(got.approximate, approximate, "{text:?}: approximate");
        }
    }

    #[test]
    fn reads_numbers() {
        let cases = [
            ("1278", Some(1278.0)),
            ("3.5", Some(3.5)),
            ("1,278", Some(1278.0)),
            ("48,6", Some(48.6)),
            ("1.278,5", Some(1278.5)),
            ("1 278", Some(1278.0)),
            ("12.", Some(12.0)),
            (".5", Some(0.5)),
            ("1,2345", None),
            ("1,,2", None),
            ("1e5", None),
            ("abc", None),
            ("", None),
            ("1.234.567,8", Some(1234567.8)),
        ];
        for (text, want) in cases {
            assert_eq!(number_value(text), want, "{text:?}");
        }
    }

    #[test]
    fn unit_phrases() {
        let n = |w: &str, singular| unit_phrase(&w.split(' ').collect::<Vec<_>>(), singular);
        assert_eq!(n("political prisoners", false), 2);
        assert_eq!(n("opposition activists jailed today", false), 2);
        assert_eq!(n("km south", false), 1);
        assert_eq!(n("political prisoner sentenced", true), 2);
        assert_eq!(n("study finds", true), 1);
        assert_eq!(unit_phrase(&[], false), 0);
    }

    #[test]
    fn rejects_non_figures() {
        for text in NOT_FIGURES.split('|') {
            assert_eq!(parse_figure(text), None, "{text:?}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let long = "9".repeat(5000);
        let odd = "😀|😀 5|三十|1,,2|..|$|%|-|+|~|€€5|5,|,5|a a a|and|of|half half|1e308|\u{202f}|\
            1\u{202f}|1 2 3|5-|- -|’|between|from 1 to|é1|trillion trillion trillion trillion|US$";
        let dollars = format!("${long} million");
        for text in odd.split('|').chain([long.as_str(), dollars.as_str()]) {
            let _ = parse_figure(text);
        }
        assert_eq!(parse_figure(&long), None);
    }
}
