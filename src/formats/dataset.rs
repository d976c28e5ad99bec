//! What every dataset exporter and importer shares: one document's text
//! with the spans and relations that go out (or came in), chosen by status
//! and label.

use std::collections::BTreeSet;

use crate::model::{Annotations, Document, Relation, Schema, Session, Span, Status};

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
