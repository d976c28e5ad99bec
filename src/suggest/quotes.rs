//! Rule-based suggester of quotes (QUOTE: direct, kind "direct", and reported
//! speech, kind "indirect"), their speakers (SOURCE) and `said_by` links for
//! English news. Std only; byte offsets on char boundaries.
//!
//! Rules (summary):
//! * QUOTE, direct: balanced marks per paragraph: “…” / "…" / ''…'' / «…» / „…“,
//!   top-level ‘…’; nested ‘ ’ inside doubles are ignored. A quote left open at the
//!   end of a paragraph is kept (to the paragraph end) when the next paragraph opens
//!   with a quote mark (multi-paragraph quotation). The span includes the marks.
//!   Scare quotes (≤ 2 words, no speaker found) get a low score.
//! * QUOTE, indirect (`indirect.rs`): "X said (that) …", "X told Y that …",
//!   "…, X said.", "…, X said, …", "according to X, …" without quotation marks,
//!   one clause per sentence, to the sentence end. Score 0.3, below any direct
//!   quote with a speaker (0.35 and up); never overlapping a direct quote.
//! * SOURCE: the speaker around a reporting verb next to the quote: `“…,” X said`,
//!   `said X`, `X said, “…”`, `X told Y`, `according to X`, `X's office said`,
//!   `X, the Y of Z, said` (X is the source). Pronouns ("he said") are returned
//!   as the SOURCE span itself (PolNeAR marks pronoun sources; no coreference).
//!   Auxiliaries, modals and "-ly" adverbs before the verb are skipped ("has also
//!   said"; not "-ly" nouns: "the family said"). A quote with no speaker of its own
//!   inherits the last speaker of the same paragraph, or of the previous paragraph
//!   when it opens its paragraph.
//! * Words: a final "." stays on single capitals, listed abbreviations and
//!   initials ("U.S.", "S.E.C."). Each word's list memberships (`IS_*` bits) are
//!   looked up once, in a hashed table, when the text is split into tokens.
mod indirect;

use super::words::WordTable;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One suggested span, in byte offsets of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
    pub score: f32,
    pub kind: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum K {
    Word,
    Punct(char),
    Nl,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    k: K,
    /// For a word: the lists it is in (`IS_*` bits).
    f: u16,
}

// Bits of `Tok::f`: the word (any case) is in PRON, DET, FWD_VERBS, BACK_VERBS, AUX, STOP.
const IS_PRON: u16 = 1;
const IS_DET: u16 = 1 << 1;
const IS_FWD: u16 = 1 << 2;
const IS_BACK: u16 = 1 << 3;
const IS_AUX: u16 = 1 << 4;
const IS_STOP: u16 = 1 << 5;
const IS_REPORT: u16 = 1 << 6;
const IS_ACCORDING: u16 = 1 << 7;

const NONE: usize = usize::MAX;

