//! What screens ask of the app, as values: pushed while a frame is drawn and applied once after
//! it by [`StarlingApp::apply_commands`](super::app::StarlingApp) (the Rerun viewer's pattern),
//! so a screen changes only its own state and what its [`ScreenContext`] lends it.

use crate::bank::{Library, QuestionBank};

use super::app::Screen;

#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// Practise this question (remembered for next time); opens Practice.
    ChooseQuestion(String),
    ShowScreen(Screen),
    /// The user's library (questions, stories) changed: write it.
    SaveLibrary,
    /// A short message in the status bar.
    Tell(String),
    /// A problem the user should see (stays until dismissed).
    Warn(String),
    /// The review's sections were edited: the report beside the recording is rewritten; the
    /// history's figures follow.
    ReportEdited { wav: std::path::PathBuf, report: Box<crate::analysis::Report> },
}

/// What a screen sees of the app besides its own state: the question bank, the user's library
/// (screens that edit it ask for [`AppCommand::SaveLibrary`]), the question being practised,
/// and the queue for everything else.
pub struct ScreenContext<'a> {
    pub bank: &'a QuestionBank,
    pub library: &'a mut Library,
    pub question_id: Option<&'a str>,
    commands: &'a mut Vec<AppCommand>,
}

impl<'a> ScreenContext<'a> {
    pub fn new(bank: &'a QuestionBank, library: &'a mut Library, question_id: Option<&'a str>, commands: &'a mut Vec<AppCommand>) -> Self {
        Self { bank, library, question_id, commands }
    }

    pub fn send(&mut self, command: AppCommand) {
        self.commands.push(command);
    }
}
