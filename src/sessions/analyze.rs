//! A session's recording becoming its report, outside a live recording: answers recovered
//! after a crash, and recordings imported from elsewhere. The app and the command line share it.

use std::path::Path;

use crate::analysis::{QuestionRef, Report};
use crate::pipeline::{self, PipelineOptions};
use crate::store::{ANALYSIS_ATTEMPT_FILE, AUDIO_FILE, QuestionInfo, REPORT_FILE, Store, StoreError, report_file};
use crate::transcribe::Transcriber;

use super::SessionError;

/// Transcribes and analyzes session `id`'s recording, writes the report beside it and
/// indexes the figures. The session's question goes into the report.
pub fn analyze_session(
    store: &Store,
    id: i64,
    engine: &dyn Transcriber,
    options: &PipelineOptions,
) -> Result<Report, SessionError> {
    let session = store.get(id)?;
    let dir = store.folder_path(&session);
    let mut options = options.clone();
    if options.question.is_none() {
        options.question =
            session.question_id.clone().map(|id| QuestionRef { id, text: session.question_text.clone() });
    }
    let attempt = dir.join(ANALYSIS_ATTEMPT_FILE);
    std::fs::write(&attempt, b"").map_err(|source| StoreError::Io { path: attempt.clone(), source })?;
    let analysis = pipeline::analyze_file(&dir.join(AUDIO_FILE), engine, &options);
    // The analysis returned (well or with an error): it did not take the program down.
    let _ = std::fs::remove_file(&attempt);
    let analysis = analysis?;
    report_file::write(&dir.join(REPORT_FILE), &analysis.report).map_err(StoreError::from)?;
    store.set_report(id, &analysis.report)?;
    Ok(analysis.report)
}

/// Makes a new session of a recording from elsewhere: checked, copied into its own folder
/// (the original is left as it is), analyzed and indexed. A file that cannot be analyzed
/// leaves no session behind.
pub fn import(
    store: &Store,
    file: &Path,
    question: &QuestionInfo,
    engine: &dyn Transcriber,
    options: &PipelineOptions,
) -> Result<(i64, Report), SessionError> {
    // Read it first: a file that is not usable audio should fail before a session exists.
    let decoded = crate::audio::decode::read_audio(file).map_err(pipeline::PipelineError::from)?;
    let is_wav = crate::audio::decode::is_wav(file);
    let (id, dir) = store.new_session(question)?;
    let result = (|| {
        // Written under another name and renamed once whole: an import killed mid-copy leaves
        // no answer.wav, so recovery drops the session instead of offering half a file. A WAV
        // is copied as it is; another format is kept as the WAV of what was decoded.
        let wav = dir.join(AUDIO_FILE);
        let partial = dir.join(format!("{AUDIO_FILE}.partial"));
        let written = match is_wav {
            true => std::fs::copy(file, &partial).map(|_| ()),
            false => crate::audio::decode::write_wav(&partial, &decoded),
        };
        drop(decoded);
        written.map_err(|source| StoreError::Io { path: partial.clone(), source })?;
        std::fs::rename(&partial, &wav).map_err(|source| StoreError::Io { path: wav.clone(), source })?;
        analyze_session(store, id, engine, options)
    })();
    match result {
        Ok(report) => Ok((id, report)),
        Err(e) => {
            let _ = store.delete(id);
            Err(e)
        }
    }
}
