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
use crate::store::{Facets, Filter, Listing, Session, Store, StoreError, Unfinished};

use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, FilePurpose, ScreenContext};
pub use chart::Metric;

/// What the screen shows, loaded from the store when stale.
struct View {
    listing: Listing,
    facets: Facets,
}

impl View {
    fn load(store: &Store, filter: &Filter) -> Result<Self, StoreError> {
        Ok(Self { listing: store.list(filter)?, facets: store.facets()? })
    }
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

impl HistoryUi {
    /// Reads the list and the filter values if they are stale; timed for the load test.
    fn refresh(&mut self, store: Result<&Store, String>) {
        if self.view.is_some() {
            return;
        }
        let started = Instant::now();
        let loaded = store.and_then(|s| View::load(s, &self.filter).map_err(|e| e.to_string()));
        match loaded {
            Ok(view) => {
                self.view = Some(view);
                self.error = None;
            }
            Err(e) => {
                self.view = Some(View { listing: Listing::default(), facets: Facets::default() });
                self.error = Some(format!("The session history cannot be read: {e}"));
            }
        }
        self.load_ms = started.elapsed().as_secs_f64() * 1000.0;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        self.refresh(ctx.store.clone());
        self.unfinished_banner(ui, ctx);
        self.toolbar(ui, ctx);
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(view) = &self.view {
            for d in &view.listing.damaged {
                ui.colored_label(ui.visuals().warn_fg_color, d.to_string());
            }
        }
        ui.separator();
        if self.selected.is_some() {
            egui::Panel::right("session_details").resizable(true).default_size(400.0).show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| details::details(self, ctx, ui));
            });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.sessions().is_empty() {
                let empty = if self.filter.question_id.is_some()
                    || self.filter.principle.is_some()
                    || self.filter.story_id.is_some()
                {
                    "No sessions match these filters."
                } else {
                    "No sessions yet: answer a question on the Practice screen, or import a recording above."
                };
                ui.label(RichText::new(empty).weak());
                return;
            }
            chart::chart(self, ctx, ui);
            chart::pet_phrases(self.sessions(), ui);
            ui.add_space(6.0);
            table::table(self, ctx, ui);
        });
        if let Some(id) = self.confirm_delete {
            details::confirm_delete(self, ctx, ui.ctx(), id);
        }
    }
    fn unfinished_banner(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        if self.unfinished.is_empty() {
            return;
        }
        let ready = ctx.engine().is_some();
        egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
            ui.label(RichText::new("Unfinished recordings").strong());
            ui.label("These answers were cut off (the app or the computer stopped) before they were analyzed. Their audio is kept up to the moment it stopped.");
            for item in &self.unfinished {
                // Wrapped: on a small window the buttons go under the reason, not off the edge.
                ui.horizontal_wrapped(|ui| {
                    let s = &item.session;
                    match &item.audio {
                        Ok(seconds) => {
                            ui.label(format!("{} · {} · {}", s.created_at, s.display_title(), format_clock(*seconds)));
                            if item.analysis_stopped {
                                ui.colored_label(ui.visuals().warn_fg_color, Unfinished::STOPPED_NOTE);
                            }
                            let action = if item.analysis_stopped { "Analyze again" } else { "Analyze" };
                            if self.busy.iter().any(|b| b == &busy_label(s.id)) {
                                ui.spinner();
                            } else if ui.add_enabled(ready, egui::Button::new(action)).on_disabled_hover_text("The speech model is not ready").clicked() {
                                ctx.send(AppCommand::AnalyzeSession(s.id));
                            }
                        }
                        Err(e) => {
                            ui.colored_label(ui.visuals().error_fg_color, format!("{} · {e}", s.created_at));
                        }
                    }
                    if ui.button("Delete").clicked() {
                        self.confirm_delete = Some(s.id);
                    }
                });
            }
        });
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let facets = self.view.as_ref().map(|v| v.facets.clone()).unwrap_or_default();
        let mut filter = self.filter.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label("Question");
            let library = &*ctx.library;
            let question_name = |id: &str| {
                ctx.bank.question(library, id).map(|q| widgets::short(&q.text, 48)).unwrap_or_else(|| id.to_string())
            };
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
            let story_name = |id: u64| {
                library
                    .stories
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| format!("story {id}"))
            };
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
                details::export_csv(ctx);
            }
            let n = self.sessions().len();
            ui.label(RichText::new(crate::analysis::counted(n, "session")).weak());
        });
        if filter.question_id != self.filter.question_id
            || filter.principle != self.filter.principle
            || filter.story_id != self.filter.story_id
        {
            self.filter = filter;
            self.invalidate();
            self.refresh(ctx.store.clone());
        }
        ui.horizontal(|ui| {
            let label = ui.label("Import a recording");
            ui.add(
                egui::TextEdit::singleline(&mut self.import_path).hint_text("path to a .wav file").desired_width(340.0),
            )
            .labelled_by(label.id);
            if ui.add_enabled(!ctx.file_dialog_open, egui::Button::new("Choose…")).clicked() {
                ctx.send(AppCommand::PickFile(FilePurpose::Recording));
            }
            let path = self.import_path.trim().to_string();
            let ready = !path.is_empty() && ctx.engine().is_some();
            if ui
                .add_enabled(ready, egui::Button::new("Import"))
                .on_hover_text("Copies the file into a new session and analyzes it")
                .clicked()
            {
                self.import_path.clear();
                ctx.send(AppCommand::Import(PathBuf::from(path)));
            }
            for b in &self.busy {
                ui.spinner();
                ui.label(RichText::new(format!("analyzing {b}…")).weak());
            }
        });
    }
}

/// How a background analysis of a saved session is named while it runs.
pub(crate) fn busy_label(id: i64) -> String {
    format!("session {id}")
}
