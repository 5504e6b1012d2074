//! A session's recording becoming its report, outside a live recording: answers recovered
//! after a crash, and recordings imported from elsewhere. The app and the command line share it.

use std::path::Path;

use crate::analysis::{QuestionRef, Report};
use crate::pipeline::{self, PipelineOptions};
use crate::transcribe::Engine;

use super::{AUDIO_FILE, QuestionInfo, REPORT_FILE, Store, StoreError};

/// Transcribes and analyzes session `id`'s recording, writes the report beside it and
/// indexes the figures. The session's question goes into the report.
pub fn analyze_session(store: &Store, id: i64, engine: &Engine, options: &PipelineOptions) -> Result<Report, StoreError> {
    let session = store.get(id)?;
    let dir = store.folder_path(&session);
    let mut options = options.clone();
    if options.question.is_none() {
        options.question = session.question_id.clone().map(|id| QuestionRef { id, text: session.question_text.clone() });
    }
    let analysis = pipeline::analyze_file(&dir.join(AUDIO_FILE), engine, &options)?;
    let path = dir.join(REPORT_FILE);
    let json = serde_json::to_vec_pretty(&analysis.report).map_err(|e| StoreError::WriteReport { path: path.clone(), source: e.into() })?;
    crate::files::write_atomic(&path, &json).map_err(|source| StoreError::WriteReport { path, source })?;
    store.set_report(id, &analysis.report)?;
    Ok(analysis.report)
}

/// Makes a new session of a recording from elsewhere: checked, copied into its own folder
/// (the original is left as it is), analyzed and indexed. A file that cannot be analyzed
/// leaves no session behind.
pub fn import(store: &Store, file: &Path, question: &QuestionInfo, engine: &Engine, options: &PipelineOptions) -> Result<(i64, Report), StoreError> {
    // Read it first: a file that is not usable audio should fail before a session exists.
    crate::audio::wav::read_wav(file).map_err(pipeline::PipelineError::from)?;
    let (id, dir) = store.new_session(question)?;
    let result = (|| {
        let wav = dir.join(AUDIO_FILE);
        std::fs::copy(file, &wav).map_err(|source| StoreError::Io { path: wav.clone(), source })?;
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
