//! Marginalia: offline, keyboard-first annotation of news articles.
//!
//! Inside the crate offsets are byte offsets into the article text; everything
//! written to disk counts Unicode code points (see [`formats::offsets`]).

pub mod agree;
pub mod app;
pub mod cli;
pub mod editor;
pub mod eval;
pub mod formats;
pub mod intake;
pub mod model;
pub mod project;
pub mod suggest;
pub mod ui;
