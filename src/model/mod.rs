//! Documents, spans, relations, the label schema, commands and undo history.
//! No egui and no I/O here.

mod command;
mod document;
pub mod figure;
mod history;
mod index;
mod orphans;
mod problems;
pub mod realign;
mod schema;
mod session;
mod span;
pub mod text_nav;

pub use command::{Command, CommandError};
pub use document::{Document, sha256_hex};
pub use history::{History, SavePoint};
pub use index::SpanIndex;
pub use orphans::RealignReport;
pub use problems::{Problem, Severity, problems};
pub use schema::{AttrDef, AttrKind, Guidelines, Label, RelationType, Schema};
pub use session::{Annotations, LabelGroup, Session};
pub use span::{AttrValue, Origin, Orphan, Relation, RelationId, Span, SpanId, Stamp, Status};
