//! brat standoff: for each document `<stem>.txt` (the text, byte for byte)
//! and `<stem>.ann`, and one `annotation.conf` for them all. Offsets count
//! code points of the `.txt`, end exclusive.
//!
//! `.ann` lines, in this order:
//! - `T<span id>\t<LABEL> <start> <end>\t<covered text>`. A span across
//!   line breaks is written as fragments `s e;s e` that leave out each run
//!   of line-break characters, the fragments' texts joined by a space
//!   (brat's own convention). "Line break" is every character Python's
//!   `str.splitlines` ends a line at, as brat's reader does.
//! - `R<n>\t<type> Arg1:T<from> Arg2:T<to>`, in relation id order.
//! - `A<n>\t<name> T<id> <value>` for a choice whose value is one word
//!   (no whitespace, `|` or `,`), `A<n>\t<name> T<id>` for a true boolean.
//! - `#<n>\tMarginaliaAttribute T<id>\t<name>=<JSON>` for every other
//!   attribute (numbers, text, choices that are not one word), and
//!   `#<n>\tAnnotatorNotes T<id>\t<note>`.
//!
//! What is lost: a false boolean of the schema is not written (brat's
//! binary attributes are true or absent); tabs and line breaks in notes
//! become spaces; a span's leading or trailing line breaks are left out
//! (warned), a span of line breaks only is not written (warned); labels
//! and relation types with whitespace, `|` or `,` cannot be brat types
//! (warned, left out); status, origin and stamps are not written, nor the
//! document's meta (warned); the document id comes back as its file stem
//! (ASCII letters, digits and `-_.` kept, other characters `_`; stems
//! equal but for case get `-2`, `-3`…). The caller picks the spans and
//! relations to write (by status): all given are written.
//!
//! Reading checks every span against the text: offsets past the end, a
//! covered text that differs, or fragments with more than line breaks
//! between them are reported (file and line) and the span left out, never
//! shifted. Read spans are accepted and manual.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::dataset::{DatasetDoc, Written};
use super::offsets::OffsetMap;
use crate::model::{Annotations, AttrKind, AttrValue, Relation, RelationId, Schema, Span, SpanId};

/// Where Python's `str.splitlines` ends a line (brat reads `.ann` files so).
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A value annotation.conf can list: `Value:a|b` splits at `|` and `,`.
fn is_word(s: &str) -> bool {
    !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || c == '|' || c == ',')
}

/// The pieces of `range` between runs of line breaks.
fn fragments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.get(range.clone()).unwrap_or("").char_indices() {
        let at = range.start + i;
        match (is_break(c), open) {
            (true, Some(s)) => {
                out.push(s..at);
                open = None;
            }
            (false, None) => open = Some(at),
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(s..range.end);
    }
    out
}

/// One line of text for a note: brat would end the line at a break.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if is_break(c) || c == '\t' { ' ' } else { c })
        .collect()
}

/// Distinct file stems for the documents, in order.
fn stems(docs: &[DatasetDoc]) -> Vec<String> {
    let mut taken = HashSet::new();
    docs.iter()
        .map(|d| {
            let safe = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
            let mut base: String =
                d.id.chars()
                    .map(|c| if safe(c) { c } else { '_' })
                    .collect();
            if base.is_empty() {
                base = "document".to_owned();
            }
            let mut stem = base.clone();
            // Case-insensitive file systems would merge "A" and "a".
            for n in 2.. {
                if taken.insert(stem.to_lowercase()) {
                    break;
                }
                stem = format!("{base}-{n}");
            }
            stem
        })
        .collect()
}

/// What annotation.conf lists, in first-seen order.
#[derive(Default)]
struct Conf {
    labels: Vec<String>,
    relations: Vec<(String, Vec<String>, Vec<String>)>,
    /// Name, labels, values (none for a binary attribute).
    attributes: Vec<(String, Vec<String>, Vec<String>)>,
}

