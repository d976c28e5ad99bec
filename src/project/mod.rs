//! Files around an article: where its annotations live, atomic saves,
//! autosave and recovery, and user settings.

pub mod atomic;
pub mod autosave;
pub mod settings;
pub mod store;

pub use atomic::write_atomic;
pub use autosave::Autosave;
pub use settings::{Overrides, Settings};
pub use store::{
    OpenError, Opened, SaveTarget, annotation_path, open_article, open_article_with, recovery_path,
};
