//! Attributes a new span starts with: the label's defaults, and what its
//! text says when it is a figure (see [`crate::model::Label::initial_attributes`]).

use std::collections::BTreeMap;

use crate::model::figure::parse_figure;
use crate::model::{AttrValue, Schema};

pub fn initial_attributes(schema: &Schema, label: &str, text: &str) -> BTreeMap<String, AttrValue> {
    schema
        .get(label)
        .map(|l| l.initial_attributes(parse_figure(text).as_ref()))
        .unwrap_or_default()
}