fn add(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

impl Conf {
    fn new(schema: &Schema) -> Self {
        let mut conf = Conf::default();
        for l in &schema.labels {
            conf.label(&l.name);
            for a in &l.attributes {
                match &a.kind {
                    AttrKind::Choice(options) => {
                        for o in options {
                            conf.attribute(&a.name, &l.name, Some(o));
                        }
                    }
                    AttrKind::Bool => conf.attribute(&a.name, &l.name, None),
                    AttrKind::Number | AttrKind::Text => {}
                }
            }
        }
        for r in &schema.relations {
            conf.relation(&r.name, None, None);
            for from in &r.from {
                conf.relation(&r.name, Some(from), None);
            }
            for to in &r.to {
                conf.relation(&r.name, None, Some(to));
            }
        }
        conf
    }

    fn label(&mut self, name: &str) {
        if is_word(name) {
            add(&mut self.labels, name);
        }
    }

    fn relation(&mut self, name: &str, from: Option<&str>, to: Option<&str>) {
        if !is_word(name) {
            return;
        }
        let i = match self.relations.iter().position(|r| r.0 == name) {
            Some(i) => i,
            None => {
                self.relations.push((name.to_owned(), vec![], vec![]));
                self.relations.len() - 1
            }
        };
        if let Some((_, f, t)) = self.relations.get_mut(i) {
            for (side, label) in [(f, from), (t, to)] {
                if let Some(l) = label.filter(|l| is_word(l)) {
                    add(side, l);
                }
            }
        }
    }

    fn attribute(&mut self, name: &str, label: &str, value: Option<&str>) {
        if !is_word(name) || !is_word(label) {
            return;
        }
        let i = match self.attributes.iter().position(|a| a.0 == name) {
            Some(i) => i,
            None => {
                self.attributes.push((name.to_owned(), vec![], vec![]));
                self.attributes.len() - 1
            }
        };
        if let Some((_, labels, values)) = self.attributes.get_mut(i) {
            add(labels, label);
            if let Some(v) = value.filter(|v| is_word(v)) {
                add(values, v);
            }
        }
    }

    fn text(&self) -> String {
        let either = |l: &[String]| {
            if l.is_empty() {
                "<ENTITY>".to_owned()
            } else {
                l.join("|")
            }
        };
        let mut out = String::from("[entities]\n");
        for l in &self.labels {
            let _ = writeln!(out, "{l}");
        }
        out.push_str("\n[relations]\n");
        for (name, from, to) in &self.relations {
            let _ = writeln!(out, "{name} Arg1:{}, Arg2:{}", either(from), either(to));
        }
        out.push_str("\n[events]\n\n[attributes]\n");
        for (name, labels, values) in &self.attributes {
            let _ = write!(out, "{name} Arg:{}", labels.join("|"));
            if !values.is_empty() {
                let _ = write!(out, ", Value:{}", values.join("|"));
            }
            out.push('\n');
        }
        out
    }
}

/// The files: `<stem>.txt` and `<stem>.ann` per document, then
/// `annotation.conf` from the schema and whatever the documents add to it.
pub fn write(docs: &[DatasetDoc], schema: &Schema) -> Written {
    let mut out = Written::default();
    let mut conf = Conf::new(schema);
    for (doc, stem) in docs.iter().zip(stems(docs)) {
        let ann = write_doc(doc, schema, &mut conf, &mut out);
        out.files.push((format!("{stem}.txt"), doc.text.clone()));
        out.files.push((format!("{stem}.ann"), ann));
    }
    out.files.push(("annotation.conf".to_owned(), conf.text()));
    out
}

fn write_doc(doc: &DatasetDoc, schema: &Schema, conf: &mut Conf, out: &mut Written) -> String {
    let text = &doc.text;
    let map = OffsetMap::new(text);
    let cp = |b: usize| map.byte_to_char(text, b);
    let (mut t, mut a, mut notes) = (String::new(), Vec::new(), Vec::new());
    let mut labels = HashMap::new();
    if !doc.meta.is_empty() {
        out.warnings.push(format!(
            "{}: brat has no place for the meta fields; not written",
            doc.id
        ));
    }
    for s in &doc.spans {
        let at = format!("{}: span {} ({})", doc.id, s.id.0, s.label);
        if !is_word(&s.label) {
            out.warnings.push(format!(
                "{at}: a brat type cannot hold whitespace, `|` or `,`; left out"
            ));
            continue;
        }
        if s.range.is_empty() || text.get(s.range.clone()).is_none() {
            out.warnings
                .push(format!("{at}: its range does not fit the text; left out"));
            continue;
        }
        let frags = fragments(text, s.range.clone());
        let (Some(first), Some(last)) = (frags.first(), frags.last()) else {
            out.warnings.push(format!(
                "{at}: covers line breaks only, which brat cannot hold; left out"
            ));
            continue;
        };
        if first.start != s.range.start || last.end != s.range.end {
            out.warnings.push(format!(
                "{at}: starts or ends with a line break; written without it"
            ));
        }
        let offsets: Vec<String> = frags
            .iter()
            .map(|f| format!("{} {}", cp(f.start), cp(f.end)))
            .collect();
        let covered: Vec<&str> = frags.iter().filter_map(|f| text.get(f.clone())).collect();
        let id = s.id.0;
        let _ = writeln!(
            t,
            "T{id}\t{} {}\t{}",
            s.label,
            offsets.join(";"),
            covered.join(" ")
        );
        labels.insert(s.id, s.label.as_str());
        out.spans += 1;
        conf.label(&s.label);
        for (name, v) in &s.attributes {
            let kind = schema
                .get(&s.label)
                .and_then(|l| l.attribute(name))
                .map(|d| &d.kind);
            match (kind, v) {
                (Some(AttrKind::Choice(_)), AttrValue::Text(w)) if is_word(name) && is_word(w) => {
                    a.push(format!("{name} T{id} {w}"));
                    conf.attribute(name, &s.label, Some(w));
                }
                (Some(AttrKind::Bool) | None, AttrValue::Bool(true)) if is_word(name) => {
                    a.push(format!("{name} T{id}"));
                    conf.attribute(name, &s.label, None);
                }
                (Some(AttrKind::Bool), AttrValue::Bool(false)) => {}
                _ => match super::attr_json(v) {
                    serde_json::Value::Null => out.warnings.push(format!(
                        "{at}: attribute {name:?} is not a finite number; left out"
                    )),
                    _ if name.contains(|c: char| c == '=' || c == '\t' || is_break(c)) => {
                        out.warnings.push(format!(
                            "{at}: attribute name {name:?} holds `=`, a tab or a line break; left out"
                        ));
                    }
                    json => notes.push(format!("MarginaliaAttribute T{id}\t{name}={json}")),
                },
            }
        }
        if !s.note.is_empty() {
            notes.push(format!("AnnotatorNotes T{id}\t{}", one_line(&s.note)));
        }
    }
    let mut relations: Vec<&Relation> = doc.relations.iter().collect();
    relations.sort_by_key(|r| r.id);
    let mut n = 0;
    for r in relations {
        let at = format!("{}: relation {} ({})", doc.id, r.id.0, r.kind);
        let (Some(from), Some(to)) = (labels.get(&r.from), labels.get(&r.to)) else {
            out.warnings.push(format!(
                "{at}: span {} or {} was not written; left out",
                r.from.0, r.to.0
            ));
            continue;
        };
        if !is_word(&r.kind) {
            out.warnings.push(format!(
                "{at}: a brat type cannot hold whitespace, `|` or `,`; left out"
            ));
            continue;
        }
        n += 1;
        let _ = writeln!(t, "R{n}\t{} Arg1:T{} Arg2:T{}", r.kind, r.from.0, r.to.0);
        conf.relation(&r.kind, Some(from), Some(to));
    }
    for (i, line) in a.iter().enumerate() {
        let _ = writeln!(t, "A{}\t{line}", i + 1);
    }
    for (i, line) in notes.iter().enumerate() {
        let _ = writeln!(t, "#{}\t{line}", i + 1);
    }
    t
}

/// A T line's label and byte range, or why it does not fit the text.
fn t_line(rest: &str, text: &str, map: &OffsetMap) -> Result<(String, Range<usize>), String> {
    let (head, said) = match rest.split_once('\t') {
        Some((h, s)) => (h, Some(s)),
        None => (rest, None),
    };
    let Some((label, offsets)) = head.split_once(' ').filter(|(l, _)| !l.is_empty()) else {
        return Err("no type and offsets".to_owned());
    };
    let mut frags: Vec<Range<usize>> = Vec::new();
    let mut last_end = 0;
    for piece in offsets.split(';') {
        let nums: Vec<Option<usize>> = piece.split_whitespace().map(|n| n.parse().ok()).collect();
        let [Some(a), Some(b)] = nums[..] else {
            return Err(format!(
                "offsets {offsets:?} are not \"start end;start end…\""
            ));
        };
        if a >= b || a < last_end {
            return Err(format!(
                "offsets {offsets:?} are empty, reversed or out of order"
            ));
        }
        last_end = b;
        let (Some(s), Some(e)) = (map.char_to_byte(text, a), map.char_to_byte(text, b)) else {
            return Err(format!(
                "offsets {offsets:?} lie past the end of the text ({} code points)",
                map.char_len()
            ));
        };
        frags.push(s..e);
    }
    for pair in frags.windows(2) {
        if let [x, y] = pair
            && !text.get(x.end..y.start).unwrap_or("").chars().all(is_break)
        {
            return Err(format!(
                "offsets {offsets:?}: more than line breaks lie between the fragments"
            ));
        }
    }
    let covered: Vec<&str> = frags.iter().filter_map(|f| text.get(f.clone())).collect();
    let covered = covered.join(" ");
    if let Some(said) = said
        && said != covered
    {
        return Err(format!(
            "its text {said:?} is not {covered:?}, which {offsets} covers"
        ));
    }
    match (frags.first(), frags.last()) {
        (Some(f), Some(l)) => Ok((label.to_owned(), f.start..l.end)),
        _ => Err("no offsets".to_owned()),
    }
}

/// A T line read: line number, key, the id it asks for, label, range.
type TLine<'a> = (usize, &'a str, Option<u64>, String, Range<usize>);

