//! Indirect quotes: reported speech without quotation marks, found per sentence (a sentence
//! ends at `?`, `!`, `;`, a line break, or a `.` not followed by a lower-case word). Rules, the
//! first that applies wins:
//! * `According to X, CLAUSE.` — the quote is CLAUSE, X is the source.
//! * `CLAUSE, X said.` / `CLAUSE, said X.` / `CLAUSE, X told reporters on Monday.` /
//!   `CLAUSE, according to X.` — the quote is the sentence up to that comma. The part after
//!   the comma must be only the source, the verb and a short adverbial.
//! * `X said (that) CLAUSE.` with a reporting verb (`REPORT`: "said", "told", "added",
//!   "believes", …; "-ing" forms only after a comma: ", saying that …"). The quote runs from the
//!   word after the verb ("that" included) to the sentence end, or to a comma before another
//!   "-ing" reporting verb (", arguing that …", which gives a second quote with the same
//!   source). It starts at the next "that" after "told" + object, after an adverbial
//!   ("said in a statement that", "said this week that"), and after noun-like verb forms
//!   ("claims", "reports"); a clause cannot start with a verb or auxiliary, and a "that" after
//!   other words must not start a relative clause ("the meeting that was held"). X is the
//!   noun phrase before the verb (auxiliaries and a trailing time phrase skipped: "Wells Fargo
//!   just this month announced"); for "-ing" verbs, the name that opens the sentence.
//!
//! A quote needs a source, three words, and no quotation mark or token of a direct quote.
use super::{Ctx, IS_ACCORDING, IS_AUX, IS_DET, IS_REPORT, K, NONE};

/// An indirect quote and its source, as byte ranges.
pub(super) struct Indirect {
    pub quote: (usize, usize),
    pub source: (usize, usize),
}

const TELL: &[&str] = &["told", "tells", "tell", "telling"];
/// Reporting verbs that are also plural nouns: they need "that" ("reports that …").
const NOUNISH: &[&str] = &["claims", "reports", "notes", "estimates"];
const TIME: &[&str] = &[
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "day",
];

/// The indirect quotes of the text; `inq[t]` is not `NONE` for a token inside a direct quote.
pub(super) fn find(ctx: &Ctx, inq: &[usize]) -> Vec<Indirect> {
    let toks = &ctx.toks;
    let mut out = Vec::new();
    let mut ss = 0;
    for t in 0..=toks.len() {
        let end = match toks.get(t).map(|k| k.k) {
            None | Some(K::Nl | K::Punct('?' | '!' | ';')) => true,
            Some(K::Punct('.')) => ctx.word(t + 1).is_none_or(|_| ctx.is_cap(t + 1)),
            _ => false,
        };
        if end {
            if t > ss {
                Sentence {
                    ctx,
                    inq,
                    ss,
                    se: t,
                }
                .quotes(&mut out);
            }
            ss = t + 1;
        }
    }
    out
}

/// The tokens [ss, se) of one sentence, `se` being its final punctuation or break.
struct Sentence<'a, 'b> {
    ctx: &'a Ctx<'b>,
    inq: &'a [usize],
    ss: usize,
    se: usize,
}

