//! The native annotation file, `<article>.ann.ron` or `<article>.ann.json`:
//! one serde structure written as RON or JSON. Offsets count code points,
//! end exclusive, and every span carries the text it covers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::offsets::OffsetMap;
use crate::model::realign::context;
use crate::model::{
    Annotations, AttrValue, Document, Origin, Orphan, Relation, Schema, Session, Span, SpanId,
    Stamp, Status,
};

pub const FORMAT_NAME: &str = "marginalia-annotations";
/// 2 added relation types, attributes and guidelines to the schema, and
/// origin and status to relations; 3 added who made and reviewed each span
/// (`created`, `reviewed`); 4 added the curated origin (`agreed_by`); 5
/// added each span's context (`prefix`, `suffix`), realigned spans awaiting
/// review (`changed_from`) and `orphans`. Older files still open.
pub const FORMAT_VERSION: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Format {
    #[default]
    Ron,
    Json,
}

impl Format {
    /// `.json` files are JSON; everything else is RON.
    pub fn of_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Ron,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Ron => "ann.ron",
            Format::Json => "ann.json",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    pub format: String,
    pub format_version: u32,
    pub document_id: String,
    /// The article's file name, relative to the annotation file's folder.
    pub article: String,
    /// sha256 (hex) of the article text the offsets index.
    pub text_sha256: String,
    /// Length of that text in code points.
    pub text_length: usize,
    pub annotator: String,
    pub schema: Schema,
    pub spans: Vec<SpanRecord>,
    /// Spans with no place in this text: the article changed and their
    /// text was not found again. `start`, `end`, `text`, `prefix` and
    /// `suffix` say where they were in the text they were last placed on.
    /// Kept until placed or deleted; left out of exports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphans: Vec<SpanRecord>,
    /// Relations; one whose end is an orphan waits for it.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// RFC 3339 UTC times.
    pub created: String,
    pub modified: String,
    /// The annotator marked the document done.
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
    /// The article text itself, when no file holds it as is: text extracted
    /// from HTML (the page stays the source; the extractor is in `meta`) or
    /// one line of a JSONL corpus. Offsets index this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What the source says about the article: title, byline, date, url, extractor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// Things worth telling the user that do not stop the file from opening
    /// (e.g. a hotkey that clashes with the app's own keys). Not written.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanRecord {
    pub id: u64,
    pub label: String,
    /// Code points, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The covered text, `article_text[start:end]`.
    pub text: String,
    /// Up to 32 code points of text before and after the span (absent in
    /// files before version 5), to find it again if the article changes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// Realigning put the span here, on text other than it covered (or in
    /// a place in doubt): what it covered before, until the user accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_from: Option<String>,
    #[serde(default)]
    pub origin: Origin,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrValue>,
    /// Who made the span and when (absent in files before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Stamp>,
    /// Who last accepted or rejected it, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Stamp>,
}

/// A parse error with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for FormatError {}

/// Annotations placed on a document, and everything that did not fit.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub annotations: Annotations,
    pub schema: Schema,
    /// Problems found, one sentence each; empty when the file matches its article.
    pub problems: Vec<String>,
    /// True when the article text is the one the annotations were made on.
    pub text_matches: bool,
}

impl AnnotationFile {
    /// Snapshot of a session. `article` is the article's file name.
    pub fn from_session(session: &Session, article: &str, annotator: &str, created: &str) -> Self {
        let ann = session.annotations();
        let spans: Vec<Span> = ann.spans().cloned().collect();
        let relations: Vec<Relation> = ann.relations().cloned().collect();
        let mut file = Self::from_parts(
            session.doc(),
            session.schema(),
            &spans,
            &relations,
            article,
            annotator,
            created,
        );
        file.done = ann.is_done();
        let orphans: Vec<Orphan> = ann.orphans().cloned().collect();
        let changed: Vec<(SpanId, String)> = ann
            .changed_spans()
            .map(|(id, t)| (id, t.to_owned()))
            .collect();
        file.set_realigned(&orphans, &changed);
        file
    }

    /// Writes the orphans and the awaiting changes of realigned spans in.
    pub fn set_realigned(&mut self, orphans: &[Orphan], changed: &[(SpanId, String)]) {
        self.orphans = orphans.iter().map(orphan_record).collect();
        self.orphans.sort_unstable_by_key(|r| (r.start, r.id));
        if changed.is_empty() {
            return;
        }
        let changed: BTreeMap<u64, &String> = changed.iter().map(|(id, t)| (id.0, t)).collect();
        for rec in &mut self.spans {
            rec.changed_from = changed.get(&rec.id).map(|t| (*t).clone());
        }
    }

