//! The label schema: labels with their typed attributes and guidelines, and
//! the relation types that may link spans.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::figure::Figure;
use super::span::AttrValue;

/// The type of an attribute's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttrKind {
    /// One of a fixed list of words.
    Choice(Vec<String>),
    Text,
    Number,
    Bool,
}

impl AttrKind {
    pub fn name(&self) -> &'static str {
        match self {
            AttrKind::Choice(_) => "choice",
            AttrKind::Text => "text",
            AttrKind::Number => "number",
            AttrKind::Bool => "boolean",
        }
    }

    /// True when `value` is a value of this type.
    pub fn admits(&self, value: &AttrValue) -> bool {
        match (self, value) {
            (AttrKind::Choice(options), AttrValue::Text(t)) => options.contains(t),
            (AttrKind::Text, AttrValue::Text(_)) | (AttrKind::Bool, AttrValue::Bool(_)) => true,
            (AttrKind::Number, v) => v.as_number().is_some_and(f64::is_finite),
            _ => false,
        }
    }
}

/// One attribute a label's spans carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttrDef {
    pub name: String,
    pub kind: AttrKind,
    /// Given to new spans of the label.
    #[serde(default)]
    pub default: Option<AttrValue>,
}

/// What a label means, for annotators: shown beside the label chip and the span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Guidelines {
    pub definition: String,
    /// Short texts that are tagged with the label.
    pub positive: Vec<String>,
    /// Short texts that are not.
    pub negative: Vec<String>,
}

impl Guidelines {
    pub fn is_empty(&self) -> bool {
        self.definition.is_empty() && self.positive.is_empty() && self.negative.is_empty()
    }
}

/// One label of the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// sRGB colour.
    pub color: [u8; 3],
    /// Key that applies the label ('1'..'9' by default).
    #[serde(default)]
    pub hotkey: Option<char>,
    #[serde(default)]
    pub attributes: Vec<AttrDef>,
    #[serde(default)]
    pub guidelines: Guidelines,
}

impl Label {
    pub fn new(name: &str, color: [u8; 3], hotkey: Option<char>) -> Self {
        Self {
            name: name.to_owned(),
            description: String::new(),
            color,
            hotkey,
            attributes: Vec::new(),
            guidelines: Guidelines::default(),
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&AttrDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attributes a new span of this label starts with: the defaults,
    /// and, when the label has a number attribute `value`, what `figure`
    /// says (value, and `unit` / `approximate` where the label has them).
    pub fn initial_attributes(&self, figure: Option<&Figure>) -> BTreeMap<String, AttrValue> {
        let mut attrs: BTreeMap<String, AttrValue> = self
            .attributes
            .iter()
            .filter_map(|a| Some((a.name.clone(), a.default.clone()?)))
            .collect();
        let typed =
            |name: &str, kind: &AttrKind| self.attribute(name).is_some_and(|a| a.kind == *kind);
        if let Some(fig) = figure.filter(|_| typed("value", &AttrKind::Number)) {
            attrs.insert("value".to_owned(), AttrValue::number(fig.value));
            if typed("unit", &AttrKind::Text) {
                let unit = fig.unit.clone().unwrap_or_default();
                attrs.insert("unit".to_owned(), AttrValue::Text(unit));
            }
            if typed("approximate", &AttrKind::Bool) {
                attrs.insert("approximate".to_owned(), AttrValue::Bool(fig.approximate));
            }
        }
        attrs
    }
}

/// A kind of link between spans, e.g. `said_by` from a QUOTE to a SOURCE.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationType {
    pub name: String,
    /// Labels the relation may start from.
    pub from: Vec<String>,
    /// Labels it may point to.
    pub to: Vec<String>,
    pub color: [u8; 3],
    /// Picks this type when a link could have several.
    #[serde(default)]
    pub hotkey: Option<char>,
    /// Every accepted span of a `from` label should have one (a QUOTE needs its source).
    #[serde(default)]
    pub required: bool,
}

impl RelationType {
    pub fn allows(&self, from_label: &str, to_label: &str) -> bool {
        self.from.iter().any(|l| l == from_label) && self.to.iter().any(|l| l == to_label)
    }
}

/// The labels a document may use and the relations between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub labels: Vec<Label>,
    #[serde(default)]
    pub relations: Vec<RelationType>,
}

