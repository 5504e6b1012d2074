//! The app's side of History's use cases: background analyses of imports and cut-off
//! recordings (asked for with commands, heard back as events), the check for unfinished
//! recordings, and opening a saved session on the review screen.

use std::path::PathBuf;

use crate::pipeline::PipelineOptions;
use crate::sessions::SessionError;
use crate::store::{QuestionInfo, Store};
use crate::transcribe::Transcriber;

use super::StarlingApp;
use crate::ui::context::{AppEvent, Screen};
use crate::ui::history::busy_label;

/// Looks for recordings a crash cut off (at start, and when the sessions folder changes);
/// opening the store has indexed the folders it did not know.
pub(crate) fn find_unfinished(app: &mut StarlingApp) {
    let checked = app.store().and_then(|s| s.recover());
    match checked {
        Ok(found) => app.history.unfinished = found,
        Err(e) => app.warn(format!("Could not check for unfinished recordings: {e}")),
    }
}

/// Imports `path` as a new session on a worker thread; the review opens when it is done.
/// (`sessions::import` checks the file first, on the worker, so a bad one leaves no session.)
pub fn import(app: &mut StarlingApp, path: PathBuf) {
    let question = app.question().map(QuestionInfo::of);
    let label = crate::ui::app::file_name(&path);
    spawn_session_job(app, label, move |store, engine, options| {
        crate::sessions::import(store, &path, &question.unwrap_or_default(), engine, options).map(|(id, _)| id)
    });
}

/// Analyzes a recording that was cut off before it was.
pub(crate) fn analyze(app: &mut StarlingApp, id: i64) {
    spawn_session_job(app, busy_label(id), move |store, engine, options| {
        crate::sessions::analyze_session(store, id, engine, options).map(|_| id)
    });
}

/// Runs `job` (an analysis that makes or completes a session) on a worker thread with its
/// own connection to the store; the app hears back through [`AppEvent::SessionReady`].
fn spawn_session_job(
    app: &mut StarlingApp,
    label: String,
    job: impl FnOnce(&Store, &dyn Transcriber, &PipelineOptions) -> Result<i64, SessionError> + Send + 'static,
) {
    let Some(engine) = app.engine() else {
        app.warn("The speech model is not ready yet: see Settings.");
        return;
    };
    let root = app.settings.sessions_root(&app.config.data_dir);
    let options = app.settings.pipeline_options();
    app.history.busy.push(label.clone());
    let thread_label = label.clone();
    let spawned = app.notifier().spawn("session-analysis", move |notifier| {
        // The folder was there when the store was opened; one gone since is not made again.
        let opened =
            if root.is_dir() { Store::open(&root) } else { Err(crate::store::StoreError::FolderGone { path: root }) };
        let result = opened
            .map_err(SessionError::from)
            .and_then(|store| job(&store, engine.as_ref(), &options))
            .map_err(|e| e.to_string());
        notifier.send(AppEvent::SessionReady { label: thread_label, result });
    });
    if let Err(e) = spawned {
        app.history.busy.retain(|b| b != &label);
        app.warn(format!("Cannot start the analysis: {e}"));
    }
}

pub(crate) fn on_session_ready(app: &mut StarlingApp, label: String, result: Result<i64, String>) {
    app.history.busy.retain(|b| b != &label);
    app.history.invalidate();
    match result {
        Ok(id) => {
            app.history.unfinished.retain(|u| u.session.id != id);
            app.history.selected = Some(id);
            app.tell(format!("{label} analyzed"));
            if app.screen == Screen::History && !app.practice.is_active() {
                open_session(app, id);
            }
        }
        Err(e) => app.warn(format!("{label}: {e}")),
    }
}

/// Opens a saved session on the review screen.
pub fn open_session(app: &mut StarlingApp, id: i64) {
    let opened = app.store().map_err(SessionError::from).and_then(|store| crate::sessions::open_answer(store, id));
    match opened {
        Ok(answer) => app.open_review(answer),
        Err(e) => app.warn(format!("Cannot open this session: {e}")),
    }
}
