//! What every dataset exporter and importer shares: one document's text
//! with the spans and relations that go out (or came in), chosen by status
//! and label.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::model::{Annotations, Document, Relation, Schema, Session, Span, SpanId, Status};

/// One document of a dataset, offsets in bytes of `text`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatasetDoc {
    pub id: String,
    pub text: String,
    /// In reading order.
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
    /// Anything else the document carries (kept through a round trip).
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// Which spans go out.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Accepted only by default: pending suggestions and rejected spans
    /// are not data unless asked for.
    pub statuses: Vec<Status>,
    /// Only these labels (all when None).
    pub labels: Option<BTreeSet<String>>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            statuses: vec![Status::Accepted],
            labels: None,
        }
    }
}

impl Filter {
    fn keeps(&self, span: &Span) -> bool {
        self.statuses.contains(&span.status)
            && self.labels.as_ref().is_none_or(|l| l.contains(&span.label))
    }
}

impl DatasetDoc {
    /// The session's spans that pass the filter, and the relations between
    /// them whose status passes it too.
    pub fn from_session(session: &Session, id: &str, filter: &Filter) -> Self {
        let ann = session.annotations();
        let spans: Vec<Span> = ann
            .reading_order()
            .filter_map(|sid| ann.span(sid))
            .filter(|s| filter.keeps(s))
            .cloned()
            .collect();
        let kept: BTreeSet<_> = spans.iter().map(|s| s.id).collect();
        let mut relations: Vec<Relation> = ann
            .relations()
            .filter(|r| {
                filter.statuses.contains(&r.status)
                    && kept.contains(&r.from)
                    && kept.contains(&r.to)
            })
            .cloned()
            .collect();
        relations.sort_by_key(|r| r.id);
        Self {
            id: id.to_owned(),
            text: session.doc().text.to_string(),
            spans,
            relations,
            meta: serde_json::Map::new(),
        }
    }

    /// A session on the document, through the model's validating
    /// constructors (ids unique and small enough, ranges on character
    /// boundaries of the text, relation ends present), with `schema` grown
    /// by any label or relation type it lacks.
    pub fn session(&self, mut schema: Schema) -> Result<Session, String> {
        schema.add_missing(self.spans.iter().map(|s| s.label.as_str()));
        schema.add_missing_relations(self.relations.iter().map(|r| r.kind.as_str()));
        let ann = Annotations::new(self.spans.clone(), self.relations.clone())
            .map_err(|e| e.to_string())?;
        let doc = Document::new(self.text.clone(), self.id.clone(), None);
        Session::new(doc, schema, ann).map_err(|e| e.to_string())
    }
}

/// What an exporter makes: its files and what it could not write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Written {
    /// (name, contents). The name "" is the output path itself; any other
    /// name is a file inside the output folder (folder formats) or beside
    /// the output file, as `<stem>.<name>` (single-file formats).
    pub files: Vec<(String, String)>,
    /// One line each, e.g. "3 spans nested in another were left out".
    pub warnings: Vec<String>,
    /// Spans written.
    pub spans: usize,
}

/// What an importer read: documents with their spans on the text, and one
/// warning per span or relation left out (naming file and place).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Read {
    pub docs: Vec<DatasetDoc>,
    pub warnings: Vec<String>,
}

/// A span's byte range on `text` from a file's offsets (`at`: the offsets
/// as the file gives them, for messages; `bytes`: their byte offsets, None
/// when past the end or inside a character), checked against the text the
/// file says it covers. Err says why it does not fit.
pub fn fit(
    text: &str,
    at: (usize, usize),
    bytes: (Option<usize>, Option<usize>),
    said: Option<&str>,
) -> Result<Range<usize>, String> {
    let (start, end) = at;
    let (Some(s), Some(e)) = bytes else {
        return Err(format!(
            "offsets {start}..{end} lie past the end of the text or inside a character"
        ));
    };
    if s >= e {
        return Err(format!("offsets {start}..{end} are empty or reversed"));
    }
    let covered = text.get(s..e).unwrap_or("");
    match said {
        Some(said) if said != covered => Err(format!(
            "its text {said:?} is not {covered:?}, which {start}..{end} covers"
        )),
        _ => Ok(s..e),
    }
}

