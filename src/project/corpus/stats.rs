//! Project statistics from the document summaries: spans per label and per
//! annotator, spans per document, progress over time, how often each
//! suggester's proposals are accepted, and how fast spans are made by hand
//! versus reviewed from suggestions (from the time stamps each span carries).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use crate::model::Status;

use super::summary::DocSummary;

/// A pause longer than this between two decisions is a break, not work.
pub const IDLE_GAP: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub documents: usize,
    pub done: usize,
    /// The chosen annotator's accepted spans per label.
    pub per_label: BTreeMap<String, usize>,
    /// Accepted spans per annotator, all labels.
    pub per_annotator: BTreeMap<String, usize>,
    /// The chosen annotator's accepted spans in each document.
    pub per_document: Vec<usize>,
    /// (day, documents done by then), days as `YYYY-MM-DD`, from the
    /// modification time of files marked done.
    pub done_by_day: Vec<(String, usize)>,
    /// (suggester, label) → decisions.
    pub suggestions: BTreeMap<(String, String), Decisions>,
    pub hand: Pace,
    pub review: Pace,
}

/// What became of one suggester's proposals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Decisions {
    pub accepted: usize,
    pub rejected: usize,
    pub pending: usize,
}

impl Decisions {
    /// Accepted of those decided; None before any decision.
    pub fn rate(&self) -> Option<f64> {
        let decided = self.accepted + self.rejected;
        (decided > 0).then(|| self.accepted as f64 / decided as f64)
    }
}

/// Spans made (by hand) or decided (in review), and the working time
/// between consecutive ones, breaks left out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pace {
    pub count: usize,
    pub seconds: f64,
}

impl Pace {
    pub fn per_hour(&self) -> Option<f64> {
        (self.seconds > 0.0).then(|| self.count as f64 * 3600.0 / self.seconds)
    }

    /// From event times: each event after the first is timed from the one
    /// before, unless the gap is a break.
    fn of(mut times: Vec<SystemTime>) -> Self {
        times.sort_unstable();
        let mut pace = Pace::default();
        for pair in times.windows(2) {
            let gap = pair[1].duration_since(pair[0]).unwrap_or_default();
            if gap <= IDLE_GAP {
                pace.count += 1;
                pace.seconds += gap.as_secs_f64();
            }
        }
        pace
    }
}

/// Statistics of `annotator` (and, per annotator, of everyone) from the
/// summaries `[annotator][doc]`.
pub fn compute(all: &BTreeMap<String, Vec<DocSummary>>, annotator: &str) -> Stats {
    let mut st = Stats::default();
    for (name, docs) in all {
        let total: usize = docs.iter().map(DocSummary::accepted).sum();
        if total > 0 || name == annotator {
            st.per_annotator.insert(name.clone(), total);
        }
    }
    let Some(docs) = all.get(annotator) else {
        return st;
    };
    st.documents = docs.len();
    let mut done_days = Vec::new();
    let (mut hand, mut review) = (Vec::new(), Vec::new());
    for doc in docs {
        st.per_document.push(doc.accepted());
        for (label, n) in &doc.labels {
            *st.per_label.entry(label.clone()).or_default() += n;
        }
        if doc.done {
            st.done += 1;
            done_days.push(doc.modified.get(..10).unwrap_or("").to_owned());
        }
        for span in &doc.spans {
            match &span.suggester {
                None => {
                    if let Some(t) = span.created.as_ref().and_then(|s| time(&s.at)) {
                        hand.push(t);
                    }
                }
                Some(suggester) => {
                    let d = st
                        .suggestions
                        .entry((suggester.clone(), span.label.clone()))
                        .or_default();
                    match span.status {
                        Status::Accepted => d.accepted += 1,
                        Status::Rejected => d.rejected += 1,
                        Status::Pending => d.pending += 1,
                    }
                    if span.status != Status::Pending
                        && let Some(t) = span.reviewed.as_ref().and_then(|s| time(&s.at))
                    {
                        review.push(t);
                    }
                }
            }
        }
    }
    done_days.sort();
    let mut by_day: Vec<(String, usize)> = Vec::new();
    for (i, day) in done_days.into_iter().enumerate() {
        match by_day.last_mut() {
            Some((d, n)) if *d == day => *n = i + 1,
            _ => by_day.push((day, i + 1)),
        }
    }
    st.done_by_day = by_day;
    st.hand = Pace::of(hand);
    st.review = Pace::of(review);
    st
}

fn time(rfc3339: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(rfc3339).ok()
}

/// Histogram bins of spans per document: (first count in bin, documents).
pub fn histogram(per_document: &[usize], bins: usize) -> Vec<(usize, usize)> {
    let max = per_document.iter().copied().max().unwrap_or(0);
    let width = (max / bins.max(1)).max(1);
    let mut out: Vec<(usize, usize)> = (0..=max / width).map(|i| (i * width, 0)).collect();
    for &n in per_document {
        if let Some(bin) = out.get_mut(n / width) {
            bin.1 += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;
    use crate::project::corpus::summary::SpanFact;

    fn span(label: &str, suggester: Option<&str>, status: Status, at: &str) -> SpanFact {
        let stamp = Stamp {
            by: "a".into(),
            at: at.into(),
        };
        SpanFact {
            label: label.into(),
            start: 0,
            end: 1,
            text: "x".into(),
            status,
            suggester: suggester.map(Into::into),
            created: Some(stamp.clone()),
            reviewed: suggester.map(|_| stamp),
            linked: Vec::new(),
        }
    }

    #[test]
    fn pace_acceptance_and_progress_come_from_the_files() {
        let t = |s: u32| format!("2026-11-29T10:{:02}:{:02}Z", s / 60, s % 60);
        let doc = DocSummary {
            exists: true,
            done: true,
            modified: "2026-11-29T11:00:00Z".into(),
            labels: BTreeMap::from([("QUOTE".into(), 3)]),
            spans: vec![
                span("QUOTE", None, Status::Accepted, &t(0)),
                span("QUOTE", None, Status::Accepted, &t(30)),
                // a break: not timed
                span("QUOTE", None, Status::Accepted, &t(3000)),
                span("FIGURE", Some("rules"), Status::Accepted, &t(100)),
                span("FIGURE", Some("rules"), Status::Rejected, &t(105)),
                span("FIGURE", Some("rules"), Status::Pending, &t(110)),
            ],
            ..DocSummary::default()
        };
        let all = BTreeMap::from([("a".to_owned(), vec![doc, DocSummary::default()])]);
        let st = compute(&all, "a");
        assert_eq!((st.documents, st.done), (2, 1));
        assert_eq!(st.per_document, vec![3, 0]);
        assert_eq!(st.done_by_day, vec![("2026-11-29".to_owned(), 1)]);
        assert_eq!(
            st.hand,
            Pace {
                count: 1,
                seconds: 30.0
            }
        );
        assert_eq!(st.hand.per_hour(), Some(120.0));
        assert_eq!(
            st.review,
            Pace {
                count: 1,
                seconds: 5.0
            }
        );
        let d = st.suggestions[&("rules".to_owned(), "FIGURE".to_owned())];
        assert_eq!((d.accepted, d.rejected, d.pending), (1, 1, 1));
        assert_eq!(d.rate(), Some(0.5));
        assert_eq!(
            histogram(&[0, 1, 5, 10], 5),
            vec![(0, 2), (2, 0), (4, 1), (6, 0), (8, 0), (10, 1)]
        );
    }
}
