//! Realigning spans to an edited article. The old text is
//! diffed against the new one by lines, the lines that changed by tokens
//! (words, whitespace runs, single other characters; patience diffs), and
//! changed hunks refined by character, giving a
//! monotone map of old byte offsets to new ones. A span whose mapped slice
//! is its stored text has **moved**. Otherwise its text is looked for in
//! the new article and each place scored on quote, prefix, suffix and
//! position as Hypothesis does (50 / 20 / 20 / 2): a place with the exact
//! text and its whole stored context is taken (moved); a best place short
//! of that, or a mapped slice still much like the old text, makes the span
//! **changed** (for the user to decide); nothing makes it an **orphan**.
//! Offsets here are bytes of the texts.
//!
//! When the old text is gone (an article edited in place), [`skeleton`]
//! rebuilds what the anchors know of it: each span's text and context at
//! its place, a filler elsewhere. The map is then trusted only where the
//! context around a span came through too.

use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

/// Code points of context kept on each side of a span.
pub const CONTEXT_CHARS: usize = 32;

/// A span as stored: where it was in the old text, what it covered, and
/// the text around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub id: u64,
    pub range: Range<usize>,
    pub text: String,
    pub prefix: String,
    pub suffix: String,
}

impl Anchor {
    /// The anchor of `range` in `text`, with its context.
    pub fn of(id: u64, text: &str, range: Range<usize>) -> Self {
        let (prefix, suffix) = context(text, range.clone());
        Self {
            id,
            text: text[range.clone()].to_owned(),
            range,
            prefix,
            suffix,
        }
    }
}

/// Where a span goes in the new text.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// The same text, found for sure: the new range.
    Moved(Range<usize>),
    /// Probably here, but not the same text or not its context: for the
    /// user to accept, adjust or delete.
    Changed(Range<usize>),
    /// Nowhere: kept with its old text and context.
    Orphaned,
}

/// Up to [`CONTEXT_CHARS`] code points before and after `range`.
pub fn context(text: &str, range: Range<usize>) -> (String, String) {
    let before = &text[..range.start];
    let start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[range.end..];
    let end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    (before[start..].to_owned(), after[..end].to_owned())
}

