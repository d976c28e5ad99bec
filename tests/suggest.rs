//! Suggestions become pending spans and links through one command.

use std::collections::BTreeMap;

use marginalia::model::{AttrValue, Document, Origin, Schema, Session, Status};
use marginalia::suggest::{SuggestedSpan, Suggestions, pending_command};

const TEXT: &str = "“We will open in May,” said Mara Quinn. Costs rose 12% to €4,5 million.";

fn at(needle: &str) -> std::ops::Range<usize> {
    let s = TEXT.find(needle).expect("in the text");
    s..s + needle.len()
}

fn span(needle: &str, label: &str) -> SuggestedSpan {
    SuggestedSpan {
        range: at(needle),
        label: label.into(),
        score: 0.8,
        attributes: BTreeMap::new(),
    }
}

fn suggestions() -> Suggestions {
    Suggestions {
        suggester: "test".into(),
        spans: vec![
            span("“We will open in May,”", "QUOTE"),
            span("Mara Quinn", "SOURCE"),
            span("12%", "FIGURE"),
            span("12%", "FIGURE"),
        ],
        relations: vec![(0, 1, "said_by".into())],
    }
}

#[test]
fn suggestions_arrive_pending_in_one_undo_step_and_are_not_repeated() {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut session = Session::empty(doc, Schema::default());
    let cmd = pending_command(&mut session, &[suggestions()]).expect("something to add");
    session.execute(cmd).expect("applies");
    let ann = session.annotations();
    assert_eq!(ann.len(), 3, "the repeated FIGURE is added once");
    assert!(ann.spans().all(|s| s.status == Status::Pending));
    assert!(
        ann.spans().all(
            |s| matches!(&s.origin, Origin::Suggested { suggester, .. } if suggester == "test")
        )
    );
    let rels: Vec<_> = ann.relations().collect();
    assert_eq!(rels.len(), 1);
    assert_eq!(
        (rels[0].kind.as_str(), rels[0].status),
        ("said_by", Status::Pending)
    );
    assert_eq!(ann.label_group("QUOTE").map(|g| g.pending()), Some(1));
    // Suggesting again adds nothing.
    assert_eq!(pending_command(&mut session, &[suggestions()]), None);
    // One undo takes the batch back whole.
    session.undo().expect("undo");
    assert!(session.annotations().is_empty());
}

#[test]
fn attributes_of_suggestions_are_kept() {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut session = Session::empty(doc, Schema::default());
    let mut s = suggestions();
    s.spans[2]
        .attributes
        .insert("value".into(), AttrValue::Int(12));
    let cmd = pending_command(&mut session, std::slice::from_ref(&s)).expect("something to add");
    session.execute(cmd).expect("applies");
    let fig = session
        .annotations()
        .spans()
        .find(|sp| sp.label == "FIGURE")
        .expect("figure");
    assert_eq!(fig.attributes.get("value"), Some(&AttrValue::Int(12)));
}

fn filter(input: &str, threads: &str) -> (String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["suggest", "--jsonl", "--threads", threads])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run marginalia");
    let mut stdin = child.stdin.take().expect("stdin");
    let owned = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(owned.as_bytes()));
    let out = child.wait_with_output().expect("output");
    writer.join().expect("writer").expect("write");
    assert!(out.status.success());
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

#[test]
fn the_jsonl_filter_answers_every_line_in_order_and_marks_a_bad_one() {
    let mut input = String::new();
    for i in 0..1500 {
        if i == 700 {
            input.push_str("{\"id\": 700, \"text\": \n");
            continue;
        }
        let line = serde_json::json!({"id": i, "text": format!("“We will open in May,” said Zoë Ibáñez {i}. Costs rose 12%.")});
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let (one, err) = filter(&input, "1");
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 1500);
    assert!(err.contains("line 701"), "{err}");
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each output line is JSON");
        if i == 700 {
            assert!(v["error"].is_string() && v["line"] == 701, "{line}");
        } else {
            assert_eq!(v["id"], i, "order kept");
            for s in v["spans"].as_array().expect("spans") {
                let text: Vec<char> = v["text"].as_str().unwrap_or("").chars().collect();
                let (a, b) = (
                    s["start"].as_u64().unwrap_or(0) as usize,
                    s["end"].as_u64().unwrap_or(0) as usize,
                );
                assert_eq!(
                    text[a..b].iter().collect::<String>(),
                    s["text"].as_str().unwrap_or("")
                );
            }
        }
    }
    let (two, _) = filter(&input, "2");
    assert_eq!(two, one, "--threads 2 writes the same bytes");
}

#[test]
fn the_built_in_rules_find_a_quote_its_speaker_and_a_figure() {
    use marginalia::suggest::{BuiltIn, Suggester};
    let text = "The council met on Tuesday.\n\n“We will open the new bridge in May,” said Mara Quinn, the harbour master. \
                It will cost more than 40 million euros.\n";
    let found = BuiltIn.suggest(text, &Schema::default());
    let spans: Vec<(&str, &str)> = found
        .spans
        .iter()
        .map(|s| (s.label.as_str(), &text[s.range.clone()]))
        .collect();
    assert!(
        spans.contains(&("QUOTE", "“We will open the new bridge in May,”")),
        "{spans:?}"
    );
    assert!(spans.contains(&("SOURCE", "Mara Quinn")), "{spans:?}");
    assert!(
        spans
            .iter()
            .any(|(l, t)| *l == "FIGURE" && t.contains("40 million")),
        "{spans:?}"
    );
    let link = found
        .relations
        .iter()
        .map(|(a, b, k)| {
            (
                &text[found.spans[*a].range.clone()],
                &text[found.spans[*b].range.clone()],
                k.as_str(),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        link,
        [(
            "“We will open the new bridge in May,”",
            "Mara Quinn",
            "said_by"
        )]
    );
    // A schema without QUOTE gets no quotes.
    let mut schema = Schema::default();
    schema.relations.clear();
    schema.labels.retain(|l| l.name == "FIGURE");
    let only = BuiltIn.suggest(text, &schema);
    assert!(only.spans.iter().all(|s| s.label == "FIGURE") && !only.spans.is_empty());
}
