//! `marginalia export` and `marginalia import`: annotation files to a
//! dataset in any format, and back (the jobs live in `project::dataset`).

use std::path::{Path, PathBuf};

use crate::formats::dataset::Filter;
use crate::model::{Schema, Status};
use crate::project::dataset::{
    self, ExportOptions, Kind, Progress, Summary, annotation_files, load_files, read_texts,
};

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

/// Prints the summary; `problems` fail the command, and so do the
/// summary's warnings when `strict` (an import that left data out). An
/// export's warnings are what the format cannot hold: printed, not failed.
fn report(summary: &Summary, mut problems: Vec<String>, strict: bool) -> Result<(), Vec<String>> {
    println!("{}", summary.line());
    if strict {
        problems.extend(summary.warnings.iter().cloned());
    } else {
        for w in &summary.warnings {
            eprintln!("warning: {w}");
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `export`: every input document, in path order.
pub fn export(
    format: &str,
    inputs: &[PathBuf],
    out: &Path,
    filter: Filter,
    nested: &str,
    split: Option<(&str, u64)>,
) -> Result<(), Vec<String>> {
    let kind = Kind::parse(format).map_err(|e| vec![e])?;
    let options = ExportOptions {
        filter,
        nested: crate::formats::tagging::Nested::parse(nested).map_err(|e| vec![e])?,
        split: split
            .map(|(ratios, seed)| dataset::Split::parse(ratios, seed))
            .transpose()
            .map_err(|e| vec![e])?,
    };
    let progress = Progress::default();
    let paths = annotation_files(inputs).map_err(|e| vec![e])?;
    let (docs, schema, errors) =
        load_files(&paths, &options.filter, &progress).map_err(|e| vec![e])?;
    let summary =
        dataset::export(docs, &schema, kind, out, &options, &progress).map_err(|e| vec![e])?;
    report(&summary, errors, false)
}

/// `import`: each document to an article and its annotation file in `out_dir`.
pub fn import(
    format: &str,
    input: &Path,
    out_dir: &Path,
    texts: Option<&Path>,
    schema: Schema,
) -> Result<(), Vec<String>> {
    let kind = Kind::parse(format).map_err(|e| vec![e])?;
    let texts = texts
        .map(read_texts)
        .transpose()
        .map_err(|e| vec![e])?
        .unwrap_or_default();
    let read = dataset::read_dataset(kind, input, &schema, &texts).map_err(|e| vec![e])?;
    let summary =
        dataset::import(read, &schema, out_dir, &Progress::default()).map_err(|e| vec![e])?;
    report(&summary, Vec::new(), true)
}
