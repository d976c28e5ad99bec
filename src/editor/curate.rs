//! Curation: the `curated` annotator's document, settled from every
//! annotator's version. Spans of one label that overlap across annotators
//! form a unit; a unit is agreed when every annotator made the same spans
//! (offsets, label and attributes), and agreed units are merged at once.
//! Keys: 1…n take annotator n's version, A the version most annotators
//! share, X drops the unit, E edits it, Tab steps, M re-merges. Every
//! decision is one command on the curated session, so undo walks it back,
//! and every span taken records who agreed with it (`Origin::Curated`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::{Editor, Mode, Selection};
use crate::model::{Command, Origin, Relation, RelationId, Schema, Span, SpanId, Stamp, Status};

/// The annotator whose files hold the settled version.
pub const CURATED: &str = "curated";

/// One annotator's accepted work on the open document (offsets in bytes
/// of its text), read-only here; spans in reading order once given to
/// the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub annotator: String,
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
}

impl Version {
    /// The spans that meet `range` (spans in reading order).
    pub fn meeting(&self, range: Range<usize>) -> impl Iterator<Item = &Span> {
        let before_end = self.spans.partition_point(|s| s.range.start < range.end);
        self.spans[..before_end]
            .iter()
            .filter(move |s| s.range.end > range.start)
    }
}

/// Where a unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitState {
    /// Every annotator made the same spans (merged, or merged on re-merge).
    Agreed,
    /// Every annotator has spans here, not the same ones.
    Disagreed,
    /// Some annotators have no span here.
    Incomplete,
    /// Settled: the curated document has a span here.
    Accepted,
    /// Settled: the unit was dropped.
    Rejected,
}

impl UnitState {
    pub fn name(self) -> &'static str {
        match self {
            UnitState::Agreed => "agreed",
            UnitState::Disagreed => "disagreed",
            UnitState::Incomplete => "incomplete",
            UnitState::Accepted => "accepted",
            UnitState::Rejected => "rejected",
        }
    }

    /// Still waiting for the curator.
    pub fn is_open(self) -> bool {
        matches!(self, UnitState::Disagreed | UnitState::Incomplete)
    }
}

/// Overlapping spans of one label across annotators and the curated document.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub label: String,
    /// From the first start to the last end of its spans (bytes).
    pub range: Range<usize>,
    /// For each version (in order), the indices of its spans here.
    pub members: Vec<Vec<usize>>,
    /// The curated document's spans here (accepted or rejected).
    pub curated: Vec<SpanId>,
    pub state: UnitState,
}

/// The curation state of an editor: the versions and their units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Curation {
    pub versions: Vec<Version>,
    pub units: Vec<Unit>,
    /// The unit in hand.
    pub at: usize,
    /// The session revision the units were made from.
    revision: Option<u64>,
}

/// A span to cluster: (label, start, end, Some((version, index)) or None
/// for a curated span, id).
type Item<'a> = (&'a str, usize, usize, Option<(usize, usize)>, SpanId);

/// What makes two spans the same: offsets, label and attributes.
type Key = (usize, usize, String, Vec<(String, String)>);

fn key(span: &Span) -> Key {
    let attrs = span
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), v.display()))
        .collect();
    (span.range.start, span.range.end, span.label.clone(), attrs)
}

impl Curation {
    pub fn new(versions: Vec<Version>) -> Self {
        Self {
            versions,
            ..Self::default()
        }
    }

    /// The unit in hand.
    pub fn unit(&self) -> Option<&Unit> {
        self.units.get(self.at)
    }

    /// Counts of units by state.
    pub fn counts(&self) -> BTreeMap<UnitState, usize> {
        let mut counts = BTreeMap::new();
        for u in &self.units {
            *counts.entry(u.state).or_insert(0) += 1;
        }
        counts
    }

