use proptest::prelude::*;

use super::*;

const OLD: &str = "The port authority said on Tuesday that fares rise by 12 %.\r\n\r\n\
“We held prices for three winters,” said Zoë Ibáñez. Ещё 17 человек 🚲 wrote in.\r\n\r\n\
Boilerplate: share this story.\r\n";

fn anchor(id: u64, text: &str, needle: &str) -> Anchor {
    let at = text.find(needle).expect("needle");
    Anchor::of(id, text, at..at + needle.len())
}

fn slice(new: &str, p: &Placement) -> Option<String> {
    match p {
        Placement::Moved(r) | Placement::Changed(r) => new.get(r.clone()).map(str::to_owned),
        Placement::Orphaned => None,
    }
}

#[test]
fn context_is_32_code_points_each_side() {
    let a = anchor(1, OLD, "Zoë Ibáñez");
    assert_eq!(a.prefix.chars().count(), 32);
    assert!(a.prefix.ends_with("winters,” said "));
    assert_eq!(a.suffix.chars().count(), 32);
    assert!(a.suffix.starts_with(". Ещё 17 человек 🚲"));
    let (p, _) = context(OLD, 0..3);
    assert_eq!(p, "");
}

#[test]
fn boilerplate_and_paragraphs_moved_typos_changed_deleted_orphaned() {
    let quote = "“We held prices for three winters,”";
    let anchors = vec![
        anchor(1, OLD, quote),
        anchor(2, OLD, "Zoë Ibáñez"),
        anchor(3, OLD, "12 %"),
        anchor(4, OLD, "Ещё 17 человек"),
    ];
    // Boilerplate at the top, a typo fixed inside the quote, the figure's
    // paragraph deleted, a new paragraph between.
    let new = "Cookie notice: we use cookies.\r\n\r\n\
“We held prices for three winter,” said Zoë Ibáñez. Ещё 17 человек 🚲 wrote in.\r\n\r\n\
A new paragraph.\r\n\r\nBoilerplate: share this story.\r\n";
    let got = realign(OLD, new, &anchors);
    assert!(matches!(&got[0], Placement::Changed(_)), "{:?}", got[0]);
    assert_eq!(
        slice(new, &got[0]).as_deref(),
        Some("“We held prices for three winter,”")
    );
    assert_eq!(got[1], Placement::Moved(at(new, "Zoë Ibáñez")));
    assert_eq!(got[2], Placement::Orphaned);
    assert_eq!(got[3], Placement::Moved(at(new, "Ещё 17 человек")));
}

fn at(text: &str, needle: &str) -> Range<usize> {
    let s = text.find(needle).expect("needle");
    s..s + needle.len()
}

#[test]
fn a_paragraph_moved_elsewhere_is_found_by_its_text_and_context() {
    let a = anchor(1, OLD, "Zoë Ibáñez");
    let new = "Boilerplate: share this story.\r\n\r\n\
“We held prices for three winters,” said Zoë Ibáñez. Ещё 17 человек 🚲 wrote in.\r\n\r\n\
The port authority said on Tuesday that fares rise by 12 %.\r\n";
    let got = realign(OLD, new, &[a]);
    assert_eq!(got[0], Placement::Moved(at(new, "Zoë Ibáñez")));
}

#[test]
fn the_same_text_only_elsewhere_with_other_context_is_changed_not_moved() {
    // The speaker's paragraph is gone; her name is in another sentence.
    let a = anchor(1, OLD, "Zoë Ibáñez");
    let new = "Zoë Ibáñez declined to comment.\r\n\r\nThe port authority said on Tuesday that fares rise by 12 %.\r\n";
    let got = realign(OLD, new, &[a]);
    assert_eq!(got[0], Placement::Changed(at(new, "Zoë Ibáñez")));
}

const WORDS: &[&str] = &[
    "fare",
    "Zoë",
    "“quoted”",
    "said",
    "12",
    "%",
    "Ещё",
    "человек",
    "🚲",
    "—",
    "the",
    "café",
];

/// An edit of the old text: delete the bytes `.0` to `.1`, insert `.2` there.
type Edit = (usize, usize, String);

