//! `marginalia export` and `marginalia import`: annotation files to a
//! dataset file and back. Formats so far: `marginalia` (Marginalia JSONL).

use std::path::{Path, PathBuf};

use crate::formats::dataset::{DatasetDoc, Filter};
use crate::formats::{AnnotationFile, Format, marginalia_jsonl};
use crate::model::{Document, Schema, Session, Status};
use crate::project::store::{read_annotation_file, write_annotation_file};
use crate::project::write_atomic;

/// The annotation files among `inputs` (files, or folders searched one
/// level deep), sorted, so the output order is the same on every run.
fn annotation_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let is_ann = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.ends_with(".ann.ron") || name.ends_with(".ann.json")
    };
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries =
                std::fs::read_dir(input).map_err(|e| format!("{}: {e}", input.display()))?;
            out.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| is_ann(p)),
            );
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    Ok(out)
}

/// One annotation file as a dataset document (its id: the article's file
/// stem); refused when the file does not match its article.
fn load(path: &Path, filter: &Filter) -> Result<DatasetDoc, String> {
    let file = read_annotation_file(path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{}: no such file", path.display()))?;
    let article = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(&file.article);
    let text = crate::intake::read_article(&article).map_err(|e| e.to_string())?;
    let doc = Document::new(text.text, text.title, Some(article.clone()));
    let loaded = file.place_on(&doc);
    if let Some(p) = loaded.problems.first() {
        return Err(format!("{}: not exported: {p}", path.display()));
    }
    let session = Session::new(doc, loaded.schema, loaded.annotations)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let id = article
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(DatasetDoc::from_session(&session, &id, filter))
}

/// Parses "accepted,pending" into statuses.
pub fn parse_statuses(list: &str) -> Result<Vec<Status>, String> {
    list.split(',')
        .map(|s| match s.trim() {
            "accepted" => Ok(Status::Accepted),
            "pending" => Ok(Status::Pending),
            "rejected" => Ok(Status::Rejected),
            other => Err(format!(
                "--status: {other:?} is not accepted, pending or rejected"
            )),
        })
        .collect()
}

/// `export --format marginalia`: every input document, one line each.
pub fn export(
    format: &str,
    inputs: &[PathBuf],
    out: &Path,
    filter: &Filter,
) -> Result<(), Vec<String>> {
    if format != "marginalia" {
        return Err(vec![format!(
            "--format {format}: only \"marginalia\" is built so far"
        )]);
    }
    let mut errors = Vec::new();
    let mut lines = String::new();
    let (mut docs, mut spans) = (0, 0);
    for path in annotation_files(inputs).map_err(|e| vec![e])? {
        match load(&path, filter) {
            Ok(doc) => {
                docs += 1;
                spans += doc.spans.len();
                lines.push_str(&marginalia_jsonl::to_line(&doc));
                lines.push('\n');
            }
            Err(e) => errors.push(e),
        }
    }
    write_atomic(out, lines.as_bytes())
        .map_err(|e| vec![format!("{}: could not write: {e}", out.display())])?;
    println!("{docs} documents, {spans} spans → {}", out.display());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A file name made from a document id: path separators and other
/// characters file systems refuse become "_".
fn file_stem_of(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_matches('.') {
        "" => "document".to_owned(),
        s => s.to_owned(),
    }
}

/// `import --format marginalia`: each line to an article and its
/// annotation file in `out_dir`.
pub fn import(format: &str, input: &Path, out_dir: &Path) -> Result<(), Vec<String>> {
    if format != "marginalia" {
        return Err(vec![format!(
            "--format {format}: only \"marginalia\" is built so far"
        )]);
    }
    let src =
        std::fs::read_to_string(input).map_err(|e| vec![format!("{}: {e}", input.display())])?;
    std::fs::create_dir_all(out_dir).map_err(|e| vec![format!("{}: {e}", out_dir.display())])?;
    let mut problems = Vec::new();
    let created = crate::formats::native::now_rfc3339();
    let (mut docs, mut spans) = (0, 0);
    for (i, line) in src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let place = format!("{}:{}", input.display(), i + 1);
        let (doc, warnings) = match marginalia_jsonl::from_line(line, &place) {
            Ok(read) => read,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        problems.extend(warnings);
        let session = match doc.session(Schema::default()) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{place}: {e}"));
                continue;
            }
        };
        let name = format!("{}.txt", file_stem_of(&doc.id));
        let article = out_dir.join(&name);
        let ann = crate::project::annotation_path(&article, Format::Ron);
        let file = AnnotationFile::from_session(&session, &name, "marginalia-import", &created);
        let written = write_atomic(&article, doc.text.as_bytes())
            .map_err(|e| format!("{}: {e}", article.display()))
            .and_then(|()| write_annotation_file(&ann, Format::Ron, &file));
        match written {
            Ok(()) => {
                docs += 1;
                spans += doc.spans.len();
            }
            Err(e) => problems.push(e),
        }
    }
    println!("{docs} documents, {spans} spans → {}", out_dir.display());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
