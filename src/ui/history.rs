//! History: every saved answer with its figures, filters by question, principle and story, a
//! chart of one measure over time, an attempt beside the previous attempt at the same question,
//! and rename, story tag, delete, import and export. Recordings cut off by a crash are offered
//! here for analysis.

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{HLine, Line, Plot, PlotPoints, Points};

use crate::analysis::{StarLabel, format_clock};
use crate::export;
use crate::pipeline::PipelineOptions;
use crate::recording::FinishedAnswer;
use crate::store::compare::{self, Verdict};
use crate::store::{AUDIO_FILE, Facets, Filter, Listing, QuestionInfo, REPORT_FILE, Session, SessionStatus, Store, StoreError, Unfinished};
use crate::transcribe::Engine;

use super::app::{AppEvent, Screen, StarlingApp};
use super::widgets;

/// The measure the chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    #[default]
    Wpm,
    Fillers,
    IShare,
    Length,
    ActionShare,
}

impl Metric {
    pub const ALL: [Metric; 5] = [Metric::Wpm, Metric::Fillers, Metric::IShare, Metric::Length, Metric::ActionShare];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Wpm => "Pace (wpm)",
            Metric::Fillers => "Fillers per minute",
            Metric::IShare => "\"I\" share (%)",
            Metric::Length => "Length (minutes)",
            Metric::ActionShare => "Action share (%)",
        }
    }

    /// The value as charted (percentages and minutes read better than fractions and seconds).
    pub fn value(self, s: &Session) -> Option<f64> {
        match self {
            Metric::Wpm => s.wpm,
            Metric::Fillers => s.fillers_per_min,
            Metric::IShare => s.i_share.map(|v| v * 100.0),
            Metric::Length => s.duration_s.map(|v| v / 60.0),
            Metric::ActionShare => s.share(StarLabel::Action).map(|v| v * 100.0),
        }
    }

    /// The band the chart shades as the target.
    fn target(self, app: &StarlingApp) -> Option<(f64, f64)> {
        let a = &app.settings.analysis;
        match self {
            Metric::Wpm => Some(a.wpm_band),
            Metric::Fillers => Some((0.0, a.fillers_per_minute.0)),
            Metric::IShare => Some((a.action_i_share_min * 100.0, 100.0)),
            Metric::Length => Some((a.target_total_s.0 / 60.0, a.target_total_s.1 / 60.0)),
            Metric::ActionShare => a.star_targets.get(StarLabel::Action).map(|(lo, hi)| (lo * 100.0, hi * 100.0)),
        }
    }
}

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
    /// The file dialog is open (on its own thread).
    picking: bool,
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