/// A text of words, spans over runs of whole words, and edits that stay
/// out of every span.
fn text_spans_edits() -> impl Strategy<Value = (String, Vec<Range<usize>>, Vec<Edit>)> {
    (
        prop::collection::vec(0..WORDS.len(), 20..120),
        prop::collection::vec((0usize..200, 1usize..4), 1..8),
        prop::collection::vec((0usize..1000, 0usize..3, "[a-zé ¤\n]{0,12}"), 1..6),
    )
        .prop_map(|(words, spans, edits)| {
            let mut text = String::new();
            let mut starts = Vec::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push(if i % 9 == 0 { '\n' } else { ' ' });
                }
                // Numbered, as an article's words are mostly not repeats: in a
                // text of one word said over and over, where a span went is
                // ambiguous, and realign then says changed, not moved.
                let word = format!("{}{i}", WORDS[*w]);
                starts.push((text.len(), text.len() + word.len()));
                text.push_str(&word);
            }
            let mut ranges: Vec<Range<usize>> = Vec::new();
            for (first, n) in spans {
                let first = first % starts.len();
                let last = (first + n - 1).min(starts.len() - 1);
                let r = starts[first].0..starts[last].1;
                if ranges.iter().all(|o| r.end <= o.start || o.end <= r.start) {
                    ranges.push(r);
                }
            }
            // Each edit: at a word boundary outside every span and not
            // against one (text glued onto a span's first or last letter
            // changes its word, which counts as touching it), delete up to
            // `del` bytes that keep the same distance, then insert `ins`.
            let mut edits_out = Vec::new();
            let clear = |x: usize, y: usize| ranges.iter().all(|r| y < r.start || x > r.end);
            for (pos, del, ins) in edits {
                let (a, b) = starts[pos % starts.len()];
                let at = if pos % 2 == 0 { a } else { b };
                let mut cut = (at + del).min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let cut = if clear(at, cut) { cut } else { at };
                if clear(at, cut) {
                    edits_out.push((at, cut, ins));
                }
            }
            (text, ranges, edits_out)
        })
}

/// Applies edits (old byte positions) from the last to the first.
fn apply(text: &str, edits: &[Edit]) -> String {
    apply_edits(text, edits).0
}

/// As [`apply`], with the edits that were applied (overlapping ones are not).
fn apply_edits(text: &str, edits: &[Edit]) -> (String, Vec<Edit>) {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    edits.dedup_by_key(|e| e.0);
    let mut out = text.to_owned();
    let mut applied = Vec::new();
    let mut floor = usize::MAX;
    for (at, cut, ins) in edits {
        if cut > floor {
            continue;
        }
        out.replace_range(at..cut, &ins);
        floor = at;
        applied.push((at, cut, ins));
    }
    (out, applied)
}

