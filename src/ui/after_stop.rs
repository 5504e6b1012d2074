//! After Stop on Practice: the answer's progress (how much is transcribed, the time left, in
//! the progress bar and the status bar), and Cancel, which keeps the recording for later.

use crate::analysis::format_clock;

use super::app::StarlingApp;
use super::practice::{Phase, Practice};

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
            app.config.data_dir.join("sessions").display()
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

/// How far the answer being analyzed has got: the share done and what the progress bar (and the
/// status bar, on other screens) says.
pub(crate) fn analysis_status(practice: &Practice) -> Option<(f32, String)> {
    let Phase::Analyzing { since, job, total_s } = &practice.phase else {
        return None;
    };
    let progress = job.as_ref().map(|j| j.progress()).unwrap_or_default();
    Some((progress.fraction(*total_s), progress_text(&progress, *total_s, since.elapsed().as_secs_f64())))
}

/// What the progress bar says after Stop: how much is transcribed and the time left, once
/// this answer has shown how fast whisper runs here.
fn progress_text(progress: &crate::recording::Progress, total_s: f64, waited_s: f64) -> String {
    if progress.analyzing {
        return "Analyzing the answer…".into();
    }
    let done =
        format!("Transcribing: {} of {}", format_clock(progress.transcribed_s.min(total_s)), format_clock(total_s));
    match progress.seconds_left(total_s) {
        Some(left) if left >= 1.0 => format!("{done}, about {} left", plain_seconds(left)),
        Some(_) => format!("{done}, almost done"),
        None => format!("{done} ({:.0} s)", waited_s),
    }
}

/// "12 s", "1 min 5 s".
fn plain_seconds(s: f64) -> String {
    let s = s.round() as u64;
    if s < 60 { format!("{s} s") } else { format!("{} min {} s", s / 60, s % 60) }
}
