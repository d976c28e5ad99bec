//! Agreement over a project: every annotator's file of every document,
//! read as the agreement measures take them (accepted spans, offsets in
//! code points as the files hold them), then [`crate::agree::report`].

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::atomic::Ordering;

use serde::Deserialize;

use super::Project;
use crate::agree::{ARelation, ASpan, Annotated, DocAnnotations, Report};
use crate::formats::Format;
use crate::formats::dataset::par_map;
use crate::model::{AttrValue, Status};
use crate::project::dataset::Progress;

/// The fields of an annotation file that agreement reads; the rest (the
/// schema, each span's text and stamps) is skipped without being kept,
/// which makes reading a large project several times faster. A file is
/// still checked in full when it is opened, validated or exported.
#[derive(Debug, Deserialize)]
struct Lite {
    text_sha256: String,
    text_length: usize,
    spans: Vec<LiteSpan>,
    #[serde(default)]
    relations: Vec<LiteRelation>,
}

#[derive(Debug, Deserialize)]
struct LiteSpan {
    id: u64,
    label: String,
    start: usize,
    end: usize,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    attributes: BTreeMap<String, AttrValue>,
}

#[derive(Debug, Deserialize)]
struct LiteRelation {
    kind: String,
    from: u64,
    to: u64,
    #[serde(default)]
    status: Status,
}

/// Reads the fields agreement needs; `Ok(None)` when there is no file.
fn read_lite(path: &Path) -> Result<Option<Lite>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: could not read: {e}", path.display())),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match Format::of_path(path) {
        Format::Ron => ron::from_str(text).map_err(|e| super::config::ron_error(path, &e)),
        Format::Json => serde_json::from_str(text)
            .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column())),
    }
    .map(Some)
}

/// One annotator's file as the measures take it.
fn annotated(name: &str, file: &Lite) -> Annotated {
    let spans: Vec<ASpan> = file
        .spans
        .iter()
        .filter(|s| s.status == Status::Accepted)
        .map(|s| ASpan {
            id: s.id,
            start: s.start,
            end: s.end,
            label: s.label.clone(),
            attributes: s
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), v.display()))
                .collect(),
        })
        .collect();
    let ids: HashSet<u64> = spans.iter().map(|s| s.id).collect();
    let relations = file
        .relations
        .iter()
        .filter(|r| r.status == Status::Accepted && ids.contains(&r.from) && ids.contains(&r.to))
        .map(|r| ARelation {
            from: r.from,
            to: r.to,
            kind: r.kind.clone(),
        })
        .collect();
    Annotated {
        annotator: name.to_owned(),
        spans,
        relations,
    }
}

/// Every document's annotations by every annotator but the curated
/// version, in the project's order; documents nobody annotated are left
/// out. Files that do not parse, and files made on a text other than the
/// one most of the document's annotators used, are left out with a warning.
pub fn inputs(project: &Project, progress: &Progress) -> (Vec<DocAnnotations>, Vec<String>) {
    let team = project.team();
    let indices: Vec<usize> = (0..project.docs.len()).collect();
    progress.total.store(indices.len(), Ordering::Relaxed);
    let read = par_map(&indices, |&i| {
        if progress.cancel.load(Ordering::Relaxed) {
            return (None, Vec::new());
        }
        let out = document(project, i, &team);
        progress.done.fetch_add(1, Ordering::Relaxed);
        out
    });
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (doc, mut w) in read {
        docs.extend(doc);
        warnings.append(&mut w);
    }
    (docs, warnings)
}

/// One document's annotations by `team`.
fn document(project: &Project, i: usize, team: &[String]) -> (Option<DocAnnotations>, Vec<String>) {
    let mut warnings = Vec::new();
    let entry = &project.docs[i];
    let mut files = Vec::new();
    for name in team {
        let path = project.annotation_path(entry, name);
        match read_lite(&path) {
            Ok(Some(file)) => files.push((name, path, file)),
            Ok(None) => {}
            Err(e) => warnings.push(format!("{e}; left out of agreement")),
        }
    }
    // The text most of the annotators worked on (ties: the first's).
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, f) in &files {
        *votes.entry(f.text_sha256.as_str()).or_insert(0) += 1;
    }
    let Some(top) = votes.values().copied().max() else {
        return (None, warnings);
    };
    let Some(hash) = files
        .iter()
        .map(|(_, _, f)| f.text_sha256.clone())
        .find(|h| votes.get(h.as_str()) == Some(&top))
    else {
        return (None, warnings);
    };
    let mut by = Vec::new();
    let mut length = 0;
    for (name, path, file) in &files {
        if file.text_sha256 != hash {
            warnings.push(format!(
                "{}: made on another text of {} than the other annotators'; left out of agreement",
                path.display(),
                entry.id
            ));
            continue;
        }
        length = file.text_length;
        by.push(annotated(name, file));
    }
    let doc = DocAnnotations {
        id: entry.id.clone(),
        length,
        by,
    };
    (Some(doc), warnings)
}

/// The agreement report over the project (`label`: only that label).
pub fn report(
    project: &Project,
    label: Option<&str>,
    progress: &Progress,
) -> (Report, Vec<String>) {
    let (docs, warnings) = inputs(project, progress);
    (crate::agree::report(&docs, label), warnings)
}