    /// Snapshot of a document's annotations, spans in reading order;
    /// `created` empty means now.
    pub fn from_parts(
        doc: &Document,
        schema: &Schema,
        spans: &[Span],
        relations: &[Relation],
        article: &str,
        annotator: &str,
        created: &str,
    ) -> Self {
        let map = OffsetMap::new(&doc.text);
        let mut ordered: Vec<&Span> = spans.iter().collect();
        ordered.sort_unstable_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end), s.id));
        let spans = ordered
            .into_iter()
            .map(|s| span_record(s, &doc.text, &map))
            .collect();
        let mut relations = relations.to_vec();
        relations.sort_unstable_by_key(|r| r.id);
        let now = now_rfc3339();
        Self {
            format: FORMAT_NAME.to_owned(),
            format_version: FORMAT_VERSION,
            document_id: doc.id.clone(),
            article: article.to_owned(),
            text_sha256: doc.sha256.clone(),
            text_length: map.char_len(),
            annotator: annotator.to_owned(),
            schema: schema.clone(),
            spans,
            orphans: Vec::new(),
            relations,
            created: if created.is_empty() {
                now.clone()
            } else {
                created.to_owned()
            },
            modified: now,
            done: false,
            text: doc.embed_text.then(|| doc.text.to_string()),
            meta: doc.meta.clone(),
            warnings: Vec::new(),
        }
    }

    pub fn to_text(&self, format: Format) -> Result<String, String> {
        match format {
            Format::Ron => {
                let config = ron::ser::PrettyConfig::new()
                    .depth_limit(2)
                    .struct_names(false)
                    .separate_tuple_members(false);
                ron::ser::to_string_pretty(self, config).map_err(|e| e.to_string())
            }
            Format::Json => serde_json::to_string_pretty(self).map_err(|e| e.to_string()),
        }
        .map(|mut s| {
            s.push('\n');
            s
        })
    }

    pub fn parse(text: &str, format: Format, path: &Path) -> Result<Self, FormatError> {
        let mut file: Self = match format {
            Format::Ron => ron::from_str(text).map_err(|e| FormatError {
                path: path.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })?,
            Format::Json => serde_json::from_str(text).map_err(|e| FormatError {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?,
        };
        file.warnings = file
            .schema
            .drop_reserved_hotkeys()
            .into_iter()
            .map(|w| format!("{}: label schema: {w}", path.display()))
            .collect();
        if file.format_version < 2 {
            file.schema = file.schema.clone().upgraded_from_v1();
        }
        if let Err(message) = file.schema.check() {
            // Point at the label the message names, when it can be found.
            let at = file
                .schema
                .labels
                .iter()
                .find(|l| message.contains(&l.name))
                .and_then(|l| text.find(&format!("\"{}\"", l.name)))
                .unwrap_or(0);
            let line = text[..at].matches('\n').count() + 1;
            let column = text[..at].rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
            return Err(FormatError {
                path: path.to_owned(),
                line,
                column,
                message: format!("label schema: {message}"),
            });
        }
        if file.format != FORMAT_NAME || file.format_version > FORMAT_VERSION {
            return Err(FormatError {
                path: path.to_owned(),
                line: 1,
                column: 1,
                message: format!(
                    "not a Marginalia annotation file of version {FORMAT_VERSION} or older \
                     (format {:?}, version {})",
                    file.format, file.format_version
                ),
            });
        }
        Ok(file)
    }

    /// Places the spans on `doc`, checking the hash, the length, every
    /// span's offsets and text. Spans that cannot be placed are reported in
    /// `problems`, never dropped silently.
    pub fn place_on(&self, doc: &Document) -> Loaded {
        let map = OffsetMap::new(&doc.text);
        let mut problems = Vec::new();
        let text_matches = self.text_sha256 == doc.sha256;
        if !text_matches {
            problems.push(format!(
                "the article text has changed since these annotations were made \
                 (sha256 {} expected, {} found)",
                short(&self.text_sha256),
                short(&doc.sha256)
            ));
        }
        if self.text_length != map.char_len() {
            problems.push(format!(
                "the article is {} code points long; the annotations expect {}",
                map.char_len(),
                self.text_length
            ));
        }
        let mut spans = Vec::with_capacity(self.spans.len());
        for rec in &self.spans {
            match place_span(rec, &doc.text, &map) {
                Ok(span) => spans.push(span),
                Err(why) => problems.push(format!("span {} ({}): {why}", rec.id, rec.label)),
            }
        }
        let orphans: Vec<Orphan> = self.orphans.iter().map(record_orphan).collect();
        self.finish(spans, orphans, problems, text_matches)
    }

    /// Every span as an orphan (for an article whose text changed: the
    /// spans wait for realigning), with the file's orphans and relations.
    pub fn orphaned(&self) -> Loaded {
        let orphans = self
            .spans
            .iter()
            .chain(&self.orphans)
            .map(record_orphan)
            .collect();
        self.finish(Vec::new(), orphans, Vec::new(), false)
    }

    fn finish(
        &self,
        spans: Vec<Span>,
        orphans: Vec<Orphan>,
        mut problems: Vec<String>,
        text_matches: bool,
    ) -> Loaded {
        let ids: std::collections::HashSet<SpanId> = spans
            .iter()
            .map(|s| s.id)
            .chain(orphans.iter().map(|o| o.span.id))
            .collect();
        let placed: std::collections::HashSet<u64> = spans.iter().map(|s| s.id.0).collect();
        let changed: Vec<(SpanId, String)> = self
            .spans
            .iter()
            .filter(|r| placed.contains(&r.id))
            .filter_map(|r| Some((SpanId(r.id), r.changed_from.clone()?)))
            .collect();
        let relations: Vec<Relation> = self
            .relations
            .iter()
            .filter(|r| {
                let ok = ids.contains(&r.from) && ids.contains(&r.to);
                if !ok {
                    problems.push(format!(
                        "relation {} ({}) joins a span that is missing",
                        r.id.0, r.kind
                    ));
                }
                ok
            })
            .cloned()
            .collect();
        let mut schema = self.schema.clone();
        schema.add_missing(
            self.spans
                .iter()
                .chain(&self.orphans)
                .map(|s| s.label.as_str()),
        );
        schema.add_missing_relations(self.relations.iter().map(|r| r.kind.as_str()));
        let annotations = match Annotations::with_orphans(spans, orphans, relations)
            .and_then(|a| a.with_changed(changed))
        {
            Ok(a) => a.with_done(self.done),
            Err(e) => {
                problems.push(format!("the annotations cannot be opened: {e}"));
                Annotations::default()
            }
        };
        Loaded {
            annotations,
            schema,
            problems,
            text_matches,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn span_record(span: &Span, text: &str, map: &OffsetMap) -> SpanRecord {
    let (prefix, suffix) = context(text, span.range.clone());
    let start = map.byte_to_char(text, span.range.start);
    let end = map.byte_to_char(text, span.range.end);
    record(
        span,
        start..end,
        text[span.range.clone()].to_owned(),
        prefix,
        suffix,
    )
}

/// An orphan as the file keeps it: its last place, in code points.
fn orphan_record(o: &Orphan) -> SpanRecord {
    let place = o.span.range.clone();
    record(
        &o.span,
        place,
        o.text.clone(),
        o.prefix.clone(),
        o.suffix.clone(),
    )
}

/// A span's record at `chars` (code points) covering `text`.
fn record(
    s: &Span,
    chars: std::ops::Range<usize>,
    text: String,
    prefix: String,
    suffix: String,
) -> SpanRecord {
    SpanRecord {
        id: s.id.0,
        label: s.label.clone(),
        start: chars.start,
        end: chars.end,
        text,
        prefix,
        suffix,
        changed_from: None,
        origin: s.origin.clone(),
        status: s.status,
        note: s.note.clone(),
        attributes: s.attributes.clone(),
        created: s.created.clone(),
        reviewed: s.reviewed.clone(),
    }
}

/// A record as an orphan: its offsets kept as code points of the text it
/// was made on.
fn record_orphan(rec: &SpanRecord) -> Orphan {
    Orphan {
        span: Span {
            id: SpanId(rec.id),
            range: rec.start..rec.end,
            label: rec.label.clone(),
            origin: rec.origin.clone(),
            status: rec.status,
            note: rec.note.clone(),
            attributes: rec.attributes.clone(),
            created: rec.created.clone(),
            reviewed: rec.reviewed.clone(),
        },
        text: rec.text.clone(),
        prefix: rec.prefix.clone(),
        suffix: rec.suffix.clone(),
    }
}

fn place_span(rec: &SpanRecord, text: &str, map: &OffsetMap) -> Result<Span, String> {
    let (Some(start), Some(end)) = (
        map.char_to_byte(text, rec.start),
        map.char_to_byte(text, rec.end),
    ) else {
        return Err(format!(
            "offsets {}..{} lie past the end of the article ({} code points)",
            rec.start,
            rec.end,
            map.char_len()
        ));
    };
    if start >= end {
        return Err(format!(
            "offsets {}..{} are empty or reversed",
            rec.start, rec.end
        ));
    }
    let found = &text[start..end];
    if found != rec.text {
        return Err(format!(
            "text at {}..{} is {:?}, the file says {:?}",
            rec.start,
            rec.end,
            ellipsis(found),
            ellipsis(&rec.text)
        ));
    }
    Ok(Span {
        id: SpanId(rec.id),
        range: start..end,
        label: rec.label.clone(),
        origin: rec.origin.clone(),
        status: rec.status,
        note: rec.note.clone(),
        attributes: rec.attributes.clone(),
        created: rec.created.clone(),
        reviewed: rec.reviewed.clone(),
    })
}

fn ellipsis(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Current UTC time as RFC 3339, seconds precision.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
