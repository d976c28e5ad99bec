//! Rule-based suggester of direct quotes (QUOTE), their speakers (SOURCE) and
//! `said_by` links for English news. Std only; byte offsets on char boundaries.
//!
//! Rules (summary):
//! * QUOTE: balanced marks per paragraph: “…” / "…" / «…» / „…“, top-level ‘…’;
//!   nested ‘ ’ inside doubles are ignored. A quote left open at the end of a
//!   paragraph is kept (to the paragraph end) when the next paragraph opens with
//!   a quote mark (multi-paragraph quotation). The span includes the marks.
//!   Scare quotes (≤ 2 words, no speaker found) get a low score.
//! * SOURCE: the speaker around a reporting verb next to the quote: `“…,” X said`,
//!   `said X`, `X said, “…”`, `X told Y`, `according to X`, `X's office said`,
//!   `X, the Y of Z, said` (X is the source). Pronouns ("he said") are returned
//!   as the SOURCE span itself (PolNeAR marks pronoun sources; no coreference).
//!   A quote with no speaker of its own inherits the last speaker of the same
//!   paragraph, or of the previous paragraph when it opens its paragraph.
use std::collections::HashMap;

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
}

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
    text.get(i..).and_then(|s| s.chars().next())
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
                });
            }
            i += l;
        } else if c.is_alphanumeric() {
            let s = i;
            i += l;
            while let Some(d) = ch_at(text, i) {
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
                let nx = ch_at(text, i + 1);
                if single_cap
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
            });
        } else {
            if !c.is_whitespace() {
                v.push(Tok {
                    s: i,
                    e: i + l,
                    k: K::Punct(c),
                });
            }
            i += l;
        }
    }
    v
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„' | '‘')
}

/// Quote spans (start, end) in byte offsets, marks included.
fn find_quotes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut ls = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            lines.push((ls, i));
            ls = i + 1;
        }
    }
    lines.push((ls, text.len()));
    for (li, &(ls, le)) in lines.iter().enumerate() {
        let line = &text[ls..le];
        let mut open: Option<usize> = None;
        let mut sopen: Option<usize> = None;
        let mut prev: Option<char> = None;
        for (off, c) in line.char_indices() {
            let i = ls + off;
            let end = i + c.len_utf8();
            let next = line
                .get(off + c.len_utf8()..)
                .and_then(|s| s.chars().next());
            let next_space = next.is_none_or(|n| n.is_whitespace() || ",.;:?!)".contains(n));
            let prev_word = prev.is_some_and(|p| p.is_alphanumeric());
            match c {
                '“' | '«' | '„' => {
                    if let (Some(o), true, '“') = (
                        open,
                        next_space && prev.is_some_and(|p| !p.is_whitespace()),
                        c,
                    ) {
                        out.push((o, end));
                        open = None;
                    } else {
                        open = Some(i);
                        sopen = None;
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
                        open = Some(i);
                        sopen = None;
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
            prev = Some(c);
        }
        if let Some(o) = open {
            let cont = lines[li + 1..]
                .iter()
                .map(|&(a, b)| text[a..b].trim_start())
                .find(|l| !l.is_empty())
                .is_some_and(|l| l.chars().next().is_some_and(is_open_mark));
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
    fn lw(&self, i: usize) -> String {
        self.word(i).map(|w| w.to_lowercase()).unwrap_or_default()
    }
    fn is_cap(&self, i: usize) -> bool {
        self.word(i)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    }
    fn in_set(&self, i: usize, set: &[&str]) -> bool {
        let w = self.lw(i);
        !w.is_empty() && set.contains(&w.as_str())
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
        if PRON.contains(&first.as_str()) {
            return self.span(t, t);
        }
        let det0 = loose || DET.contains(&first.as_str());
        if !(det0 || self.is_cap(t)) || STOP.contains(&first.as_str()) {
            return None;
        }
        let mut last = None;
        let mut i = t;
        while i < we && i < t + 9 && self.word(i).is_some() {
            let w = self.lw(i);
            let is_det = DET.contains(&w.as_str());
            if w == "of" || w == "for" {
                if !(self.is_cap(i + 1) || self.in_set(i + 1, DET)) || i + 1 >= we {
                    break;
                }
            } else if (i > t && (STOP.contains(&w.as_str()) || FWD_VERBS.contains(&w.as_str())))
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
            AUX.contains(&w.as_str()) || (w.ends_with("ly") && !self.is_cap(i - 1) && w.len() > 4)
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
        if PRON.contains(&w.as_str()) {
            return self.span(end, end);
        }
        if STOP.contains(&w.as_str()) || DET.contains(&w.as_str()) || w == "of" || w == "for" {
            return None;
        }
        let mut st = end;
        while st > ws && st + 9 > end && self.word(st - 1).is_some() {
            let p = self.lw(st - 1);
            if STOP.contains(&p.as_str())
                || PRON.contains(&p.as_str())
                || FWD_VERBS.contains(&p.as_str())
                || BACK_VERBS.contains(&p.as_str())
            {
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
        let w = self.lw(i);
        if FWD_VERBS.contains(&w.as_str()) {
            2
        } else if BACK_VERBS.contains(&w.as_str()) {
            1
        } else {
            0
        }
    }

    fn according(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        (a..b).find_map(|i| {
            if self.lw(i) == "according" && self.lw(i + 1) == "to" {
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
        let lower_next = ctx.word(tb).is_some_and(|_| !ctx.is_cap(tb)) || ctx.in_set(tb, PRON);
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
            .ends_with(['”', '"', '»', '“', '’']);
        if let (true, None, Some(s)) = (open_end, by_q[w[0]], by_q[w[1]]) {
            links.push((w[0], s));
        }
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