/// Reads a JSONL file one line at a time with `line` (given the line and
/// its place, "file:3"); a line it refuses is one warning and left out.
/// Lines are read on all cores; the result keeps the file's order.
pub fn read_lines(
    src: &str,
    place: &str,
    line: impl Fn(&str, &str) -> Result<(Option<DatasetDoc>, Vec<String>), String> + Sync,
) -> Read {
    type Outcome = Result<(Option<DatasetDoc>, Vec<String>), String>;
    let lines: Vec<(usize, &str)> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let read_one =
        |&(n, text): &(usize, &str)| -> Outcome { line(text, &format!("{place}:{}", n + 1)) };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let outcomes: Vec<Outcome> = if threads < 2 || lines.len() < 64 {
        lines.iter().map(read_one).collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = lines
                .chunks(lines.len().div_ceil(threads))
                .map(|part| scope.spawn(|| part.iter().map(read_one).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut read = Read::default();
    for outcome in outcomes {
        match outcome {
            Ok((doc, w)) => {
                read.docs.extend(doc);
                read.warnings.extend(w);
            }
            Err(e) => read.warnings.push(format!("{e}; line left out")),
        }
    }
    read
}

/// Gives read spans their ids: the file's own where unique (and small
/// enough to leave room for relation ids), fresh ones above them for the
/// rest. Returns the spans in reading order and, for each id the file
/// gave, the span it names (the first, when the file repeats an id), so
/// relation ends are found in O(log n).
pub fn number_spans(
    read: Vec<(Span, Option<u64>)>,
) -> (Vec<Span>, std::collections::BTreeMap<u64, SpanId>) {
    let mut taken = BTreeSet::new();
    let wanted: Vec<Option<u64>> = read
        .iter()
        .map(|(_, id)| id.filter(|&i| i > 0 && i <= Annotations::MAX_ID / 2 && taken.insert(i)))
        .collect();
    let mut next = taken.last().copied().unwrap_or(0);
    let mut ids = std::collections::BTreeMap::new();
    let mut spans: Vec<Span> = read
        .into_iter()
        .zip(wanted)
        .map(|((mut s, file_id), id)| {
            s.id = SpanId(id.unwrap_or_else(|| {
                next += 1;
                next
            }));
            if let Some(f) = file_id {
                ids.entry(f).or_insert(s.id);
            }
            s
        })
        .collect();
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end), s.id));
    (spans, ids)
}

/// `f` of every document, in order, spread over the machine's cores
/// (documents are formatted independently; big exports are CPU-bound).
pub fn par_map<T: Sync, R: Send>(docs: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    par_chunks(docs, |part| part.iter().map(&f).collect::<Vec<R>>())
        .into_iter()
        .flatten()
        .collect()
}

/// `f` of consecutive runs of documents, one run per core, in order.
pub fn par_chunks<T: Sync, R: Send>(docs: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || docs.len() < 64 {
        return vec![f(docs)];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(docs.len().div_ceil(threads))
            .map(|part| scope.spawn(|| f(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The relations of a JSONL line's list: `ends` gives each item's (from,
/// to, type); an item lacking one is a warning, saying it `needs` them,
/// and left out. Relation ids come after the spans'.
pub fn read_relations<'v>(
    items: &'v [serde_json::Value],
    spans: &[Span],
    at: &str,
    needs: &str,
    ends: impl Fn(&'v serde_json::Value) -> (Option<SpanId>, Option<SpanId>, Option<&'v str>),
) -> (Vec<Relation>, Vec<String>) {
    let mut next = spans.iter().map(|s| s.id.0).max().unwrap_or(0);
    let (mut relations, mut warnings) = (Vec::new(), Vec::new());
    for (i, item) in items.iter().enumerate() {
        match ends(item) {
            (Some(from), Some(to), Some(kind)) if !kind.is_empty() => {
                next += 1;
                relations.push(Relation::manual(
                    crate::model::RelationId(next),
                    kind,
                    from,
                    to,
                ));
            }
            _ => warnings.push(format!("{at}: relation {}: {needs}; left out", i + 1)),
        }
    }
    (relations, warnings)
}
