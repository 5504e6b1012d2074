//! After Stop on Practice: the answer's progress (how much is transcribed, the time left, in
//! the progress bar and the status bar), and Cancel, which keeps the recording for later.

use super::StarlingApp;
use crate::ui::common::recorder::Phase;

/// Stops waiting for the analysis: the recording stays in History, unanalyzed, with an
/// Analyze button.
pub(super) fn cancel_analysis(app: &mut StarlingApp) {
    let Phase::Analyzing { job: Some(job), total_s, .. } = std::mem::take(&mut app.practice.phase) else {
        return;
    };
    let id = job.cancel();
    let session = app.store().and_then(|s| s.get(id));
    match session {
        Ok(session) => {
            app.history.unfinished.retain(|u| u.session.id != id);
            app.history.unfinished.push(crate::store::Unfinished {
                session,
                audio: Ok(total_s),
                analysis_stopped: false,
            });
            app.history.invalidate();
            app.tell("Analysis cancelled. The recording is kept: analyze it later from History.");
        }
        Err(e) => app.warn(format!(
            "Analysis cancelled; the recording is kept in {}, but the history cannot list it: {e}",
            app.sessions_folder().display()
        )),
    }
}

/// The worker had finished its analysis just as the user cancelled: the report is on disk
/// beside the recording, so the session is indexed rather than offered for analysis again.
pub(super) fn finished_after_cancel(app: &mut StarlingApp, done: &crate::recording::FinishedAnswer) {
    let indexed = app.store().and_then(|s| match s.session_for_audio(&done.wav)? {
        Some(id) => s.set_report(id, &done.report).map(|()| Some(id)),
        None => Ok(None),
    });
    if let Ok(Some(id)) = indexed {
        app.history.unfinished.retain(|u| u.session.id != id);
        app.history.invalidate();
        app.tell("The answer finished analyzing as it was cancelled: it is in History.");
    }
}
