use serde::{Deserialize, Serialize};

/// One label of the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// sRGB colour.
    pub color: [u8; 3],
    /// Key that applies the label ('1'..'9' by default).
    #[serde(default)]
    pub hotkey: Option<char>,
}

/// The labels a document may use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub labels: Vec<Label>,
}

impl Default for Schema {
    fn default() -> Self {
        let label = |name: &str, description: &str, color, hotkey| Label {
            name: name.to_owned(),
            description: description.to_owned(),
            color,
            hotkey: Some(hotkey),
        };
        Self {
            labels: vec![
                label("QUOTE", "What was said", [66, 133, 244], '1'),
                label("SOURCE", "Who said it", [219, 68, 55], '2'),
                label(
                    "FIGURE",
                    "A number: count, money, percentage",
                    [244, 160, 0],
                    '3',
                ),
            ],
        }
    }
}

impl Schema {
    /// Parses a schema written in RON, e.g.
    /// `(labels: [(name: "QUOTE", color: (66, 133, 244), hotkey: Some('1'))])`.
    pub fn from_ron(text: &str) -> Result<Self, String> {
        let schema: Schema = ron::from_str(text).map_err(|e| e.to_string())?;
        schema.check()?;
        Ok(schema)
    }

    /// Keys that other commands use and labels may not take.
    pub const RESERVED_KEYS: &'static [char] = &['L', 'R', 'W'];

    /// Label names must be unique and non-empty; hotkeys unique, an ASCII
    /// letter or digit, and not one of [`Self::RESERVED_KEYS`].
    pub fn check(&self) -> Result<(), String> {
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.trim().is_empty() {
                return Err(format!("label {} has an empty name", i + 1));
            }
            if let Some(key) = label.hotkey {
                if !key.is_ascii_alphanumeric() || key == '0' {
                    return Err(format!(
                        "label {}: hotkey {key:?} must be a digit 1-9 or a letter",
                        label.name
                    ));
                }
                if Self::RESERVED_KEYS.contains(&key.to_ascii_uppercase()) {
                    return Err(format!(
                        "label {}: hotkey {key:?} is taken by another command (L, R, W)",
                        label.name
                    ));
                }
            }
            for other in &self.labels[..i] {
                if other.name == label.name {
                    return Err(format!("label {} is defined twice", label.name));
                }
                if label.hotkey.is_some() && other.hotkey == label.hotkey {
                    return Err(format!(
                        "labels {} and {} share the hotkey {:?}",
                        other.name,
                        label.name,
                        label.hotkey.unwrap_or_default()
                    ));
                }
            }
        }
        Ok(())
    }

    /// Adds a grey label without a hotkey for each name the schema lacks
    /// (labels found in a file whose schema does not list them).
    pub fn add_missing<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            if self.get(name).is_none() {
                self.labels.push(Label {
                    name: name.to_owned(),
                    description: String::new(),
                    color: [128, 128, 128],
                    hotkey: None,
                });
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.hotkey.map(|k| k.to_ascii_uppercase()) == Some(key.to_ascii_uppercase()))
    }

    /// Colour of a label; grey for a label the schema does not know.
    pub fn color(&self, name: &str) -> [u8; 3] {
        self.get(name).map_or([128, 128, 128], |l| l.color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_has_three_labels_with_hotkeys() {
        let s = Schema::default();
        assert_eq!(s.by_hotkey('1').map(|l| l.name.as_str()), Some("QUOTE"));
        assert_eq!(s.by_hotkey('2').map(|l| l.name.as_str()), Some("SOURCE"));
        assert_eq!(s.by_hotkey('3').map(|l| l.name.as_str()), Some("FIGURE"));
        assert!(s.check().is_ok());
    }

    #[test]
    fn loads_from_ron_and_rejects_duplicates() {
        let text = r#"(labels: [(name: "CLAIM", color: (1, 2, 3), hotkey: Some('4'))])"#;
        let s = Schema::from_ron(text).expect("parses");
        assert_eq!(s.labels[0].name, "CLAIM");
        assert_eq!(s.labels[0].hotkey, Some('4'));
        let dup = r#"(labels: [(name: "A", color: (1, 2, 3)), (name: "A", color: (1, 2, 3))])"#;
        assert!(Schema::from_ron(dup).unwrap_err().contains("twice"));
        let reserved = r#"(labels: [(name: "A", color: (1, 2, 3), hotkey: Some('l'))])"#;
        assert!(Schema::from_ron(reserved).unwrap_err().contains("taken"));
        let odd = r#"(labels: [(name: "A", color: (1, 2, 3), hotkey: Some('é'))])"#;
        assert!(Schema::from_ron(odd).is_err());
    }
}
