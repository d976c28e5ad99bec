//! An interval index over span ranges, updated in place: no edit rebuilds it.
//!
//! Reading order is a `BTreeSet` of `(start, Reverse(end), id)`. It gives the
//! order, next/previous, and "spans starting inside a range" as one range query.
//!
//! "Spans covering position p" uses a centered interval tree whose shape is
//! fixed by the bits of the positions, so it never needs rebalancing. Level `l`
//! cuts the text into blocks of 2^l bytes, each split in two halves at its
//! midpoint. A span lives at the one level where its first and last byte fall
//! in the same block but in different halves (the bit length of
//! `start ^ (end - 1)`; one-byte spans are at level 0), so it crosses that
//! block's midpoint. At each level only the block holding p can have spans
//! covering p: if p is left of the midpoint, those with `start <= p`; if right,
//! those with `end > p`. So each level keeps its spans in two `BTreeSet`s, by
//! (block, start) and by (block, end descending), and a query reads one of
//! them per level from the block's first entry to the first miss. A level is
//! skipped when p is farther from the midpoint than its longest span reaches,
//! so with short spans only the low levels are searched.
//!
//! Cost: an insert or remove touches each set once, O(log n). A query costs a
//! seek per level searched (at most 65 levels; 23 for 5 MB of text) plus the
//! spans found: O(log n + k), times that bounded factor.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::ops::{Bound, Range};

use super::span::SpanId;

/// A span's place in reading order: by start, longer first, then id.
type Key = (usize, Reverse<usize>, SpanId);

/// Each level's spans by end: (block, Reverse(end), start, id).
type EndKey = (usize, Reverse<usize>, usize, SpanId);

/// The smallest id, to seek to the first key at a given start.
const FIRST_ID: SpanId = SpanId(u64::MIN);

/// The node holding `start..end` as (level, block); needs `start < end`.
fn node_of(start: usize, end: usize) -> (usize, usize) {
    let level = usize::BITS - (start ^ (end - 1)).leading_zeros();
    (level as usize, start.checked_shr(level).unwrap_or(0))
}

/// The nodes of one level of the tree, keyed by block number.
#[derive(Debug, Clone, Default)]
struct Level {
    /// (block, reading-order key): each node's spans by start ascending.
    by_start: BTreeSet<(usize, Key)>,
    /// Each node's spans by end descending.
    by_end: BTreeSet<EndKey>,
    /// At least the length of the longest span here (0 when empty): a query
    /// skips the level when its position is too far from the midpoint.
    longest: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    /// Every span in reading order.
    order: BTreeSet<Key>,
    /// Level `l` of the tree at index `l`.
    levels: Vec<Level>,
}

impl SpanIndex {
    /// Ranges with `start >= end` are not spans and are left out.
    pub fn build(spans: impl Iterator<Item = (SpanId, Range<usize>)>) -> Self {
        let mut keys: Vec<Key> = spans
            .filter(|(_, r)| r.start < r.end)
            .map(|(id, r)| (r.start, Reverse(r.end), id))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        // Sets built from sorted runs are built in linear time; `starts`
        // comes out sorted because the block number grows with the start.
        let mut starts: Vec<Vec<(usize, Key)>> = Vec::new();
        let mut ends: Vec<Vec<EndKey>> = Vec::new();
        for &(start, end, id) in &keys {
            let (level, block) = node_of(start, end.0);
            if starts.len() <= level {
                starts.resize_with(level + 1, Vec::new);
                ends.resize_with(level + 1, Vec::new);
            }
            starts[level].push((block, (start, end, id)));
            ends[level].push((block, end, start, id));
        }
        let levels = starts.into_iter().zip(ends).map(|(starts, mut ends)| {
            ends.sort_unstable();
            let longest = starts.iter().map(|(_, k)| k.1.0 - k.0).max().unwrap_or(0);
            Level {
                by_start: starts.into_iter().collect(),
                by_end: ends.into_iter().collect(),
                longest,
            }
        });
        Self {
            levels: levels.collect(),
            order: keys.into_iter().collect(),
        }
    }

