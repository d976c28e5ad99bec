//! QUOTE / SOURCE scoring against PolNeAR gold, as score.py's `quotes`
//! subcommand: QUOTE and SOURCE (exact, overlap, token), QUOTE_direct,
//! SOURCE_of_direct and ATTRIBUTION_direct. See score.py's docstring for the
//! definitions; the counts here are the same.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::polnear::{self, GoldDoc};
use super::pytext::{has_quote_mark, tokens};
use super::report::Notes;
use super::{PredDoc, Report, Row, Score, Task, slice};

/// A span as (start, end) code points.
type Sp = (usize, usize);

/// Scores `preds` against the PolNeAR folder `gold_dir` (with `text/` and
/// `attributions/`). Err names the gold file that cannot be read.
pub fn score(gold_dir: &Path, preds: &[PredDoc]) -> Result<Report, String> {
    score_with(gold_dir, preds, false)
}

/// [`score`] with score.py's `--literal-apostrophe` switch: every ’ counts
/// as a quotation mark.
pub fn score_with(
    gold_dir: &Path,
    preds: &[PredDoc],
    literal_apostrophe: bool,
) -> Result<Report, String> {
    let gold = polnear::load(gold_dir, literal_apostrophe)?;
    Ok(score_gold(&gold, preds, literal_apostrophe))
}

/// The counters of one row; `_p` counts precision hits, `_r` recall hits.
#[derive(Debug, Default)]
struct Counts {
    n_pred: usize,
    n_gold: usize,
    exact_p: usize,
    exact_r: usize,
    ov_p: usize,
    ov_r: usize,
    tok_pred: usize,
    tok_gold: usize,
    tok_p: usize,
    tok_r: usize,
}

impl Counts {
    fn rows(&self, name: &str, recall_only: bool) -> Vec<Row> {
        let metrics = [
            (
                "exact",
                self.exact_p,
                self.n_pred,
                self.exact_r,
                self.n_gold,
            ),
            ("overlap", self.ov_p, self.n_pred, self.ov_r, self.n_gold),
            (
                "token",
                self.tok_p,
                self.tok_pred,
                self.tok_r,
                self.tok_gold,
            ),
        ];
        metrics
            .into_iter()
            .map(|(metric, tp_p, n_pred, tp_r, n_gold)| Row {
                name: name.to_owned(),
                metric: metric.to_owned(),
                score: if recall_only {
                    Score::recall_only(tp_r, n_gold)
                } else {
                    Score::prf(tp_p, n_pred, tp_r, n_gold)
                },
            })
            .collect()
    }
}

#[derive(Debug, Default)]
struct Acc {
    quote: Counts,
    source: Counts,
    direct: Counts,
    src_direct: Counts,
    attr: Counts,
    n_rel: usize,
}

fn score_gold(gold: &[GoldDoc], preds: &[PredDoc], literal: bool) -> Report {
    let by_stem: HashMap<&str, &GoldDoc> = gold.iter().map(|g| (g.stem.as_str(), g)).collect();
    let mut notes = Notes::default();
    let mut chosen: HashMap<&str, &PredDoc> = HashMap::new();
    for rec in preds {
        let Some(g) = by_stem.get(rec.id.as_str()) else {
            notes.add("pred ids not in gold");
            continue;
        };
        if chosen.contains_key(rec.id.as_str()) {
            notes.add("duplicate pred ids (later ignored)");
            continue;
        }
        if rec.text.as_ref().is_some_and(|t| *t != g.text) {
            notes.add("text mismatch (scored on gold offsets)");
        }
        chosen.insert(&rec.id, rec);
    }
    let missing = gold
        .iter()
        .filter(|g| !chosen.contains_key(g.stem.as_str()))
        .count();
    notes.set("gold articles without prediction", missing);
    let has_rel = chosen.values().any(|r| r.relations.is_some());
    let mut acc = Acc::default();
    for g in gold {
        let pred = chosen.get(g.stem.as_str()).copied();
        score_doc(g, pred, literal, &mut notes, &mut acc);
    }
    let mut rows = acc.quote.rows("QUOTE", false);
    rows.extend(acc.source.rows("SOURCE", false));
    rows.extend(acc.direct.rows("QUOTE_direct", false));
    rows.extend(acc.src_direct.rows("SOURCE_of_direct", !has_rel));
    let a = &acc.attr;
    let mut attr = Score::prf(a.ov_p, a.n_pred, a.ov_r, a.n_gold);
    attr.n_relations = Some(acc.n_rel);
    rows.push(Row {
        name: "ATTRIBUTION_direct".to_owned(),
        metric: "overlap".to_owned(),
        score: attr,
    });
    Report {
        task: Task::Quotes,
        units: gold.len(),
        notes: notes.0,
        pred_has_relations: has_rel,
        rows,
        counts: Vec::new(),
    }
}

