//! History: every saved answer with its figures, filters by question, principle and story, a
//! chart of one measure over time, an attempt beside the previous attempt at the same question,
//! and rename, story tag, delete, import and export. Recordings cut off by a crash are offered
//! here for analysis.

mod chart;
mod details;
mod table;

use std::path::PathBuf;
use std::time::Instant;

use egui::RichText;

use crate::analysis::format_clock;
use crate::pipeline::PipelineOptions;
use crate::sessions::SessionError;
use crate::store::{Facets, Filter, Listing, QuestionInfo, Session, Store, Unfinished};
use crate::transcribe::Transcriber;

use super::app::{AppEvent, Screen, StarlingApp};
use super::events::FilePurpose;
use super::widgets;
pub use chart::Metric;

/// What the screen shows, loaded from the store when stale.
struct View {
    listing: Listing,
    facets: Facets,
}

#[derive(Default)]
pub struct HistoryUi {
    pub filter: Filter,
    view: Option<View>,
    /// Why the store could not be read.
    error: Option<String>,
    pub selected: Option<i64>,
    /// The selected session's previous attempt, looked up once per selection.
    previous: Option<(i64, Option<Session>)>,
    title_edit: String,
    /// The session `title_edit` was filled from.
    title_for: Option<i64>,
    confirm_delete: Option<i64>,
    pub metric: Metric,
    pub import_path: String,
    /// Recordings cut off before they were analyzed, found at start.
    pub unfinished: Vec<Unfinished>,
    /// Analyses running in the background (imports, recoveries), by what they are.
    pub busy: Vec<String>,
    /// How long the last load from the store took (the status line shows it).
    pub load_ms: f64,
}

impl HistoryUi {
    /// The sessions shown, once loaded.
    pub fn sessions(&self) -> &[Session] {
        self.view.as_ref().map(|v| v.listing.sessions.as_slice()).unwrap_or(&[])
    }

    /// Forgets what was loaded: the next frame reads the store again.
    pub fn invalidate(&mut self) {
        self.view = None;
        self.previous = None;
    }
}

/// Reads the list and the filter values if they are stale; timed for the load test.
pub fn refresh(app: &mut StarlingApp) {
    if app.history.view.is_some() {
        return;
    }
    let started = Instant::now();
    let filter = app.history.filter.clone();
    let loaded = app.store().and_then(|s| Ok(View { listing: s.list(&filter)?, facets: s.facets()? }));
    match loaded {
        Ok(view) => {
            app.history.view = Some(view);
            app.history.error = None;
        }
        Err(e) => {
            app.history.view = Some(View { listing: Listing::default(), facets: Facets::default() });
            app.history.error = Some(format!("The session history cannot be read: {e}"));
        }
    }
    app.history.load_ms = started.elapsed().as_secs_f64() * 1000.0;
}

/// Looks for recordings a crash cut off (at start, and when the sessions folder changes);
/// opening the store has indexed the folders it did not know.
pub fn find_unfinished(app: &mut StarlingApp) {
    let checked = app.store().and_then(|s| s.recover());
    match checked {
        Ok(found) => app.history.unfinished = found,
        Err(e) => app.warn(format!("Could not check for unfinished recordings: {e}")),
    }
}

pub fn show(app: &mut StarlingApp, ui: &mut egui::Ui) {
    refresh(app);
    unfinished_banner(app, ui);
    toolbar(app, ui);
    if let Some(e) = app.history.error.clone() {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let damaged: Vec<String> = app.history.view.as_ref().map(|v| v.listing.damaged.iter().map(|d| d.to_string()).collect()).unwrap_or_default();
    for d in damaged {
        ui.colored_label(ui.visuals().warn_fg_color, d);
    }
    ui.separator();
    if app.history.selected.is_some() {
        egui::Panel::right("session_details").resizable(true).default_size(400.0).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| details::details(app, ui));
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if app.history.sessions().is_empty() {
            let empty = if app.history.filter.question_id.is_some() || app.history.filter.principle.is_some() || app.history.filter.story_id.is_some() {
                "No sessions match these filters."
            } else {
                "No sessions yet: answer a question on the Practice screen, or import a recording above."
            };
            ui.label(RichText::new(empty).weak());
            return;
        }
        chart::chart(app, ui);
        ui.add_space(6.0);
        table::table(app, ui);
    });
    if let Some(id) = app.history.confirm_delete {
        details::confirm_delete(app, ui.ctx(), id);
    }
}

fn unfinished_banner(app: &mut StarlingApp, ui: &mut egui::Ui) {
    if app.history.unfinished.is_empty() {
        return;
    }
    let mut action: Option<(i64, bool)> = None;
    egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
        ui.label(RichText::new("Unfinished recordings").strong());
        ui.label("These answers were cut off (the app or the computer stopped) before they were analyzed. Their audio is kept up to the moment it stopped.");
        for item in &app.history.unfinished {
            ui.horizontal(|ui| {
                let s = &item.session;
                match &item.audio {
                    Ok(seconds) => {
                        ui.label(format!("{} · {} · {}", s.created_at, s.display_title(), format_clock(*seconds)));
                        let busy = app.history.busy.iter().any(|b| b == &busy_label(s.id));
                        if busy {
                            ui.spinner();
                        } else if ui.add_enabled(app.engine().is_some(), egui::Button::new("Analyze")).on_disabled_hover_text("The speech model is not ready").clicked() {
                            action = Some((s.id, true));
                        }
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, format!("{} · {e}", s.created_at));
                    }
                }
                if ui.button("Delete").clicked() {
                    action = Some((s.id, false));
                }
            });
        }
    });
    match action {
        Some((id, true)) => {
            spawn_session_job(app, busy_label(id), move |store, engine, options| crate::sessions::analyze_session(store, id, engine, options).map(|_| id));
        }
        Some((id, false)) => app.history.confirm_delete = Some(id),
        None => {}
    }
}

