//! Document metadata from `<meta>` tags and JSON-LD: title, byline, date,
//! URL and site name.

use std::collections::BTreeMap;

use serde_json::Value;

use super::dom::Head;
use super::layout::collapse;

/// Metadata found in the page, each value cleaned; keys absent when unknown.
pub(crate) fn metadata(head: &Head) -> BTreeMap<String, String> {
    let ld = json_ld_article(&head.json_ld);
    let mut meta = BTreeMap::new();
    let mut put = |key: &str, values: &[Option<String>]| {
        if let Some(value) = values
            .iter()
            .flatten()
            .map(|v| collapse(v))
            .find(|v| !v.is_empty())
        {
            meta.insert(key.to_string(), value);
        }
    };
    let tag = |names: &[&str]| {
        names.iter().find_map(|name| {
            head.metas
                .iter()
                .find(|(key, value)| key == name && !value.trim().is_empty())
                .map(|(_, value)| value.clone())
        })
    };
    let ld_str = |key: &str| ld.as_ref().and_then(|v| text_of(v.get(key)?));
    put(
        "title",
        &[
            tag(&["og:title", "twitter:title"]),
            ld_str("headline"),
            ld_str("name"),
        ],
    );
    let meta_author = tag(&[
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
    ])
    .filter(|a| !a.starts_with("http"));
    put(
        "byline",
        &[
            ld.as_ref().and_then(|v| names(v.get("author")?)),
            meta_author,
        ],
    );
    put(
        "date",
        &[
            ld_str("datePublished"),
            tag(&[
                "article:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
                "parsely-pub-date",
                "og:published_time",
            ]),
            ld_str("dateCreated"),
        ],
    );
    put(
        "url",
        &[
            tag(&["og:url"]),
            head.canonical.clone(),
            ld_str("url"),
            ld.as_ref()
                .and_then(|v| v.get("mainEntityOfPage"))
                .and_then(|m| text_of(m).or_else(|| text_of(m.get("@id")?))),
        ],
    );
    put(
        "site",
        &[
            tag(&["og:site_name", "application-name"]),
            ld.as_ref()
                .and_then(|v| text_of(v.get("publisher")?.get("name")?)),
        ],
    );
    meta
}

/// The first JSON-LD object whose `@type` names an article, searching
/// arrays and `@graph` lists (iteratively: JSON-LD may nest deeply).
fn json_ld_article(blocks: &[String]) -> Option<Value> {
    for block in blocks {
        let Ok(value) = serde_json::from_str::<Value>(block.trim()) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if map.get("@type").is_some_and(is_article_type) {
                        return Some(Value::Object(map));
                    }
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn is_article_type(value: &Value) -> bool {
    match value {
        Value::String(name) => name.contains("Article") || name == "BlogPosting",
        Value::Array(items) => items.iter().any(is_article_type),
        _ => false,
    }
}

/// A string value, or the first string of an array.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

/// Author names: a string, an object with `name`, or a list of these,
/// joined with ", ".
fn names(value: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.get("name").and_then(text_of),
        _ => None,
    };
    let all: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let all: Vec<String> = all
        .into_iter()
        .map(|name| collapse(&name))
        .filter(|name| !name.is_empty())
        .collect();
    (!all.is_empty()).then(|| all.join(", "))
}
