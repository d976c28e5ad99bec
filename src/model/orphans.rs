//! Realigning orphans (spans with no place in the text) onto the article
//! as it is now, as one command.

use super::command::{Command, CommandError};
use super::realign::{Anchor, Placement, realign, realign_without_old};
use super::session::Session;
use super::span::{Orphan, SpanId};

/// What one realignment did: span ids by outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RealignReport {
    /// Found again with the same text and context.
    pub moved: Vec<SpanId>,
    /// Placed where their text (or most of it) probably went; each awaits review.
    pub changed: Vec<SpanId>,
    /// Not found: still orphans.
    pub orphaned: Vec<SpanId>,
}

impl RealignReport {
    /// "N moved, M changed, K orphaned".
    pub fn summary(&self) -> String {
        format!(
            "{} moved, {} changed, {} orphaned",
            self.moved.len(),
            self.changed.len(),
            self.orphaned.len()
        )
    }
}

/// Byte offsets of code point positions in `text` (None past its end).
fn bytes_of(text: &str, positions: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_unstable_by_key(|&i| positions[i]);
    let mut out = vec![None; positions.len()];
    let mut chars = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .enumerate()
        .peekable();
    for i in order {
        while chars.next_if(|(n, _)| *n < positions[i]).is_some() {}
        out[i] = chars
            .peek()
            .filter(|(n, _)| *n == positions[i])
            .map(|c| c.1);
    }
    out
}

/// The orphans as anchors in `old`, when `old` holds every one's text at
/// its place; context missing from the file is taken from `old`.
fn anchors_in(old: &str, orphans: &[&Orphan]) -> Option<Vec<Anchor>> {
    let ends: Vec<usize> = orphans
        .iter()
        .flat_map(|o| [o.span.range.start, o.span.range.end])
        .collect();
    let bytes = bytes_of(old, &ends);
    orphans
        .iter()
        .zip(bytes.chunks(2))
        .map(|(o, b)| {
            let range = b[0]?..b[1]?;
            (old.get(range.clone())? == o.text).then(|| Anchor::of(o.span.id.0, old, range))
        })
        .collect()
}

impl Session {
    /// The command that places every orphan it can find in the text (one
    /// undo step), and its report. `old` is the text the orphans were
    /// placed on, when it is at hand; without it (or when it does not
    /// hold them), their text and context stand in for it.
    pub fn realign_command(&self, old: Option<&str>) -> (Command, RealignReport) {
        let new = &*self.doc().text;
        // A place no text of sensible length has (a damaged file) is never
        // looked for; the orphan stays as it is.
        let far = 4 * new.len() + 1_000_000;
        let (orphans, lost): (Vec<&Orphan>, Vec<&Orphan>) = self
            .annotations()
            .orphans()
            .partition(|o| o.span.range.start <= o.span.range.end && o.span.range.end <= far);
        let placements = match old.and_then(|old| Some((old, anchors_in(old, &orphans)?))) {
            Some((old, anchors)) => realign(old, new, &anchors),
            None => {
                let anchors: Vec<Anchor> = orphans
                    .iter()
                    .map(|o| Anchor {
                        id: o.span.id.0,
                        range: 0..0,
                        text: o.text.clone(),
                        prefix: o.prefix.clone(),
                        suffix: o.suffix.clone(),
                    })
                    .collect();
                let chars: Vec<_> = orphans.iter().map(|o| o.span.range.clone()).collect();
                realign_without_old(new, &anchors, &chars)
            }
        };
        let mut report = RealignReport::default();
        let mut places = Vec::new();
        for (o, placement) in orphans.iter().zip(placements) {
            let id = o.span.id;
            match placement {
                Placement::Moved(range) => {
                    report.moved.push(id);
                    places.push(Command::Place {
                        id,
                        range,
                        changed: None,
                    });
                }
                Placement::Changed(range) => {
                    report.changed.push(id);
                    places.push(Command::Place {
                        id,
                        range,
                        changed: Some(o.text.clone()),
                    });
                }
                Placement::Orphaned => report.orphaned.push(id),
            }
        }
        report.orphaned.extend(lost.iter().map(|o| o.span.id));
        (Command::Batch(places), report)
    }

    /// Realigns the orphans as one undo step (none when nothing moves).
    pub fn realign(&mut self, old: Option<&str>) -> Result<RealignReport, CommandError> {
        let (command, report) = self.realign_command(old);
        if !report.moved.is_empty() || !report.changed.is_empty() {
            self.execute(command)?;
        }
        Ok(report)
    }
}