/// Where a line's `T…` is among the spans read.
type Keys<'a> = HashMap<&'a str, usize>;

fn named<'s>(spans: &'s mut [Span], keys: &Keys, of: &str) -> Result<&'s mut Span, String> {
    keys.get(of)
        .and_then(|&i| spans.get_mut(i))
        .ok_or_else(|| format!("{of} is not a span read; not read"))
}

fn insert(span: &mut Span, of: &str, name: &str, v: AttrValue) -> Result<(), String> {
    if span.attributes.contains_key(name) {
        return Err(format!("{of} already has {name:?}; left out"));
    }
    span.attributes.insert(name.to_owned(), v);
    Ok(())
}

/// `type Arg1:T… Arg2:T…`: the type and the two spans.
fn relation_line<'w>(
    words: &[&'w str],
    spans: &[Span],
    keys: &Keys,
) -> Result<(&'w str, SpanId, SpanId), String> {
    let role = |name: &str| {
        let p = format!("{name}:");
        words.iter().find_map(|w| w.strip_prefix(p.as_str()))
    };
    let (Some(kind), Some(a1), Some(a2), 3) =
        (words.first(), role("Arg1"), role("Arg2"), words.len())
    else {
        return Err("not \"type Arg1:T… Arg2:T…\"; left out".to_owned());
    };
    let span = |k: &str| keys.get(k).and_then(|&i| spans.get(i)).map(|s| s.id);
    match (span(a1), span(a2)) {
        (Some(from), Some(to)) => Ok((kind, from, to)),
        _ => Err(format!("{a1} or {a2} is not a span read; left out")),
    }
}

