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

/// `export`: every input document, in path order; from a project with
/// `annotator` (a name, `curated` or `all`), whose files go out.
pub fn export(
    format: &str,
    inputs: &[PathBuf],
    out: &Path,
    filter: Filter,
    nested: &str,
    split: Option<(&str, u64)>,
    annotator: Option<&str>,
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
    if annotator == Some("all") && options.split.is_some() {
        return Err(vec![
            "--annotator all with --split would put one article's copies (one per annotator) \
             in different parts; split one annotator's or the curated work instead"
                .to_owned(),
        ]);
    }
    let progress = Progress::default();
    let (docs, schema, errors) = match annotator {
        Some(name) => team_docs(inputs, name, &options.filter, &progress)?,
        None => {
            let paths = annotation_files(inputs).map_err(|e| vec![e])?;
            load_files(&paths, &options.filter, &progress).map_err(|e| vec![e])?
        }
    };
    let summary =
        dataset::export(docs, &schema, kind, out, &options, &progress).map_err(|e| vec![e])?;
    report(&summary, errors, false)
}

/// The documents of `whose` (a name, `curated` or `all`) in each project
/// of `inputs`, each marked with its annotator (`meta.annotator`); with
/// `all`, ids become `<id>@<annotator>` so that no two documents share one.
fn team_docs(
    inputs: &[PathBuf],
    whose: &str,
    filter: &Filter,
    progress: &Progress,
) -> Result<
    (
        Vec<crate::formats::dataset::DatasetDoc>,
        Schema,
        Vec<String>,
    ),
    Vec<String>,
> {
    use crate::project::corpus::{Project, is_project, team::Whose};
    let whose = Whose::parse(whose);
    let (mut docs, mut schema, mut warnings) = (Vec::new(), Schema::default(), Vec::new());
    let mut first = true;
    for input in inputs {
        if !is_project(input) {
            return Err(vec![format!(
                "{}: --annotator chooses among a project's annotators; this is not a project folder",
                input.display()
            )]);
        }
        let project = Project::open(input).map_err(|e| vec![e])?;
        let (files, left_out) = project.files_of(&whose);
        if let Whose::One(name) = &whose
            && files.is_empty()
        {
            return Err(vec![format!(
                "{}: {name} has no annotation files; the annotators are {}",
                input.display(),
                project.annotators().join(", ")
            )]);
        }
        // Left out by choice, not failed: said, and the export goes on.
        for w in left_out {
            eprintln!("warning: {w}");
        }
        // One load per annotator, so each document keeps its name.
        let mut by_name: std::collections::BTreeMap<&String, Vec<PathBuf>> = Default::default();
        for (n, p) in &files {
            by_name.entry(n).or_default().push(p.clone());
        }
        for (name, paths) in by_name {
            let (mut part, s, mut w) = load_files(&paths, filter, progress).map_err(|e| vec![e])?;
            for d in &mut part {
                d.meta.insert(
                    "annotator".to_owned(),
                    serde_json::Value::from(name.as_str()),
                );
                if whose == Whose::All {
                    d.id = format!("{}@{name}", d.id);
                }
            }
            if first {
                schema = s;
                first = false;
            } else {
                schema.add_missing(s.labels.iter().map(|l| l.name.as_str()));
                schema.add_missing_relations(s.relations.iter().map(|r| r.name.as_str()));
            }
            docs.append(&mut part);
            warnings.append(&mut w);
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((docs, schema, warnings))
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