/// Edits anywhere (spans included): each deletes up to `.1` bytes at `.0`
/// (wrapped into the text) and inserts `.2`, one after another.
fn cut(text: &str, cuts: &[(usize, usize, String)]) -> String {
    let mut new = text.to_owned();
    for (at, del, ins) in cuts {
        let mut at = at % (new.len() + 1);
        while !new.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + del).min(new.len());
        while !new.is_char_boundary(end) {
            end -= 1;
        }
        new.replace_range(at..end.max(at), ins);
    }
    new
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Edits that touch no span leave every span moved, with identical text.
    #[test]
    fn untouched_spans_move_with_identical_text((text, ranges, edits) in text_spans_edits()) {
        let new = apply(&text, &edits);
        let anchors: Vec<Anchor> = ranges.iter().enumerate()
            .map(|(i, r)| Anchor::of(i as u64, &text, r.clone()))
            .collect();
        for (a, p) in anchors.iter().zip(realign(&text, &new, &anchors)) {
            match p {
                Placement::Moved(r) => prop_assert_eq!(&new[r], a.text.as_str()),
                other => prop_assert!(false, "{:?} became {:?}\nold {:?}\nnew {:?}", a.text, other, text, new),
            }
        }
    }

    /// An edit anywhere, spans included, never gives a moved span other
    /// text than it had, and every place given lies on the new text; with
    /// the old text and without it.
    #[test]
    fn a_moved_span_always_keeps_its_text(
        (text, ranges, _) in text_spans_edits(),
        cuts in prop::collection::vec((0usize..2000, 0usize..6, "[a-zé“”\n ]{0,6}"), 1..6),
    ) {
        let new = cut(&text, &cuts);
        let anchors: Vec<Anchor> = ranges.iter().enumerate()
            .map(|(i, r)| Anchor::of(i as u64, &text, r.clone()))
            .collect();
        let chars: Vec<_> = ranges.iter().map(|r| chars_of(&text, r)).collect();
        let mut placed = realign(&text, &new, &anchors);
        placed.extend(realign_without_old(&new, &anchors, &chars));
        for (a, p) in anchors.iter().cycle().zip(placed) {
            match &p {
                Placement::Moved(r) => prop_assert_eq!(&new[r.clone()], a.text.as_str()),
                Placement::Changed(r) => prop_assert!(new.get(r.clone()).is_some()),
                Placement::Orphaned => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The segments cover both texts, in order, without gaps.
    #[test]
    fn segments_cover_both_texts(
        (text, _, _) in text_spans_edits(),
        cuts in prop::collection::vec((0usize..2000, 0usize..6, "[a-zé“”\n ]{0,6}"), 1..6),
    ) {
        let new = cut(&text, &cuts);
        let segs = segments(&text, &new);
        let (mut o, mut n) = (0, 0);
        for s in &segs {
            prop_assert_eq!(s.old.start, o, "{:?}", segs);
            prop_assert_eq!(s.new.start, n, "{:?}", segs);
            o = s.old.end;
            n = s.new.end;
        }
        prop_assert_eq!((o, n), (text.len(), new.len()));
    }
}

/// Code point ranges of byte ranges of `text`.
fn chars_of(text: &str, r: &Range<usize>) -> Range<usize> {
    text[..r.start].chars().count()..text[..r.end].chars().count()
}

#[test]
fn the_skeleton_holds_what_the_anchors_know_and_filler_elsewhere() {
    let a = anchor(1, OLD, "Zoë Ibáñez");
    let r = chars_of(OLD, &a.range);
    let (skel, ranges) = skeleton(&[(r, &a.prefix, &a.text, &a.suffix)]);
    assert_eq!(&skel[ranges[0].clone()], "Zoë Ibáñez");
    assert!(skel.starts_with(FILLER));
    let known = format!("{}{}{}", a.prefix, a.text, a.suffix);
    assert!(skel.ends_with(&known), "{skel:?}");
    assert_eq!(
        skel.chars().count(),
        OLD[..a.range.end].chars().count() + 32
    );
}

#[test]
fn without_the_old_text_a_span_with_no_context_is_never_moved() {
    // A file from before context was stored: the map cannot tell which
    // "said" the span was, so the user decides.
    let a = Anchor {
        id: 1,
        range: 0..0,
        text: "said".to_owned(),
        prefix: String::new(),
        suffix: String::new(),
    };
    let new = "He said so. She said no.";
    let chars = [Range { start: 37, end: 41 }];
    let got = realign_without_old(new, &[a], &chars);
    assert!(matches!(got[0], Placement::Changed(_)), "{:?}", got[0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// With the old text gone, spans rebuilt from their text and context
    /// are found at their true place when no edit touches them: moved when
    /// no edit came near (within the 32 characters of context kept), else
    /// moved or changed (for the user to confirm) but never elsewhere.
    #[test]
    fn untouched_spans_move_without_the_old_text((text, ranges, edits) in text_spans_edits()) {
        let (new, applied) = apply_edits(&text, &edits);
        let anchors: Vec<Anchor> = ranges.iter().enumerate()
            .map(|(i, r)| Anchor::of(i as u64, &text, r.clone()))
            .collect();
        let chars: Vec<_> = ranges.iter().map(|r| chars_of(&text, r)).collect();
        for ((a, p), r) in anchors.iter().zip(realign_without_old(&new, &anchors, &chars)).zip(&ranges) {
            let shift: isize = applied.iter().filter(|e| e.1 <= r.start)
                .map(|e| e.2.len() as isize - (e.1 - e.0) as isize).sum();
            let truth = (r.start as isize + shift) as usize..(r.end as isize + shift) as usize;
            let near = applied.iter().any(|e| {
                let (before, after) = (&text[e.1.min(r.start)..r.start], &text[r.end..e.0.max(r.end)]);
                before.chars().count() <= CONTEXT_CHARS && after.chars().count() <= CONTEXT_CHARS
                    && (e.1 <= r.start && before.chars().count() < CONTEXT_CHARS
                        || e.0 >= r.end && after.chars().count() < CONTEXT_CHARS)
            });
            match p {
                Placement::Moved(got) => prop_assert_eq!(got, truth),
                Placement::Changed(got) if near => prop_assert_eq!(got, truth),
                other => prop_assert!(false, "{:?} became {:?}\nold {:?}\nnew {:?}", a.text, other, text, new),
            }
        }
    }
}
