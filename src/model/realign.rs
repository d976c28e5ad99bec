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

use similar::Algorithm;

#[path = "realign_diff.rs"]
mod diff;
use diff::OffsetMap;
#[cfg(test)]
use diff::segments;

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
    let around = window(new, s, a.text.len());
    let mut best = None;
    if !a.text.is_empty() {
        best = new[around.clone()]
            .match_indices(a.text.as_str())
            .fold(None, |b, (i, _)| better(b, around.start + i));
        if !best.as_ref().is_some_and(|b| b.2) {
            best = new
                .match_indices(a.text.as_str())
                .map(|(i, _)| i)
                .filter(|i| !around.contains(i))
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
