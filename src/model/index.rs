//! A static interval index over span ranges.
//!
//! Entries are sorted by start and viewed as an implicit balanced binary tree
//! (the middle of each slice is its root); each root stores the largest end in
//! its subtree. A query skips every subtree whose largest end is at or before
//! the query start, and every right subtree whose root starts at or after the
//! query end, so it costs O(log n + k) for k hits.

use std::ops::Range;

use super::span::SpanId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    start: usize,
    end: usize,
    id: SpanId,
}

impl Entry {
    /// Reading order: by start, longer first, then id. (The tree only needs
    /// entries sorted by start; the tie order makes them reading order too.)
    fn key(&self) -> (usize, std::cmp::Reverse<usize>, SpanId) {
        (self.start, std::cmp::Reverse(self.end), self.id)
    }
}

#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    entries: Vec<Entry>,
    /// `max_end[i]`: the largest end in the subtree rooted at entry i.
    max_end: Vec<usize>,
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
        let mut max_end = vec![0; entries.len()];
        fill_max_end(&entries, &mut max_end, 0, entries.len());
        Self { entries, max_end }
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

    /// Spans with `start <= pos < end`, in start order.
    pub fn covering(&self, pos: usize) -> Vec<SpanId> {
        self.meeting(pos..pos + 1)
    }

    /// Spans sharing at least one position with `range` (`start < range.end`
    /// and `end > range.start`), in start order. An empty range meets nothing.
    pub fn meeting(&self, range: Range<usize>) -> Vec<SpanId> {
        let mut out = Vec::new();
        if range.start < range.end {
            self.collect(0, self.entries.len(), &range, &mut out);
        }
        out
    }

    fn collect(&self, lo: usize, hi: usize, range: &Range<usize>, out: &mut Vec<SpanId>) {
        if lo >= hi {
            return;
        }
        let mid = lo + (hi - lo) / 2;
        if self.max_end[mid] <= range.start {
            return;
        }
        self.collect(lo, mid, range, out);
        let e = self.entries[mid];
        if e.start < range.end {
            if e.end > range.start {
                out.push(e.id);
            }
            self.collect(mid + 1, hi, range, out);
        }
    }
}

fn fill_max_end(entries: &[Entry], max_end: &mut [usize], lo: usize, hi: usize) -> usize {
    if lo >= hi {
        return 0;
    }
    let mid = lo + (hi - lo) / 2;
    let left = fill_max_end(entries, max_end, lo, mid);
    let right = fill_max_end(entries, max_end, mid + 1, hi);
    max_end[mid] = entries[mid].end.max(left).max(right);
    max_end[mid]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_a_linear_scan(
            ranges in prop::collection::vec((0usize..200, 1usize..40), 0..120),
            query in (0usize..240, 0usize..30),
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