/// Indexes session folders the index does not know and looks for recordings a crash cut off
/// (at start, and when the sessions folder changes).
pub fn find_unfinished(app: &mut StarlingApp) {
    let (bank, library) = (app.bank.clone(), app.library.clone());
    let checked = app.store().and_then(|s| {
        s.sync_folders()?;
        s.fill_principles(|id| bank.principle_of(&library, id))?;
        s.recover()
    });
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
            egui::ScrollArea::vertical().show(ui, |ui| details(app, ui));
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
        chart(app, ui);
        ui.add_space(6.0);
        table(app, ui);
    });
    if let Some(id) = app.history.confirm_delete {
        confirm_delete(app, ui.ctx(), id);
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
            spawn_session_job(app, busy_label(id), move |store, engine, options| crate::store::analyze_session(store, id, engine, options).map(|_| id));
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
            export_csv(app);
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
        if ui.add_enabled(!app.history.picking, egui::Button::new("Choose…")).clicked() {
            pick_file(app);
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

/// Opens the system's file dialog on a worker thread (it blocks until the user chooses).
fn pick_file(app: &mut StarlingApp) {
    app.history.picking = true;
    let notifier = app.notifier();
    let spawned = std::thread::Builder::new().name("starling-file-dialog".into()).spawn(move || {
        let picked = rfd::FileDialog::new().add_filter("WAV audio", &["wav", "WAV"]).set_title("Import a recording").pick_file();
        notifier.send(AppEvent::FilePicked(picked));
    });
    if spawned.is_err() {
        app.history.picking = false;
        app.warn("Cannot open the file dialog: type the file's path instead.");
    }
}

pub(crate) fn on_file_picked(app: &mut StarlingApp, picked: Option<PathBuf>) {
    app.history.picking = false;
    if let Some(path) = picked {
        app.history.import_path = path.display().to_string();
    }
}

/// Imports `path` as a new session on a worker thread; the review opens when it is done.
/// (`store::import` checks the file first, on the worker, so a bad one leaves no session.)
pub fn import(app: &mut StarlingApp, path: PathBuf) {
    let question = app.question().map(QuestionInfo::of);
    let label = super::app::file_name(&path);
    app.history.import_path.clear();
    spawn_session_job(app, label, move |store, engine, options| {
        crate::store::import(store, &path, &question.unwrap_or_default(), engine, options).map(|(id, _)| id)
    });
}

/// Runs `job` (an analysis that makes or completes a session) on a worker thread with its
/// own connection to the store; the app hears back through [`AppEvent::SessionReady`].
fn spawn_session_job(app: &mut StarlingApp, label: String, job: impl FnOnce(&Store, &Engine, &PipelineOptions) -> Result<i64, StoreError> + Send + 'static) {
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
        let result = Store::open(&root).and_then(|store| job(&store, &engine, &options)).map_err(|e| e.to_string());
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
    let opened = app.store().and_then(|store| {
        let session = store.get(id)?;
        let dir = store.folder_path(&session);
        Ok(FinishedAnswer::open(&dir.join(AUDIO_FILE), &dir.join(REPORT_FILE))?)
    });
    match opened {
        Ok(answer) => app.open_review(answer),
        Err(e) => app.warn(format!("Cannot open this session: {e}")),
    }
}

fn chart(app: &mut StarlingApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Over time").strong());
        egui::ComboBox::from_id_salt("history_metric").selected_text(app.history.metric.name()).show_ui(ui, |ui| {
            for m in Metric::ALL {
                ui.selectable_value(&mut app.history.metric, m, m.name());
            }
        });
    });
    let metric = app.history.metric;
    // Oldest first; x is days since the first session shown, so gaps in practice show.
    let mut points: Vec<(f64, f64, &Session)> = Vec::new();
    let sessions = app.history.sessions();
    let first = sessions.iter().rev().find_map(|s| day_number(&s.created_at));
    for s in sessions.iter().rev() {
        if let (Some(day), Some(first), Some(v)) = (day_number(&s.created_at), first, metric.value(s)) {
            points.push((day - first, v, s));
        }
    }
    if points.is_empty() {
        ui.label(RichText::new("No analyzed sessions to chart yet.").weak());
        return;
    }
    let labels: Vec<String> = points.iter().map(|(_, v, s)| format!("{}\n{}\n{v:.1}", s.created_at, widgets::short(&s.display_title(), 40))).collect();
    let series: Vec<[f64; 2]> = points.iter().map(|(x, y, _)| [*x, *y]).collect();
    let target = metric.target(app);
    let selected = app.history.selected;
    let highlighted: Vec<[f64; 2]> = points.iter().filter(|(_, _, s)| Some(s.id) == selected).map(|(x, y, _)| [*x, *y]).collect();
    let first_day = first.unwrap_or(0.0);
    Plot::new("history_chart")
        .height(170.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .x_axis_label("date")
        .x_axis_formatter(move |mark, _| date_of_day(first_day + mark.value))
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint { index, .. } => labels.get(*index).cloned(),
            _ => None,
        })
        .show(ui, |plot| {
            if let Some((lo, hi)) = target {
                let green = Color32::from_rgb(90, 170, 90);
                plot.hline(HLine::new("target from", lo).color(green));
                if hi < 100.0 || metric != Metric::IShare {
                    plot.hline(HLine::new("target to", hi).color(green));
                }
            }
            plot.line(Line::new(metric.name(), PlotPoints::from(series.clone())).color(widgets::section_color(StarLabel::Action)).width(2.0));
            plot.points(Points::new(metric.name(), PlotPoints::from(series)).radius(3.5).color(widgets::section_color(StarLabel::Action)));
            if !highlighted.is_empty() {
                plot.points(Points::new("selected", PlotPoints::from(highlighted)).radius(6.0).color(Color32::from_rgb(230, 160, 30)));
            }
        });
}

