//! The use cases the window and the command line share, each written once: a session's
//! recording made and analyzed, a recording from elsewhere imported. They tie the lower layers together
//! (store, pipeline, transcribe) so that neither face does.

mod analyze;
pub mod coverage;
pub mod interview;
pub mod interview_run;
pub mod plan;
mod practice_history;
mod record;
pub mod schedule;

pub use analyze::{analyze_session, import};
pub use record::{AnswerRecording, index_answer, start_recording};

/// What can stop a use case: the store, or the audio and its transcription.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Analysis(#[from] crate::pipeline::PipelineError),
    #[error(transparent)]
    Open(#[from] crate::recording::OpenError),
    #[error(transparent)]
    Capture(#[from] crate::audio::capture::CaptureError),
}

/// The session store where the settings keep it. A folder the user chose that is not there
/// (an unplugged drive, a renamed folder) is an error, not made anew and empty: the sessions
/// would seem gone. The data folder itself is made on first use.
pub fn open_saved_store(
    settings: &crate::settings::Settings,
    data_dir: &std::path::Path,
    bank: &crate::bank::QuestionBank,
    library: &crate::bank::Library,
) -> Result<(crate::store::Store, Option<std::path::PathBuf>), crate::store::StoreError> {
    let root = settings.sessions_root(data_dir);
    if root != data_dir && !root.is_dir() {
        return Err(crate::store::StoreError::FolderGone { path: root });
    }
    open_store(&root, bank, library)
}

/// The session store at `root`, as both faces open it: folders the index does not know are
/// indexed, sessions get their question's principle, and a damaged index is set aside and
/// rebuilt (the second value says where it was kept, for the user to be told).
pub fn open_store(
    root: &std::path::Path,
    bank: &crate::bank::QuestionBank,
    library: &crate::bank::Library,
) -> Result<(crate::store::Store, Option<std::path::PathBuf>), crate::store::StoreError> {
    let store = crate::store::Store::open(root)?;
    store.sync_folders()?;
    store.fill_principles(|id| bank.principle_of(library, id))?;
    let set_aside = store.damaged_index_set_aside().map(std::path::Path::to_path_buf);
    Ok((store, set_aside))
}

/// A saved session's recording and report, ready for the review screen.
pub fn open_answer(store: &crate::store::Store, id: i64) -> Result<crate::recording::FinishedAnswer, SessionError> {
    let session = store.get(id)?;
    let dir = store.folder_path(&session);
    Ok(crate::recording::FinishedAnswer::open(
        &dir.join(crate::store::AUDIO_FILE),
        &dir.join(crate::store::REPORT_FILE),
    )?)
}
