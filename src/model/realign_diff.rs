//! The diff under realigning: by paragraphs, then by tokens (words,
//! whitespace runs, single other characters) inside the paragraphs that
//! changed, then by characters inside small changed hunks; and the
//! monotone map of old byte offsets to new ones it gives.

use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::FILLER;

/// A stretch of the old text and what it became.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub(super) old: Range<usize>,
    pub(super) new: Range<usize>,
    pub(super) equal: bool,
}

/// Word, whitespace run, or one other character; as byte ranges.
fn tokens(text: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Gap,
        Other,
    }
    let class = |c: char| {
        if c == FILLER {
            Class::Gap
        } else if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut last = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        match out.last_mut() {
            Some(r) if last == Some(k) && k != Class::Other => r.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
        last = Some(k);
    }
    out
}

/// Hunks larger than this (in characters, both sides) are not refined.
const REFINE_LIMIT: usize = 20_000;

/// The diff of two sequences of pieces (byte lengths given by `len`) as
/// segments of bytes from `at` (old) and `at_new` (new), walking the ops in
/// order so that the segments tile both texts.
fn walk<T: Eq + Ord + std::hash::Hash>(
    algorithm: Algorithm,
    old: &[T],
    new: &[T],
    len: impl Fn(&T) -> usize,
    at: usize,
    at_new: usize,
) -> Vec<Segment> {
    let (mut o, mut n) = (at, at_new);
    let mut out = Vec::new();
    for op in capture_diff_slices(algorithm, old, new) {
        let (tag, a, b) = op.as_tag_tuple();
        let ol: usize = old[a].iter().map(&len).sum();
        let nl: usize = new[b].iter().map(&len).sum();
        out.push(Segment {
            old: o..o + ol,
            new: n..n + nl,
            equal: tag == DiffTag::Equal,
        });
        o += ol;
        n += nl;
    }
    out
}

/// Slides each run of marked tokens (deleted from `toks`, or inserted)
/// where the diff leaves a choice (the run's first token equals the one
/// after it, or its last the one before it), to end at a line break, or
/// else start after one: a deleted paragraph that begins with the same
/// word as the next one is then that paragraph, not the word after it.
fn slide(marked: &mut [bool], toks: &[&str]) {
    let breaks = |i: usize| toks[i].contains('\n');
    let mut a = 0;
    while a < marked.len() {
        if !marked[a] {
            a += 1;
            continue;
        }
        let mut b = a;
        while b < marked.len() && marked[b] {
            b += 1;
        }
        // The run may sit anywhere from `lo` to `hi` (its start).
        let (mut lo, mut hi) = (a, a);
        while lo > 0 && !marked[lo - 1] && toks[lo - 1] == toks[lo - 1 + (b - a)] {
            lo -= 1;
        }
        while hi + (b - a) < marked.len() && !marked[hi + (b - a)] && toks[hi] == toks[hi + (b - a)]
        {
            hi += 1;
        }
        let len = b - a;
        let best = (lo..=hi)
            .rev()
            .find(|&s| breaks(s + len - 1))
            .or_else(|| (lo..=hi).find(|&s| s == 0 || breaks(s - 1)));
        if let Some(s) = best.filter(|&s| s != a) {
            marked[a..b].fill(false);
            marked[s..s + len].fill(true);
        }
        a = b.max(best.map_or(0, |s| s + len));
    }
}

/// The token diff (patience: anchored on words found once in each text,
/// so a deleted paragraph that repeats words of its neighbours is not
/// matched word by word into their place), runs slid to line breaks, as
/// segments of bytes.
fn token_segments(old: &str, new: &str) -> Vec<Segment> {
    let (or, nr) = (tokens(old), tokens(new));
    let ow: Vec<&str> = or.iter().map(|r| &old[r.clone()]).collect();
    let nw: Vec<&str> = nr.iter().map(|r| &new[r.clone()]).collect();
    let mut gone = vec![false; ow.len()];
    let mut added = vec![false; nw.len()];
    for op in capture_diff_slices(Algorithm::Patience, &ow, &nw) {
        let (tag, a, b) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            gone[a].fill(true);
            added[b].fill(true);
        }
    }
    slide(&mut gone, &ow);
    slide(&mut added, &nw);
    let (mut i, mut j) = (0, 0);
    let mut out: Vec<Segment> = Vec::new();
    while i < ow.len() || j < nw.len() {
        let (o, n, equal) = if i < ow.len() && gone[i] {
            i += 1;
            (
                or[i - 1].clone(),
                nr.get(j).map_or(new.len(), |r| r.start)..nr.get(j).map_or(new.len(), |r| r.start),
                false,
            )
        } else if j < nw.len() && (added[j] || i >= ow.len()) {
            j += 1;
            (
                or.get(i).map_or(old.len(), |r| r.start)..or.get(i).map_or(old.len(), |r| r.start),
                nr[j - 1].clone(),
                false,
            )
        } else {
            i += 1;
            j += 1;
            (or[i - 1].clone(), nr[j - 1].clone(), true)
        };
        match out.last_mut() {
            Some(last) if last.equal == equal => {
                last.old.end = o.end;
                last.new.end = n.end;
            }
            _ => out.push(Segment {
                old: o,
                new: n,
                equal,
            }),
        }
    }
    out
}