    /// A version's spans of a unit, as keys, sorted.
    fn version_keys(&self, unit: &Unit, v: usize) -> Vec<Key> {
        let mut keys: Vec<Key> = unit.members[v]
            .iter()
            .map(|&i| key(&self.versions[v].spans[i]))
            .collect();
        keys.sort();
        keys
    }

    /// Versions grouped by the spans they made in `unit` (non-empty ones),
    /// largest group first, then by first annotator.
    fn groups(&self, unit: &Unit) -> Vec<Vec<usize>> {
        let mut groups: Vec<(Vec<Key>, Vec<usize>)> = Vec::new();
        for v in 0..self.versions.len() {
            let keys = self.version_keys(unit, v);
            if keys.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|g| g.0 == keys) {
                Some(g) => g.1.push(v),
                None => groups.push((keys, vec![v])),
            }
        }
        let mut groups: Vec<Vec<usize>> = groups.into_iter().map(|g| g.1).collect();
        groups.sort_by_key(|g| (std::cmp::Reverse(g.len()), g[0]));
        groups
    }

    fn all_agree(&self, unit: &Unit) -> bool {
        let groups = self.groups(unit);
        self.versions.len() >= 2 && groups.len() == 1 && groups[0].len() == self.versions.len()
    }

    /// Builds the units again from the versions and the curated spans.
    fn rebuild(&mut self, curated: &[&Span], revision: u64) {
        let mut items: Vec<Item> = Vec::new();
        for (v, version) in self.versions.iter().enumerate() {
            for (i, s) in version.spans.iter().enumerate() {
                items.push((&s.label, s.range.start, s.range.end, Some((v, i)), s.id));
            }
        }
        for s in curated {
            items.push((&s.label, s.range.start, s.range.end, None, s.id));
        }
        items.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let n = self.versions.len();
        let mut units: Vec<Unit> = Vec::new();
        for (label, start, end, from, id) in items {
            let joins = units
                .last()
                .is_some_and(|u| u.label == label && start < u.range.end);
            if !joins {
                units.push(Unit {
                    label: label.to_owned(),
                    range: start..end,
                    members: vec![Vec::new(); n],
                    curated: Vec::new(),
                    state: UnitState::Incomplete,
                });
            }
            let Some(unit) = units.last_mut() else {
                continue;
            };
            unit.range.end = unit.range.end.max(end);
            match from {
                Some((v, i)) => unit.members[v].push(i),
                None => unit.curated.push(id),
            }
        }
        units.sort_by(|a, b| (a.range.start, &a.label).cmp(&(b.range.start, &b.label)));
        let by_id: BTreeMap<SpanId, &Span> = curated.iter().map(|s| (s.id, *s)).collect();
        for unit in &mut units {
            let accepted: Vec<&Span> = unit
                .curated
                .iter()
                .filter_map(|id| by_id.get(id).copied())
                .filter(|s| s.status == Status::Accepted)
                .collect();
            unit.state = if !accepted.is_empty() {
                // What everyone made, and nothing else (an edited span is the curator's).
                let everyone = accepted.iter().all(|s| {
                    n >= 2
                        && unit.members.iter().enumerate().all(|(v, m)| {
                            m.iter().any(|&i| key(&self.versions[v].spans[i]) == key(s))
                        })
                }) && unit.members.iter().all(|m| m.len() == accepted.len());
                if everyone {
                    UnitState::Agreed
                } else {
                    UnitState::Accepted
                }
            } else if !unit.curated.is_empty() {
                UnitState::Rejected
            } else if unit.members.iter().all(|m| !m.is_empty()) {
                UnitState::Disagreed
            } else {
                UnitState::Incomplete
            };
        }
        for unit in &mut units {
            if unit.state == UnitState::Disagreed && self.all_agree(unit) {
                unit.state = UnitState::Agreed;
            }
        }
        self.units = units;
        self.at = self.at.min(self.units.len().saturating_sub(1));
        self.revision = Some(revision);
    }

    /// The annotators whose own spans include `span`'s key.
    fn agreeing(&self, unit: &Unit, span: &Span) -> Vec<String> {
        let k = key(span);
        (0..self.versions.len())
            .filter(|&v| {
                unit.members[v]
                    .iter()
                    .any(|&i| key(&self.versions[v].spans[i]) == k)
            })
            .map(|v| self.versions[v].annotator.clone())
            .collect()
    }
}