/// `name T… [value]`: a binary attribute, or one typed by the schema.
fn attribute_line(
    words: &[&str],
    spans: &mut [Span],
    keys: &Keys,
    schema: &Schema,
) -> Result<(), String> {
    let (name, of, value) = match *words {
        [name, of] => (name, of, None),
        [name, of, value] => (name, of, Some(value)),
        _ => return Err("not \"name T… [value]\"; left out".to_owned()),
    };
    let span = named(spans, keys, of)?;
    let v = value.map_or(AttrValue::Bool(true), |v| {
        super::attr_from_text(schema, &span.label, name, v)
    });
    insert(span, of, name, v)
}

/// `AnnotatorNotes T…\tnote` or `MarginaliaAttribute T…\tname=JSON`.
fn note_line(words: &[&str], note: &str, spans: &mut [Span], keys: &Keys) -> Result<(), String> {
    let [kind, of] = *words else {
        return Err("not \"kind T…\\tnote\"; not read".to_owned());
    };
    let span = named(spans, keys, of)?;
    match kind {
        "AnnotatorNotes" if span.note.is_empty() => {
            note.clone_into(&mut span.note);
            Ok(())
        }
        "AnnotatorNotes" => Err(format!("{of} has a note already; not read")),
        "MarginaliaAttribute" => {
            let value = note.split_once('=').and_then(|(name, json)| {
                let v = serde_json::from_str(json).ok()?;
                Some((name, super::attr_from_json(&v)?))
            });
            let (name, v) = value.ok_or("not \"name=<JSON bool, number or string>\"; left out")?;
            insert(span, of, name, v)
        }
        _ => Err(format!("a note of kind {kind:?}; not read")),
    }
}

