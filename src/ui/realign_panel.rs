//! Realigning in the window: the banner that offers Realign when an
//! article changed under its annotations, and the Realign panel listing
//! what is left to decide — changed spans with their old text beside the
//! new, and the orphans apart, with their old text in its context and the
//! links that wait for them. A click on an item makes it the one in hand,
//! as Tab does; the buttons do what the keys do.

use egui::RichText;

use super::Action;
use super::text_view::{describe_link, shorten};
use crate::editor::{Editor, Item, Mode, difference};
use crate::model::{Session, SpanId};

/// Items drawn at most (Tab reaches the rest).
const MAX_ROWS: usize = 300;

/// The panel's list of items, kept for the revision it was made from.
#[derive(Default)]
pub struct RealignPanel {
    items: Vec<Item>,
    key: Option<(String, u64)>,
    /// The item in hand at the last frame and how many items there were,
    /// to scroll to it when either changes.
    shown: Option<(SpanId, usize)>,
}

/// True when the document has something to realign or review.
pub fn wanted(editor: &Editor) -> bool {
    let ann = editor.session().annotations();
    ann.orphans().len() > 0
        || ann.changed_spans().len() > 0
        || matches!(editor.mode(), Mode::Realign(_))
}

/// The action that goes to span `id`: an orphan becomes the realign item
/// in hand, a placed span is revealed.
pub fn go_to(session: &Session, id: SpanId) -> Action {
    if session.annotations().orphan(id).is_some() {
        Action::GoToItem(id)
    } else {
        Action::Reveal(id)
    }
}

/// The banner shown while an edited article's spans wait and nothing has
/// been realigned yet.
pub fn banner_ui(ui: &mut egui::Ui, editor: &Editor) -> Option<Action> {
    let waiting = editor.session().annotations().orphans().len();
    if waiting == 0 || editor.last_realign().is_some() || matches!(editor.mode(), Mode::Realign(_))
    {
        return None;
    }
    let mut action = None;
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "⚠ The article changed since it was annotated: {waiting} {} for a place in the new text.",
                        if waiting == 1 { "span waits" } else { "spans wait" }
                    ))
                    .strong(),
                );
                if ui
                    .button("Realign (Ctrl+R)")
                    .on_hover_text("Find the spans in the new text (one undo step), then review what changed")
                    .clicked()
                {
                    action = Some(Action::Realign);
                }
            });
        });
    action
}

impl RealignPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, editor: &Editor) -> Vec<Action> {
        let mut actions = Vec::new();
        let session = editor.session();
        let key = (session.doc().id.clone(), session.revision());
        if self.key.as_ref() != Some(&key) {
            self.items = editor.realign_items();
            self.key = Some(key);
        }
        let ann = session.annotations();
        let reviewing = matches!(editor.mode(), Mode::Realign(_));
        ui.heading("Realign");
        if let Some(report) = editor.last_realign() {
            ui.label(format!("Last realign: {report}"));
        }
        ui.horizontal_wrapped(|ui| {
            if reviewing {
                for (text, hint, action) in [
                    (
                        "Accept (A)",
                        "keep the change; an orphan goes on the selection",
                        Action::Accept,
                    ),
                    ("Delete (X)", "delete the span or orphan", Action::Reject),
                    (
                        "Edit (E)",
                        "edit a changed span's bounds",
                        Action::EditBounds,
                    ),
                ] {
                    if ui.button(text).on_hover_text(hint).clicked() {
                        actions.push(action);
                    }
                }
            } else {
                let text = if ann.orphans().len() > 0 {
                    "Realign (Ctrl+R)"
                } else {
                    "Review (Ctrl+R)"
                };
                if ui.button(text).clicked() {
                    actions.push(Action::Realign);
                }
            }
        });
        let at = editor.realign_item().map(Item::id);
        let hand = at.map(|id| (id, self.items.len()));
        let moved = hand.is_some() && hand != self.shown;
        self.shown = hand;
        let changed = self
            .items
            .iter()
            .filter(|i| matches!(i, Item::Changed(_)))
            .count();
        let orphans = self.items.len() - changed;
        egui::ScrollArea::vertical()
            .id_salt("realign-items")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.separator();
                ui.strong(format!("Changed ({changed})"));
                if changed == 0 {
                    ui.weak("None: every placed span covers its old text.");
                }
                let (mut shown_changed, mut shown_orphans) = (0, 0);
                for item in &self.items {
                    let clicked = match *item {
                        Item::Changed(id) if shown_changed < MAX_ROWS => {
                            shown_changed += 1;
                            changed_ui(ui, session, id, Some(id) == at, moved)
                        }
                        _ => false,
                    };
                    if clicked {
                        actions.push(Action::GoToItem(item.id()));
                    }
                }
                ui.separator();
                ui.strong(format!("Orphans ({orphans})"));
                ui.weak(if orphans == 0 {
                    "None: every span has a place in the text."
                } else {
                    "No place found in the new text: select where one goes, then A."
                });
                for item in &self.items {
                    let clicked = match *item {
                        Item::Orphan(id) if shown_orphans < MAX_ROWS => {
                            shown_orphans += 1;
                            orphan_ui(ui, session, id, Some(id) == at, moved)
                        }
                        _ => false,
                    };
                    if clicked {
                        actions.push(Action::GoToItem(item.id()));
                    }
                }
                let more = self.items.len() - shown_changed - shown_orphans;
                if more > 0 {
                    ui.weak(format!("{more} more: Tab reaches them"));
                }
            });
        actions
    }
}