/// A stretch of the old text and what it became.
#[derive(Debug, Clone)]
struct Segment {
    old: Range<usize>,
    new: Range<usize>,
    equal: bool,
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
fn segments(old: &str, new: &str) -> Vec<Segment> {
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
struct OffsetMap {
    /// Segments with a non-empty old range, in order.
    segments: Vec<Segment>,
    new_len: usize,
}

impl OffsetMap {
    fn new(old: &str, new: &str) -> Self {
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
    fn start(&self, p: usize) -> usize {
        let i = self.segments.partition_point(|s| s.old.end <= p);
        match self.segments.get(i) {
            Some(s) if s.equal => s.new.start + (p - s.old.start),
            Some(s) => s.new.start,
            None => self.new_len,
        }
    }

    /// Where a span's end goes: text inserted just after it stays out.
    fn end(&self, p: usize) -> usize {
        let i = self.segments.partition_point(|s| s.old.end < p);
        match self.segments.get(i) {
            Some(s) if s.equal => s.new.start + (p - s.old.start),
            Some(s) => s.new.end,
            None => self.new_len,
        }
    }
}

/// Characters shared at the end of `a` and `b`, over the characters of `a`.
fn tail_match(a: &str, b: &str) -> f64 {
    let n = a.chars().count();
    if n == 0 {
        return 1.0;
    }
    let same = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    same as f64 / n as f64
}

/// Characters shared at the start of `a` and `b`, over the characters of `a`.
fn head_match(a: &str, b: &str) -> f64 {
    let n = a.chars().count();
    if n == 0 {
        return 1.0;
    }
    let same = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    same as f64 / n as f64
}

/// How far (in bytes) from where the map points a found text still
/// counts as right there.
const NEAR_BYTES: i64 = 8;

/// Places of `needle` in `hay` looked at, at most.
const MAX_PLACES: usize = 1_000;

/// Bytes on each side of the mapped place searched before the whole text.
const NEAR_WINDOW: usize = 4096;

/// Where each anchor goes in `new`, in the anchors' order; `old` is the
/// text the anchors' ranges index.
pub fn realign(old: &str, new: &str, anchors: &[Anchor]) -> Vec<Placement> {
    let map = OffsetMap::new(old, new);
    anchors.iter().map(|a| place(&map, new, a, false)).collect()
}

/// Stands for old text no anchor knows; never equal to real text.
pub const FILLER: char = '\u{FFFF}';

/// What the anchors know of a text that is gone: each one's prefix, text
/// and suffix at its place (`ranges` count code points of that text), the
/// [`FILLER`] elsewhere. Returns the text and each range in its bytes.
pub fn skeleton(known: &[(Range<usize>, &str, &str, &str)]) -> (String, Vec<Range<usize>>) {
    let len = known
        .iter()
        .map(|(r, _, text, suffix)| {
            (r.start + text.chars().count()).max(r.end) + suffix.chars().count()
        })
        .max()
        .unwrap_or(0);
    let mut chars: Vec<char> = vec![FILLER; len];
    for (r, prefix, text, suffix) in known {
        let before = prefix.chars().count().min(r.start);
        let from = r.start - before;
        let pieces = prefix.chars().skip(prefix.chars().count() - before);
        let all = pieces.chain(text.chars()).chain(suffix.chars());
        for (slot, c) in chars[from..].iter_mut().zip(all) {
            *slot = c;
        }
    }
    let mut byte_at = Vec::with_capacity(len + 1);
    let mut out = String::with_capacity(len);
    for c in chars {
        byte_at.push(out.len());
        out.push(c);
    }
    byte_at.push(out.len());
    let at = |i: usize| byte_at[i.min(len)];
    let ranges = known
        .iter()
        .map(|(r, _, _, _)| at(r.start)..at(r.end))
        .collect();
    (out, ranges)
}

/// As [`realign`], with the old text rebuilt by [`skeleton`] from the
/// anchors alone: a span moves only when its context came through.
pub fn realign_without_old(
    new: &str,
    anchors: &[Anchor],
    chars: &[Range<usize>],
) -> Vec<Placement> {
    let known: Vec<_> = anchors
        .iter()
        .zip(chars)
        .map(|(a, r)| {
            (
                r.clone(),
                a.prefix.as_str(),
                a.text.as_str(),
                a.suffix.as_str(),
            )
        })
        .collect();
    let (old, ranges) = skeleton(&known);
    let map = OffsetMap::new(&old, new);
    anchors
        .iter()
        .zip(ranges)
        .map(|(a, range)| {
            let a = Anchor { range, ..a.clone() };
            place(&map, new, &a, true)
        })
        .collect()
}

/// The bytes within [`NEAR_WINDOW`] of `at..at + len` in `new`.
fn window(new: &str, at: usize, len: usize) -> Range<usize> {
    let mut from = at.saturating_sub(NEAR_WINDOW).min(new.len());
    while !new.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + len + NEAR_WINDOW).min(new.len());
    while !new.is_char_boundary(to) {
        to += 1;
    }
    from..to
}

/// `strict`: the old text is a skeleton, so the map alone proves nothing;
/// the span's context must be found with it.
fn place(map: &OffsetMap, new: &str, a: &Anchor, strict: bool) -> Placement {
    let (s, e) = (map.start(a.range.start), map.end(a.range.end));
    let known = !a.prefix.is_empty() || !a.suffix.is_empty();
    let fits = |at: Range<usize>| {
        let (p, q) = context(new, at);
        (tail_match(&a.prefix, &p), head_match(&a.suffix, &q))
    };
    if s < e
        && new.get(s..e) == Some(a.text.as_str())
        && (!strict || known && context_holds(new, s..e, a))
    {
        return Placement::Moved(s..e);
    }
    // The stored text near where the map points, then anywhere, each
    // place scored as Hypothesis scores quotes.
    let (pk, sk) = if strict {
        (!a.prefix.is_empty(), !a.suffix.is_empty())
    } else {
        (true, true)
    };
    let score = |at: usize| {
        let end = at + a.text.len();
        let (ps, ss) = fits(at..end);
        let distance = (at as f64 - s as f64).abs() / new.len().max(1) as f64;
        let score = 50.0 + 20.0 * ps + 20.0 * ss + 2.0 * (1.0 - distance.min(1.0));
        // Its whole context, or one side of it right where the map points
        // (text pasted right against the span shifts the map a little and
        // changes the other side); not when the map says the span's text
        // is gone (a deleted paragraph): its neighbour's text there is
        // another mention. With a skeleton, a side counts only when stored.
        let near = s < e && (at as i64 - s as i64).abs() <= NEAR_BYTES;
        let whole = (ps == 1.0 && ss == 1.0 && (pk || sk))
            || (near && ((ps == 1.0 && pk) || (ss == 1.0 && sk)));
        (score, at..end, whole)
    };
    let better = |best: Option<(f64, Range<usize>, bool)>, at: usize| {
        let c = score(at);
        match best {
            Some(b) if b.0 >= c.0 => Some(b),
            _ => Some(c),
        }
    };
    let near = window(new, s, a.text.len());
    let mut best = None;
    if !a.text.is_empty() {
        best = new[near.clone()]
            .match_indices(a.text.as_str())
            .fold(None, |b, (i, _)| better(b, near.start + i));
        if !best.as_ref().is_some_and(|b| b.2) {
            best = new
                .match_indices(a.text.as_str())
                .map(|(i, _)| i)
                .filter(|i| !near.contains(i))
                .take(MAX_PLACES)
                .fold(best, better);
        }
    }
    match best {
        Some((_, r, true)) => Placement::Moved(r),
        Some((_, r, false)) => Placement::Changed(r),
        None if s < e && similar_enough(&a.text, &new[s..e]) => Placement::Changed(s..e),
        None => Placement::Orphaned,
    }
}

/// Around `at` in `new`, the anchor's context came through: one stored
/// side whole, the 8 characters against the span on both sides, or most of
/// both sides (edits near a span change a little of its context).
fn context_holds(new: &str, at: Range<usize>, a: &Anchor) -> bool {
    let (p, q) = context(new, at);
    if (!a.prefix.is_empty() && a.prefix == p) || (!a.suffix.is_empty() && a.suffix == q) {
        return true;
    }
    // The characters right against the span, on both sides.
    let touching = |stored: &str, n: usize| stored.chars().count().min(8) <= n;
    let tail = a
        .prefix
        .chars()
        .rev()
        .zip(p.chars().rev())
        .take_while(|(x, y)| x == y);
    let head = a.suffix.chars().zip(q.chars()).take_while(|(x, y)| x == y);
    if touching(&a.prefix, tail.count()) && touching(&a.suffix, head.count()) {
        return true;
    }
    let stored = format!("{}\u{FFFE}{}", a.prefix, a.suffix);
    let found = format!("{p}\u{FFFE}{q}");
    similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(&stored, &found)
        .ratio()
        >= 0.75
}

/// The mapped slice is still mostly the old text (half its characters).
fn similar_enough(old: &str, new: &str) -> bool {
    let ratio = similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(old, new)
        .ratio();
    ratio >= 0.5
}

#[cfg(test)]
#[path = "realign_tests.rs"]
mod tests;
