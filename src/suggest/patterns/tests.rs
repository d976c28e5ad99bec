//! Tests for the pattern suggester.

use super::*;

fn load(src: &str) -> Patterns {
    match Patterns::from_jsonl(src, "rules/people.jsonl") {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

/// (matched text, label) pairs.
fn found<'t>(p: &Patterns, text: &'t str) -> Vec<(&'t str, String)> {
    let s = p.find(text);
    assert_eq!(s.suggester, "patterns:people");
    assert!(
        s.spans
            .iter()
            .all(|x| x.score == 1.0 && x.attributes.is_empty())
    );
    s.spans
        .iter()
        .map(|x| (&text[x.range.clone()], x.label.clone()))
        .collect()
}

fn texts<'t>(p: &Patterns, text: &'t str) -> Vec<&'t str> {
    found(p, text).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn phrases_match_whole_tokens_case_sensitively() {
    let p = load(
        "{\"label\": \"SOURCE\", \"pattern\": \"Viasna\"}\n\n{\"label\": \"SOURCE\", \"pattern\": \"Ales Bialiatski\", \"id\": \"ab\"}\n",
    );
    assert_eq!(p.len(), 2);
    let text = "Viasna, Viasna’s head Ales Bialiatski; not viasna, Viasnas or Ales  Bialiatskiy.";
    assert_eq!(texts(&p, text), ["Viasna", "Viasna", "Ales Bialiatski"]);
    let m = p.matches(text);
    assert_eq!((m[2].label, m[2].id), ("SOURCE", Some("ab")));
}

#[test]
fn unicode_texts_give_byte_ranges_on_char_boundaries() {
    let p = load(concat!(
        "{\"label\": \"SOURCE\", \"pattern\": \"Лукашенко\"}\n",
        "{\"label\": \"SOURCE\", \"pattern\": \"José Martí\"}\n",
        "{\"label\": \"SOURCE\", \"pattern\": \"北京\"}\n",
        "{\"label\": \"SOURCE\", \"pattern\": \"“Viasna”\"}\n",
        "{\"label\": \"EMOJI\", \"pattern\": \"👍🏽\"}\n",
    ));
    let text = "😀 «Лукашенко» said José Martí 👍🏽.\r\n我爱北京天安门。\r\n“Viasna” and \"Viasna\"";
    assert_eq!(
        texts(&p, text),
        ["Лукашенко", "José Martí", "👍🏽", "北京", "“Viasna”"]
    );
    for s in p.find(text).spans {
        assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
    }
}

#[test]
fn matches_do_not_cross_line_breaks() {
    let p = load("{\"label\": \"SOURCE\", \"pattern\": \"Ales Bialiatski\"}");
    assert!(texts(&p, "Ales\r\nBialiatski").is_empty());
    assert_eq!(texts(&p, "Ales \t Bialiatski\r\n"), ["Ales \t Bialiatski"]);
}

#[test]
fn token_patterns() {
    let p = load(concat!(
        r#"{"label": "FIGURE", "pattern": [{"LIKE_NUM": true}, {"LOWER": {"IN": ["percent", "per"]}}, {"LOWER": "cent", "OP": "?"}]}"#,
        "\n",
        r#"{"label": "MONEY", "pattern": [{"ORTH": "$"}, {"LIKE_NUM": true, "OP": "+"}, {"lower": {"IN": ["million", "billion"]}, "OP": "*"}]}"#,
        "\n",
        r#"{"label": "TITLED", "pattern": [{"TEXT": "Mr."}, {"IS_TITLE": true, "OP": "{1,2}"}]}"#,
        "\n",
        r#"{"label": "NOT", "pattern": [{"LOWER": "not"}, {"IS_PUNCT": true, "OP": "!"}, {}]}"#,
    ));
    let text = "Ten Percent, 1,200.5 per cent, $ 3 billion, Mr. John Smith Jones, not a b, not, x";
    assert_eq!(
        found(&p, text),
        [
            ("Ten Percent", "FIGURE".to_owned()),
            ("1,200.5 per cent", "FIGURE".to_owned()),
            ("$ 3 billion", "MONEY".to_owned()),
            ("Mr. John Smith", "TITLED".to_owned()),
            ("not a b", "NOT".to_owned()),
        ]
    );
}

#[test]
fn flags_and_length() {
    let p = load(concat!(
        r#"{"label": "A", "pattern": [{"IS_UPPER": true, "LENGTH": {">=": 3}}]}"#,
        "\n",
        r#"{"label": "D", "pattern": [{"IS_DIGIT": true, "LENGTH": 4}]}"#,
        "\n",
        r#"{"label": "W", "pattern": [{"IS_ALPHA": true, "IS_LOWER": true, "ORTH": {"NOT_IN": ["the"]}, "LENGTH": {"IN": [7]}}]}"#,
    ));
    assert_eq!(
        texts(&p, "NATO EU in 2024 or 12345 the reports Reports"),
        ["NATO", "2024", "reports"]
    );
}

