//! Unit tests of the extractor on small hand-written pages.

use super::extract;

const SAMPLE: &str = include_str!("../../../assets/samples/ferry-timetable.html");

#[test]
fn sample_keeps_title_and_body() {
    let page = extract(SAMPLE);
    let title = "Island ferry keeps winter timetable after “noisy” meeting";
    assert_eq!(page.title, title);
    let paragraphs: Vec<&str> = page.text.split("\n\n").collect();
    assert_eq!(paragraphs[0], title);
    assert!(paragraphs[1].starts_with("The council’s transport committee voted"));
    assert!(paragraphs.contains(&"What changes in spring"));
    assert!(page.text.contains("«Пором — це наш автобус»"));
    assert!(page.text.contains("船がもっと欲しい"));
    assert!(page.text.contains("a boat with a 🚢."));
    assert!(page.text.contains("Annick Lefèvre"));
    assert!(
        paragraphs
            .last()
            .is_some_and(|p| p.starts_with("The committee will review"))
    );
    assert_eq!(paragraphs.len(), 8, "{paragraphs:#?}");
}

#[test]
fn sample_drops_boilerplate() {
    let text = extract(SAMPLE).text;
    for junk in [
        "cookies",
        "Accept all",
        "Subscribe",
        "Weather",
        "Advertisement",
        "Related stories",
        "Pier repairs",
        "Share on",
        "Previous",
        "Next",
        "All rights reserved",
        "enable JavaScript",
        "not text",
        "dataLayer",
        "font-family",
        "By Mira",
    ] {
        assert!(!text.contains(junk), "{junk:?} left in:\n{text}");
    }
    for line in text.lines() {
        assert_eq!(line, line.trim_end(), "trailing space");
        assert!(!line.contains("  "), "double space in {line:?}");
    }
}

#[test]
fn sample_metadata() {
    let meta = extract(SAMPLE).meta;
    let get = |k: &str| meta.get(k).map(String::as_str);
    assert_eq!(
        get("title"),
        Some("Island ferry keeps winter timetable after “noisy” meeting")
    );
    assert_eq!(get("byline"), Some("Mira Colquhoun, Tomás Ñúñez"));
    assert_eq!(get("date"), Some("2026-02-14T08:30:00Z"));
    assert_eq!(
        get("url"),
        Some("https://courier.example/news/2026/ferry-timetable")
    );
    assert_eq!(get("site"), Some("The Harbour Courier"));
    assert_eq!(get("extractor"), Some(super::EXTRACTOR));
}

#[test]
fn title_falls_back_to_h1_then_title_tag() {
    let body = "<p>One long paragraph of plain words, with commas, so that it scores as text.</p>";
    let page = extract(&format!(
        "<html><head><title>Longer tag title - Example News</title></head><body><h1> Heading\n title </h1>{body}</body></html>"
    ));
    assert_eq!(page.title, "Heading title");
    let page = extract(&format!(
        "<html><head><title>Longer tag title | Example News</title></head><body>{body}</body></html>"
    ));
    assert_eq!(page.title, "Longer tag title");
    assert!(
        page.text
            .starts_with("Longer tag title\n\nOne long paragraph")
    );
}

#[test]
fn output_is_deterministic() {
    assert_eq!(extract(SAMPLE), extract(SAMPLE));
}

#[test]
fn bad_input_gives_empty_text() {
    for html in [
        "",
        "   ",
        "not html at all",
        "\u{1}\u{2}\u{3}",
        "<html></html>",
    ] {
        let page = extract(html);
        assert!(page.text.len() < 40, "{html:?} gave {:?}", page.text);
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 100_000;
    let html = format!(
        "{}<p>Deep text, still read, with enough words to count.</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = extract(&html);
    assert!(page.text.contains("Deep text"), "{:?}", page.text);
    let spans = format!("{}deep{}", "<span>".repeat(depth), "</span>".repeat(depth));
    let _ = extract(&spans);
}

#[test]
fn huge_attribute_is_fine() {
    let html = format!(
        "<div class=\"{}\"><p>Body text of a page with a very long class attribute, which is fine.</p></div>",
        "x".repeat(5_000_000)
    );
    assert!(extract(&html).text.contains("Body text"));
}

#[test]
fn broken_json_ld_is_ignored() {
    let html = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
        <p>Plain body paragraph that is long enough to be read as the article.</p>"#;
    let page = extract(html);
    assert!(page.text.contains("Plain body paragraph"));
    assert!(!page.meta.contains_key("byline"));
}

#[test]
fn json_ld_graph_is_searched() {
    let html = r#"<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Site"},
        {"@type": ["NewsArticle"], "headline": "Graph headline", "author": {"name": "Ana Lee"},
         "datePublished": "2026-01-02"}]}</script>
        <p>Plain body paragraph that is long enough to be read as the article.</p>"#;
    let meta = extract(html).meta;
    assert_eq!(
        meta.get("title").map(String::as_str),
        Some("Graph headline")
    );
    assert_eq!(meta.get("byline").map(String::as_str), Some("Ana Lee"));
    assert_eq!(meta.get("date").map(String::as_str), Some("2026-01-02"));
}

#[test]
fn bylines_and_datelines_go_subheadings_stay() {
    let html = "<article><p>By Ann Lee and Tom Roe</p><p>Published 7:07 PM EST Nov 19, 2019</p>\
        <p>The first paragraph of the story, with commas, enough words, and a full stop.</p>\
        <h2>By the numbers</h2><p>The second paragraph of the story, also long enough to count here.</p>\
        <p>— Ann Lee (@annlee) November 3, 2019</p></article>";
    let text = extract(html).text;
    assert!(!text.contains("Ann Lee and Tom Roe"), "{text}");
    assert!(!text.contains("Published"), "{text}");
    assert!(text.contains("By the numbers"), "{text}");
    assert!(text.contains("(@annlee) November 3, 2019"), "{text}");
}
