//! Plain-text boilerplate suggestions on the seed article and on the
//! PolNeAR dev texts (where article paragraphs must not be suggested).

use std::path::Path;

use marginalia::suggest::boilerplate::boilerplate_lines;

fn corpus(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

#[test]
fn seed_article_junk_is_suggested() {
    let path = corpus("seed/belarus-prisoners.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (tests need ../shared/corpus)", path.display()));
    let found: Vec<&str> = boilerplate_lines(&text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    println!("seed: {found:#?}");
    assert!(found.contains(&"Carbonatix Pre-Player Loader"));
    assert!(found.contains(&"Previous"));
    assert!(found.contains(&"Next"));
    assert!(found.iter().any(|l| l.contains("use cookies")));
    // The headline and the paragraphs stay.
    assert!(
        !found
            .iter()
            .any(|l| l.contains("releases 31 political prisoners"))
    );
    assert!(!found.iter().any(|l| l.contains("TALLINN")));
}

#[test]
fn polnear_paragraphs_are_not_suggested() {
    let dir = corpus("polnear-dev/text");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (tests need ../shared/corpus)", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let (mut lines, mut paragraphs, mut wrong) = (0, 0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for range in boilerplate_lines(&text) {
            lines += 1;
            let line = &text[range];
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            println!("{name}: {line}");
            if line.split_whitespace().count() >= 8 {
                wrong += 1;
            }
        }
        paragraphs += text.lines().filter(|l| !l.trim().is_empty()).count();
    }
    println!(
        "polnear dev: {} texts, {paragraphs} non-empty lines, {lines} suggested, {wrong} of them paragraphs of 8+ words",
        files.len()
    );
    assert!(wrong <= 2, "{wrong} paragraphs suggested as boilerplate");
}

#[test]
fn built_in_suggests_boilerplate_only_when_the_schema_has_the_label() {
    use marginalia::model::Schema;
    use marginalia::suggest::{BuiltIn, Suggester};
    let text =
        "A council voted on Thursday to keep the ferry timetable for a year.\nPrevious\nNext\n";
    let plain = BuiltIn.suggest(text, &Schema::default());
    assert!(plain.spans.iter().all(|s| s.label != "BOILERPLATE"));
    let (schema, _) = Schema::from_ron(
        r#"(labels: [(name: "BOILERPLATE", color: (120, 120, 120), hotkey: Some('9'))])"#,
    )
    .expect("schema");
    let with = BuiltIn.suggest(text, &schema);
    let junk: Vec<&str> = with
        .spans
        .iter()
        .filter(|s| s.label == "BOILERPLATE")
        .map(|s| &text[s.range.clone()])
        .collect();
    assert_eq!(junk, ["Previous", "Next"]);
}
