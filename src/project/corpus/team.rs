//! A team on one project: every annotator's work on a document, read for
//! the compare view and curation (here) and for agreement (`agreement`).

use super::Project;
use crate::editor::{CURATED, Version};
use crate::model::{Document, SpanId, Status};
use crate::project::store::read_annotation_file;

impl Project {
    /// The annotators whose work is compared and curated: all but the
    /// curated version itself.
    pub fn team(&self) -> Vec<String> {
        let mut names = self.annotators();
        names.retain(|n| n != CURATED);
        names
    }

    /// Writes `annotator`'s annotation file for document `index` (whose
    /// text is `doc`'s), with the project's schema; the file's path.
    pub fn write_annotations(
        &self,
        index: usize,
        annotator: &str,
        doc: &Document,
        spans: &[crate::model::Span],
        relations: &[crate::model::Relation],
    ) -> Result<std::path::PathBuf, String> {
        let entry = self
            .docs
            .get(index)
            .ok_or_else(|| format!("no document {index} in the project"))?;
        let path = self.annotation_path(entry, annotator);
        let article = self.article_name(entry, &path);
        let file = crate::formats::AnnotationFile::from_parts(
            doc,
            &self.file.schema,
            spans,
            relations,
            &article,
            annotator,
            "",
        );
        crate::project::store::write_annotation_file(&path, crate::formats::Format::Ron, &file)?;
        Ok(path)
    }

    /// The annotators other than `except` (and the curated version) who
    /// have a file for document `index`: their accepted spans and links,
    /// placed on `doc`. A file made on another text, or one that does not
    /// parse, is left out with a warning naming it.
    pub fn versions(
        &self,
        index: usize,
        doc: &Document,
        except: &str,
    ) -> (Vec<Version>, Vec<String>) {
        let mut versions = Vec::new();
        let mut warnings = Vec::new();
        let Some(entry) = self.docs.get(index) else {
            return (versions, warnings);
        };
        for name in self.team() {
            if name == except {
                continue;
            }
            let path = self.annotation_path(entry, &name);
            let file = match read_annotation_file(&path) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(e) => {
                    warnings.push(format!("{e}; {name}'s work is left out"));
                    continue;
                }
            };
            let loaded = file.place_on(doc);
            if loaded.text_matches {
                warnings.extend(
                    loaded
                        .problems
                        .iter()
                        .map(|p| format!("{}: {p}; left out of {name}'s version", path.display())),
                );
            } else {
                warnings.push(format!(
                    "{}: {name}'s annotations were made on another text of this article; left out",
                    path.display()
                ));
                continue;
            }
            let spans: Vec<_> = loaded
                .annotations
                .spans()
                .filter(|s| s.status == Status::Accepted)
                .cloned()
                .collect();
            let ids: std::collections::HashSet<SpanId> = spans.iter().map(|s| s.id).collect();
            let relations = loaded
                .annotations
                .relations()
                .filter(|r| {
                    r.status == Status::Accepted && ids.contains(&r.from) && ids.contains(&r.to)
                })
                .cloned()
                .collect();
            versions.push(Version {
                annotator: name,
                spans,
                relations,
            });
        }
        (versions, warnings)
    }
}

/// Whose annotations an export writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// One annotator's files.
    One(String),
    /// The curated file where there is one, else the one annotator's file
    /// (documents several people annotated but nobody curated are left out).
    Curated,
    /// Every annotator's files (not the curated ones), each document
    /// marked with its annotator.
    All,
}

impl Whose {
    /// `curated`, `all`, or an annotator's name.
    pub fn parse(name: &str) -> Self {
        match name {
            CURATED => Whose::Curated,
            "all" => Whose::All,
            other => Whose::One(other.to_owned()),
        }
    }
}

impl Project {
    /// The annotation files an export of `whose` reads, with their
    /// annotator, in document order; and what was left out, and why.
    pub fn files_of(&self, whose: &Whose) -> (Vec<(String, std::path::PathBuf)>, Vec<String>) {
        let team = self.team();
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        for entry in &self.docs {
            let has = |name: &str| {
                let p = self.annotation_path(entry, name);
                p.is_file().then_some(p)
            };
            match whose {
                Whose::One(name) => files.extend(has(name).map(|p| (name.clone(), p))),
                Whose::All => {
                    for name in &team {
                        files.extend(has(name).map(|p| (name.clone(), p)));
                    }
                }
                Whose::Curated => {
                    if let Some(p) = has(CURATED) {
                        let done =
                            read_annotation_file(&p).is_ok_and(|f| f.is_some_and(|f| f.done));
                        if !done {
                            warnings.push(format!(
                                "{}: its curation is not marked done (Ctrl+Enter); exported as it stands",
                                entry.id
                            ));
                        }
                        files.push((CURATED.to_owned(), p));
                        continue;
                    }
                    let by: Vec<(&String, std::path::PathBuf)> =
                        team.iter().filter_map(|n| has(n).map(|p| (n, p))).collect();
                    match by.as_slice() {
                        [] => {}
                        [(name, p)] => files.push(((*name).clone(), p.clone())),
                        several => warnings.push(format!(
                            "{}: annotated by {} and not curated yet; left out",
                            entry.id,
                            several
                                .iter()
                                .map(|(n, _)| n.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                }
            }
        }
        (files, warnings)
    }
}
