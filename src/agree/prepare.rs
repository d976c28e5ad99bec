//! A document made ready for counting: each annotator's selected spans,
//! relations as span indices, and the matchings of every pair.

use std::collections::HashMap;

use super::spans::{exact, matching};
use super::{ASpan, DocAnnotations};

/// One annotator's work on a document: the selected spans, and relations
/// between them as (from, to, kind) span indices.
pub(crate) struct Work<'a> {
    pub name: &'a str,
    /// The annotator's index among all the report's annotators.
    pub rater: usize,
    pub spans: Vec<&'a ASpan>,
    pub relations: Vec<(usize, usize, &'a str)>,
}

/// Two of a document's annotators (indices into `by`, `a` first by name)
/// and the matchings of their spans.
pub(crate) struct PairWork {
    pub a: usize,
    pub b: usize,
    pub matches: Vec<(usize, usize)>,
    pub exact: Vec<(usize, usize)>,
}

/// A document ready for counting: annotators sorted by name.
pub(crate) struct Doc<'a> {
    pub id: &'a str,
    pub length: usize,
    pub by: Vec<Work<'a>>,
    pub pairs: Vec<PairWork>,
}

/// The selected spans and relations of a document's annotators (the first
/// entry of an annotator who appears twice), and every pair's matchings.
/// Empty spans (start ≥ end) are left out, and relations to them.
pub(crate) fn prepare<'a>(doc: &'a DocAnnotations, label: Option<&str>) -> Doc<'a> {
    let mut by: Vec<Work<'a>> = Vec::new();
    for work in &doc.by {
        if by.iter().any(|w| w.name == work.annotator) {
            continue;
        }
        let spans: Vec<&ASpan> = work
            .spans
            .iter()
            .filter(|s| s.start < s.end && label.is_none_or(|l| s.label == l))
            .collect();
        let mut ids: HashMap<u64, usize> = HashMap::new();
        for (i, s) in spans.iter().enumerate() {
            ids.entry(s.id).or_insert(i);
        }
        let relations = work
            .relations
            .iter()
            .filter_map(|r| Some((*ids.get(&r.from)?, *ids.get(&r.to)?, r.kind.as_str())))
            .collect();
        by.push(Work {
            name: &work.annotator,
            rater: 0,
            spans,
            relations,
        });
    }
    by.sort_by(|x, y| x.name.cmp(y.name));
    let mut pairs = Vec::new();
    for a in 0..by.len() {
        for b in a + 1..by.len() {
            pairs.push(PairWork {
                a,
                b,
                matches: matching(&by[a].spans, &by[b].spans),
                exact: exact(&by[a].spans, &by[b].spans),
            });
        }
    }
    Doc {
        id: &doc.id,
        length: doc.length,
        by,
        pairs,
    }
}
