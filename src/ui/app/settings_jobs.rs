//! The app's side of Settings: downloading a catalog model (progress and result come back as
//! events), using a model file, and applying settings the screen changed.

use std::path::PathBuf;

use crate::settings::models_dir;
use crate::transcribe::catalog::CATALOG;
use crate::transcribe::download::{self, DownloadRequest, Progress};

use super::StarlingApp;
use crate::ui::context::AppEvent;
use crate::ui::settings::DownloadState;

/// Starts downloading the catalog model `name` on a worker thread.
pub(crate) fn start_download(app: &mut StarlingApp, name: &'static str) {
    let Some(entry) = CATALOG.iter().find(|e| e.name == name) else {
        app.warn(format!("No model called {name} in the catalog"));
        return;
    };
    if app.settings_ui.downloads.contains_key(entry.name) {
        return;
    }
    app.settings_ui.downloads.insert(entry.name, DownloadState::default());
    app.settings_ui.download_errors.remove(entry.name);
    let base = std::env::var(download::BASE_URL_ENV).ok();
    let request = DownloadRequest::for_model(entry, &models_dir(&app.config.data_dir), base.as_deref());
    let spawned = app.notifier().spawn("download", move |notifier| {
        let mut last = std::time::Instant::now();
        let result = download::download(&request, 3, &mut |progress| {
            // A progress event per network read would flood the UI; ten a second is plenty.
            if !matches!(progress, Progress::Advance { .. }) || last.elapsed().as_millis() >= 100 {
                last = std::time::Instant::now();
                notifier.send(AppEvent::Download { name, progress });
            }
        });
        let result = result.map_err(|e| {
            log::warn!("download of {name} failed: {e}");
            e.for_people()
        });
        notifier.send(AppEvent::DownloadDone { name, result });
    });
    if let Err(e) = spawned {
        app.settings_ui.downloads.remove(entry.name);
        app.warn(format!("cannot start the download: {e}"));
    }
}

/// The settings as the Settings screen left them: saved; the theme and the review on screen
/// follow.
pub(crate) fn apply_settings(app: &mut StarlingApp, settings: crate::settings::Settings) {
    let theme_changed = settings.theme != app.settings.theme;
    let analysis_changed = settings.analysis != app.settings.analysis;
    app.settings = settings;
    app.save_settings();
    if theme_changed && let Some(ctx) = app.notifier().ctx.get().cloned() {
        crate::ui::common::theme::apply(app.settings.theme, &ctx);
    }
    if analysis_changed && let Some(review) = &mut app.review {
        let markers = if review.report().star.manual_boundaries {
            review
                .report()
                .star
                .sections
                .iter()
                .map(|s| crate::analysis::star::Marker { time: s.start, label: s.label })
                .collect()
        } else {
            Vec::new()
        };
        review.recompute(markers, &app.settings.analysis);
    }
}

pub(crate) fn use_model_file(app: &mut StarlingApp, path: PathBuf) {
    if let Err(e) = crate::transcribe::model_file::inspect(&path) {
        app.warn(e.to_string());
        return;
    }
    app.settings.model_path = Some(path.clone());
    app.save_settings();
    app.load_engine(Some(path));
}

/// A model download ended: the model is used from now on, or Settings says why it failed.
pub(crate) fn download_done(app: &mut StarlingApp, name: &'static str, result: Result<std::path::PathBuf, String>) {
    app.settings_ui.downloads.remove(name);
    app.settings_ui.forget_installed();
    match result {
        Ok(path) => {
            app.tell(format!("Downloaded {name}"));
            app.settings.model_path = Some(path.clone());
            app.save_settings();
            app.load_engine(Some(path));
        }
        Err(e) => {
            app.warn(format!("Download of {name} failed: see Settings."));
            app.settings_ui.download_errors.insert(name, e);
        }
    }
}
