//! PolNeAR into a project: its articles become the project's documents
//! and each annotator's brat file (`attributions/<article>_<annotator>.ann`)
//! that annotator's annotation file, so several people's work on one
//! article sits side by side for agreement and curation. Content → QUOTE,
//! Source → SOURCE (discontinuous spans as their hull), E lines →
//! `said_by` links from the quote to its source.

use std::collections::HashMap;
use std::path::Path;

use super::{Project, config, is_project};
use crate::eval::polnear;
use crate::formats::offsets::OffsetMap;
use crate::model::{Document, Relation, RelationId, Span, SpanId};

/// What an import made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub articles: usize,
    pub files: usize,
    pub spans: usize,
    /// Annotators per article: how many articles each number of annotators has.
    pub team_sizes: std::collections::BTreeMap<usize, usize>,
}

impl Imported {
    pub fn line(&self) -> String {
        let sizes: Vec<String> = self
            .team_sizes
            .iter()
            .map(|(n, k)| format!("{k} by {n}"))
            .collect();
        format!(
            "imported {} articles ({}), {} annotation files, {} spans",
            self.articles,
            sizes.join(", "),
            self.files,
            self.spans
        )
    }
}

/// Imports the PolNeAR folder `gold` into the project at `out` (made a
/// project first when it is not one).
pub fn import(gold: &Path, out: &Path) -> Result<Imported, String> {
    let (texts, golds) = polnear::load_all(gold)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (stem, text) in &texts {
        let path = out.join(format!("{stem}.txt"));
        match std::fs::read(&path) {
            Ok(old) if old == text.as_bytes() => continue,
            Ok(_) => {
                return Err(format!(
                    "{} already exists with another text: import into a new folder",
                    path.display()
                ));
            }
            Err(_) => {}
        }
        crate::project::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    if !is_project(out) {
        let name = gold.file_name().map(|n| n.to_string_lossy().into_owned());
        config::init(out, name.as_deref(), None)?;
    }
    let project = Project::open(out)?;
    let mut done = Imported {
        articles: texts.len(),
        ..Imported::default()
    };
    let mut team: HashMap<&str, usize> = HashMap::new();
    for g in &golds {
        *team.entry(g.stem.as_str()).or_insert(0) += 1;
    }
    for n in team.values() {
        *done.team_sizes.entry(*n).or_insert(0) += 1;
    }
    for g in &golds {
        let id = format!("{}.txt", g.stem);
        let index = project
            .find(&id)
            .ok_or_else(|| format!("{}: {id} is not in the project", out.display()))?;
        let text = project.read_text(index)?;
        let doc = Document::new(text.text, text.title, Some(out.join(&id))).with_id(&id);
        let map = OffsetMap::new(&doc.text);
        let mut spans = Vec::new();
        let mut by_tid: HashMap<&str, SpanId> = HashMap::new();
        for s in &g.spans {
            let (Some(start), Some(end)) = (
                map.char_to_byte(&doc.text, s.start),
                map.char_to_byte(&doc.text, s.end),
            ) else {
                return Err(format!(
                    "{}: {} {}..{} lies past the end of {id}",
                    g.annotator, s.tid, s.start, s.end
                ));
            };
            if start >= end {
                continue;
            }
            let sid = SpanId(spans.len() as u64 + 1);
            let label = if s.quote { "QUOTE" } else { "SOURCE" };
            let span = Span::manual(sid, start..end, label);
            by_tid.insert(s.tid.as_str(), sid);
            spans.push(span);
        }
        let mut relations = Vec::new();
        let mut next = spans.len() as u64;
        for (content, source) in &g.links {
            if let (Some(&from), Some(&to)) =
                (by_tid.get(content.as_str()), by_tid.get(source.as_str()))
            {
                next += 1;
                relations.push(Relation::manual(RelationId(next), "said_by", from, to));
            }
        }
        let path = project.annotation_path(&project.docs[index], &g.annotator);
        if path.exists() {
            return Err(format!(
                "{} already exists: import into a new folder (nothing is written over)",
                path.display()
            ));
        }
        project.write_annotations(index, &g.annotator, &doc, &spans, &relations)?;
        done.files += 1;
        done.spans += spans.len();
    }
    Ok(done)
}