fn choice(name: &str, options: &[&str], default: &str) -> AttrDef {
    AttrDef {
        name: name.to_owned(),
        kind: AttrKind::Choice(options.iter().map(|o| (*o).to_owned()).collect()),
        default: Some(AttrValue::Text(default.to_owned())),
    }
}

fn guide(definition: &str, positive: &[&str], negative: &[&str]) -> Guidelines {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    Guidelines {
        definition: definition.to_owned(),
        positive: owned(positive),
        negative: owned(negative),
    }
}

impl Default for Schema {
    fn default() -> Self {
        let mut quote = Label::new("QUOTE", [66, 133, 244], Some('1'));
        quote.description = "What was said".to_owned();
        quote.attributes = vec![choice(
            "kind",
            &["direct", "indirect", "mixed", "partial"],
            "direct",
        )];
        quote.guidelines = guide(
            "Words a source said or wrote, quoted directly (with the quotation marks \
             and the punctuation inside them) or reported (\"said that …\").",
            &[
                "“We will rebuild the bridge,”",
                "that the vote would be delayed",
            ],
            &["so-called “reforms” (scare quotes)", "the headline"],
        );
        let mut source = Label::new("SOURCE", [219, 68, 55], Some('2'));
        source.description = "Who said it".to_owned();
        source.attributes = vec![choice(
            "type",
            &["person", "organisation", "document", "anonymous", "other"],
            "person",
        )];
        source.guidelines = guide(
            "The person, organisation or document a quote comes from: the name, or \
             the pronoun when no name is near (\"she said\").",
            &["Pavel Sapelka", "the ministry", "a spokesperson"],
            &[
                "the reporter writing the story",
                "titles alone (\"minister\")",
            ],
        );
        let mut figure = Label::new("FIGURE", [200, 120, 0], Some('3'));
        figure.description = "A number: count, money, percentage".to_owned();
        figure.attributes = vec![
            AttrDef {
                name: "value".to_owned(),
                kind: AttrKind::Number,
                default: None,
            },
            AttrDef {
                name: "unit".to_owned(),
                kind: AttrKind::Text,
                default: Some(AttrValue::Text(String::new())),
            },
            AttrDef {
                name: "approximate".to_owned(),
                kind: AttrKind::Bool,
                default: Some(AttrValue::Bool(false)),
            },
        ];
        figure.guidelines = guide(
            "A quantity: a count, an amount of money, a percentage or a range, with \
             its qualifier and unit.",
            &["more than 100 people", "$5bn", "30 percent"],
            &["2020 (a year)", "sixth term (an ordinal)"],
        );
        let relation = |name: &str, from: &str, color, hotkey, required| RelationType {
            name: name.to_owned(),
            from: vec![from.to_owned()],
            to: vec!["SOURCE".to_owned()],
            color,
            hotkey: Some(hotkey),
            required,
        };
        Self {
            labels: vec![quote, source, figure],
            relations: vec![
                relation("said_by", "QUOTE", [15, 157, 88], 's', true),
                relation("attributed_to", "FIGURE", [0, 150, 136], 't', false),
            ],
        }
    }
}

/// WCAG contrast ratio of two sRGB colours.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let lum = |c: [u8; 3]| {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

impl Schema {
    /// Parses a schema written in RON, e.g.
    /// `(labels: [(name: "QUOTE", color: (66, 133, 244), hotkey: Some('1'))])`.
    /// Reserved hotkeys are dropped; the warnings say which.
    pub fn from_ron(text: &str) -> Result<(Self, Vec<String>), String> {
        let mut schema: Schema = ron::from_str(text).map_err(|e| e.to_string())?;
        let warnings = schema.drop_reserved_hotkeys();
        schema.check()?;
        Ok((schema, warnings))
    }

