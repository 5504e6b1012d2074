//! What the user chose before a mock interview starts: the interview screen's form, and what
//! [`AppCommand::StartInterview`](super::AppCommand) carries to the app.

use crate::sessions::interview::{DEFAULT_QUESTIONS, Focus};

/// What the user chose before starting.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub questions: usize,
    pub focus: Focus,
    pub follow_ups: usize,
    pub think_s: u64,
    pub voice: bool,
    /// The bar-raiser drill: the interviewer cuts in at 2:30.
    pub wrap_up: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            questions: DEFAULT_QUESTIONS,
            focus: Focus::Across,
            follow_ups: 1,
            think_s: 10,
            voice: true,
            wrap_up: false,
        }
    }
}
