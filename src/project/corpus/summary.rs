//! What the document list, search and statistics need to know about each
//! document's annotations, read from the annotation files off the UI thread.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use crate::formats::AnnotationFile;
use crate::model::{Origin, Stamp, Status};
use crate::project::dataset::Progress;
use crate::project::store::read_annotation_file;

use super::Project;

/// Where a document stands for one annotator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocStatus {
    /// No annotations yet.
    New,
    InProgress,
    /// Suggestions wait for review.
    Pending,
    Done,
}

impl DocStatus {
    pub const ALL: [DocStatus; 4] = [
        DocStatus::New,
        DocStatus::InProgress,
        DocStatus::Pending,
        DocStatus::Done,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocStatus::New => "new",
            DocStatus::InProgress => "in progress",
            DocStatus::Pending => "has pending suggestions",
            DocStatus::Done => "done",
        }
    }
}

/// One span, as search and statistics see it. Offsets in code points.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanFact {
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub status: Status,
    /// The suggester that proposed it; None when tagged by hand.
    pub suggester: Option<String>,
    pub created: Option<Stamp>,
    pub reviewed: Option<Stamp>,
    /// The text of the spans it links to (a quote's source).
    pub linked: Vec<String>,
}

/// One annotator's annotations of one document, in brief.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSummary {
    /// An annotation file exists (or the document is open with annotations).
    pub exists: bool,
    pub done: bool,
    pub pending: usize,
    /// Accepted spans per label.
    pub labels: BTreeMap<String, usize>,
    pub modified: String,
    pub spans: Vec<SpanFact>,
    /// A file that could not be read: why.
    pub problem: Option<String>,
}

impl DocSummary {
    pub fn of_file(file: &AnnotationFile) -> Self {
        let mut s = Self {
            exists: true,
            done: file.done,
            modified: file.modified.clone(),
            ..Self::default()
        };
        let text_of: BTreeMap<u64, &str> =
            file.spans.iter().map(|r| (r.id, r.text.as_str())).collect();
        let mut linked: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for r in &file.relations {
            if let Some(t) = text_of.get(&r.to.0) {
                linked.entry(r.from.0).or_default().push((*t).to_owned());
            }
        }
        for r in &file.spans {
            match r.status {
                Status::Accepted => *s.labels.entry(r.label.clone()).or_default() += 1,
                Status::Pending => s.pending += 1,
                Status::Rejected => {}
            }
            s.spans.push(SpanFact {
                label: r.label.clone(),
                start: r.start,
                end: r.end,
                text: r.text.clone(),
                status: r.status,
                suggester: match &r.origin {
                    Origin::Manual | Origin::Curated { .. } => None,
                    Origin::Suggested { suggester, .. } => Some(suggester.clone()),
                },
                created: r.created.clone(),
                reviewed: r.reviewed.clone(),
                linked: linked.remove(&r.id).unwrap_or_default(),
            });
        }
        s
    }

    pub fn status(&self) -> DocStatus {
        if self.done {
            DocStatus::Done
        } else if self.pending > 0 {
            DocStatus::Pending
        } else if self.exists && !self.spans.is_empty() {
            DocStatus::InProgress
        } else {
            DocStatus::New
        }
    }

    /// Accepted spans, all labels.
    pub fn accepted(&self) -> usize {
        self.labels.values().sum()
    }
}

/// Every document's summary for each annotator (`[annotator][doc]`),
/// reading the annotation files that exist. Stops early when cancelled.
pub fn scan(
    project: &Project,
    annotators: &[String],
    progress: &Progress,
) -> Result<BTreeMap<String, Vec<DocSummary>>, String> {
    progress
        .total
        .store(project.docs.len() * annotators.len(), Ordering::Relaxed);
    let mut out = BTreeMap::new();
    for name in annotators {
        let mut list = Vec::with_capacity(project.docs.len());
        for doc in &project.docs {
            if progress.cancel.load(Ordering::Relaxed) {
                return Err("cancelled".to_owned());
            }
            let path = project.annotation_path(doc, name);
            list.push(match read_annotation_file(&path) {
                Ok(Some(file)) => DocSummary::of_file(&file),
                Ok(None) => DocSummary::default(),
                Err(e) => DocSummary {
                    exists: true,
                    problem: Some(e.to_string()),
                    ..DocSummary::default()
                },
            });
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
        out.insert(name.clone(), list);
    }
    Ok(out)
}