    /// Keys that other commands use and labels may not take.
    pub const RESERVED_KEYS: &'static [char] = &['A', 'C', 'E', 'K', 'L', 'M', 'R', 'V', 'W', 'X'];

    /// Background colours of the light and dark themes, which label colours must read on.
    const BACKGROUNDS: [([u8; 3], &'static str); 2] =
        [([248, 248, 248], "light"), ([27, 27, 27], "dark")];

    /// Removes hotkeys that clash with the app's own keys, with a warning for each.
    pub fn drop_reserved_hotkeys(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut keys: Vec<(&str, &mut Option<char>)> = self
            .labels
            .iter_mut()
            .map(|l| (l.name.as_str(), &mut l.hotkey))
            .chain(
                self.relations
                    .iter_mut()
                    .map(|r| (r.name.as_str(), &mut r.hotkey)),
            )
            .collect();
        for (name, key) in &mut keys {
            if let Some(k) = **key
                && Self::RESERVED_KEYS.contains(&k.to_ascii_uppercase())
            {
                warnings.push(format!(
                    "{name}: hotkey {k:?} is one of the app's own keys (A, C, E, K, L, M, R, V, W, X); \
                     it was dropped"
                ));
                **key = None;
            }
        }
        warnings
    }

    /// Names unique and non-empty; hotkeys unique, an ASCII letter or digit,
    /// not reserved; attributes well formed; relation types naming known labels.
    pub fn check(&self) -> Result<(), String> {
        let mut keys: Vec<(char, String)> = Vec::new();
        let mut check_key = |owner: &str, key: Option<char>| -> Result<(), String> {
            let Some(key) = key else { return Ok(()) };
            if !key.is_ascii_alphanumeric() || key == '0' {
                return Err(format!(
                    "{owner}: hotkey {key:?} must be a digit 1-9 or a letter"
                ));
            }
            if Self::RESERVED_KEYS.contains(&key.to_ascii_uppercase()) {
                return Err(format!(
                    "{owner}: hotkey {key:?} is taken by another command (A, C, E, K, L, M, R, V, W, X)"
                ));
            }
            let upper = key.to_ascii_uppercase();
            if let Some((_, other)) = keys.iter().find(|(k, _)| *k == upper) {
                return Err(format!("{other} and {owner} share the hotkey {key:?}"));
            }
            keys.push((upper, owner.to_owned()));
            Ok(())
        };
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.trim().is_empty() {
                return Err(format!("label {} has an empty name", i + 1));
            }
            if self.labels[..i].iter().any(|o| o.name == label.name) {
                return Err(format!("label {} is defined twice", label.name));
            }
            check_key(&label.name, label.hotkey)?;
            for (j, attr) in label.attributes.iter().enumerate() {
                let at = format!("label {}, attribute {:?}", label.name, attr.name);
                if attr.name.trim().is_empty() {
                    return Err(format!(
                        "label {}: attribute {} has no name",
                        label.name,
                        j + 1
                    ));
                }
                if label.attributes[..j].iter().any(|a| a.name == attr.name) {
                    return Err(format!("{at} is defined twice"));
                }
                if matches!(&attr.kind, AttrKind::Choice(o) if o.is_empty()) {
                    return Err(format!("{at}: a choice needs at least one option"));
                }
                if let Some(d) = &attr.default
                    && !attr.kind.admits(d)
                {
                    return Err(format!(
                        "{at}: default {} is not a {}",
                        d.display(),
                        attr.kind.name()
                    ));
                }
            }
        }
        for (i, rel) in self.relations.iter().enumerate() {
            if rel.name.trim().is_empty() {
                return Err(format!("relation type {} has an empty name", i + 1));
            }
            if self.relations[..i].iter().any(|o| o.name == rel.name) {
                return Err(format!("relation type {} is defined twice", rel.name));
            }
            check_key(&rel.name, rel.hotkey)?;
            if rel.from.is_empty() || rel.to.is_empty() {
                return Err(format!(
                    "relation type {}: needs at least one label on each side",
                    rel.name
                ));
            }
            if let Some(l) = rel
                .from
                .iter()
                .chain(&rel.to)
                .find(|l| self.get(l).is_none())
            {
                return Err(format!("relation type {}: there is no label {l}", rel.name));
            }
        }
        Ok(())
    }

    /// Colours that are hard to read on the light or the dark theme, one line each.
    pub fn unreadable_colors(&self) -> Vec<String> {
        let named = self
            .labels
            .iter()
            .map(|l| (&l.name, l.color))
            .chain(self.relations.iter().map(|r| (&r.name, r.color)));
        let mut out = Vec::new();
        for (name, color) in named {
            for (bg, theme) in Self::BACKGROUNDS {
                let ratio = contrast(color, bg);
                if ratio < 3.0 {
                    out.push(format!(
                        "{name}: the colour is hard to read on the {theme} theme \
                         (contrast {ratio:.1}, needs 3.0)"
                    ));
                }
            }
        }
        out
    }

    /// Adds a grey label without a hotkey for each name the schema lacks
    /// (labels found in a file whose schema does not list them).
    pub fn add_missing<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            if self.get(name).is_none() {
                self.labels.push(Label::new(name, [128, 128, 128], None));
            }
        }
    }

    /// Adds a relation type allowing any label to any label for each name
    /// the schema lacks (relations found in a file whose schema lacks them).
    pub fn add_missing_relations<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            if self.relation(name).is_none() {
                let all: Vec<String> = self.labels.iter().map(|l| l.name.clone()).collect();
                self.relations.push(RelationType {
                    name: name.to_owned(),
                    from: all.clone(),
                    to: all,
                    color: [128, 128, 128],
                    hotkey: None,
                    required: false,
                });
            }
        }
    }

    /// A schema from a file of format version 1, which had labels only:
    /// default labels get their default attributes and guidelines, and the
    /// default relation types are added where their labels exist.
    pub fn upgraded_from_v1(mut self) -> Self {
        let defaults = Schema::default();
        for label in &mut self.labels {
            if let Some(d) = defaults.get(&label.name)
                && label.attributes.is_empty()
                && label.guidelines.is_empty()
            {
                label.attributes = d.attributes.clone();
                label.guidelines = d.guidelines.clone();
            }
        }
        for mut rel in defaults.relations {
            let known = rel
                .from
                .iter()
                .chain(&rel.to)
                .all(|l| self.get(l).is_some());
            if known && self.relation(&rel.name).is_none() {
                // Version 1 let labels take any letter: theirs win.
                if rel.hotkey.is_some_and(|k| self.by_hotkey(k).is_some()) {
                    rel.hotkey = None;
                }
                self.relations.push(rel);
            }
        }
        self
    }

    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn relation(&self, name: &str) -> Option<&RelationType> {
        self.relations.iter().find(|r| r.name == name)
    }

    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.hotkey.map(|k| k.to_ascii_uppercase()) == Some(key.to_ascii_uppercase()))
    }

    /// Relation types that may link a span of `from` to one of `to`.
    pub fn relations_between(&self, from: &str, to: &str) -> Vec<&RelationType> {
        self.relations
            .iter()
            .filter(|r| r.allows(from, to))
            .collect()
    }

    /// Colour of a label; grey for a label the schema does not know.
    pub fn color(&self, name: &str) -> [u8; 3] {
        self.get(name).map_or([128, 128, 128], |l| l.color)
    }

    /// Colour of a relation type; grey for one the schema does not know.
    pub fn relation_color(&self, name: &str) -> [u8; 3] {
        self.relation(name).map_or([128, 128, 128], |r| r.color)
    }

    /// The schema with label `from` called `to`, in relation types too.
    pub fn with_label_renamed(&self, from: &str, to: &str) -> Self {
        let mut s = self.clone();
        let rename = |n: &mut String| {
            if n == from {
                *n = to.to_owned();
            }
        };
        s.labels.iter_mut().for_each(|l| rename(&mut l.name));
        for r in &mut s.relations {
            r.from.iter_mut().chain(r.to.iter_mut()).for_each(rename);
        }
        s
    }

    /// The schema with relation type `from` called `to`.
    pub fn with_relation_renamed(&self, from: &str, to: &str) -> Self {
        let mut s = self.clone();
        for r in s.relations.iter_mut().filter(|r| r.name == from) {
            to.clone_into(&mut r.name);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_has_three_labels_two_relations_and_readable_colours() {
        let s = Schema::default();
        assert_eq!(s.by_hotkey('1').map(|l| l.name.as_str()), Some("QUOTE"));
        assert_eq!(s.by_hotkey('2').map(|l| l.name.as_str()), Some("SOURCE"));
        assert_eq!(s.by_hotkey('3').map(|l| l.name.as_str()), Some("FIGURE"));
        assert!(
            s.relation("said_by")
                .is_some_and(|r| r.allows("QUOTE", "SOURCE"))
        );
        assert!(
            s.relation("attributed_to")
                .is_some_and(|r| r.allows("FIGURE", "SOURCE"))
        );
        assert_eq!(s.check(), Ok(()));
        assert!(
            s.unreadable_colors().is_empty(),
            "{:?}",
            s.unreadable_colors()
        );
        let pale = Schema {
            labels: vec![Label::new("PALE", [250, 240, 200], None)],
            relations: vec![],
        };
        assert!(pale.unreadable_colors()[0].contains("light theme"));
    }

    #[test]
    fn loads_from_ron_rejects_duplicates_and_drops_reserved_keys() {
        let text = r#"(labels: [(name: "CLAIM", color: (1, 2, 3), hotkey: Some('4'))])"#;
        let (s, warnings) = Schema::from_ron(text).expect("parses");
        assert_eq!(s.labels[0].name, "CLAIM");
        assert_eq!(s.labels[0].hotkey, Some('4'));
        assert!(warnings.is_empty());
        let dup = r#"(labels: [(name: "A", color: (1, 2, 3)), (name: "A", color: (1, 2, 3))])"#;
        assert!(Schema::from_ron(dup).unwrap_err().contains("twice"));
        let reserved = r#"(labels: [(name: "A", color: (1, 2, 3), hotkey: Some('k'))])"#;
        let (s, warnings) = Schema::from_ron(reserved).expect("a warning, not an error");
        assert_eq!(s.labels[0].hotkey, None);
        assert!(warnings[0].contains("'k'"), "{warnings:?}");
        let odd = r#"(labels: [(name: "A", color: (1, 2, 3), hotkey: Some('é'))])"#;
        assert!(Schema::from_ron(odd).is_err());
        let bad_rel = r#"(labels: [(name: "A", color: (1, 2, 3))],
            relations: [(name: "r", from: ["A"], to: ["B"], color: (1, 2, 3))])"#;
        assert!(
            Schema::from_ron(bad_rel)
                .unwrap_err()
                .contains("no label B")
        );
        let bad_default = r#"(labels: [(name: "A", color: (1, 2, 3), attributes: [
            (name: "n", kind: number, default: Some(text("x")))])])"#;
        assert!(
            Schema::from_ron(bad_default)
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn a_version_1_schema_gets_defaults_and_keeps_its_own_hotkeys() {
        let mut v1 = Schema::default();
        v1.relations.clear();
        for l in &mut v1.labels {
            l.attributes.clear();
            l.guidelines = Guidelines::default();
        }
        v1.labels[1].hotkey = Some('s');
        let up = v1.upgraded_from_v1();
        assert_eq!(up.check(), Ok(()));
        assert_eq!(up.relation("said_by").map(|r| r.hotkey), Some(None));
        assert_eq!(
            up.relation("attributed_to").and_then(|r| r.hotkey),
            Some('t')
        );
        assert!(
            up.get("FIGURE")
                .is_some_and(|l| l.attribute("value").is_some())
        );
    }

    #[test]
    fn renaming_a_label_renames_it_in_relation_types() {
        let s = Schema::default().with_label_renamed("SOURCE", "SPEAKER");
        assert!(s.get("SPEAKER").is_some() && s.get("SOURCE").is_none());
        assert!(
            s.relation("said_by")
                .is_some_and(|r| r.allows("QUOTE", "SPEAKER"))
        );
        assert_eq!(s.check(), Ok(()));
    }
}
