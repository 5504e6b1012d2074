//! Starling: practise spoken behavioral-interview answers, offline.
//!
//! Data flows one way: audio -> 16 kHz samples -> timed words -> analysis -> report -> views
//! and exports.

pub mod analysis;
pub mod audio;
pub mod bank;
pub mod cli;
pub mod export;
pub mod files;
pub mod logging;
pub mod pipeline;
pub mod recording;
pub mod sessions;
pub mod settings;
pub mod store;
pub mod transcribe;
pub mod ui;