/// What a predicted span id stands for.
#[derive(Debug, Clone, Copy)]
enum Ref {
    Dropped,
    Other,
    Quote(Sp),
    Source(Sp),
}

/// Predicted QUOTE and SOURCE spans (sorted, unique) and said_by pairs.
struct Pred {
    quotes: Vec<Sp>,
    sources: Vec<Sp>,
    said_by: Vec<(Sp, Sp)>,
}

fn read_pred(pred: Option<&PredDoc>, n: usize, notes: &mut Notes) -> Pred {
    let mut quotes = BTreeSet::new();
    let mut sources = BTreeSet::new();
    let mut by_id: HashMap<&str, Ref> = HashMap::new();
    let mut said_by = BTreeSet::new();
    let Some(rec) = pred else {
        return Pred {
            quotes: Vec::new(),
            sources: Vec::new(),
            said_by: Vec::new(),
        };
    };
    for sp in &rec.spans {
        let mut sid = Some(sp.id.as_str());
        if by_id.contains_key(sp.id.as_str()) {
            notes.add("duplicate span ids in a line (first kept)");
            sid = None;
        }
        let quote = sp.label == "QUOTE";
        let found = if !quote && sp.label != "SOURCE" {
            Ref::Other
        } else if sp.malformed {
            notes.add("malformed pred spans");
            Ref::Dropped
        } else if !(sp.start < sp.end && sp.end <= n) {
            notes.add("pred spans out of range or empty (dropped)");
            Ref::Dropped
        } else if quote {
            quotes.insert((sp.start, sp.end));
            Ref::Quote((sp.start, sp.end))
        } else {
            sources.insert((sp.start, sp.end));
            Ref::Source((sp.start, sp.end))
        };
        if let Some(sid) = sid {
            by_id.insert(sid, found);
        }
    }
    for rel in rec.relations.iter().flatten() {
        if rel.malformed {
            notes.add("malformed relations (ignored)");
            continue;
        }
        if rel.kind != "said_by" {
            notes.add("relations of another type (ignored)");
            continue;
        }
        match (by_id.get(rel.from.as_str()), by_id.get(rel.to.as_str())) {
            (None, _) | (_, None) => notes.add("said_by with an unknown span id (ignored)"),
            (Some(Ref::Dropped), _) | (_, Some(Ref::Dropped)) => {
                notes.add("said_by with a dropped span (ignored)");
            }
            (Some(Ref::Quote(q)), Some(Ref::Source(s))) => {
                said_by.insert((*q, *s));
            }
            _ => notes.add("said_by not from a QUOTE to a SOURCE (ignored)"),
        }
    }
    Pred {
        quotes: quotes.into_iter().collect(),
        sources: sources.into_iter().collect(),
        said_by: said_by.into_iter().collect(),
    }
}

fn overlaps(a: Sp, b: Sp) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn any_overlap(x: Sp, spans: &[Sp]) -> bool {
    spans.iter().any(|&g| overlaps(x, g))
}

