//! What goes to and comes from disk: the native annotation format (RON or
//! JSON) and the conversion between byte offsets and code-point offsets.
//! Offset conversion lives here and only here.

pub mod dataset;
pub mod jsonl;
pub mod marginalia_jsonl;
pub mod native;
pub mod offsets;
pub mod prelabels;

pub use native::{AnnotationFile, Format, FormatError, Loaded, SpanRecord};