impl Sentence<'_, '_> {
    fn quotes(&self, out: &mut Vec<Indirect>) {
        let (ctx, ss, se) = (self.ctx, self.ss, self.se);
        if !(ss..se).any(|t| ctx.is(t, IS_REPORT | IS_ACCORDING)) {
            return;
        }
        // According to X, CLAUSE.
        if ctx.in_set(ss, &["according"]) && ctx.in_set(ss + 1, &["to"]) {
            let found = (ss + 2..se)
                .find(|&t| ctx.toks[t].k == K::Punct(','))
                .and_then(|c| Some((self.quote(c + 1, se)?, ctx.np_fwd2(ss + 2, c, true)?)));
            out.extend(found.map(|(quote, source)| Indirect { quote, source }));
            return;
        }
        // CLAUSE, X said.
        let tail = (ss + 1..se)
            .rev()
            .take(12)
            .filter(|&t| ctx.toks[t].k == K::Punct(','))
            .find_map(|c| {
                let source = self.tail(c + 1, se)?;
                Some((self.quote(ss, c)?, source))
            });
        if let Some((quote, source)) = tail {
            out.push(Indirect { quote, source });
            return;
        }
        // CLAUSE, X said, CLAUSE. (the quote is the whole sentence)
        let commas: Vec<usize> = (ss + 1..se)
            .filter(|&t| ctx.toks[t].k == K::Punct(','))
            .collect();
        let inner = commas.windows(2).find_map(|w| {
            let source = self.tail(w[0] + 1, w[1]).filter(|_| w[1] + 1 < se)?;
            // "CLAUSE, said X, a spokesman for Y." is a tail
            let appositive = ctx.is(w[0] + 1, IS_REPORT)
                && ctx.is(w[1] + 1, IS_DET)
                && !ctx.in_set(w[1] + 1, &["that"]);
            let end = if appositive { w[0] } else { se };
            Some((self.quote(ss, end)?, source))
        });
        if let Some((quote, source)) = inner {
            out.push(Indirect { quote, source });
            return;
        }
        // X said (that) CLAUSE.
        let mut v = ss;
        let mut last_source = None;
        while v < se {
            let Some((c, source)) = self.verb(v, last_source) else {
                v += 1;
                continue;
            };
            let end = (c + 1..se)
                .find(|&t| {
                    ctx.toks[t - 1].k == K::Punct(',')
                        && ctx.is(t, IS_REPORT)
                        && ctx.lw(t).ends_with("ing")
                })
                .map_or(se, |t| t - 1);
            if let Some(quote) = self.quote(c, end) {
                out.push(Indirect { quote, source });
                last_source = Some(source);
            }
            v = end.max(v + 1);
        }
    }

    /// The quote span of tokens [a, b), when it is one.
    fn quote(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let toks = self.ctx.toks.get(a..b)?;
        let mut words = 0;
        for (k, t) in toks.iter().enumerate() {
            let pair = || {
                toks.get(k + 1)
                    .is_some_and(|n| n.k == K::Punct('\'') && n.s == t.e)
            };
            match t.k {
                _ if self.inq.get(a + k).is_some_and(|&q| q != NONE) => return None,
                K::Word => words += 1,
                K::Punct('"' | '“' | '”' | '«' | '»' | '„' | '‘' | '’') => return None,
                K::Punct('\'') if pair() => return None, // ''
                _ => {}
            }
        }
        (words >= 3).then(|| self.ctx.span(a, b - 1))?
    }

    /// The source of a reporting tail, tokens [f, se) ("X said Monday", "said X",
    /// "according to X"), when the tail holds nothing else.
    fn tail(&self, f: usize, se: usize) -> Option<(usize, usize)> {
        let ctx = self.ctx;
        let v = (f..se).find(|&t| ctx.is(t, IS_REPORT) && !ctx.lw(t).ends_with("ing"));
        let according = ctx.in_set(f, &["according"]);
        if (v.is_none() && !according) || self.inq.get(f..se)?.iter().any(|&q| q != NONE) {
            return None;
        }
        let source = ctx.after(f, se)?;
        let end = ctx.toks.get(se - 1)?.e;
        let fits = match v {
            _ if according => true,
            None => false,
            // said X
            Some(v) if v == f => source.0 >= ctx.toks[v].e && source.1 == end,
            // X said [on Monday | told reporters]
            Some(v) => {
                let rest = se - v - 1;
                let object = ctx.in_set(v, TELL) && rest <= 3;
                source.0 == ctx.toks.get(f)?.s
                    && source.1 <= ctx.toks[v].s
                    && !passive(ctx, v)
                    && (rest == 0 || object || (rest <= 4 && adverbial(ctx, v + 1)))
            }
        };
        (fits && source.1 <= end).then_some(source)
    }

