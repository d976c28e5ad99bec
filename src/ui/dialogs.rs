//! Modal dialogs. They draw and return the user's choice as an action; the
//! app does whatever I/O the choice means.

use egui::Key;

use super::DialogChoice;
use crate::project::workspace::Question;

/// One button per choice, each with its key.
fn buttons(ui: &mut egui::Ui, choices: &[(&str, Key, DialogChoice)]) -> Option<DialogChoice> {
    let mut picked = None;
    ui.horizontal(|ui| {
        for (text, key, choice) in choices {
            if ui.button(*text).clicked() || ui.input(|i| i.key_pressed(*key)) {
                picked = Some(choice.clone());
            }
        }
    });
    let keys: Vec<String> = choices
        .iter()
        .map(|(text, key, _)| format!("{}: {text}", key.name()))
        .collect();
    ui.weak(keys.join(" · "));
    picked
}

/// Draws the question as a modal dialog; returns the answer once given.
pub fn question_ui(ctx: &egui::Context, question: &Question) -> Option<DialogChoice> {
    let id = egui::Id::unique("marginalia-modal");
    egui::Modal::new(id)
        .show(ctx, |ui| match question {
            Question::Unsaved(_) => {
                ui.heading("Unsaved changes");
                ui.label("Save the annotations before going on?");
                buttons(
                    ui,
                    &[
                        ("Save", Key::Enter, DialogChoice::Save),
                        ("Discard", Key::D, DialogChoice::Discard),
                        ("Cancel", Key::Escape, DialogChoice::Cancel),
                    ],
                )
            }
            Question::Recovery(recovered) => {
                let ann = &recovered.annotations;
                ui.heading("Restore unsaved work?");
                ui.label(format!(
                    "Marginalia found an autosaved session of this article with {} spans \
                         and {} links that were not saved.",
                    ann.len(),
                    ann.relations().len()
                ));
                buttons(
                    ui,
                    &[
                        ("Restore", Key::Enter, DialogChoice::Restore),
                        ("Discard", Key::D, DialogChoice::DiscardRecovery),
                    ],
                )
            }
            Question::DeleteLabel { label, spans } => {
                ui.heading(format!("Delete the label {label}?"));
                ui.label(format!(
                    "{spans} spans have this label. Deleting it deletes them and their \
                         links too (Ctrl+Z brings everything back)."
                ));
                buttons(
                    ui,
                    &[
                        (
                            "Delete",
                            Key::Enter,
                            DialogChoice::DeleteLabel(label.clone()),
                        ),
                        ("Cancel", Key::Escape, DialogChoice::Cancel),
                    ],
                )
            }
            Question::ChangedOnDisk(path) => {
                ui.heading("The annotation file changed on disk");
                ui.label(format!(
                    "{} was changed by something else since Marginalia opened it. \
                         Overwrite it with the annotations shown here?",
                    path.display()
                ));
                buttons(
                    ui,
                    &[
                        ("Overwrite", Key::O, DialogChoice::Overwrite),
                        ("Cancel", Key::Escape, DialogChoice::Cancel),
                    ],
                )
            }
        })
        .inner
}
