//! The app's side of Practice: starting, stopping and discarding a recording (asked for with
//! commands), what the recording's worker reports, and the per-frame check for a countdown
//! that ran out or a capture that ended by itself.

use std::time::Instant;

use crate::pipeline::PipelineOptions;
use crate::recording::RecordingEvent;
use crate::store::QuestionInfo;

use super::StarlingApp;
use crate::ui::common::mic_check::MicCheck;
use crate::ui::common::recorder::{Phase, Problem, capture_source};
use crate::ui::context::{AppEvent, Screen};

/// Starts recording unless one is already under way (Space and a focused Record button can
/// both ask in one frame: the second asks for nothing).
pub(crate) fn start_recording(app: &mut StarlingApp) {
    let question = app.question().map(QuestionInfo::of).unwrap_or_default();
    let analysis = app.settings.analysis.clone();
    start_recording_of(app, &question, analysis);
}

/// Records an answer to `question`, judged by `analysis` (the mock interview's follow-ups have
/// their own length target).
pub(crate) fn start_recording_of(
    app: &mut StarlingApp,
    question: &QuestionInfo,
    analysis: crate::analysis::AnalysisSettings,
) {
    if app.practice.mic.is_listening() || !matches!(app.practice.phase, Phase::Ready | Phase::Preparing { .. }) {
        return;
    }
    let Some(engine) = app.engine() else {
        app.practice.problem = Some(Problem::ModelNotReady);
        return;
    };
    let source = capture_source(&app.config, &app.settings);
    let options = PipelineOptions { analysis, ..app.settings.pipeline_options() };
    let notifier = app.notifier();
    let started = match app.store() {
        Ok(store) => crate::sessions::start_recording(store, question, &source, Some(engine), options, move |e| {
            notifier.send(AppEvent::Recording(e))
        })
        .map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot keep the answer in {}: {e}", app.config.data_dir.display())),
    };
    match started {
        Ok(job) => {
            let p = &mut app.practice;
            p.phase = Phase::Recording { job, paused: false };
            p.live_words.clear();
            p.markers.clear();
            p.problem = None;
            p.interrupted = None;
            p.mic = MicCheck::Idle;
        }
        Err(e) => {
            app.practice.problem = Some(Problem::Said(e));
            app.practice.phase = Phase::Ready;
        }
    }
}

pub(crate) fn stop_recording(app: &mut StarlingApp) {
    let phase = std::mem::take(&mut app.practice.phase);
    if let Phase::Recording { mut job, .. } = phase {
        let total_s = job.recorder().map(|r| r.recorded_s()).unwrap_or(0.0);
        let mut markers = app.practice.markers.clone();
        markers.sort_by(|a, b| a.time.total_cmp(&b.time));
        match job.stop(markers) {
            Ok(summary) if summary.dropped_frames > 0 => app.warn(format!(
                "{} input frames ({:.2} s) were dropped while recording: the computer was too busy, so the recording has short gaps.",
                summary.dropped_frames,
                summary.dropped_frames as f64 / summary.sample_rate.max(1) as f64
            )),
            Ok(_) => {}
            Err(e) => app.practice.interrupted = Some(e.to_string()),
        }
        app.practice.phase = Phase::Analyzing { since: Instant::now(), job: Some(job), total_s };
    } else {
        app.practice.phase = phase;
    }
}

pub(crate) fn discard_recording(app: &mut StarlingApp) {
    if let Phase::Recording { job, .. } = std::mem::take(&mut app.practice.phase) {
        let removed =
            app.store().map_err(|e| e.to_string()).and_then(|store| job.discard(store).map_err(|e| e.to_string()));
        app.practice.live_words.clear();
        app.practice.markers.clear();
        match removed {
            Ok(()) => app.tell("Recording discarded"),
            Err(e) => app.warn(format!("The recording was discarded but its empty session could not be removed: {e}")),
        }
    }
}

/// Called every frame: the countdown, a recording that ended by itself, the microphone check.
pub(crate) fn poll(app: &mut StarlingApp) {
    if app.practice.mic.poll(app.settings.output_device.as_deref(), app.config.silent) && !app.settings.mic_checked {
        app.settings.mic_checked = true;
        app.save_settings();
    }
    match &app.practice.phase {
        Phase::Preparing { ends } if Instant::now() >= *ends => start_recording(app),
        Phase::Recording { job, .. } if job.recorder().is_some_and(|r| r.has_failed()) => stop_recording(app),
        _ => {}
    }
}

/// Applies a recording worker's event. A mock interview's finished answer is handed back (its
/// session and report) for the interview to go on with, rather than opened for review.
pub(crate) fn on_recording_event(
    app: &mut StarlingApp,
    event: RecordingEvent,
) -> Option<(i64, crate::analysis::Report)> {
    let cancelled = matches!(app.practice.phase, Phase::Ready);
    match event {
        RecordingEvent::Words(_) if cancelled => {}
        RecordingEvent::Words(words) => app.practice.live_words.extend(words),
        RecordingEvent::Finished(done) if cancelled => super::after_stop::finished_after_cancel(app, &done),
        RecordingEvent::Finished(mut done) => {
            // A capture that ended by itself can finish before the screen has noticed it stopped.
            let job = match std::mem::take(&mut app.practice.phase) {
                Phase::Analyzing { job, .. } => job,
                Phase::Recording { mut job, .. } => {
                    if let Err(e) = job.stop(Vec::new()) {
                        app.practice.interrupted = Some(e.to_string());
                    }
                    Some(job)
                }
                _ => None,
            };
            done.interrupted = app.practice.interrupted.take();
            if let Some(job) = job {
                let id = job.id;
                job.join();
                // A report that could not be written is not indexed as if it were (the review
                // says it was not saved; the recording waits among the unfinished ones).
                if done.not_saved.is_none() {
                    let indexed = app
                        .store()
                        .map_err(|e| e.to_string())
                        .and_then(|s| crate::sessions::index_answer(s, id, &done.report).map_err(|e| e.to_string()));
                    if let Err(e) = indexed {
                        app.warn(format!("The report is saved beside the recording but not in the history: {e}"));
                    }
                }
                app.history.invalidate();
                app.history.selected = Some(id);
                // The mock interview's answer: it goes on to what the interviewer asks next.
                if app.interview.is_answering() {
                    return Some((id, done.report));
                }
            }
            // The user went on to another screen while waiting: the answer waits for them.
            let here = app.screen;
            app.open_review(*done);
            if !matches!(here, Screen::Practice | Screen::Review) {
                app.screen = here;
                app.tell_with_action(
                    "Your answer is analyzed.",
                    "Open the review",
                    crate::ui::context::AppCommand::ShowScreen(Screen::Review),
                );
            }
        }
        RecordingEvent::Failed(_) if cancelled => {}
        RecordingEvent::Failed(e) => {
            app.practice.phase = Phase::Ready;
            app.practice.problem = Some(Problem::Said(format!(
                "The answer could not be analyzed: {e}. The recording is kept in {}.",
                app.sessions_folder().display()
            )));
        }
    }
    None
}
