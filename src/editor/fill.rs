//! Attributes a new span starts with: the schema's defaults, and for a
//! span whose label has a number attribute `value`, what its text says
//! (value, unit, approximate), parsed by [`crate::model::figure`].

use std::collections::BTreeMap;

use crate::model::figure::parse_figure;
use crate::model::{AttrKind, AttrValue, Schema};

pub fn initial_attributes(schema: &Schema, label: &str, text: &str) -> BTreeMap<String, AttrValue> {
    let mut attrs = BTreeMap::new();
    let Some(def) = schema.get(label) else {
        return attrs;
    };
    for a in &def.attributes {
        if let Some(d) = &a.default {
            attrs.insert(a.name.clone(), d.clone());
        }
    }
    let wants_value = def
        .attribute("value")
        .is_some_and(|a| a.kind == AttrKind::Number);
    if let Some(fig) = parse_figure(text).filter(|_| wants_value) {
        let value = if fig.value.fract() == 0.0 && fig.value.abs() < 9.0e15 {
            AttrValue::Int(fig.value as i64)
        } else {
            AttrValue::Float(fig.value)
        };
        attrs.insert("value".to_owned(), value);
        if let Some(a) = def.attribute("unit").filter(|a| a.kind == AttrKind::Text) {
            attrs.insert(
                a.name.clone(),
                AttrValue::Text(fig.unit.unwrap_or_default()),
            );
        }
        if let Some(a) = def
            .attribute("approximate")
            .filter(|a| a.kind == AttrKind::Bool)
        {
            attrs.insert(a.name.clone(), AttrValue::Bool(fig.approximate));
        }
    }
    attrs
}