const ABBR: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "st", "jr", "sr",
    "prof", "rev", "capt", "adm", "pres", "u.s", "inc", "corp", "co", "ltd", "sens", "reps",
    "gens",
];
const PRON: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];
const DET: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "one", "another", "two",
    "three", "several", "some", "many", "other",
];
const FWD_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "added",
    "adds",
    "wrote",
    "writes",
    "continued",
    "continues",
    "explained",
    "explains",
    "noted",
    "argued",
    "argues",
    "recalled",
    "replied",
    "responded",
    "insisted",
    "insists",
    "declared",
    "warned",
    "warns",
    "tweeted",
    "stated",
    "claimed",
    "quipped",
    "joked",
    "remarked",
    "observed",
    "countered",
    "cautioned",
    "concluded",
    "acknowledged",
    "admitted",
    "announced",
    "predicted",
    "suggested",
    "asserted",
    "conceded",
    "complained",
    "boasted",
    "shouted",
    "yelled",
    "sang",
    "reported",
    "posted",
    "read",
    "recounted",
    "emphasized",
    "stressed",
    "testified",
    "mused",
    "wondered",
];
const BACK_VERBS: &[&str] = &[
    "told",
    "tells",
    "tell",
    "asked",
    "asks",
    "called",
    "calls",
    "described",
    "describes",
    "urged",
    "vowed",
    "promised",
    "accused",
    "dubbed",
    "labeled",
    "labelled",
    "branded",
    "saying",
    "telling",
    "adding",
    "writing",
    "asking",
    "calling",
    "describing",
    "referred",
    "pledged",
    "rated",
    "ruled",
    "likened",
    "dismissed",
    "attacked",
    "denounced",
    "praised",
    "characterized",
    "put",
    "wondered",
    "tweeted",
    "thinks",
    "believes",
    "blasted",
    "slammed",
    "criticized",
    "mocked",
    "tweeting",
];
/// Verbs that report speech or thought and take a clause ("said that …"), for indirect quotes.
#[rustfmt::skip]
const REPORT: &[&str] = &[
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "noted", "notes", "argued",
    "argues", "claimed", "claims", "stated", "explained", "explains", "insisted", "insists",
    "warned", "warns", "announced", "announces", "acknowledged", "acknowledges", "admitted",
    "admits", "suggested", "suggests", "reported", "reports", "wrote", "writes", "believes",
    "believe", "believed", "thinks", "think", "contended", "contends", "maintained",
    "maintains", "asserted", "asserts", "predicted", "predicts", "stressed", "emphasized",
    "alleged", "alleges", "confirmed", "confirms", "revealed", "estimated", "estimates",
    "recalled", "testified", "concluded", "conceded", "complained", "declared", "indicated",
    "observed", "promised", "vowed", "pledged", "agreed", "agrees", "saying", "adding",
    "arguing", "claiming", "noting", "telling", "warning", "insisting", "suggesting",
];
/// Nouns that end in "-ly" like adverbs ("the family said").
const LY_NOUNS: &[&str] = &["family", "ally", "assembly", "rally", "supply", "monopoly"];
const AUX: &[&str] = &[
    "has",
    "had",
    "have",
    "was",
    "is",
    "also",
    "later",
    "then",
    "previously",
    "once",
    "again",
    "recently",
    "has",
    "once",
    "would",
    "will",
    "had",
    "famously",
    "flatly",
    "simply",
    "just",
    "even",
    "reportedly",
    "further",
    "did",
    "does",
    "not",
    "never",
    "all",
    "both",
    "should",
    "could",
    "might",
    "must",
    "can",
];
const STOP: &[&str] = &[
    "that",
    "and",
    "but",
    "when",
    "while",
    "as",
    "if",
    "because",
    "after",
    "before",
    "to",
    "with",
    "which",
    "who",
    "whom",
    "in",
    "on",
    "at",
    "by",
    "from",
    "during",
    "than",
    "where",
    "so",
    "or",
    "yet",
    "however",
    "meanwhile",
    "still",
    "also",
    "then",
    "though",
    "although",
    "since",
    "until",
    "into",
    "about",
    "over",
    "under",
    "what",
    "how",
    "why",
    "there",
    "here",
    "not",
    "no",
    "just",
    "now",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "earlier",
    "recently",
    "later",
    "speaking",
    "according",
    "said",
    "says",
    "told",
    "asked",
    "even",
    "instead",
    "again",
    "well",
    "once",
    "indeed",
    "finally",
    "similarly",
    "separately",
];

fn ch_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

/// The `IS_*` bits of a word.
fn flags(w: &str) -> u16 {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let lists: [(u16, &[&str]); 8] = [
            (IS_PRON, PRON),
            (IS_DET, DET),
            (IS_FWD, FWD_VERBS),
            (IS_BACK, BACK_VERBS),
            (IS_AUX, AUX),
            (IS_STOP, STOP),
            (IS_REPORT, REPORT),
            (IS_ACCORDING, &["according"]),
        ];
        WordTable::new(
            lists
                .iter()
                .flat_map(|&(b, l)| l.iter().map(move |&w| (b, w))),
        )
    });
    if w.is_ascii() {
        table.get(w.as_bytes())
    } else {
        table.get(w.to_lowercase().as_bytes())
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut v: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while let Some(c) = ch_at(text, i) {
        let l = c.len_utf8();
        if c == '\n' {
            if v.last().is_some_and(|t| t.k != K::Nl) {
                v.push(Tok {
                    s: i,
                    e: i + l,
                    k: K::Nl,
                    f: 0,
                });
            }
            i += l;
        } else if c.is_alphanumeric() {
            let s = i;
            i += l;
            while let Some(d) = ch_at(text, i) {
                if d.is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let joins = matches!(d, '\'' | '’' | '-' | '.' | '&')
                    && ch_at(text, i + d.len_utf8()).is_some_and(|n| n.is_alphanumeric());
                if d.is_alphanumeric() || joins {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            if ch_at(text, i) == Some('.') {
                let w = &text[s..i];
                let single_cap = w.chars().count() == 1 && c.is_uppercase();
                let initials = w.len() < 8 && w.contains('.') && c.is_uppercase(); // "S.E.C."
                let nx = ch_at(text, i + 1);
                if single_cap
                    || initials
                    || ABBR.iter().any(|a| w.eq_ignore_ascii_case(a))
                    || matches!(nx, Some(')' | ','))
                {
                    i += 1;
                }
            }
            v.push(Tok {
                s,
                e: i,
                k: K::Word,
                f: text.get(s..i).map_or(0, flags),
            });
        } else {
            if !c.is_whitespace() {
                v.push(Tok {
                    s: i,
                    e: i + l,
                    k: K::Punct(c),
                    f: 0,
                });
            }
            i += l;
        }
    }
    v
}

/// The first bytes of the quotation marks in UTF-8.
static LEAD: [bool; 256] = {
    let mut t = [false; 256];
    (t[b'"' as usize], t[b'\'' as usize], t[0xC2], t[0xE2]) = (true, true, true, true);
    t
};

/// The positions of `LEAD` bytes, skipping eight bytes at a time where there is none.
struct Leads<'a> {
    bytes: &'a [u8],
    i: usize,
}

impl Iterator for Leads<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let has = |x: u64, b: u8| {
            let y = x ^ (ONES * u64::from(b));
            y.wrapping_sub(ONES) & !y & HIGH != 0
        };
        loop {
            while self.i.is_multiple_of(8)
                && let Some(chunk) = self.bytes.get(self.i..self.i + 8)
            {
                let mut word = [0; 8];
                word.copy_from_slice(chunk);
                let x = u64::from_le_bytes(word);
                if x & HIGH != 0 || has(x, b'"') || has(x, b'\'') {
                    break;
                }
                self.i += 8;
            }
            let b = *self.bytes.get(self.i)?;
            self.i += 1;
            if LEAD[usize::from(b)] {
                return Some(self.i - 1);
            }
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '«' | '»' | '„' | '‘' | '’' | '\'')
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„' | '‘')
}