/// Days since 1970 of "2026-11-22 14:05:09", with the time of day as a fraction.
fn day_number(created_at: &str) -> Option<f64> {
    let t = chrono::NaiveDateTime::parse_from_str(created_at, "%Y-%m-%d %H:%M:%S").ok()?;
    Some(t.and_utc().timestamp() as f64 / 86_400.0)
}

fn date_of_day(day: f64) -> String {
    chrono::DateTime::from_timestamp((day * 86_400.0) as i64, 0).map(|t| t.format("%b %-d").to_string()).unwrap_or_default()
}

fn table(app: &mut StarlingApp, ui: &mut egui::Ui) {
    let sessions = app.history.sessions();
    let selected = app.history.selected;
    let mut clicked = None;
    let mut opened = None;
    let story_titles: std::collections::HashMap<u64, &str> = app.library.stories.iter().map(|s| (s.id, s.title.as_str())).collect();
    let number = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "–".into());
    TableBuilder::new(ui)
        .id_salt("history_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(120.0))
        .column(Column::initial(220.0).at_least(120.0).clip(true))
        .column(Column::auto().at_least(80.0).clip(true))
        .column(Column::auto().at_least(60.0).clip(true))
        .column(Column::auto().at_least(50.0))
        .column(Column::auto().at_least(55.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::remainder().at_least(70.0))
        .header(22.0, |mut header| {
            for title in ["Date", "Question", "Principle", "Story", "Length", "Pace", "Fillers/min", "I", "STAR balance"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, sessions.len(), |mut row| {
                let s = &sessions[row.index()];
                row.set_selected(selected == Some(s.id));
                row.col(|ui| {
                    ui.label(&s.created_at[..s.created_at.len().min(16)]);
                });
                row.col(|ui| {
                    // A button, so the row can be chosen from the keyboard and by screen readers.
                    let title = ui.add(egui::Button::selectable(selected == Some(s.id), s.display_title()).frame_when_inactive(false));
                    if title.clicked() {
                        clicked = Some(s.id);
                    }
                    if title.double_clicked() {
                        opened = Some(s.id);
                    }
                });
                row.col(|ui| {
                    ui.label(s.principle.as_deref().unwrap_or("–"));
                });
                row.col(|ui| {
                    ui.label(s.story_id.and_then(|id| story_titles.get(&id).copied()).unwrap_or("–"));
                });
                if s.status == SessionStatus::Recorded {
                    row.col(|ui| {
                        ui.label(RichText::new("not analyzed").weak());
                    });
                    for _ in 0..4 {
                        row.col(|_| {});
                    }
                } else {
                    row.col(|ui| {
                        ui.label(number(s.duration_s, &|d| format_clock(d)));
                    });
                    row.col(|ui| {
                        ui.label(number(s.wpm, &|w| format!("{w:.0}")));
                    });
                    row.col(|ui| {
                        ui.label(number(s.fillers_per_min, &|f| format!("{f:.1}")));
                    });
                    row.col(|ui| {
                        ui.label(number(s.i_share, &|i| format!("{:.0}%", i * 100.0)));
                    });
                    row.col(|ui| star_balance(ui, &s.star_shares));
                }
                let response = row.response();
                if response.clicked() {
                    clicked = Some(s.id);
                }
                if response.double_clicked() {
                    opened = Some(s.id);
                }
            });
        });
    if let Some(id) = clicked {
        select(app, id);
    }
    if let Some(id) = opened {
        open_session(app, id);
    }
}

fn select(app: &mut StarlingApp, id: i64) {
    if app.history.selected != Some(id) {
        app.history.selected = Some(id);
        app.history.previous = None;
    }
}

/// The sections' shares as one bar, in the timeline's colors.
fn star_balance(ui: &mut egui::Ui, shares: &[Option<f64>; 5]) {
    let width = ui.available_width().clamp(40.0, 96.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 12.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let mut x = rect.left();
    let mut tip = Vec::new();
    for (label, share) in StarLabel::ALL.iter().zip(shares) {
        if let Some(share) = share {
            let w = (*share as f32 * rect.width()).max(0.0);
            painter.rect_filled(egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height())), 0.0, widgets::section_color(*label));
            x += w;
            tip.push(format!("{} {:.0}%", label.name(), share * 100.0));
        }
    }
    if !tip.is_empty() {
        response.on_hover_text(tip.join(", "));
    }
}

