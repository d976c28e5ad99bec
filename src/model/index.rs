//! A static interval index over span ranges: a centered interval tree.
//!
//! Each node has a center point and holds the spans that contain it, listed
//! twice: by start (ascending) and by end (descending). Spans wholly before
//! the center go left, wholly after it go right. A point query walks one
//! root-to-leaf path and, at each node, reads only the spans it reports, so
//! "spans covering position i" costs O(log n + k). "Spans meeting range r" is
//! the spans covering r.start plus those starting inside r, a contiguous run
//! of the start-sorted entries: also O(log n + k).

use std::ops::Range;

use super::span::SpanId;

/// Subtrees this small are leaves, scanned whole: a constant cost per query
/// that saves most of the nodes.
const LEAF_SIZE: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    start: usize,
    end: usize,
    id: SpanId,
}

impl Entry {
    /// Reading order: by start, longer first, then id.
    fn key(&self) -> (usize, std::cmp::Reverse<usize>, SpanId) {
        (self.start, std::cmp::Reverse(self.end), self.id)
    }
}

#[derive(Debug, Clone)]
struct Node {
    /// None for a leaf: a few spans, checked one by one.
    center: Option<usize>,
    /// Range into `by_start` and `by_end` of the spans holding `center`.
    held: Range<usize>,
    left: Option<usize>,
    right: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    /// All spans in reading order (so also sorted by start).
    entries: Vec<Entry>,
    nodes: Vec<Node>,
    root: Option<usize>,
    /// Entry positions of each node's spans, by start ascending.
    by_start: Vec<usize>,
    /// The same, by end descending.
    by_end: Vec<usize>,
}

impl SpanIndex {
    pub fn build(spans: impl Iterator<Item = (SpanId, Range<usize>)>) -> Self {
        let mut entries: Vec<Entry> = spans
            .map(|(id, r)| Entry {
                start: r.start,
                end: r.end,
                id,
            })
            .collect();
        entries.sort_unstable_by_key(Entry::key);
        let mut index = Self {
            entries,
            ..Self::default()
        };
        let mut members: Vec<usize> = (0..index.entries.len()).collect();
        let mut scratch = Vec::with_capacity(members.len());
        index.root = index.build_node(&mut members, &mut scratch);
        index
    }

    /// Builds the subtree for `members` (entry positions in start order),
    /// reordering them in place; `scratch` is reused to avoid allocations.
    fn build_node(&mut self, members: &mut [usize], scratch: &mut Vec<usize>) -> Option<usize> {
        let center = self.entries[*members.get(members.len() / 2)?].start;
        if members.len() <= LEAF_SIZE {
            let lo = self.by_start.len();
            self.by_start.extend_from_slice(members);
            self.by_end.extend_from_slice(members);
            self.nodes.push(Node {
                center: None,
                held: lo..self.by_start.len(),
                left: None,
                right: None,
            });
            return Some(self.nodes.len() - 1);
        }
        let entries = &self.entries;
        let side = |i: usize| {
            let e = entries[i];
            if e.end <= center {
                0usize // wholly before the center
            } else if e.start > center {
                1 // wholly after it
            } else {
                2 // holds it
            }
        };
        // Stable partition into [before | after | held], keeping start order:
        // count each side, then place every member at its side's cursor.
        let mut counts = [0usize; 3];
        for &i in members.iter() {
            counts[side(i)] += 1;
        }
        let (n_before, n_after) = (counts[0], counts[1]);
        let mut cursor = [0, n_before, n_before + n_after];
        scratch.clear();
        scratch.resize(members.len(), 0);
        for &i in members.iter() {
            let part = side(i);
            scratch[cursor[part]] = i;
            cursor[part] += 1;
        }
        members.copy_from_slice(scratch);
        let (before, rest) = members.split_at_mut(n_before);
        let (after, held) = rest.split_at_mut(n_after);
        let lo = self.by_start.len();
        self.by_start.extend_from_slice(held);
        self.by_end.extend_from_slice(held);
        let entries = &self.entries;
        self.by_end[lo..].sort_by_key(|&i| std::cmp::Reverse(entries[i].end));
        let node = self.nodes.len();
        self.nodes.push(Node {
            center: Some(center),
            held: lo..self.by_start.len(),
            left: None,
            right: None,
        });
        self.nodes[node].left = self.build_node(before, scratch);
        self.nodes[node].right = self.build_node(after, scratch);
        Some(node)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every span id in reading order: by start, longer first, then id.
    pub fn in_reading_order(&self) -> impl ExactSizeIterator<Item = SpanId> + '_ {
        self.entries.iter().map(|e| e.id)
    }

    /// Entry positions of the spans with `start <= pos < end`.
    fn stab(&self, pos: usize, out: &mut Vec<usize>) {
        let mut at = self.root;
        while let Some(n) = at {
            let node = &self.nodes[n];
            let Some(center) = node.center else {
                let held = &self.by_start[node.held.clone()];
                out.extend(held.iter().filter(|&&i| {
                    let e = self.entries[i];
                    e.start <= pos && pos < e.end
                }));
                return;
            };
            if pos < center {
                let held = &self.by_start[node.held.clone()];
                out.extend(held.iter().take_while(|&&i| self.entries[i].start <= pos));
                at = node.left;
            } else {
                let held = &self.by_end[node.held.clone()];
                out.extend(held.iter().take_while(|&&i| self.entries[i].end > pos));
                at = node.right;
            }
        }
    }

    /// Spans with `start <= pos < end`, in reading order.
    pub fn covering(&self, pos: usize) -> Vec<SpanId> {
        let mut hits = Vec::new();
        self.stab(pos, &mut hits);
        hits.sort_unstable();
        hits.into_iter().map(|i| self.entries[i].id).collect()
    }

    /// Spans sharing at least one position with `range` (`start < range.end`
    /// and `end > range.start`), in reading order. An empty range meets nothing.
    pub fn meeting(&self, range: Range<usize>) -> Vec<SpanId> {
        if range.start >= range.end {
            return Vec::new();
        }
        let mut hits = Vec::new();
        self.stab(range.start, &mut hits);
        let first = self.entries.partition_point(|e| e.start <= range.start);
        let last = self.entries.partition_point(|e| e.start < range.end);
        hits.extend(first..last.max(first));
        hits.sort_unstable();
        hits.into_iter().map(|i| self.entries[i].id).collect()
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
}
