//! What screens ask of the app, as values: pushed while a frame is drawn and applied once after
//! it by [`StarlingApp::apply_commands`](crate::ui::app::StarlingApp) (the Rerun viewer's pattern),
//! so a screen changes only its own state and what its [`ScreenContext`] lends it.

use std::path::PathBuf;
use std::sync::Arc;

use crate::bank::{Library, QuestionBank};
use crate::settings::Settings;
use crate::store::Store;
use crate::transcribe::Transcriber;

use super::config::AppConfig;
use super::events::FilePurpose;
use super::{EngineState, Screen};

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
    /// A file was written: say where, with Open and Show in folder.
    TellSaved(PathBuf),
    /// The review's sections were edited: the report beside the recording is rewritten; the
    /// history's figures follow.
    ReportEdited {
        wav: PathBuf,
        report: Box<crate::analysis::Report>,
    },
    /// Open a saved session on the review screen.
    OpenSession(i64),
    /// Analyze a recording that was cut off before it was (in the background).
    AnalyzeSession(i64),
    /// Copy a recording into a new session and analyze it (in the background).
    Import(PathBuf),
    /// Open the system's file dialog.
    PickFile(FilePurpose),
    /// The settings as the Settings screen left them: saved, and what follows from them
    /// (theme, the review's findings) brought up to date.
    ChangeSettings(Box<Settings>),
    /// Check this model file, remember it and load it.
    UseModelFile(PathBuf),
    /// Download the catalog model of this name.
    Download(&'static str),
    /// Keep sessions in this folder (None: the data folder) from now on.
    SwitchSessionsFolder(Option<PathBuf>),
    /// Practice: record an answer to the chosen question.
    StartRecording,
    /// Practice: stop and analyze it.
    StopRecording,
    /// Practice: throw the recording away.
    DiscardRecording,
    /// Practice: stop waiting for the analysis; the recording stays for History.
    CancelAnalysis,
    /// Start a mock interview set up so.
    StartInterview(Box<super::Setup>),
    /// The interview: record the answer to what is asked now.
    InterviewAnswer,
    /// The interview: pass over what is asked now.
    InterviewSkip,
    /// The interview: stop here and show the summary.
    InterviewEnd,
    /// Show the summary of the interview of this name (from History).
    OpenInterview(String),
}

/// What a screen sees of the app besides its own state, read-only except the user's library
/// (screens that edit it ask for [`AppCommand::SaveLibrary`]); everything else is asked for
/// through the queue.
pub struct ScreenContext<'a> {
    pub bank: &'a QuestionBank,
    pub library: &'a mut Library,
    pub question_id: Option<&'a str>,
    pub settings: &'a Settings,
    pub config: &'a AppConfig,
    pub engine: &'a EngineState,
    /// The session index, or why it cannot be opened.
    pub store: Result<&'a Store, String>,
    /// A recording is being prepared, made or analyzed: the sessions folder stays as it is.
    pub practice_active: bool,
    /// A recording is being prepared or made: the other screens wait.
    pub holds_navigation: bool,
    /// Recordings cut off before they were analyzed (History offers them).
    pub unfinished_recordings: usize,
    /// The session whose answer is being analyzed after Stop (it cannot be deleted meanwhile).
    pub analyzing_session: Option<i64>,
    /// A file dialog is open (one at a time).
    pub file_dialog_open: bool,
    pub(in crate::ui) commands: &'a mut Vec<AppCommand>,
}

impl ScreenContext<'_> {
    pub fn send(&mut self, command: AppCommand) {
        self.commands.push(command);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.send(AppCommand::Warn(text.into()));
    }

    /// The question being practised.
    pub fn question(&self) -> Option<&crate::bank::Question> {
        self.bank.question(self.library, self.question_id?)
    }

    /// The speech model, once it is loaded.
    pub fn engine(&self) -> Option<Arc<dyn Transcriber>> {
        match self.engine {
            EngineState::Ready(e) => Some(e.clone()),
            _ => None,
        }
    }
}
