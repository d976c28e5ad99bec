//! Files around an article: where its annotations live, atomic saves, the
//! disk worker (saves and autosave), recovery, and user settings.

pub mod atomic;
pub mod corpus;
pub mod dataset;
pub mod disk;
pub mod failure;
pub mod settings;
pub mod store;
pub mod texts;
pub mod workspace;

pub use atomic::{Writer, atomic_writer, write_atomic};
pub use disk::{Disk, DiskEvent, SaveJob, Snapshot};
pub use settings::{Overrides, Settings};
pub use store::{
    FileStamp, OpenError, Opened, Recovered, SaveTarget, annotation_path, open_article,
    open_article_with, recovery_path,
};
pub use workspace::{DocState, Workspace};
