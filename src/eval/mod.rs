//! Scoring suggestions against gold data, in agreement with
//! `../shared/eval/score.py` (its `quotes` and `figures` subcommands): the
//! prediction types, the JSONL prediction reader and the report.
//!
//! Offsets here are Unicode code points, end exclusive, as in the JSONL files
//! and in score.py (Python `str` indices), not the crate's byte offsets.

pub mod figures;
pub mod quotes;

mod numbers;
pub mod polnear;
mod pytext;
mod read;
mod report;

pub use figures::texts as newsquant_texts;
pub use polnear::texts as polnear_texts;
pub use read::read_predictions;
pub use report::{Report, Row, Score, Task};

/// One predicted span. `start..end` are code points into the article text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredSpan {
    /// The span's id as a string (score.py compares ids as strings: 1 and
    /// "1" are one id); its index in the line's "spans" when it has none.
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The span's top-level numeric "value" (FIGURE), as score.py's
    /// `float(span["value"])` reads it. NaN stands for a "value" that is
    /// present but not a number: score.py then has no candidate ("unparsed").
    pub value: Option<f64>,
    /// "start"/"end" missing or not integers in the file: the span is
    /// dropped (score.py's "malformed pred spans") but its id still resolves
    /// (to a dropped span). A negative offset reads as `usize::MAX`.
    pub malformed: bool,
}

/// One predicted relation between two span ids (as strings, like
/// [`PredSpan::id`]); score.py uses kind "said_by" from a QUOTE to a SOURCE.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredRelation {
    pub from: String,
    pub to: String,
    pub kind: String,
    /// Not a JSON object, or no "from"/"to": score.py counts and ignores it.
    pub malformed: bool,
}

/// One prediction line: an article (quotes) or a sentence (figures).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredDoc {
    /// The line's "id" as Python's `str()` writes it (a missing id is "None").
    pub id: String,
    /// Where the line came from, for messages ("pred.jsonl:12"); may be empty.
    pub origin: String,
    pub text: Option<String>,
    pub spans: Vec<PredSpan>,
    /// `None` when the line has no "relations" key; `Some` (even empty) means
    /// the file "carries relations" in score.py's sense.
    pub relations: Option<Vec<PredRelation>>,
}

impl PredDoc {
    /// How messages name this line: its origin, else its id.
    pub fn place(&self) -> String {
        if self.origin.is_empty() {
            format!("prediction id {:?}", self.id)
        } else {
            self.origin.clone()
        }
    }
}

/// Slices `chars[start..end]` the way Python slices a `str` with
/// non-negative indices: both ends clamped, empty when `end < start`.
fn slice(chars: &[char], start: usize, end: usize) -> &[char] {
    let s = start.min(chars.len());
    let e = end.min(chars.len()).max(s);
    &chars[s..e]
}