/// The command that adds to `schema` the labels and relation types it
/// lacks (an annotator may use a label the curated schema does not have).
fn widened(schema: &Schema, labels: &[&str], kinds: &[&str]) -> Option<Command> {
    if labels.iter().all(|l| schema.get(l).is_some())
        && kinds.iter().all(|k| schema.relation(k).is_some())
    {
        return None;
    }
    let mut wider = schema.clone();
    wider.add_missing(labels.iter().copied());
    wider.add_missing_relations(kinds.iter().copied());
    Some(Command::SetSchema(Box::new(wider)))
}

/// Relations as keys of their ends, to compare across annotators.
type RelKey = ((usize, usize, String), (usize, usize, String), String);

fn rel_key(r: &Relation, spans: &BTreeMap<SpanId, &Span>) -> Option<RelKey> {
    let end = |id: SpanId| {
        spans
            .get(&id)
            .map(|s| (s.range.start, s.range.end, s.label.clone()))
    };
    Some((end(r.from)?, end(r.to)?, r.kind.clone()))
}

impl Editor {
    /// Gives the editor the other annotators' versions of its document (for
    /// the compare view and curation); units are made at once.
    pub fn set_versions(&mut self, mut versions: Vec<Version>) {
        // In reading order: drawing a paragraph skips the spans after it.
        for v in &mut versions {
            v.spans.sort_by_key(|s| (s.range.start, s.range.end));
        }
        let at = self.curation.as_ref().map_or(0, |c| c.at);
        let mut c = Curation::new(versions);
        c.at = at;
        self.curation = Some(c);
        self.refresh_curation();
    }

    pub fn curation(&self) -> Option<&Curation> {
        self.curation.as_ref()
    }

    /// Makes the units again when the curated document changed.
    pub fn refresh_curation(&mut self) {
        let revision = self.session.revision();
        let Some(c) = self.curation.as_mut() else {
            return;
        };
        if c.revision != Some(revision) {
            let curated: Vec<&Span> = self
                .session
                .annotations()
                .spans()
                .filter(|s| s.status != Status::Pending)
                .collect();
            c.rebuild(&curated, revision);
        }
    }

    /// Enters curation mode (C): at the first open unit, or the first one.
    pub(super) fn start_curation(&mut self) -> Result<(), String> {
        self.refresh_curation();
        let Some(c) = self.curation.as_mut() else {
            return Err("Curation needs a project document with annotators' work.".to_owned());
        };
        if c.versions.len() < 2 {
            return Err(format!(
                "Curation needs two annotators' work on this document; {} found.",
                c.versions.len()
            ));
        }
        if let Some(first) = c.units.iter().position(|u| u.state.is_open()) {
            c.at = first;
        }
        self.mode = Mode::Curate;
        self.show_unit();
        Ok(())
    }

    /// Selects the unit in hand and focuses its curated span.
    fn show_unit(&mut self) {
        let Some(unit) = self.curation.as_ref().and_then(Curation::unit) else {
            return;
        };
        let range = unit.range.clone();
        let focus = unit.curated.iter().copied().find(|id| {
            self.session
                .annotations()
                .span(*id)
                .is_some_and(|s| s.status == Status::Accepted)
        });
        self.focused = focus;
        self.reveal = Some(range.start);
        self.selection = Selection::exact(range);
    }

    /// Tab / Shift+Tab in curation: the next (previous) unit, wrapping round.
    pub(super) fn step_unit(&mut self, forward: bool) {
        if let Some(c) = self.curation.as_mut() {
            let n = c.units.len().max(1);
            c.at = if forward {
                (c.at + 1) % n
            } else {
                (c.at + n - 1) % n
            };
        }
        self.show_unit();
    }