/// How many of `a` are in `b` (both sorted and unique).
fn common(a: &[Sp], b: &[Sp]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

/// The `\w+` tokens of one text, to find those a span touches.
struct TokIndex {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl TokIndex {
    fn new(chars: &[char]) -> Self {
        let (starts, ends) = tokens(chars).into_iter().unzip();
        Self { starts, ends }
    }

    /// Positions of the tokens sharing >= 1 character with any span.
    fn toks(&self, spans: &[Sp]) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for &(s, e) in spans {
            let lo = self.ends.partition_point(|&x| x <= s);
            let hi = self.starts.partition_point(|&x| x < e);
            out.extend(lo..hi);
        }
        out
    }
}

fn sorted(spans: impl Iterator<Item = Sp>) -> Vec<Sp> {
    spans.collect::<BTreeSet<_>>().into_iter().collect()
}

fn score_doc(
    doc: &GoldDoc,
    pred: Option<&PredDoc>,
    literal: bool,
    notes: &mut Notes,
    acc: &mut Acc,
) {
    let chars: Vec<char> = doc.text.chars().collect();
    let ti = TokIndex::new(&chars);
    let gold = |keep: fn(&polnear::GoldSpan) -> bool| {
        sorted(
            doc.spans
                .iter()
                .filter(|s| keep(s))
                .map(|s| (s.start, s.end)),
        )
    };
    let gq = gold(|s| s.quote);
    let gs = gold(|s| !s.quote);
    let gd = gold(|s| s.quote && s.direct);
    let gsd = gold(|s| !s.quote && s.src_of_direct);
    let p = read_pred(pred, chars.len(), notes);
    for (g, pr, a) in [
        (&gq, &p.quotes, &mut acc.quote),
        (&gs, &p.sources, &mut acc.source),
    ] {
        a.n_gold += g.len();
        a.n_pred += pr.len();
        let exact = common(pr, g);
        a.exact_p += exact;
        a.exact_r += exact;
        a.ov_p += pr.iter().filter(|&&x| any_overlap(x, g)).count();
        a.ov_r += g.iter().filter(|&&x| any_overlap(x, pr)).count();
        let (tg, tp) = (ti.toks(g), ti.toks(pr));
        a.tok_gold += tg.len();
        a.tok_pred += tp.len();
        let both = tg.intersection(&tp).count();
        a.tok_p += both;
        a.tok_r += both;
    }
    // direct QUOTE subset
    let g_indirect: Vec<Sp> = gq
        .iter()
        .filter(|x| gd.binary_search(x).is_err())
        .copied()
        .collect();
    let indirect = |x: &Sp| g_indirect.binary_search(x).is_ok();
    let c: Vec<Sp> = p
        .quotes
        .iter()
        .filter(|&&x| {
            (any_overlap(x, &gd) && !indirect(&x))
                || (has_quote_mark(slice(&chars, x.0, x.1), literal) && !any_overlap(x, &gq))
        })
        .copied()
        .collect();
    let a = &mut acc.direct;
    a.n_gold += gd.len();
    a.n_pred += c.len();
    a.exact_p += common(&c, &gd);
    a.exact_r += common(&gd, &p.quotes);
    a.ov_p += c.iter().filter(|&&x| any_overlap(x, &gd)).count();
    a.ov_r += gd.iter().filter(|&&x| any_overlap(x, &p.quotes)).count();
    let (tgd, tc) = (ti.toks(&gd), ti.toks(&c));
    a.tok_gold += tgd.len();
    a.tok_pred += tc.len();
    a.tok_p += tc.intersection(&tgd).count();
    a.tok_r += tgd.intersection(&ti.toks(&p.quotes)).count();
    // SOURCE of direct quotes: recall against all predicted SOURCEs,
    // precision over the sources said_by links to anchored quotes
    let a = &mut acc.src_direct;
    a.n_gold += gsd.len();
    a.exact_r += common(&gsd, &p.sources);
    a.ov_r += gsd.iter().filter(|&&x| any_overlap(x, &p.sources)).count();
    let tsd = ti.toks(&gsd);
    a.tok_gold += tsd.len();
    a.tok_r += tsd.intersection(&ti.toks(&p.sources)).count();
    let anchored = |q: Sp, golds: &[Sp]| !indirect(&q) && any_overlap(q, golds);
    let cs = sorted(
        p.said_by
            .iter()
            .filter(|(q, _)| anchored(*q, &gd))
            .map(|(_, s)| *s),
    );
    a.n_pred += cs.len();
    a.exact_p += common(&cs, &gsd);
    a.ov_p += cs.iter().filter(|&&x| any_overlap(x, &gsd)).count();
    let tcs = ti.toks(&cs);
    a.tok_pred += tcs.len();
    a.tok_p += tcs.intersection(&tsd).count();
    // ATTRIBUTION of direct quotes: item = (direct quote hull, its sources)
    let hull: HashMap<&str, Sp> = doc
        .spans
        .iter()
        .map(|s| (s.tid.as_str(), (s.start, s.end)))
        .collect();
    let mut items: BTreeMap<Sp, Vec<Sp>> = BTreeMap::new();
    for (ctid, stid) in &doc.links {
        if let (Some(&q), Some(&s)) = (hull.get(ctid.as_str()), hull.get(stid.as_str()))
            && gd.binary_search(&q).is_ok()
        {
            items.entry(q).or_default().push(s);
        }
    }
    let right = |q: Sp, src: Sp| {
        items
            .iter()
            .any(|(&gq, gs)| overlaps(q, gq) && any_overlap(src, gs))
    };
    let keys: Vec<Sp> = items.keys().copied().collect();
    let a = &mut acc.attr;
    a.n_gold += items.len();
    a.ov_r += items
        .iter()
        .filter(|(gq, gs)| {
            p.said_by
                .iter()
                .any(|&(q, src)| overlaps(q, **gq) && any_overlap(src, gs))
        })
        .count();
    let considered: Vec<&(Sp, Sp)> = p
        .said_by
        .iter()
        .filter(|(q, _)| anchored(*q, &keys))
        .collect();
    a.n_pred += considered.len();
    a.ov_p += considered.iter().filter(|(q, src)| right(*q, *src)).count();
    acc.n_rel += p.said_by.len();
}