fn busy_label(id: i64) -> String {
    format!("session {id}")
}

fn toolbar(app: &mut StarlingApp, ui: &mut egui::Ui) {
    let facets = app.history.view.as_ref().map(|v| v.facets.clone()).unwrap_or_default();
    let mut filter = app.history.filter.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label("Question");
        let question_name = |id: &str| app.bank.question(&app.library, id).map(|q| widgets::short(&q.text, 48)).unwrap_or_else(|| id.to_string());
        let shown = filter.question_id.as_deref().map(question_name).unwrap_or_else(|| "All questions".into());
        egui::ComboBox::from_id_salt("history_question").selected_text(shown).width(260.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.question_id, None, "All questions");
            for id in &facets.question_ids {
                ui.selectable_value(&mut filter.question_id, Some(id.clone()), question_name(id));
            }
        });
        ui.label("Principle");
        egui::ComboBox::from_id_salt("history_principle")
            .selected_text(filter.principle.clone().unwrap_or_else(|| "All principles".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.principle, None, "All principles");
                for p in &facets.principles {
                    ui.selectable_value(&mut filter.principle, Some(p.clone()), p);
                }
            });
        ui.label("Story");
        let story_name = |id: u64| app.library.stories.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_else(|| format!("story {id}"));
        egui::ComboBox::from_id_salt("history_story")
            .selected_text(filter.story_id.map(story_name).unwrap_or_else(|| "All stories".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.story_id, None, "All stories");
                for &id in &facets.story_ids {
                    ui.selectable_value(&mut filter.story_id, Some(id), story_name(id));
                }
            });
        let filtered = filter.question_id.is_some() || filter.principle.is_some() || filter.story_id.is_some();
        if ui.add_enabled(filtered, egui::Button::new("Clear filters")).clicked() {
            filter = Filter::default();
        }
        ui.separator();
        if ui.button("Export CSV").on_hover_text("Every session's figures, for a spreadsheet").clicked() {
            details::export_csv(app);
        }
        let n = app.history.sessions().len();
        ui.label(RichText::new(format!("{n} session{}", if n == 1 { "" } else { "s" })).weak());
    });
    if filter.question_id != app.history.filter.question_id || filter.principle != app.history.filter.principle || filter.story_id != app.history.filter.story_id {
        app.history.filter = filter;
        app.history.invalidate();
        refresh(app);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Import a recording");
        ui.add(egui::TextEdit::singleline(&mut app.history.import_path).hint_text("path to a .wav file").desired_width(340.0))
            .labelled_by(label.id);
        if ui.add_enabled(!app.file_dialog_open, egui::Button::new("Choose…")).clicked() {
            super::file_dialog::pick_file(app, FilePurpose::Recording);
        }
        let path = app.history.import_path.trim().to_string();
        let ready = !path.is_empty() && app.engine().is_some();
        if ui.add_enabled(ready, egui::Button::new("Import")).on_hover_text("Copies the file into a new session and analyzes it").clicked() {
            import(app, PathBuf::from(path));
        }
        for b in &app.history.busy {
            ui.spinner();
            ui.label(RichText::new(format!("analyzing {b}…")).weak());
        }
    });
}

/// Imports `path` as a new session on a worker thread; the review opens when it is done.
/// (`sessions::import` checks the file first, on the worker, so a bad one leaves no session.)
pub fn import(app: &mut StarlingApp, path: PathBuf) {
    let question = app.question().map(QuestionInfo::of);
    let label = super::app::file_name(&path);
    app.history.import_path.clear();
    spawn_session_job(app, label, move |store, engine, options| {
        crate::sessions::import(store, &path, &question.unwrap_or_default(), engine, options).map(|(id, _)| id)
    });
}

/// Runs `job` (an analysis that makes or completes a session) on a worker thread with its
/// own connection to the store; the app hears back through [`AppEvent::SessionReady`].
fn spawn_session_job(app: &mut StarlingApp, label: String, job: impl FnOnce(&Store, &dyn Transcriber, &PipelineOptions) -> Result<i64, SessionError> + Send + 'static) {
    let Some(engine) = app.engine() else {
        app.warn("The speech model is not ready yet: see Settings.");
        return;
    };
    let root = app.settings.sessions_root(&app.config.data_dir);
    let options = PipelineOptions { analysis: app.settings.analysis.clone(), ..PipelineOptions::default() };
    let notifier = app.notifier();
    app.history.busy.push(label.clone());
    let thread_label = label.clone();
    let spawned = std::thread::Builder::new().name("starling-session-analysis".into()).spawn(move || {
        let result = Store::open(&root).map_err(SessionError::from).and_then(|store| job(&store, engine.as_ref(), &options)).map_err(|e| e.to_string());
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