#[test]
fn overlaps_longest_then_earliest_then_file_order() {
    let p = load(concat!(
        "{\"label\": \"A\", \"pattern\": \"a b\"}\n",
        "{\"label\": \"B\", \"pattern\": \"b c d e\"}\n",
        "{\"label\": \"C\", \"pattern\": \"a\"}\n",
        "{\"label\": \"D\", \"pattern\": \"x y\"}\n",
        "{\"label\": \"E\", \"pattern\": \"y z\"}\n",
        "{\"label\": \"F\", \"pattern\": \"q\"}\n",
        "{\"label\": \"G\", \"pattern\": \"q\"}\n",
    ));
    // "a b" loses to the longer "b c d e", after which "a" alone still fits.
    assert_eq!(
        found(&p, "a b c d e x y z q"),
        [
            ("a", "C".to_owned()),
            ("b c d e", "B".to_owned()),
            ("x y", "D".to_owned()),
            ("q", "F".to_owned()),
        ]
    );
}

#[test]
fn greedy_operators_give_every_end() {
    let p = load(
        r#"{"label": "A", "pattern": [{"LOWER": "a", "OP": "+"}, {"LOWER": "b", "OP": "*"}]}"#,
    );
    assert_eq!(texts(&p, "a A a b b c a"), ["a A a b b", "a"]);
}

#[test]
fn errors_name_file_line_and_field() {
    let cases = [
        (
            "\n{\"label\": \"A\", \"pattern\": [{\"POS\": \"NOUN\"}]}",
            ":2: \"pattern\": pattern token 0: POS: unknown",
        ),
        (
            "{\"label\": \"A\", \"pattern\": [{\"OP\": \"++\"}]}",
            ":1: \"pattern\": pattern token 0: unknown operator",
        ),
        (
            "{\"label\": \"A\", \"pattern\": [{\"LOWER\": {\"REGEX\": \"x\"}}]}",
            ":1: \"pattern\": pattern token 0: LOWER: unsupported predicate \"REGEX\"",
        ),
        (
            "{\"label\": \"A\", \"pattern\": [{\"LIKE_NUM\": \"yes\"}]}",
            "expected true or false",
        ),
        (
            "{\"label\": \"A\", \"pattern\": [{\"LOWER\": \"a\", \"OP\": \"?\"}]}",
            "can match no token",
        ),
        ("{\"label\": \"A\", \"pattern\": []}", "empty list"),
        ("{\"label\": \"A\", \"pattern\": \" … \"}", ""),
        ("{\"label\": \"A\", \"pattern\": \"  \"}", "empty phrase"),
        ("{\"label\": \"A\"}", "\"pattern\" is missing"),
        ("{\"pattern\": \"x\"}", "\"label\" is missing"),
        (
            "{\"label\": \"A\", \"pattern\": \"x\", \"id\": [1]}",
            "\"id\" is not",
        ),
        ("ok\r\n", "people.jsonl:1: not JSON"),
        (
            "{\"label\": \"A\", \"pattern\": \"x\"}\r\n\r\n[1]",
            "people.jsonl:3: not a JSON object",
        ),
    ];
    for (src, want) in cases {
        match Patterns::from_jsonl(src, "rules/people.jsonl") {
            Ok(_) if want.is_empty() => {}
            Ok(_) => panic!("{src:?} loaded"),
            Err(e) => assert!(
                !want.is_empty() && e.starts_with("rules/people.jsonl:") && e.contains(want),
                "{e}"
            ),
        }
    }
}

#[test]
fn repeat_counts() {
    let p = load(
        r#"{"label": "N", "pattern": [{"IS_DIGIT": true, "OP": "{2}"}, {"LOWER": "x", "OP": "{,1}"}]}"#,
    );
    // "2 3 x" is longer than "1 2", which it overlaps.
    assert_eq!(texts(&p, "1 2 3 x 4"), ["2 3 x"]);
    assert_eq!(texts(&p, "1 2 x 3 4 5"), ["1 2 x", "3 4"]);
    assert!(Patterns::from_jsonl(r#"{"label": "N", "pattern": [{"OP": "{0}"}]}"#, "p").is_err());
    assert!(Patterns::from_jsonl(r#"{"label": "N", "pattern": [{"OP": "{3,2}"}]}"#, "p").is_err());
}
