//! The system's file dialog, for a recording to import (History) or a model file (Settings, the
//! first-run screen): opened on a worker thread, since it blocks until the user chooses.

use std::path::PathBuf;

use super::StarlingApp;
use crate::ui::context::{AppEvent, FilePurpose};

/// Opens the system's file dialog on a worker thread (it blocks until the user chooses).
pub(crate) fn pick_file(app: &mut StarlingApp, purpose: FilePurpose) {
    app.file_dialog_open = true;
    let spawned = app.notifier().spawn("file-dialog", move |notifier| {
        let dialog = match purpose {
            FilePurpose::Recording => rfd::FileDialog::new()
                .add_filter("Recordings", &crate::audio::decode::extensions())
                .set_title("Import a recording"),
            FilePurpose::Model => rfd::FileDialog::new()
                .add_filter("Whisper model (ggml)", &["bin"])
                .set_title("Choose a speech model file"),
        };
        notifier.send(AppEvent::FilePicked { purpose, path: dialog.pick_file() });
    });
    if spawned.is_err() {
        app.file_dialog_open = false;
        app.warn("Cannot open the file dialog: type the file's path instead.");
    }
}

pub(crate) fn on_file_picked(app: &mut StarlingApp, purpose: FilePurpose, picked: Option<PathBuf>) {
    app.file_dialog_open = false;
    match (purpose, picked) {
        (FilePurpose::Recording, Some(path)) => app.history.import_path = path.display().to_string(),
        (FilePurpose::Model, Some(path)) => {
            app.settings_ui.set_model_file(&path);
            super::settings_jobs::use_model_file(app, path);
        }
        (_, None) => {}
    }
}
