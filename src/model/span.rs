use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpanId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationId(pub u64);

/// Who made a span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    #[default]
    Manual,
    Suggested {
        suggester: String,
        score: f32,
    },
    /// Settled in curation: taken from the annotators' versions; `agreed_by`
    /// names the annotators whose own span (or relation) is this one.
    Curated {
        agreed_by: Vec<String>,
    },
}

/// Review state of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Accepted,
    Pending,
    Rejected,
}

impl Status {
    /// True for spans and relations that count as data (not pending or rejected suggestions).
    pub fn is_accepted(self) -> bool {
        self == Status::Accepted
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Pending => "pending",
            Status::Rejected => "rejected",
        }
    }
}

/// A typed attribute value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttrValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl AttrValue {
    /// A number as the files keep it: whole numbers as Int (exact in JSON),
    /// others as Float.
    pub fn number(v: f64) -> Self {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            AttrValue::Int(v as i64)
        } else {
            AttrValue::Float(v)
        }
    }

    /// The value as a number, for Int and Float.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            AttrValue::Int(i) => Some(*i as f64),
            AttrValue::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as the user reads it.
    pub fn display(&self) -> String {
        match self {
            AttrValue::Bool(b) => b.to_string(),
            AttrValue::Int(i) => i.to_string(),
            AttrValue::Float(f) => f.to_string(),
            AttrValue::Text(t) => t.clone(),
        }
    }
}

/// Who did something to a span, and when (RFC 3339 UTC, milliseconds), so
/// statistics can show time per decision with and without suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub by: String,
    pub at: String,
}

impl Stamp {
    /// `by` at the current time.
    pub fn now(by: &str) -> Self {
        Self {
            by: by.to_owned(),
            at: humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
        }
    }
}

/// A labelled range of the article. `range` is in bytes and always sits on
/// char boundaries (checked when a command adds or resizes it).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub id: SpanId,
    pub range: Range<usize>,
    pub label: String,
    pub origin: Origin,
    pub status: Status,
    pub note: String,
    pub attributes: BTreeMap<String, AttrValue>,
    /// Who made the span (a person, or a suggester's name) and when.
    pub created: Option<Stamp>,
    /// Who last accepted or rejected it, and when.
    pub reviewed: Option<Stamp>,
}

impl Span {
    /// The span as messages name it: its label and the start of its text,
    /// e.g. `QUOTE “We are seeing an escalation”` (at most `max_chars`).
    pub fn describe(&self, text: &str, max_chars: usize) -> String {
        let covered = text.get(self.range.clone()).unwrap_or("");
        let start: String = covered.chars().take(max_chars).collect();
        format!(
            "{} “{}”",
            self.label,
            start.trim_matches(['“', '”', '"', ' '])
        )
    }

    pub fn manual(id: SpanId, range: Range<usize>, label: &str) -> Self {
        Self {
            id,
            range,
            label: label.to_owned(),
            origin: Origin::Manual,
            status: Status::Accepted,
            note: String::new(),
            attributes: BTreeMap::new(),
            created: None,
            reviewed: None,
        }
    }
}

/// A typed link between two spans (e.g. a QUOTE `said_by` its SOURCE).
/// `kind` names one of the schema's relation types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub id: RelationId,
    pub kind: String,
    pub from: SpanId,
    pub to: SpanId,
    #[serde(default)]
    pub origin: Origin,
    #[serde(default)]
    pub status: Status,
}

impl Relation {
    pub fn manual(id: RelationId, kind: &str, from: SpanId, to: SpanId) -> Self {
        Self {
            id,
            kind: kind.to_owned(),
            from,
            to,
            origin: Origin::Manual,
            status: Status::Accepted,
        }
    }
}

/// A span with no place in the article as it is now: the article changed
/// and realigning has not run, or could not find the span's text again.
/// It is kept with its text and context, never dropped, until the user
/// places or deletes it; relations may still end at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// The span as it was; its `range` counts code points (not bytes) of
    /// the text it was last placed on, which may be gone.
    pub span: Span,
    /// What it covered there.
    pub text: String,
    /// Up to 32 code points before and after it there.
    pub prefix: String,
    pub suffix: String,
}