    /// The start of the clause reported by the verb at `v`, and its source.
    fn verb(&self, v: usize, last: Option<(usize, usize)>) -> Option<(usize, (usize, usize))> {
        let (ctx, ss) = (self.ctx, self.ss);
        if !ctx.is(v, IS_REPORT) || passive(ctx, v) || self.inq.get(v).is_some_and(|&q| q != NONE) {
            return None;
        }
        let c = clause_start(ctx, v, self.se)?;
        let opening = || ctx.np_fwd(ss, v).filter(|h| ctx.name_like(*h));
        if ctx.lw(v).ends_with("ing") {
            if v == ss || ctx.toks[v - 1].k != K::Punct(',') {
                return None;
            }
            return Some((c, last.or_else(opening)?));
        }
        let before = v.checked_sub(1).map(|p| ctx.toks[p].k);
        let mut source = match before {
            // "X, a Y of Z, said"
            Some(K::Punct(',')) => ctx.after(ss, v + 1)?,
            // "X … and said"
            _ if v > ss && ctx.in_set(v - 1, &["and"]) => opening()?,
            _ => ctx.np_back(v, ss)?,
        };
        // "Trump this week also said": skip the time phrase
        let time = |t: usize| ctx.in_set(t, TIME) && ctx.in_set(t - 1, &["this", "last", "next"]);
        if let Some(t) = (ss + 1..v).rev().find(|&t| ctx.toks[t].e == source.1)
            && time(t)
        {
            source = ctx.np_back(t - 1, ss)?;
        }
        Some((c, source))
    }
}

/// Where the reported clause after the verb at `v` starts, if it has one before `se`.
fn clause_start(ctx: &Ctx, v: usize, se: usize) -> Option<usize> {
    let next = v + 1;
    // "that" after a short object or adverbial ("told reporters on Monday that"), not a
    // demonstrative ("having said that,") or a relative pronoun ("the meeting that was held").
    let that = || {
        let t = (next..se.min(next + 10)).find(|&t| ctx.in_set(t, &["that"]))?;
        let words = (next..t).all(|k| ctx.word(k).is_some());
        // "that," after "having said" is a pronoun; after "said" it opens a clause
        let clause = if ctx.word(t + 1).is_some() {
            t == next || !starts_verb(ctx, t + 1)
        } else {
            ctx.toks.get(t + 1).is_some_and(|k| k.k == K::Punct(','))
                && !(v > 0 && ctx.in_set(v - 1, &["having"]))
        };
        (words && clause).then_some(t)
    };
    if ctx.in_set(v, TELL) || ctx.in_set(v, NOUNISH) {
        return that().filter(|&t| !ctx.in_set(v, NOUNISH) || t == next);
    }
    match ctx.toks.get(next).map(|t| t.k) {
        Some(K::Word) if ctx.in_set(next, &["that"]) || adverbial(ctx, next) => that(),
        Some(K::Word) if starts_verb(ctx, next) => None,
        Some(K::Word) => Some(next),
        Some(K::Punct(':')) => Some(next + 1),
        _ => None,
    }
}

/// Whether the word at `t` starts an adverbial rather than a clause ("in", "on Monday",
/// "this week").
fn adverbial(ctx: &Ctx, t: usize) -> bool {
    #[rustfmt::skip]
    const ADVERBIAL: &[&str] = &[
        "in", "on", "at", "by", "from", "during", "after", "before", "since", "until", "to",
        "with", "about", "over", "under", "into", "of", "for", "earlier", "later", "again",
        "also", "recently", "yesterday", "today", "tonight", "repeatedly", "publicly",
        "privately", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "when", "while", "because", "as", "where",
    ];
    ctx.in_set(t, ADVERBIAL)
        || (ctx.in_set(t, &["this", "last", "next", "that"]) && ctx.in_set(t + 1, TIME))
}

/// Whether the verb at `v` is passive ("is observed", "was being told").
fn passive(ctx: &Ctx, v: usize) -> bool {
    const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
    v > 0 && ctx.in_set(v - 1, BE)
}

/// Whether the word at `t` is a verb or auxiliary, so no subject comes first.
fn starts_verb(ctx: &Ctx, t: usize) -> bool {
    ctx.is(t, IS_AUX | IS_REPORT)
        || ctx.in_set(
            t,
            &[
                "is", "are", "were", "be", "been", "can", "could", "should", "may", "might", "must",
            ],
        )
}
