//! What tests, benchmarks and tools may read of the app, and the little they may set up
//! (a screen's state as its form would leave it). Everything else goes through
//! [`StarlingApp::send`], as the screens' commands do.

use std::sync::Arc;

use super::StarlingApp;
use crate::bank::QuestionBank;
use crate::settings::Settings;
use crate::transcribe::Transcriber;
use crate::ui::common::recorder::Practice;
use crate::ui::context::{EngineState, Notice, Screen};
use crate::ui::history::HistoryUi;
use crate::ui::interview::InterviewUi;
use crate::ui::questions::Browse;
use crate::ui::review::Review;
use crate::ui::settings::SettingsUi;
use crate::ui::stories::StoriesUi;

impl StarlingApp {
    pub fn engine(&self) -> Option<Arc<dyn Transcriber>> {
        match &self.engine {
            EngineState::Ready(e) => Some(e.clone()),
            _ => None,
        }
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }

    /// The message in the status bar, if one is showing.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn bank(&self) -> &QuestionBank {
        &self.bank
    }

    /// The question Practice is on.
    pub fn question_id(&self) -> Option<&str> {
        self.question_id.as_deref()
    }

    /// Each screen's own state, read-only (the app alone changes it, through commands).
    pub fn practice(&self) -> &Practice {
        &self.practice
    }

    pub fn history(&self) -> &HistoryUi {
        &self.history
    }

    /// History's state, to set up what its screen would (a selected session) in tests and tools.
    pub fn history_mut(&mut self) -> &mut HistoryUi {
        &mut self.history
    }

    pub fn interview(&self) -> &InterviewUi {
        &self.interview
    }

    /// The interview screen's state, to set up a run as its setup form would.
    pub fn interview_mut(&mut self) -> &mut InterviewUi {
        &mut self.interview
    }

    pub fn browse(&self) -> &Browse {
        &self.browse
    }

    pub fn stories_ui(&self) -> &StoriesUi {
        &self.stories_ui
    }

    pub fn settings_ui(&self) -> &SettingsUi {
        &self.settings_ui
    }

    /// The recording open in Review, if any (benchmarks seek in it).
    pub fn review_mut(&mut self) -> Option<&mut Review> {
        self.review.as_mut()
    }

    /// History shows the sessions this filter lets through (reloaded on the next frame).
    pub fn filter_history(&mut self, filter: crate::store::Filter) {
        self.history.filter = filter;
        self.history.invalidate();
    }
}