fn details(app: &mut StarlingApp, ui: &mut egui::Ui) {
    let Some(id) = app.history.selected else { return };
    let Some(session) = app.history.sessions().iter().find(|s| s.id == id).cloned() else {
        app.history.selected = None;
        return;
    };
    ui.horizontal(|ui| {
        ui.heading("Session");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").clicked() {
                app.history.selected = None;
            }
        });
    });
    let folder = app.store().map(|s| s.folder_path(&session).display().to_string()).unwrap_or_default();
    ui.label(RichText::new(format!("Recorded {}", session.created_at)).weak()).on_hover_text(format!("Recording and report in {folder}"));
    if let Some(q) = &session.question_text {
        ui.label(q);
    }
    ui.add_space(6.0);
    if app.history.title_for != Some(id) {
        app.history.title_edit = session.title.clone().unwrap_or_default();
        app.history.title_for = Some(id);
    }
    let name_label = ui.label("Name");
    let name = ui.add(egui::TextEdit::singleline(&mut app.history.title_edit).hint_text(session.display_title()).desired_width(f32::INFINITY)).labelled_by(name_label.id);
    if name.lost_focus() && app.history.title_edit.trim() != session.title.clone().unwrap_or_default() {
        let title = app.history.title_edit.trim().to_string();
        let renamed = app.store().and_then(|s| s.rename(id, Some(&title)));
        after_change(app, renamed);
    }
    let story_name = |id: Option<u64>| id.and_then(|id| app.library.stories.iter().find(|s| s.id == id)).map(|s| s.title.clone()).unwrap_or_else(|| "No story".into());
    let mut story = session.story_id;
    ui.horizontal(|ui| {
        ui.label("Story");
        egui::ComboBox::from_id_salt("session_story").selected_text(story_name(story)).width(260.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut story, None, "No story");
            for s in &app.library.stories {
                ui.selectable_value(&mut story, Some(s.id), &s.title);
            }
        });
    });
    if story != session.story_id {
        let tagged = app.store().and_then(|s| s.set_story(id, story));
        after_change(app, tagged);
    }
    ui.add_space(6.0);
    let analyzed = session.status == SessionStatus::Analyzed;
    ui.horizontal_wrapped(|ui| {
        if ui.add_enabled(analyzed, egui::Button::new("Open review")).on_hover_text("Or double-click the row").clicked() {
            open_session(app, id);
        }
        for (format, label) in [(export::Format::Md, "Markdown"), (export::Format::Html, "HTML"), (export::Format::Json, "JSON")] {
            if ui.add_enabled(analyzed, egui::Button::new(format!("Export {label}"))).clicked() {
                export_session(app, &session, format);
            }
        }
        if ui.button("Delete…").clicked() {
            app.history.confirm_delete = Some(id);
        }
    });
    if !analyzed {
        ui.label(RichText::new("Not analyzed yet: its figures and exports appear once it is.").weak());
        return;
    }
    ui.add_space(8.0);
    compare_section(app, ui, &session);
}

