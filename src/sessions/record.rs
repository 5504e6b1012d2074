//! An answer recorded into a new session, the same way for the window and `starling record`:
//! the session is indexed before capture starts (an answer cut short by a crash is found
//! again), removed again if capture cannot start, and its report indexed when it is done.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::star::Marker;
use crate::analysis::{QuestionRef, Report};
use crate::audio::capture::{CaptureError, CaptureSource, CaptureSummary, Recorder};
use crate::pipeline::PipelineOptions;
use crate::recording::{RecordingEvent, RecordingJob};
use crate::store::{AUDIO_FILE, QuestionInfo, Store, StoreError};
use crate::transcribe::Transcriber;

use super::SessionError;

/// One answer being recorded into session `id`.
pub struct AnswerRecording {
    pub id: i64,
    folder: PathBuf,
    job: RecordingJob,
}

/// Starts recording `question`'s answer from `source` into a new session. With a transcriber
/// the answer is transcribed as it is spoken and analyzed at Stop (`notify` gets the words and
/// then the finished answer); without one it is only captured.
pub fn start_recording(
    store: &Store,
    question: &QuestionInfo,
    source: &CaptureSource,
    transcriber: Option<Arc<dyn Transcriber>>,
    mut options: PipelineOptions,
    notify: impl Fn(RecordingEvent) + Send + 'static,
) -> Result<AnswerRecording, SessionError> {
    if options.question.is_none() {
        options.question = question.id.clone().map(|id| QuestionRef { id, text: question.text.clone() });
    }
    let (id, folder) = store.new_session(question)?;
    match RecordingJob::start(source, &folder.join(AUDIO_FILE), transcriber, options, notify) {
        Ok(job) => Ok(AnswerRecording { id, folder, job }),
        Err(e) => {
            // Nothing was captured: no empty session is left behind.
            if let Err(gone) = store.delete(id) {
                log::warn!("could not remove the empty session {id}: {gone}");
            }
            Err(e.into())
        }
    }
}

impl AnswerRecording {
    /// The session's folder (the recording and, once analyzed, its report).
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The capture, until the answer is stopped.
    pub fn recorder(&self) -> Option<&Recorder> {
        self.job.recorder()
    }

    /// Stops capturing; with a transcriber the answer is then analyzed with `markers` as hard
    /// section boundaries. The error says why capture had already ended (the audio up to it is kept).
    pub fn stop(&mut self, markers: Vec<Marker>) -> Result<CaptureSummary, CaptureError> {
        self.job.stop(markers)
    }

    /// How far the analysis has got after Stop.
    pub fn progress(&self) -> crate::recording::Progress {
        self.job.progress()
    }

    /// Gives up on the analysis after Stop; the recording stays in its session, unanalyzed,
    /// to be analyzed later (History offers it). Returns the session's id.
    pub fn cancel(self) -> i64 {
        self.job.cancel();
        self.id
    }

    /// Stops, and removes the recording and its session: nothing is kept.
    pub fn discard(self, store: &Store) -> Result<(), StoreError> {
        self.job.discard();
        store.delete(self.id)
    }

    /// Waits for the analysis worker to end (after its last event).
    pub fn join(self) {
        self.job.join();
    }
}

/// The finished answer's figures into the index; its report file is already beside the
/// recording (written by the worker), so a failure here loses nothing: recovery indexes it
/// from the file next time.
pub fn index_answer(store: &Store, id: i64, report: &Report) -> Result<(), StoreError> {
    store.set_report(id, report)
}