/// Paragraphs: each line with the blank lines after it; as byte ranges.
fn units(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for line in text.split_inclusive('\n') {
        let start = out.last().map_or(0, |r| r.end);
        let end = start + line.len();
        match out.last_mut() {
            Some(last) if line.trim().is_empty() => last.end = end,
            _ => out.push(start..end),
        }
    }
    out
}

/// Each word of `t` and how often it comes.
fn word_counts(t: &str) -> std::collections::HashMap<&str, usize> {
    let mut m = std::collections::HashMap::new();
    for w in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// How alike two paragraphs are: words in common (counted with
/// repeats) over their mean number of words.
fn likeness(a: &str, b: &str) -> f64 {
    let (wa, wb) = (word_counts(a), word_counts(b));
    let (na, nb): (usize, usize) = (wa.values().sum(), wb.values().sum());
    if na + nb == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let common: usize = wa
        .iter()
        .map(|(w, n)| (*n).min(wb.get(w).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// Paragraph pairs compared at most in one changed stretch; beyond, the
/// stretch is diffed by tokens as a whole.
const PAIR_LIMIT: usize = 2_500;

/// A changed stretch of paragraphs: each old paragraph paired with the
/// most alike new one (in order, at least half alike) and diffed with it
/// by tokens; the others deleted or inserted whole. A deleted paragraph
/// is thus never matched word by word into a neighbour it resembles.
fn pair_units(
    old: &str,
    new: &str,
    ou: &[Range<usize>],
    nu: &[Range<usize>],
    out: &mut Vec<Segment>,
) {
    let shifted = |seg: Segment, o: usize, n: usize| Segment {
        old: seg.old.start + o..seg.old.end + o,
        new: seg.new.start + n..seg.new.end + n,
        equal: seg.equal,
    };
    let whole = |ou: &[Range<usize>], nu: &[Range<usize>]| {
        let o = ou.first().map_or(0, |r| r.start)..ou.last().map_or(0, |r| r.end);
        let n = nu.first().map_or(0, |r| r.start)..nu.last().map_or(0, |r| r.end);
        (o, n)
    };
    if ou.len() * nu.len() > PAIR_LIMIT {
        let (o, n) = whole(ou, nu);
        for seg in token_segments(&old[o.clone()], &new[n.clone()]) {
            out.push(shifted(seg, o.start, n.start));
        }
        return;
    }
    let (p, q) = (ou.len(), nu.len());
    let sim: Vec<Vec<f64>> = ou
        .iter()
        .map(|o| {
            nu.iter()
                .map(|n| likeness(&old[o.clone()], &new[n.clone()]))
                .collect()
        })
        .collect();
    // best[i][j]: the most likeness pairing the first i old and j new paragraphs.
    let mut best = vec![vec![0.0f64; q + 1]; p + 1];
    for i in 1..=p {
        for j in 1..=q {
            let pair = if sim[i - 1][j - 1] >= 0.5 {
                best[i - 1][j - 1] + sim[i - 1][j - 1]
            } else {
                0.0
            };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(pair);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (p, q);
    while i > 0 && j > 0 {
        if sim[i - 1][j - 1] >= 0.5 && best[i][j] == best[i - 1][j - 1] + sim[i - 1][j - 1] {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    let (mut oi, mut nj) = (0, 0);
    for (a, b) in pairs {
        unpaired(out, ou, nu, oi..a, nj..b);
        let (o, n) = (ou[a].clone(), nu[b].clone());
        for seg in token_segments(&old[o.clone()], &new[n.clone()]) {
            out.push(shifted(seg, o.start, n.start));
        }
        oi = a + 1;
        nj = b + 1;
    }
    unpaired(out, ou, nu, oi..p, nj..q);
}

/// The bytes of paragraphs `r` of `units`; empty at where they would be.
fn stretch(units: &[Range<usize>], r: Range<usize>) -> Range<usize> {
    if r.is_empty() {
        let at = units
            .get(r.start)
            .map_or_else(|| units.last().map_or(0, |u| u.end), |u| u.start);
        at..at
    } else {
        units[r.start].start..units[r.end - 1].end
    }
}

/// Paragraphs deleted (`o`) and inserted (`n`) whole, as one change.
fn unpaired(
    out: &mut Vec<Segment>,
    ou: &[Range<usize>],
    nu: &[Range<usize>],
    o: Range<usize>,
    n: Range<usize>,
) {
    if o.is_empty() && n.is_empty() {
        return;
    }
    out.push(Segment {
        old: stretch(ou, o),
        new: stretch(nu, n),
        equal: false,
    });
}

/// The diff by paragraphs first (paragraphs inserted, deleted or moved
/// are whole ones), then by tokens inside the paragraphs that changed.
fn unit_segments(old: &str, new: &str) -> Vec<Segment> {
    let (ou, nu) = (units(old), units(new));
    let ol: Vec<&str> = ou.iter().map(|r| &old[r.clone()]).collect();
    let nl: Vec<&str> = nu.iter().map(|r| &new[r.clone()]).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ol, &nl) {
        let (tag, a, b) = op.as_tag_tuple();
        if tag == DiffTag::Equal || a.is_empty() || b.is_empty() {
            out.push(Segment {
                old: stretch(&ou, a),
                new: stretch(&nu, b),
                equal: tag == DiffTag::Equal,
            });
        } else {
            pair_units(old, new, &ou[a], &nu[b], &mut out);
        }
    }
    out
}

/// The old text cut into segments that map onto the new one, in order.
pub(super) fn segments(old: &str, new: &str) -> Vec<Segment> {
    // Whitespace and punctuation that the token diff kept between two
    // changes join them (such tokens are everywhere, and anchoring on them
    // can tear a word from its place), so the character diff sees the
    // whole change.
    let mut hunks: Vec<Segment> = Vec::new();
    for seg in unit_segments(old, new) {
        let weak = seg.equal && !old[seg.old.clone()].chars().any(char::is_alphanumeric);
        match hunks.last_mut() {
            Some(last) if !last.equal && (!seg.equal || weak) => {
                last.old.end = seg.old.end;
                last.new.end = seg.new.end;
            }
            _ => hunks.push(seg),
        }
    }
    let mut out = Vec::new();
    for h in hunks {
        let chars = h.old.len() + h.new.len();
        // Filler never matches: refining it would only cost time.
        let unknown = old[h.old.clone()].contains(FILLER);
        if h.equal || h.old.is_empty() || h.new.is_empty() || chars > REFINE_LIMIT || unknown {
            out.push(h);
        } else {
            let oc: Vec<char> = old[h.old.clone()].chars().collect();
            let nc: Vec<char> = new[h.new.clone()].chars().collect();
            out.extend(walk(
                Algorithm::Myers,
                &oc,
                &nc,
                |c| c.len_utf8(),
                h.old.start,
                h.new.start,
            ));
        }
    }
    out
}

/// Old offsets to new ones, monotone.
pub(super) struct OffsetMap {
    /// Segments with a non-empty old range, in order.
    segments: Vec<Segment>,
    new_len: usize,
}

impl OffsetMap {
    pub(super) fn new(old: &str, new: &str) -> Self {
        let segments = segments(old, new)
            .into_iter()
            .filter(|s| !s.old.is_empty())
            .collect();
        Self {
            segments,
            new_len: new.len(),
        }
    }

    /// Where a span's start goes: text inserted just before it stays out.
    pub(super) fn start(&self, p: usize) -> usize {
        let i = self.segments.partition_point(|s| s.old.end <= p);
        match self.segments.get(i) {
            Some(s) if s.equal => s.new.start + (p - s.old.start),
            Some(s) => s.new.start,
            None => self.new_len,
        }
    }

    /// Where a span's end goes: text inserted just after it stays out.
    pub(super) fn end(&self, p: usize) -> usize {
        let i = self.segments.partition_point(|s| s.old.end < p);
        match self.segments.get(i) {
            Some(s) if s.equal => s.new.start + (p - s.old.start),
            Some(s) => s.new.end,
            None => self.new_len,
        }
    }
}