fn compare_section(app: &mut StarlingApp, ui: &mut egui::Ui, session: &Session) {
    ui.label(RichText::new("Against the previous attempt").strong());
    if app.history.previous.as_ref().map(|(id, _)| *id) != Some(session.id) {
        let previous = app.store().and_then(|s| s.previous_attempt(session)).unwrap_or_else(|e| {
            app.warn(e.to_string());
            None
        });
        app.history.previous = Some((session.id, previous));
    }
    let Some((_, Some(previous))) = app.history.previous.clone() else {
        ui.label(RichText::new("No earlier attempt at this question yet.").weak());
        return;
    };
    ui.label(RichText::new(format!("Previous: {} ({})", previous.created_at, previous.display_title())).weak());
    let changes = compare::compare(&previous, session, &app.settings.analysis);
    egui::Grid::new("compare_grid").striped(true).num_columns(4).show(ui, |ui| {
        ui.strong("");
        ui.strong("Previous");
        ui.strong("This one");
        ui.strong("");
        ui.end_row();
        for c in &changes {
            ui.label(c.measure);
            ui.label(c.unit.format(c.before));
            ui.label(c.unit.format(c.after));
            let (text, color) = match c.verdict {
                Verdict::Better => ("better", Color32::from_rgb(60, 160, 80)),
                Verdict::Worse => ("worse", ui.visuals().error_fg_color),
                Verdict::Same => ("about the same", ui.visuals().weak_text_color()),
            };
            ui.colored_label(color, text);
            ui.end_row();
        }
    });
    if ui.button("Open the previous attempt").clicked() {
        select(app, previous.id);
    }
}

/// After a rename, a story tag or a delete: reload, or say why it failed.
fn after_change(app: &mut StarlingApp, result: Result<(), StoreError>) {
    match result {
        Ok(()) => app.history.invalidate(),
        Err(e) => app.warn(format!("Not saved: {e}")),
    }
}

fn confirm_delete(app: &mut StarlingApp, ctx: &egui::Context, id: i64) {
    let title = app.store().and_then(|s| s.get(id)).map(|s| format!("{} ({})", s.display_title(), s.created_at)).unwrap_or_else(|_| format!("session {id}"));
    let body = format!("{title}: its recording and report will be deleted from this computer. This cannot be undone.");
    match widgets::confirm(ctx, "confirm_delete_session", "Delete this session?", &body, "Delete", "Keep it") {
        widgets::Confirm::Yes => {
            app.history.confirm_delete = None;
            let deleted = app.store().and_then(|s| s.delete(id));
            if deleted.is_ok() {
                app.history.unfinished.retain(|u| u.session.id != id);
                if app.history.selected == Some(id) {
                    app.history.selected = None;
                }
                app.tell("Session deleted");
            }
            after_change(app, deleted);
        }
        widgets::Confirm::No => app.history.confirm_delete = None,
        widgets::Confirm::Waiting => {}
    }
}

fn export_session(app: &mut StarlingApp, session: &Session, format: export::Format) {
    let written = app.store().map_err(|e| e.to_string()).and_then(|store| {
        let report = store.report(session).map_err(|e| e.to_string())?;
        export::session(format, session, &report).map_err(|e| e.to_string())
    });
    let path = app.config.exports_dir.join(format!("starling-{}.{}", session.folder, format.extension()));
    save_export(app, written, &path);
}

fn export_csv(app: &mut StarlingApp) {
    let all = app.store().and_then(|s| s.list(&Filter::default()));
    let written = all.map_err(|e| e.to_string()).and_then(|l| export::csv::history(&l.sessions).map_err(|e| e.to_string()));
    let stamp = chrono::Local::now().format("%Y-%m-%d_%H-%M-%S");
    let path = app.config.exports_dir.join(format!("starling-history-{stamp}.csv"));
    save_export(app, written, &path);
}

fn save_export(app: &mut StarlingApp, text: Result<String, String>, path: &Path) {
    let saved = text.and_then(|t| crate::files::write_atomic(path, t.as_bytes()).map_err(|e| format!("{}: {e}", path.display())));
    match saved {
        Ok(()) => app.tell(format!("Saved {}", path.display())),
        Err(e) => app.warn(format!("Export failed: {e}")),
    }
}
