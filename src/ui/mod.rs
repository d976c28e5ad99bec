//! egui panels and widgets. They draw the model and return [`Action`]s;
//! the app applies those through the model's commands.

pub mod agreement_window;
pub mod curation_panel;
pub mod dataset_dialog;
pub mod dialogs;
pub mod doc_list;
pub mod keys;
pub mod realign_panel;
pub mod relations;
pub mod review_panel;
pub mod schema_editor;
pub mod search_window;
pub mod span_panel;
pub mod stats_window;
pub mod status_bar;
pub mod text_view;
pub mod top_bar;

pub use crate::editor::{Action, DialogChoice, Motion, Selection};