    /// Makes unit `i` the one in hand (a click in the units list).
    pub(super) fn go_to_unit(&mut self, i: usize) {
        if let Some(c) = self.curation.as_mut()
            && i < c.units.len()
        {
            c.at = i;
        }
        self.show_unit();
    }

    /// After a decision: on to the next open unit after this one, if any.
    fn advance(&mut self) {
        self.refresh_curation();
        if let Some(c) = self.curation.as_mut() {
            let n = c.units.len();
            if let Some(next) = (1..=n)
                .map(|k| (c.at + k) % n)
                .find(|&i| c.units[i].state.is_open())
            {
                c.at = next;
            }
        }
        self.show_unit();
    }

    /// Merges every unit on which all annotators agree and that is not
    /// settled yet (with the relations they all made), as one step; the
    /// number of spans merged.
    pub fn merge_agreed(&mut self) -> Result<usize, String> {
        self.refresh_curation();
        let Some(c) = self.curation.as_ref() else {
            return Ok(0);
        };
        let picks: Vec<(usize, usize)> = c
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.curated.is_empty() && c.all_agree(u))
            .map(|(i, _)| (i, 0))
            .collect();
        if picks.is_empty() {
            return Ok(0);
        }
        let (cmd, added) = self.take_command(&picks, true);
        self.run(cmd)?;
        Ok(added)
    }

    /// Key n: the unit takes version `v`'s spans (and its links to
    /// settled spans); an empty version drops the unit.
    pub(super) fn take_version(&mut self, v: usize) -> Result<(), String> {
        self.refresh_curation();
        let Some(c) = self.curation.as_ref() else {
            return Ok(());
        };
        let Some(unit) = c.unit() else {
            return Err("No units: nobody annotated this document.".to_owned());
        };
        let Some(version) = c.versions.get(v) else {
            return Err(format!(
                "There is no annotator {} here ({} annotators).",
                v + 1,
                c.versions.len()
            ));
        };
        if unit.members[v].is_empty() {
            let who = version.annotator.clone();
            self.drop_unit()?;
            self.notice = Some(format!("{who} has no span here: the unit is dropped."));
            return Ok(());
        }
        let (cmd, _) = self.take_command(&[(c.at, v)], false);
        self.run(cmd)?;
        self.advance();
        Ok(())
    }

    /// A: the version most annotators share (at least two).
    pub(super) fn accept_agreed(&mut self) -> Result<(), String> {
        self.refresh_curation();
        let Some(c) = self.curation.as_ref() else {
            return Ok(());
        };
        let Some(unit) = c.unit() else {
            return Ok(());
        };
        let groups = c.groups(unit);
        match groups.as_slice() {
            [g, h, ..] if g.len() >= 2 && g.len() == h.len() => Err(format!(
                "{} versions are shared by {} annotators each: press the number of the one to take.",
                groups.iter().filter(|x| x.len() == g.len()).count(),
                g.len()
            )),
            [g, ..] if g.len() >= 2 => {
                let v = g[0];
                self.take_version(v)
            }
            _ => Err("No two annotators agree here: press 1…9 for one annotator's version, or X to drop it.".to_owned()),
        }
    }

    /// X: the unit's curated spans go; a rejected span keeps it settled.
    pub(super) fn drop_unit(&mut self) -> Result<(), String> {
        self.refresh_curation();
        let Some(c) = self.curation.as_ref() else {
            return Ok(());
        };
        let Some(unit) = c.unit() else {
            return Ok(());
        };
        if unit.state == UnitState::Rejected {
            self.advance();
            return Ok(());
        }
        let ann = self.session.annotations();
        let mut cmds: Vec<Command> = unit
            .curated
            .iter()
            .filter(|id| ann.span(**id).is_some())
            .map(|id| Command::DeleteSpan(*id))
            .collect();
        let mut next = ann.last_id();
        let marker_from = c.groups(unit).first().map(|g| g[0]);
        if let Some(v) = marker_from {
            let labels: Vec<&str> = unit.members[v]
                .iter()
                .map(|&i| c.versions[v].spans[i].label.as_str())
                .collect();
            if let Some(wider) = widened(self.session.schema(), &labels, &[]) {
                cmds.insert(0, wider);
            }
            for &i in &unit.members[v] {
                next += 1;
                let mut span = c.versions[v].spans[i].clone();
                span.id = SpanId(next);
                span.status = Status::Rejected;
                span.origin = Origin::Curated {
                    agreed_by: Vec::new(),
                };
                span.reviewed = Some(Stamp::now(&self.annotator));
                cmds.push(Command::AddSpan(span));
            }
        }
        self.session.reserve_ids(next);
        self.run(Command::Batch(cmds))?;
        self.advance();
        Ok(())
    }

    /// E: the unit's curated span to edit with the usual keys (R resizes,
    /// L relabels, A attributes); a unit not settled takes the most shared
    /// version first. C goes back to curation.
    pub(super) fn edit_unit(&mut self) -> Result<(), String> {
        self.refresh_curation();
        let open = self
            .curation
            .as_ref()
            .and_then(Curation::unit)
            .is_some_and(|u| u.state.is_open() || u.state == UnitState::Rejected);
        if open {
            let v = self
                .curation
                .as_ref()
                .and_then(|c| c.unit().and_then(|u| c.groups(u).first().map(|g| g[0])));
            let at = self.curation.as_ref().map_or(0, |c| c.at);
            if let Some(v) = v {
                let (cmd, _) = self.take_command(&[(at, v)], false);
                self.run(cmd)?;
                self.refresh_curation();
            }
        }
        self.show_unit();
        self.mode = Mode::Normal;
        self.notice = Some(
            "Editing the curated span: select and R resizes, L relabels, A attributes, Delete deletes · C back to curation"
                .to_owned(),
        );
        Ok(())
    }

    /// The command that gives each picked unit its version's spans
    /// (`(unit, version)`), with the relations that version (or, when
    /// `all_agree`, every version) made between spans that end up curated.
    fn take_command(&mut self, picks: &[(usize, usize)], all_agree: bool) -> (Command, usize) {
        let Some(c) = self.curation.as_ref() else {
            return (Command::Batch(Vec::new()), 0);
        };
        let ann = self.session.annotations();
        let mut cmds = Vec::new();
        let mut next = ann.last_id();
        let mut added = 0;
        let mut gone: BTreeSet<SpanId> = BTreeSet::new();
        let mut labels: Vec<&str> = Vec::new();
        // Curated span ids by their key (start, end, label), for links.
        let mut curated_at: BTreeMap<(usize, usize, String), SpanId> = BTreeMap::new();
        let mut taken_versions: BTreeSet<usize> = BTreeSet::new();
        for &(u, v) in picks {
            let Some(unit) = c.units.get(u) else {
                continue;
            };
            for id in &unit.curated {
                if ann.span(*id).is_some() {
                    gone.insert(*id);
                    cmds.push(Command::DeleteSpan(*id));
                }
            }
            taken_versions.insert(v);
            for &i in &unit.members[v] {
                let from = &c.versions[v].spans[i];
                next += 1;
                let mut span = from.clone();
                span.id = SpanId(next);
                span.status = Status::Accepted;
                span.origin = Origin::Curated {
                    agreed_by: c.agreeing(unit, from),
                };
                span.reviewed = Some(Stamp::now(&self.annotator));
                labels.push(&from.label);
                curated_at.insert(
                    (span.range.start, span.range.end, span.label.clone()),
                    span.id,
                );
                cmds.push(Command::AddSpan(span));
                added += 1;
            }
        }
        for s in ann.spans() {
            if s.status == Status::Accepted && !gone.contains(&s.id) {
                curated_at
                    .entry((s.range.start, s.range.end, s.label.clone()))
                    .or_insert(s.id);
            }
        }
        // Links: a version's relations whose ends are both curated now.
        let existing: BTreeSet<(SpanId, SpanId, String)> = ann
            .relations()
            .filter(|r| !gone.contains(&r.from) && !gone.contains(&r.to))
            .map(|r| (r.from, r.to, r.kind.clone()))
            .collect();
        let mut made: BTreeMap<RelKey, Vec<String>> = BTreeMap::new();
        for version in &c.versions {
            let spans: BTreeMap<SpanId, &Span> = version.spans.iter().map(|s| (s.id, s)).collect();
            for r in &version.relations {
                if let Some(k) = rel_key(r, &spans) {
                    made.entry(k).or_default().push(version.annotator.clone());
                }
            }
        }
        let sources: Vec<usize> = if all_agree {
            (0..c.versions.len()).collect()
        } else {
            taken_versions.into_iter().collect()
        };
        let mut relation_kinds: Vec<&str> = Vec::new();
        let mut linked: BTreeSet<(SpanId, SpanId, String)> = BTreeSet::new();
        for &v in &sources {
            let version = &c.versions[v];
            let spans: BTreeMap<SpanId, &Span> = version.spans.iter().map(|s| (s.id, s)).collect();
            for r in &version.relations {
                let Some(k) = rel_key(r, &spans) else {
                    continue;
                };
                let agreed_by = made.get(&k).cloned().unwrap_or_default();
                if all_agree && agreed_by.len() < c.versions.len() {
                    continue;
                }
                let (Some(&from), Some(&to)) = (curated_at.get(&k.0), curated_at.get(&k.1)) else {
                    continue;
                };
                let triple = (from, to, k.2.clone());
                if existing.contains(&triple) || !linked.insert(triple) {
                    continue;
                }
                next += 1;
                relation_kinds.push(&r.kind);
                cmds.push(Command::AddRelation(Relation {
                    id: RelationId(next),
                    kind: r.kind.clone(),
                    from,
                    to,
                    origin: Origin::Curated { agreed_by },
                    status: Status::Accepted,
                }));
            }
        }
        if let Some(wider) = widened(self.session.schema(), &labels, &relation_kinds) {
            cmds.insert(0, wider);
        }
        self.session.reserve_ids(next);
        (Command::Batch(cmds), added)
    }

    /// Carries out an action in curation mode; false when curation does
    /// not handle it (the normal handling then runs).
    pub(super) fn curate(&mut self, action: &super::Action) -> Result<bool, String> {
        use super::Action;
        if self.mode != Mode::Curate {
            return Ok(false);
        }
        match action {
            Action::TakeVersion(n) => self.take_version(n.saturating_sub(1))?,
            Action::Accept => self.accept_agreed()?,
            Action::Reject => self.drop_unit()?,
            Action::EditBounds => self.edit_unit()?,
            Action::FocusStep { forward } => self.step_unit(*forward),
            Action::GoToUnit(i) => self.go_to_unit(*i),
            Action::Undo | Action::Redo => {
                let done = if matches!(action, Action::Undo) {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                done.map_err(|e| e.to_string())?;
                self.refresh_curation();
                self.show_unit();
            }
            Action::Escape => self.mode = Mode::Normal,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The status bar in curation mode.
    pub(super) fn curation_hint(&self) -> String {
        let Some(c) = self.curation.as_ref() else {
            return "Curation · Esc ends".to_owned();
        };
        let notice = self
            .notice
            .as_deref()
            .map_or(String::new(), |n| format!("{n} · "));
        let Some(unit) = c.unit() else {
            return format!("{notice}Curation: no units · Esc ends");
        };
        let open = c.units.iter().filter(|u| u.state.is_open()).count();
        format!(
            "{notice}Curation: unit {} of {} ({} {}), {open} open · 1–{} take a version · A agreed · X drop · E edit · Tab next · M re-merge · Esc ends",
            c.at + 1,
            c.units.len(),
            unit.label,
            unit.state.name(),
            c.versions.len().min(9)
        )
    }
}