/// Reads one `.ann` against its `.txt`. `place` names the `.ann` in
/// messages ("out/a.ann"), each with the line: "out/a.ann:7: …". Lines that
/// do not fit are warnings and left out; Err only for a file that is not
/// standoff (a line without a tab after its id).
pub fn read_doc(
    id: &str,
    txt: &str,
    ann: &str,
    place: &str,
    schema: &Schema,
) -> Result<(DatasetDoc, Vec<String>), String> {
    let src = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    // Universal newlines, as brat's Python reads it.
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for (i, line) in src.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, rest)) = line.split_once('\t') else {
            return Err(format!(
                "{place}:{}: not brat standoff: no tab after the id",
                i + 1
            ));
        };
        lines.push((i + 1, key, rest));
    }
    let map = OffsetMap::new(txt);
    let mut warnings = Vec::new();
    let mut warn = |line: usize, what: String| warnings.push(format!("{place}:{line}: {what}"));
    // Spans first: other lines may name a T line below them.
    let mut read: Vec<TLine> = Vec::new();
    let mut keys = HashSet::new();
    for &(line, key, rest) in lines.iter().filter(|l| l.1.starts_with('T')) {
        if !keys.insert(key) {
            warn(line, format!("{key} is defined twice; left out"));
            continue;
        }
        match t_line(rest, txt, &map) {
            Ok((label, range)) => {
                let number = key
                    .strip_prefix('T')
                    .and_then(|n| n.parse::<u64>().ok())
                    .filter(|&n| n <= Annotations::MAX_ID);
                read.push((line, key, number, label, range));
            }
            Err(why) => warn(line, format!("{key}: {why}; left out")),
        }
    }
    let mut used = BTreeSet::new();
    let mut ids = Vec::with_capacity(read.len());
    for r in &read {
        ids.push(r.2.filter(|&n| used.insert(n)));
    }
    let mut next = used.last().map_or(0, |&n| n + 1);
    let mut spans = Vec::new();
    let mut by_key: Keys = HashMap::new();
    for ((line, key, _, label, range), id) in read.into_iter().zip(ids) {
        let id = match id {
            Some(n) => n,
            None if next <= Annotations::MAX_ID => {
                next += 1;
                next - 1
            }
            None => {
                warn(line, format!("{key}: no id is left for it; left out"));
                continue;
            }
        };
        by_key.insert(key, spans.len());
        spans.push(Span::manual(SpanId(id), range, &label));
    }
    let mut relations = Vec::new();
    let mut next_rel = spans
        .iter()
        .map(|s| s.id.0 + 1)
        .max()
        .unwrap_or(0)
        .max(next);
    for &(line, key, rest) in &lines {
        let head = rest.split('\t').next().unwrap_or("");
        let words: Vec<&str> = head.split_whitespace().collect();
        let done = match key.chars().next() {
            Some('T') => Ok(()),
            Some('R') if next_rel > Annotations::MAX_ID => Err("no id is left for it".to_owned()),
            Some('R') => relation_line(&words, &spans, &by_key).map(|(kind, from, to)| {
                relations.push(Relation::manual(RelationId(next_rel), kind, from, to));
                next_rel += 1;
            }),
            Some('A') => attribute_line(&words, &mut spans, &by_key, schema),
            Some('#') => {
                let note = rest.split_once('\t').map_or("", |(_, n)| n);
                note_line(&words, note, &mut spans, &by_key)
            }
            Some('E') => Err("an event; not read".to_owned()),
            Some('N') => Err("a normalization; not read".to_owned()),
            Some('M') => Err("a modifier; not read".to_owned()),
            _ => Err("a line of unknown kind; not read".to_owned()),
        };
        if let Err(why) = done {
            warn(line, format!("{key}: {why}"));
        }
    }
    spans.sort_by_key(|s| (s.range.start, Reverse(s.range.end), s.id));
    let doc = DatasetDoc {
        id: id.to_owned(),
        text: txt.to_owned(),
        spans,
        relations,
        meta: serde_json::Map::new(),
    };
    Ok((doc, warnings))
}

#[cfg(test)]
mod tests;
