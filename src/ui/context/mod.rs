//! What every screen and the app around them name: the screens, the speech model's state, the
//! commands screens send and the context they draw with, the events workers send, how the app
//! was started. It names no screen, so screens and the app both build on it.

mod commands;
mod config;
mod events;
mod setup;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::transcribe::Transcriber;

pub use commands::{AppCommand, ScreenContext};
pub use config::{AppConfig, default_config, load_user_files};
pub use events::{AppEvent, FilePurpose, Notifier};
pub use setup::Setup;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Questions,
    Practice,
    Interview,
    Review,
    History,
    Stories,
    Settings,
}

pub enum EngineState {
    /// No model yet: the welcome screen explains what to do.
    Missing(String),
    Loading(PathBuf),
    Ready(Arc<dyn Transcriber>),
    Failed(String),
}

/// A message at the bottom of the window.
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub at: Instant,
    /// A file the message is about (an export): offered to open, or to show in its folder.
    pub file: Option<std::path::PathBuf>,
    /// A button beside the message and what it asks of the app ("Open the review").
    pub action: Option<(&'static str, AppCommand)>,
}