/// Quote spans (start, end) in byte offsets, marks included.
fn find_quotes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut ls = 0;
    for (i, _) in text.match_indices('\n') {
        lines.push((ls, i));
        ls = i + 1;
    }
    lines.push((ls, text.len()));
    for (li, &(ls, le)) in lines.iter().enumerate() {
        let line = &text[ls..le];
        let mut open: Option<usize> = None;
        let mut sopen: Option<usize> = None;
        let mut by_pair = false; // the open quote began with ''
        let bytes = line.as_bytes();
        // Marks start with '"', '\'' ('' only), or the lead bytes of « » (C2) and “ ” ‘ ’ „ (E2).
        for off in (Leads { bytes, i: 0 }) {
            let Some(c) = ch_at(line, off).filter(|&c| is_mark(c)) else {
                continue;
            };
            let pair = c == '\'' && off.checked_sub(1).and_then(|p| bytes.get(p)) != Some(&b'\'');
            if c == '\'' && !(pair && bytes.get(off + 1) == Some(&b'\'')) {
                continue;
            }
            let len = if c == '\'' { 2 } else { c.len_utf8() };
            let prev = line.get(..off).and_then(|s| s.chars().next_back());
            let i = ls + off;
            let end = i + len;
            let next = ch_at(line, off + len);
            let next_space = next.is_none_or(|n| n.is_whitespace() || ",.;:?!)".contains(n));
            let prev_word = prev.is_some_and(|p| p.is_alphanumeric());
            match c {
                '\'' => {
                    if let (Some(o), true) = (open, by_pair) {
                        if next_space || prev.is_some_and(|p| !p.is_whitespace()) {
                            out.push((o, end));
                            open = None;
                        }
                    } else if open.is_none() && !next_space {
                        (open, by_pair, sopen) = (Some(i), true, None);
                    }
                }
                '“' | '«' | '„' => {
                    if let (Some(o), true, '“') = (
                        open,
                        next_space && prev.is_some_and(|p| !p.is_whitespace()),
                        c,
                    ) {
                        out.push((o, end));
                        open = None;
                    } else {
                        (open, by_pair, sopen) = (Some(i), false, None);
                    }
                }
                '”' | '»' => {
                    if let Some(o) = open.take() {
                        out.push((o, end));
                    }
                }
                '"' => {
                    if let Some(o) = open {
                        if !(next_space || prev.is_some_and(|p| !p.is_whitespace())) {
                            open = Some(i);
                        } else {
                            out.push((o, end));
                            open = None;
                        }
                    } else if !next_space {
                        (open, by_pair, sopen) = (Some(i), false, None);
                    }
                }
                '‘' if open.is_none()
                    && !prev_word
                    && next.is_some_and(|n| n.is_alphanumeric()) =>
                {
                    sopen = Some(i);
                }
                '’' if open.is_none() && !next.is_some_and(|n| n.is_alphanumeric()) => {
                    if let Some(o) = sopen.take() {
                        out.push((o, end));
                    }
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            let cont = lines[li + 1..]
                .iter()
                .map(|&(a, b)| text[a..b].trim_start())
                .find(|l| !l.is_empty())
                .is_some_and(|l| l.starts_with("''") || l.chars().next().is_some_and(is_open_mark));
            let trimmed = ls + line.trim_end().len();
            if cont && trimmed > o + 1 {
                out.push((o, trimmed));
            }
        }
    }
    out.sort();
    out
}

struct Ctx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        if t.k == K::Word {
            self.text.get(t.s..t.e)
        } else {
            None
        }
    }
    /// The word at `i` in lower case ("" when it is no word).
    fn lw(&self, i: usize) -> Cow<'_, str> {
        match self.word(i) {
            Some(w) if w.chars().any(char::is_uppercase) => Cow::Owned(w.to_lowercase()),
            Some(w) => Cow::Borrowed(w),
            None => Cow::Borrowed(""),
        }
    }
    fn is_cap(&self, i: usize) -> bool {
        self.word(i)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    }
    /// Whether the word at `i` is in a list, by its `IS_*` bit.
    fn is(&self, i: usize, bit: u16) -> bool {
        self.toks.get(i).is_some_and(|t| t.f & bit != 0)
    }
    fn in_set(&self, i: usize, set: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|w| set.iter().any(|s| w.eq_ignore_ascii_case(s)))
    }
    fn span(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        Some((self.toks.get(a)?.s, self.toks.get(b)?.e))
    }

    /// Noun phrase starting at token `t` (used after a verb / "according to").
    fn np_fwd(&self, t: usize, we: usize) -> Option<(usize, usize)> {
        self.np_fwd2(t, we, false)
    }

    fn np_fwd2(&self, t: usize, we: usize, loose: bool) -> Option<(usize, usize)> {
        let first = self.lw(t);
        if first.is_empty() || t >= we {
            return None;
        }
        if self.is(t, IS_PRON) {
            return self.span(t, t);
        }
        let det0 = loose || self.is(t, IS_DET);
        if !(det0 || self.is_cap(t)) || self.is(t, IS_STOP) {
            return None;
        }
        let mut last = None;
        let mut i = t;
        while i < we && i < t + 9 && self.word(i).is_some() {
            let w = self.lw(i);
            let is_det = self.is(i, IS_DET);
            if w == "of" || w == "for" {
                if !(self.is_cap(i + 1) || self.is(i + 1, IS_DET)) || i + 1 >= we {
                    break;
                }
            } else if (i > t && self.is(i, IS_STOP | IS_FWD))
                || (!self.is_cap(i) && !is_det && !det0)
            {
                break;
            } else if !is_det {
                last = Some(i);
            }
            i += 1;
        }
        let mut last = last?;
        if self
            .toks
            .get(last + 1)
            .is_some_and(|x| x.k == K::Punct('('))
            && let Some(j) =
                (last + 2..(last + 8).min(we)).find(|&j| self.toks[j].k == K::Punct(')'))
        {
            last = j;
        }
        self.span(t, last)
    }

    /// Noun phrase ending just before the verb at `v` (not before `ws`).
    fn np_back(&self, v: usize, ws: usize) -> Option<(usize, usize)> {
        let mut i = v;
        while i > ws && self.word(i - 1).is_some() && {
            let w = self.lw(i - 1);
            let adverb = w.ends_with("ly") && !self.is_cap(i - 1) && w.len() > 4;
            self.is(i - 1, IS_AUX) || (adverb && !self.in_set(i - 1, LY_NOUNS))
        } {
            i -= 1;
        }
        let mut pend = None;
        if i > ws + 2
            && self.toks[i - 1].k == K::Punct(')')
            && let Some(j) = (i.saturating_sub(7).max(ws)..i - 1)
                .rev()
                .find(|&j| self.toks[j].k == K::Punct('('))
        {
            pend = Some(i - 1);
            i = j;
        }
        if i <= ws || self.word(i - 1).is_none() {
            return None;
        }
        let end = i - 1;
        let w = self.lw(end);
        if self.is(end, IS_PRON) {
            return self.span(end, end);
        }
        if self.is(end, IS_STOP | IS_DET) || w == "of" || w == "for" {
            return None;
        }
        let mut st = end;
        while st > ws && st + 9 > end && self.word(st - 1).is_some() {
            if self.is(st - 1, IS_STOP | IS_PRON | IS_FWD | IS_BACK) {
                break;
            }
            st -= 1;
        }
        while st < end && (self.in_set(st, &["of", "for"])) {
            st += 1;
        }
        self.span(st, pend.unwrap_or(end))
    }

    /// A pronoun or a name of two or more capitalised words.
    fn name_like(&self, h: (usize, usize)) -> bool {
        let t = self.text.get(h.0..h.1).unwrap_or("");
        let caps = t
            .split_whitespace()
            .filter(|w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    && !DET.contains(&w.to_lowercase().as_str())
            })
            .count();
        PRON.contains(&t.to_lowercase().as_str())
            || (caps >= 1 && !t.contains('’') && !t.contains('\''))
    }

    fn verb_kind(&self, i: usize) -> u8 {
        if self.is(i, IS_FWD) {
            2
        } else if self.is(i, IS_BACK) {
            1
        } else {
            0
        }
    }

    fn according(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        (a..b).find_map(|i| {
            if self.in_set(i, &["according"]) && self.in_set(i + 1, &["to"]) {
                self.np_fwd2(i + 2, b, true)
            } else {
                None
            }
        })
    }

    /// Speaker in the window [ws, we) after a quote ending at token `ws`.
    fn after(&self, ws: usize, we: usize) -> Option<(usize, usize)> {
        let mut f = ws;
        while f < we && matches!(self.toks[f].k, K::Punct(',' | '—' | '―' | '–' | '-')) {
            f += 1;
        }
        if let Some(s) = self.according(f, we) {
            return Some(s);
        }
        if f > ws
            && matches!(self.toks[f - 1].k, K::Punct('—' | '―' | '–' | '-'))
            && let Some(h) = self.np_fwd(f, we)
            && self.toks.get(we - 1).is_some_and(|t| t.e <= h.1)
        {
            return Some(h);
        }
        if let Some(h) = self.np_fwd(f, we) {
            let hv = (f..we.min(f + 25)).find(|&v| self.verb_kind(v) == 2 && self.toks[v].s > h.1);
            if let Some(v) = hv
                && self
                    .text
                    .get(h.1..self.toks[v].s)
                    .unwrap_or("")
                    .trim_start()
                    .starts_with(',')
                && self.toks[v - 1].k == K::Punct(',')
            {
                return Some(h);
            }
        }
        if self.in_set(
            f,
            &[
                "but", "and", "while", "though", "because", "although", "as", "which", "who",
            ],
        ) {
            return None;
        }
        for v in f..we.min(f + 15) {
            let k = self.verb_kind(v);
            if k == 0
                || self.in_set(v, &["read", "reports", "reported", "say", "tell", "notes"]) && v > f
            {
                continue;
            }
            if v == f {
                return if k == 2 { self.np_fwd(v + 1, we) } else { None };
            }
            // appositive: "X, a Y of Z, said" -> X
            let head = self.np_fwd(f, v);
            if let Some(h) = head
                && (self.toks.get(v - 1).is_some_and(|t| t.k == K::Punct(','))
                    || self.text[h.1..self.toks[v].s].contains(','))
            {
                return Some(h);
            }
            return self.np_back(v, f);
        }
        None
    }

    /// Speaker in the window [ws, we) before a quote opening at token `we`.
    fn before(&self, ws: usize, we: usize, adjacent_only: bool) -> Option<(usize, usize)> {
        let mut j = we;
        while j > ws
            && (matches!(self.toks[j - 1].k, K::Punct(',' | ':' | '—' | '–'))
                || self.in_set(j - 1, &["that", "as"]))
        {
            j -= 1;
        }
        if j > ws && self.verb_kind(j - 1) > 0 {
            if self.lw(j - 1).ends_with("ing") {
                return self.np_fwd(ws, j - 1);
            }
            return self.np_back(j - 1, ws);
        }
        if let Some(s) = self.according(ws, we) {
            return Some(s);
        }
        if adjacent_only {
            return None;
        }
        (ws..we)
            .filter(|&v| self.verb_kind(v) > 0)
            .find_map(|v| self.np_back(v, ws))
            .or_else(|| self.np_fwd(ws, we).filter(|h| self.name_like(*h)))
    }
}

