//! `realign`: an annotation file onto an edited article, written anew.

use std::path::{Path, PathBuf};

use crate::formats::{AnnotationFile, Format};
use crate::intake;
use crate::model::{Document, RealignReport, Session, SpanId, sha256_hex};
use crate::project::store::{
    article_document, is_hash_id, is_html, read_annotation_file, write_annotation_file,
};

/// The text the file's offsets index, when it is at hand: the text it
/// stores, else its article as long as that has not changed.
fn old_text(file: &AnnotationFile, path: &Path) -> Option<String> {
    if let Some(text) = &file.text {
        return (sha256_hex(text) == file.text_sha256).then(|| text.clone());
    }
    article_document(file, path)
        .ok()
        .filter(|d| d.sha256 == file.text_sha256)
        .map(|d| d.text.to_string())
}

/// `article` as the annotation file at `out` names it: its file name when
/// both are in one folder, else its full path.
fn article_name(article: &Path, out: &Path) -> String {
    let dir = |p: &Path| {
        p.parent()
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            })
            .and_then(|d| d.canonicalize().ok())
    };
    let name = article.file_name().map(PathBuf::from).unwrap_or_default();
    match (dir(article), dir(out)) {
        (Some(a), Some(o)) if a == o => name.to_string_lossy().into_owned(),
        (Some(a), _) => a.join(name).to_string_lossy().into_owned(),
        _ => article.to_string_lossy().into_owned(),
    }
}

fn ids(list: &[SpanId]) -> Vec<u64> {
    list.iter().map(|id| id.0).collect()
}

/// Realigns `annotations` onto `article` and writes `out` (RON or JSON by
/// its extension); orphans are kept in it. With `json`, prints the span
/// ids by outcome as one JSON object.
pub fn realign(
    annotations: &Path,
    article: &Path,
    out: &Path,
    json: bool,
) -> Result<(), Vec<String>> {
    let file = read_annotation_file(annotations)
        .map_err(|e| vec![e.to_string()])?
        .ok_or_else(|| vec![format!("{}: no such file", annotations.display())])?;
    let old = old_text(&file, annotations);
    let read = intake::read_article(article).map_err(|e| vec![e.to_string()])?;
    let mut doc = Document::new(read.text, read.title, Some(article.to_owned()));
    doc.embed_text = is_html(article) || file.text.is_some();
    doc.meta = if read.meta.is_empty() {
        file.meta.clone()
    } else {
        read.meta
    };
    if !is_hash_id(&file.document_id) {
        doc = doc.with_id(&file.document_id);
    }
    let placed = file.place_on(&doc);
    let loaded = if placed.text_matches {
        if !placed.problems.is_empty() {
            let name = annotations.display();
            return Err(placed
                .problems
                .iter()
                .map(|p| format!("{name}: {p}"))
                .collect());
        }
        placed
    } else {
        file.orphaned()
    };
    let mut session = Session::new(doc, loaded.schema, loaded.annotations)
        .map_err(|e| vec![format!("{}: {e}", annotations.display())])?;
    let report: RealignReport = session
        .realign(old.as_deref())
        .map_err(|e| vec![format!("{}: {e}", annotations.display())])?;
    let written = AnnotationFile::from_session(
        &session,
        &article_name(article, out),
        &file.annotator,
        &file.created,
    );
    write_annotation_file(out, Format::of_path(out), &written)
        .map_err(|e| vec![format!("{}: could not write: {e}", out.display())])?;
    let summary = format!(
        "{}: {} (from {}{})",
        out.display(),
        report.summary(),
        annotations.display(),
        if old.is_some() {
            ", diffed against its old text"
        } else {
            "; its old text is gone, so each span's stored text and context stood in for it"
        }
    );
    if json {
        let ids = serde_json::json!({
            "moved": ids(&report.moved),
            "changed": ids(&report.changed),
            "orphaned": ids(&report.orphaned),
        });
        println!("{ids}");
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }
    Ok(())
}