/// One item's selectable title row; scrolled to when it just came in hand.
fn title_ui(ui: &mut egui::Ui, text: RichText, here: bool, moved: bool) -> bool {
    let row = ui.add(egui::Button::selectable(here, text).truncate());
    if here && moved {
        row.scroll_to_me(Some(egui::Align::TOP));
    }
    row.clicked()
}

/// A changed span: its old text beside what it covers now.
fn changed_ui(ui: &mut egui::Ui, session: &Session, id: SpanId, here: bool, moved: bool) -> bool {
    let ann = session.annotations();
    let (Some(span), Some(was)) = (ann.span(id), ann.changed(id)) else {
        return false;
    };
    let now = &session.doc().text[span.range.clone()];
    let clicked = title_ui(ui, label_text(session, &span.label, "changed"), here, moved);
    if was == now {
        ui.weak("The same text; its place was in doubt (its context changed or was not stored).");
    }
    // Side by side, each column left-aligned (a justified one spreads the letters).
    ui.horizontal_top(|ui| {
        let width = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0;
        let (old_part, new_part) = difference(was, now);
        for (head, text, part) in [("was", was, old_part), ("now", now, new_part)] {
            ui.allocate_ui_with_layout(
                egui::vec2(width, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(width);
                    ui.weak(head);
                    ui.label(marked(ui, text, part.clone()));
                },
            );
        }
    });
    clicked
}

/// An orphan: its old text in its old context, and the links waiting for it.
fn orphan_ui(ui: &mut egui::Ui, session: &Session, id: SpanId, here: bool, moved: bool) -> bool {
    let ann = session.annotations();
    let Some(o) = ann.orphan(id) else {
        return false;
    };
    let clicked = title_ui(
        ui,
        label_text(session, &o.span.label, "orphan"),
        here,
        moved,
    );
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        if !o.prefix.is_empty() {
            ui.weak(format!("…{}", shorten(&o.prefix, 40)));
        }
        ui.label(RichText::new(shorten(&o.text, 160)).strong());
        if !o.suffix.is_empty() {
            ui.weak(format!("{}…", shorten(&o.suffix, 40)));
        }
    });
    for rel in ann.relations_of(id) {
        ui.colored_label(ui.visuals().warn_fg_color, describe_link(session, rel, id));
    }
    clicked
}

/// "QUOTE · changed" in the label's colour.
fn label_text(session: &Session, label: &str, what: &str) -> RichText {
    let [r, g, b] = session.schema().color(label);
    RichText::new(format!("{label} · {what}"))
        .strong()
        .color(egui::Color32::from_rgb(r, g, b))
}

/// `text` with `part` (bytes) marked: what changed between old and new.
fn marked(ui: &egui::Ui, text: &str, part: std::ops::Range<usize>) -> egui::text::LayoutJob {
    let plain = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let strong = egui::TextFormat {
        background: ui.visuals().warn_fg_color.gamma_multiply(0.3),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    for (piece, format) in [
        (text.get(..part.start), &plain),
        (text.get(part.clone()), &strong),
        (text.get(part.end..), &plain),
    ] {
        job.append(piece.unwrap_or(""), 0.0, format.clone());
    }
    job
}