/// Spans, and said_by links as (quote index, source index) into the spans.
pub fn suggest_quotes(text: &str) -> (Vec<Suggested>, Vec<(usize, usize)>) {
    let quotes = find_quotes(text);
    let ctx = Ctx {
        text,
        toks: tokenize(text),
    };
    let toks = &ctx.toks;
    let n = toks.len();
    let mut inq = vec![NONE; n];
    let mut par = vec![0usize; n];
    let mut p = 0;
    let mut qi = 0;
    for (t, tok) in toks.iter().enumerate() {
        if tok.k == K::Nl {
            p += 1;
        }
        par[t] = p;
        while qi < quotes.len() && quotes[qi].1 <= tok.s {
            qi += 1;
        }
        if qi < quotes.len() && quotes[qi].0 <= tok.s && tok.e <= quotes[qi].1 {
            inq[t] = qi;
        }
    }
    let is_stop =
        |t: usize| inq[t] != NONE || matches!(toks[t].k, K::Nl | K::Punct('.' | '?' | '!' | ';'));
    let mut spans: Vec<Suggested> = Vec::new();
    let mut links = Vec::new();
    let mut src_idx: HashMap<(usize, usize), usize> = HashMap::new();
    let mut last_src: Option<((usize, usize), usize)> = None;
    let mut ta = 0;
    for &(qs, qe) in &quotes {
        while ta < n && toks[ta].s < qs {
            ta += 1;
        }
        let mut tb = ta;
        while tb < n && toks[tb].s < qe {
            tb += 1;
        }
        let qpar = if ta < n { par[ta] } else { p };
        let starts_par = ta == 0 || toks[ta - 1].k == K::Nl;
        let inner = text.get(qs..qe).unwrap_or("");
        let nwords = (ta..tb).filter(|&t| toks[t].k == K::Word).count();
        let last_inner = inner.trim_end_matches(|c: char| {
            !c.is_alphanumeric() && !",.?!—…".contains(c) || c.is_whitespace()
        });
        let ends_sentence = last_inner.ends_with('.');
        // windows
        let mut we = tb;
        while we < n && we < tb + 30 && !is_stop(we) {
            we += 1;
        }
        let mut ws = ta;
        while ws > 0 && ws + 40 > ta && !is_stop(ws - 1) {
            ws -= 1;
        }
        let lower_next = ctx.word(tb).is_some_and(|_| !ctx.is_cap(tb)) || ctx.is(tb, IS_PRON);
        let mut ext = false;
        let mut ext_s = qs;
        let mut src = ctx.before(ws, ta, true);
        let dash_next = toks
            .get(tb)
            .is_some_and(|t| matches!(t.k, K::Punct('—' | '―' | '–')));
        if src.is_none() && (!ends_sentence || lower_next || dash_next) {
            src = ctx.after(tb, we);
            if src.is_some()
                && ws < ta
                && (ws..ta).all(|v| ctx.verb_kind(v) == 0)
                && ctx.word(ws).is_some()
            {
                ext = true;
                ext_s = toks[ws].s;
            }
        }
        if src.is_none() {
            src = ctx.before(ws, ta, false);
            let v = (ws..ta).rev().find(|&v| ctx.verb_kind(v) == 2);
            if let (Some(_), Some(v)) = (src, v)
                && v + 1 < ta
            {
                ext = true;
                ext_s = toks[v + 1].s;
            }
        }
        let mut ext_e = qe;
        if ext {
            let mut e = tb;
            while e < n
                && !matches!(toks[e].k, K::Nl)
                && (inq[e] != NONE || !matches!(toks[e].k, K::Punct('.' | '?' | '!' | ';')))
            {
                e += 1;
            }
            if e > tb {
                ext_e = ext_e.max(toks[e - 1].e);
            }
        } else {
            ext_s = qs;
        }
        if src.is_none() && starts_par && ta >= 2 && toks[ta - 1].k == K::Nl {
            // "X continued:" paragraph introducing a block quote
            if matches!(toks[ta - 2].k, K::Punct(':')) {
                let mut s = ta - 2;
                while s > 0
                    && !matches!(toks[s - 1].k, K::Nl | K::Punct('.' | '?' | '!'))
                    && inq[s - 1] == NONE
                {
                    s -= 1;
                }
                src = ctx.before(s, ta - 2, false);
            }
        }
        let own = src.is_some();
        if src.is_none()
            && let Some((s, sp)) = last_src
            && (sp == qpar || (starts_par && sp + 1 == qpar && nwords > 3))
        {
            src = Some(s);
        }
        let mut score: f32 = if nwords <= 2 {
            0.2
        } else if nwords <= 4 {
            0.5
        } else {
            0.8
        };
        if own {
            score += 0.15;
        }
        if let Some(&(ps, pe)) = spans
            .iter()
            .rev()
            .find(|s| s.label == "QUOTE")
            .map(|s| (s.start, s.end))
            .as_ref()
            && ps <= qs
            && qe <= pe
        {
            continue;
        }
        let qidx = spans.len();
        spans.push(Suggested {
            start: ext_s,
            end: ext_e,
            label: "QUOTE",
            score: score.min(1.0),
            kind: Some("direct"),
        });
        if let Some(s) = src {
            last_src = Some((s, qpar));
            let si = *src_idx.entry(s).or_insert_with(|| {
                spans.push(Suggested {
                    start: s.0,
                    end: s.1,
                    label: "SOURCE",
                    score: 0.7,
                    kind: None,
                });
                spans.len() - 1
            });
            links.push((qidx, si));
        }
    }
    // A quote running on into the next paragraph takes its continuation's speaker.
    let qids: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].label == "QUOTE")
        .collect();
    let mut by_q: Vec<Option<usize>> = vec![None; spans.len()];
    links.iter().for_each(|&(q, s)| by_q[q] = Some(s));
    for w in qids.windows(2) {
        let open_end = !text
            .get(..spans[w[0]].end)
            .unwrap_or("")
            .ends_with(['”', '"', '»', '“', '’', '\'']);
        if let (true, None, Some(s)) = (open_end, by_q[w[0]], by_q[w[1]]) {
            links.push((w[0], s));
        }
    }
    // Direct quotes by start, with the furthest end so far, to drop indirect ones that overlap.
    let mut direct: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.label == "QUOTE")
        .map(|s| (s.start, s.end))
        .collect();
    direct.sort_unstable();
    let mut reach = 0;
    direct
        .iter_mut()
        .for_each(|d| (reach, d.1) = (reach.max(d.1), reach.max(d.1)));
    for found in indirect::find(&ctx, &inq) {
        let (qs, qe) = found.quote;
        let before = direct.partition_point(|d| d.0 < qe);
        if before > 0 && direct[before - 1].1 > qs {
            continue;
        }
        let qidx = spans.len();
        spans.push(Suggested {
            start: qs,
            end: qe,
            label: "QUOTE",
            score: 0.3,
            kind: Some("indirect"),
        });
        let si = *src_idx.entry(found.source).or_insert_with(|| {
            spans.push(Suggested {
                start: found.source.0,
                end: found.source.1,
                label: "SOURCE",
                score: 0.6,
                kind: None,
            });
            spans.len() - 1
        });
        links.push((qidx, si));
    }
    links.sort_unstable();
    (spans, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(String, &'static str)> {
        let (s, _) = suggest_quotes(text);
        s.iter()
            .map(|x| (text[x.start..x.end].to_string(), x.label))
            .collect()
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        let (s, l) = suggest_quotes(text);
        l.iter()
            .map(|&(q, r)| {
                (
                    text[s[q].start..s[q].end].to_string(),
                    text[s[r].start..s[r].end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn after_and_before_patterns() {
        let t =
            "“The bridge will open in May,” said Mayor Ann Ruiz. Later she added: “We are ready.”";
        let p = pairs(t);
        assert_eq!(
            p[0],
            (
                "“The bridge will open in May,”".into(),
                "Mayor Ann Ruiz".into()
            )
        );
        assert_eq!(p[1], ("“We are ready.”".into(), "she".into()));
        let p = pairs("\"Prices keep rising,\" the baker told reporters on Friday.");
        assert_eq!(p[0].1, "the baker");
        let p = pairs("“No comment,” a spokesman for the Harbor Authority said.");
        assert_eq!(p[0].1, "a spokesman for the Harbor Authority");
        let p = pairs("According to Tom Ekberg, the plan is «a dead end for farmers».");
        assert_eq!(p[0].1, "Tom Ekberg");
        let p = pairs("“Nobody called us,” Lena Ortiz, the head of the tenants’ union, said.");
        assert_eq!(p[0].1, "Lena Ortiz");
    }

    #[test]
    fn multi_paragraph_and_nested() {
        let t = "“First part of it, ‘quoted inside’ here,\n\n“and the second part,” he said.";
        let s = show(t);
        assert_eq!(
            s[0],
            ("“First part of it, ‘quoted inside’ here,".into(), "QUOTE")
        );
        assert_eq!(s.iter().filter(|x| x.1 == "QUOTE").count(), 2);
        assert_eq!(pairs(t).len(), 2);
    }

    #[test]
    fn scare_quotes_score_low() {
        let (s, _) = suggest_quotes("The so-called “green wave” reached the coast.");
        assert!(s.iter().all(|x| x.label != "QUOTE" || x.score < 0.3));
    }

    /// (quote, source) pairs of the indirect quotes.
    fn indirect(text: &str) -> Vec<(String, String)> {
        let (s, l) = suggest_quotes(text);
        let kind = |q: usize| s[q].kind == Some("indirect");
        let span = |i: usize| text[s[i].start..s[i].end].to_string();
        l.iter()
            .filter(|&&(q, _)| kind(q))
            .map(|&(q, r)| (span(q), span(r)))
            .collect()
    }

    #[test]
    fn indirect_quotes() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "Officials said the bridge would reopen in May.",
                "the bridge would reopen in May",
                "Officials",
            ),
            (
                "The mayor told reporters on Monday that the budget was balanced.",
                "that the budget was balanced",
                "The mayor",
            ),
            (
                "According to the police, three people were arrested.",
                "three people were arrested",
                "the police",
            ),
            (
                "The plan will fail, the minister said.",
                "The plan will fail",
                "the minister",
            ),
            (
                "Prices rose again, said Ana Ruiz, an economist at the bank.",
                "Prices rose again",
                "Ana Ruiz",
            ),
            (
                "The museum, Mr. Obama said, would face hard truths.",
                "The museum, Mr. Obama said, would face hard truths",
                "Mr. Obama",
            ),
            (
                "Rendell, a Clinton surrogate, said he had recovered.",
                "he had recovered",
                "Rendell",
            ),
            (
                "He said that, if elected, he would resign.",
                "that, if elected, he would resign",
                "He",
            ),
            (
                "Wells Fargo just this month announced it would drop the fees.",
                "it would drop the fees",
                "Wells Fargo",
            ),
            (
                "The family said the U.N. report was wrong.",
                "the U.N. report was wrong",
                "The family",
            ),
            // accents and other scripts
            (
                "Zoë Müller said the café in Zürich would close early.",
                "the café in Zürich would close early",
                "Zoë Müller",
            ),
        ];
        for &(text, quote, source) in cases {
            assert_eq!(
                indirect(text),
                vec![(quote.into(), source.into())],
                "{text}"
            );
        }
        // two quotes with one source: ", arguing that …"
        let two = indirect("She said the law was unfair, arguing that it hurt farmers.");
        assert_eq!(two.len(), 2);
        assert_eq!(two[0].0, "the law was unfair");
        assert_eq!(two[1], ("that it hurt farmers".into(), "She".into()));
        // CRLF line ends
        let crlf = "Ana Ruiz said the port would close.\r\nShe added that ships would wait.\r\n";
        assert_eq!(
            indirect(crlf)[1],
            ("that ships would wait".into(), "She".into())
        );
        for text in [
            "The holiday is observed as a day of rest.",
            "Having said that, there are problems with it.",
            "Trump said this month on CNBC.",
            "He said “the plan is dead” and left.",
            "Officials said “the bridge” was safe.",
            "Everything Trump says is a lie.",
        ] {
            assert_eq!(indirect(text), vec![], "{text}");
        }
    }

    #[test]
    fn indirect_scores_below_direct() {
        let t = "“We are ready,” the mayor said. The mayor said the port would open in May.";
        let (s, _) = suggest_quotes(t);
        let score = |k| s.iter().find(|x| x.kind == Some(k)).map(|x| x.score);
        assert!(score("indirect") < score("direct"), "{s:?}");
    }

    #[test]
    fn double_apostrophes_and_curly_quotes() {
        let p = pairs("''We will win,'' she said. “Fine,” he replied.");
        assert_eq!(p[0], ("''We will win,''".into(), "she".into()));
        assert_eq!(p[1], ("“Fine,”".into(), "he".into()));
        let p = pairs("„Ja“, sagte er. «Oui», a dit Zoë.\r\n“Yes,” the family said.");
        assert!(p.contains(&("“Yes,”".into(), "the family".into())), "{p:?}");
    }

    #[test]
    fn never_panics() {
        let big = "a“b\"c ‘d’ é 😀 ".repeat(1 << 16);
        let odd = [
            "",
            "\"",
            "“",
            "”",
            "‘’",
            "\"\"\"",
            "said “",
            "“x,” said",
            "🙂“😀”🙂 said 🙂",
            "北京“你好，”他说。",
            "“a,”\r\n\r\n“b\r\n",
            "„Ja“, sagte er.",
            "''",
            "'''",
            "x said that",
            "According to",
            "according to X,",
            ", said",
            "A, B said, C.",
            "Él dijo que sí, said Zoë.\r\n",
            "(",
            ") said",
            "— said —",
            big.as_str(),
        ];
        for t in odd {
            let (s, l) = suggest_quotes(t);
            for x in &s {
                assert!(
                    x.start <= x.end && t.is_char_boundary(x.start) && t.is_char_boundary(x.end)
                );
            }
            for &(q, r) in &l {
                assert!(s[q].label == "QUOTE" && s[r].label == "SOURCE");
            }
        }
        let line = "He said “this is fine,” and “so is this” — Jo. ".repeat(22_000);
        assert!(line.len() > 1_000_000);
        let _ = suggest_quotes(&line);
    }
}