    /// Adds a span in O(log n). A range with `start >= end` is ignored, and so
    /// is a span already present with the same id and range.
    pub fn insert(&mut self, id: SpanId, range: Range<usize>) {
        let (start, end) = (range.start, range.end);
        if start >= end || !self.order.insert((start, Reverse(end), id)) {
            return;
        }
        let (level, block) = node_of(start, end);
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, Level::default);
        }
        let level = &mut self.levels[level];
        level.by_start.insert((block, (start, Reverse(end), id)));
        level.by_end.insert((block, Reverse(end), start, id));
        level.longest = level.longest.max(end - start);
    }

    /// Removes a span in O(log n); `range` is the range it was inserted with.
    /// Returns false if it was not there.
    pub fn remove(&mut self, id: SpanId, range: Range<usize>) -> bool {
        let (start, end) = (range.start, range.end);
        if start >= end || !self.order.remove(&(start, Reverse(end), id)) {
            return false;
        }
        let (level, block) = node_of(start, end);
        if let Some(level) = self.levels.get_mut(level) {
            level.by_start.remove(&(block, (start, Reverse(end), id)));
            level.by_end.remove(&(block, Reverse(end), start, id));
            if level.by_start.is_empty() {
                level.longest = 0;
            }
        }
        true
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Every span id in reading order: by start, longer first, then id.
    pub fn in_reading_order(&self) -> impl DoubleEndedIterator<Item = SpanId> + '_ {
        self.order.iter().map(|k| k.2)
    }

    /// The span after the given one in reading order (which need not be in
    /// the index), or None at the end.
    pub fn next_after(&self, start: usize, end: usize, id: SpanId) -> Option<SpanId> {
        self.walk(start, end, id, true).next()
    }

    /// The span before the given one in reading order, or None at the start.
    pub fn prev_before(&self, start: usize, end: usize, id: SpanId) -> Option<SpanId> {
        self.walk(start, end, id, false).next()
    }

    /// The spans after (or, not `forward`, before) the place of a span in
    /// reading order, nearest first; the span itself need not be in the
    /// index. Each step is O(1).
    pub fn walk(
        &self,
        start: usize,
        end: usize,
        id: SpanId,
        forward: bool,
    ) -> Box<dyn Iterator<Item = SpanId> + '_> {
        let key = (start, Reverse(end), id);
        if forward {
            Box::new(
                self.order
                    .range((Bound::Excluded(key), Bound::Unbounded))
                    .map(|k| k.2),
            )
        } else {
            Box::new(self.order.range(..key).rev().map(|k| k.2))
        }
    }

    /// As [`SpanIndex::walk`], then round from the other end of the text
    /// back to the place: every other span once.
    pub fn around(
        &self,
        start: usize,
        end: usize,
        id: SpanId,
        forward: bool,
    ) -> impl Iterator<Item = SpanId> + '_ {
        let key = (start, Reverse(end), id);
        let rest: Box<dyn Iterator<Item = SpanId>> = if forward {
            Box::new(self.order.range(..key).map(|k| k.2))
        } else {
            Box::new(
                self.order
                    .range((Bound::Excluded(key), Bound::Unbounded))
                    .rev()
                    .map(|k| k.2),
            )
        };
        self.walk(start, end, id, forward).chain(rest)
    }

    /// The first span in reading order whose start is `>= pos`.
    pub fn first_starting_at_or_after(&self, pos: usize) -> Option<SpanId> {
        let mut after = self.order.range((pos, Reverse(usize::MAX), FIRST_ID)..);
        after.next().map(|k| k.2)
    }

    /// Appends the spans with `start <= pos < end`, in no particular order.
    fn stab(&self, pos: usize, out: &mut Vec<Key>) {
        for (l, level) in self.levels.iter().enumerate() {
            let l = l as u32;
            let mask = usize::MAX.checked_shr(usize::BITS - l).unwrap_or(0); // 2^l - 1
            let half = mask ^ (mask >> 1); // the midpoint's offset in a block; 0 at level 0
            let (block, off) = (pos.checked_shr(l).unwrap_or(0), pos & mask);
            // A span here covering `pos` holds `pos` and the midpoint (or the
            // byte before it), so it is longer than `reach`.
            let reach = off.abs_diff(half) + usize::from(off >= half && l > 0);
            if level.longest <= reach {
                continue;
            }
            if off < half {
                // `pos` is left of the midpoint, so every span here ends after it.
                let from = (block, (0, Reverse(usize::MAX), FIRST_ID));
                let hits = level.by_start.range(from..);
                out.extend(
                    hits.take_while(|(b, k)| *b == block && k.0 <= pos)
                        .map(|e| e.1),
                );
            } else {
                // Right of the midpoint, so every span here starts before it.
                let from = (block, Reverse(usize::MAX), 0, FIRST_ID);
                let hits = level.by_end.range(from..);
                out.extend(
                    hits.take_while(|e| e.0 == block && e.1.0 > pos)
                        .map(|&(_, end, start, id)| (start, end, id)),
                );
            }
        }
    }

    /// Spans with `start <= pos < end`, in reading order.
    pub fn covering(&self, pos: usize) -> Vec<SpanId> {
        let mut hits = Vec::new();
        self.stab(pos, &mut hits);
        hits.sort_unstable();
        hits.into_iter().map(|k| k.2).collect()
    }

    /// Spans sharing at least one position with `range` (`start < range.end`
    /// and `end > range.start`), in reading order. An empty range meets nothing.
    pub fn meeting(&self, range: Range<usize>) -> Vec<SpanId> {
        if range.start >= range.end {
            return Vec::new();
        }
        // Those covering range.start, then those starting inside the range:
        // the latter all start later, so they come after in reading order.
        let mut hits = Vec::new();
        self.stab(range.start, &mut hits);
        hits.sort_unstable();
        let from = (range.start + 1, Reverse(usize::MAX), FIRST_ID);
        let to = (range.end, Reverse(usize::MAX), FIRST_ID);
        hits.extend(self.order.range(from..to));
        hits.into_iter().map(|k| k.2).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_a_linear_scan(
            ranges in prop::collection::vec((0usize..600, 1usize..60), 0..400),
            query in (0usize..700, 0usize..40),
        ) {
            let spans: Vec<(SpanId, Range<usize>)> = ranges
                .iter()
                .enumerate()
                .map(|(i, &(s, len))| (SpanId(i as u64), s..s + len))
                .collect();
            let index = SpanIndex::build(spans.iter().cloned());
            let q = query.0..query.0 + query.1;
            let mut got = index.meeting(q.clone());
            got.sort();
            let want: Vec<SpanId> = spans
                .iter()
                .filter(|(_, r)| q.start < q.end && r.start < q.end && r.end > q.start)
                .map(|(id, _)| *id)
                .collect();
            prop_assert_eq!(got, want);
            let mut cov = index.covering(query.0);
            cov.sort();
            let want_cov: Vec<SpanId> = spans
                .iter()
                .filter(|(_, r)| r.start <= query.0 && query.0 < r.end)
                .map(|(id, _)| *id)
                .collect();
            prop_assert_eq!(cov, want_cov);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn edits_agree_with_a_vec(
            ops in prop::collection::vec((0u8..8, any::<usize>(), 0usize..130, 1usize..40), 1..120),
        ) {
            let mut index = SpanIndex::default();
            let mut model: Vec<(SpanId, Range<usize>)> = Vec::new();
            for (n, &(kind, pick, a, len)) in ops.iter().enumerate() {
                // Unique ids, not in insertion order.
                let id = SpanId((n as u64 * 7919) % 100_003);
                let (new, gone) = match (kind, model.get(pick % model.len().max(1)).cloned()) {
                    (0 | 1, _) => (Some(a..a + len), None),
                    (2, _) => (Some(a / 4..a / 4 + 40 + a), None), // long
                    (3, Some((_, r))) => {
                        let s = r.start + a % (r.end - r.start); // nested
                        (Some(s..s + 1 + len % (r.end - s)), None)
                    }
                    (4, Some((_, r))) => (Some(r.start..r.start + len), None), // same start
                    (5, Some(span)) => (None, Some(span)),
                    (5, None) => (None, None),
                    (6, Some((gid, r))) => (None, Some((gid, r.start..r.end + 1))), // wrong range
                    _ => (None, Some((SpanId(200_000 + a as u64), a..a + len))), // absent
                };
                if let Some(r) = new {
                    index.insert(id, r.clone());
                    model.push((id, r));
                }
                if let Some((gid, r)) = gone {
                    let was = model.iter().position(|s| s.0 == gid && s.1 == r);
                    prop_assert_eq!(index.remove(gid, r.clone()), was.is_some());
                    if let Some(i) = was {
                        model.swap_remove(i);
                        prop_assert!(!index.remove(gid, r)); // not twice
                    }
                    prop_assert!(!index.remove(gid, a + len..a)); // not a span
                }
                prop_assert_eq!(index.len(), model.len());
                prop_assert_eq!(index.is_empty(), model.is_empty());
                let mut keys: Vec<Key> =
                    model.iter().map(|(id, r)| (r.start, Reverse(r.end), *id)).collect();
                keys.sort();
                // The model's answer: ids of the spans passing `f`, in reading order.
                let select = |f: &dyn Fn(usize, usize) -> bool| -> Vec<SpanId> {
                    keys.iter().filter(|k| f(k.0, k.1.0)).map(|k| k.2).collect()
                };
                prop_assert_eq!(index.in_reading_order().collect::<Vec<_>>(), select(&|_, _| true));
                for pos in 0..250 {
                    prop_assert_eq!(index.covering(pos), select(&|s, e| s <= pos && pos < e));
                    let first = keys.iter().find(|k| k.0 >= pos).map(|k| k.2);
                    prop_assert_eq!(index.first_starting_at_or_after(pos), first);
                    for q in [pos..pos, pos..pos + 1, pos..pos + 9, pos..pos + 50] {
                        let want = select(&|s, e| q.start < q.end && s < q.end && e > q.start);
                        prop_assert_eq!(index.meeting(q), want);
                    }
                }
                // Next/previous from every span, and from positions not in the index.
                let probes = keys.iter().copied();
                for key in probes.chain([(a, Reverse(a + len), SpanId(99)), (0, Reverse(1), FIRST_ID)]) {
                    let next = keys.iter().find(|k| **k > key).map(|k| k.2);
                    let prev = keys.iter().rev().find(|k| **k < key).map(|k| k.2);
                    prop_assert_eq!(index.next_after(key.0, key.1.0, key.2), next);
                    prop_assert_eq!(index.prev_before(key.0, key.1.0, key.2), prev);
                }
            }
        }
    }

    #[test]
    fn positions_near_the_top_of_usize() {
        let max = usize::MAX;
        let half = 1usize << (usize::BITS - 1);
        let spans = [0..max, max - 1..max, half - 1..half + 1, 7..7];
        let index = SpanIndex::build((0..).map(SpanId).zip(spans));
        assert_eq!(index.len(), 3);
        assert_eq!(index.covering(max - 1), vec![SpanId(0), SpanId(1)]);
        assert_eq!(index.covering(half), vec![SpanId(0), SpanId(2)]);
        let all = index.meeting(half - 5..max);
        assert_eq!(all, vec![SpanId(0), SpanId(2), SpanId(1)]);
        assert_eq!(index.first_starting_at_or_after(max), None);
        assert!(index.covering(max).is_empty());
    }
}
