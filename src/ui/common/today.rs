//! "Today" (on the Questions screen) and the principles x stories coverage grid (on the Stories
//! screen): both read every session, so each keeps what it computed until the index, the
//! library, the thresholds or the day change.

use chrono::NaiveDate;
use egui::{Color32, RichText};

use crate::analysis::AnalysisSettings;
use crate::bank::Library;
use crate::sessions::coverage::{Coverage, STORIES_WANTED, coverage};
use crate::sessions::plan::{DEFAULT_COUNT, Plan, plan};
use crate::store::{Filter, Session};
use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, ScreenContext};

/// What a cached result was computed from.
struct Inputs {
    revision: (u64, i64),
    day: NaiveDate,
    library: Library,
    analysis: AnalysisSettings,
}

/// Recomputes `make` from every session when its inputs changed since the last frame.
struct Cached<T> {
    inputs: Option<Inputs>,
    value: Result<T, String>,
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self { inputs: None, value: Err(String::new()) }
    }
}

impl<T> Cached<T> {
    /// The value, made again by `make(sessions, ctx, today)` when the index, the library, the
    /// thresholds or the day changed. Compared in place: nothing is copied on an ordinary frame.
    fn get(
        &mut self,
        ctx: &ScreenContext,
        make: impl FnOnce(&[Session], &ScreenContext, NaiveDate) -> T,
    ) -> &Result<T, String> {
        let store = match ctx.store.clone() {
            Ok(store) => store,
            Err(e) => {
                self.inputs = None;
                self.value = Err(e);
                return &self.value;
            }
        };
        let (revision, day) = (store.revision(), chrono::Local::now().date_naive());
        let current = self.inputs.as_ref().is_some_and(|i| {
            i.revision == revision && i.day == day && i.library == *ctx.library && i.analysis == ctx.settings.analysis
        });
        if !current {
            self.value = store.list(&Filter::default()).map(|l| make(&l.sessions, ctx, day)).map_err(|e| e.to_string());
            self.inputs =
                Some(Inputs { revision, day, library: ctx.library.clone(), analysis: ctx.settings.analysis.clone() });
        }
        &self.value
    }
}

#[derive(Default)]
pub struct TodayView {
    plan: Cached<Plan>,
}

impl TodayView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let plan = match self.plan.get(ctx, |sessions, ctx, day| {
            plan(sessions, ctx.bank, ctx.library, &ctx.settings.analysis, day, DEFAULT_COUNT.into())
        }) {
            Ok(plan) => plan,
            Err(e) => {
                ui.label(RichText::new(format!("Today's plan needs the session history: {e}")).weak());
                return;
            }
        };
        ui.heading(format!("Today, {}", plan.date.format("%A %-d %B")));
        ui.label(RichText::new("Questions picked for you; click one to practise it.").weak())
            .on_hover_text("Questions due again (spaced repetition: a good answer waits longer each time, a poor one comes back tomorrow), principles no answer covers yet, and your weakest measure lately.");
        for item in &plan.items {
            ui.horizontal_wrapped(|ui| {
                if let Some(grade) = item.done_today {
                    ui.label(RichText::new("Done").color(Color32::from_rgb(60, 160, 90))).on_hover_text(format!(
                        "Answered today, {}.",
                        crate::sessions::schedule::grade_explained(grade)
                    ));
                }
                let selected = ctx.question_id == Some(item.question_id.as_str());
                if ui.selectable_label(selected, &item.question).on_hover_text("Practise this question").clicked() {
                    ctx.send(AppCommand::ChooseQuestion(item.question_id.clone()));
                }
                for p in &item.principles {
                    widgets::tag(ui, p);
                }
            });
            let next = item
                .schedule
                .as_ref()
                .filter(|_| item.done_today.is_some())
                .map(|s| format!(" Next time: {}.", s.due.format("%-d %B")))
                .unwrap_or_default();
            ui.label(RichText::new(format!("{}{next}", item.reason)).weak());
            ui.add_space(4.0);
        }
        let mut footer = Vec::new();
        if !plan.uncovered.is_empty() {
            footer.push(format!("{} of {} principles have no answer yet.", plan.uncovered.len(), plan.principle_count));
        }
        if let Some(next) = plan.next_due {
            footer.push(format!("Next question due: {}.", next.format("%A %-d %B")));
        }
        if !footer.is_empty() {
            ui.label(RichText::new(footer.join(" ")).weak().small());
        }
    }
}

#[derive(Default)]
pub struct CoverageView {
    grid: Cached<(Coverage, Vec<Session>)>,
}

impl CoverageView {
    /// The grid and the sessions it was made of.
    fn grid(&mut self, ctx: &ScreenContext) -> &Result<(Coverage, Vec<Session>), String> {
        self.grid.get(ctx, |sessions, ctx, _| {
            (coverage(sessions, ctx.bank, ctx.library, &ctx.settings.analysis), sessions.to_vec())
        })
    }

    /// The answers that told a story, newest first (from the sessions the grid was made of).
    pub fn answers_for(&mut self, ctx: &ScreenContext, story: u64) -> Vec<Session> {
        match self.grid(ctx) {
            Ok((_, sessions)) => sessions.iter().filter(|s| s.story_id == Some(story)).cloned().collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The grid; a click on a cell marks (or unmarks) the story as serving the principle.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let grid = match self.grid(ctx) {
            Ok((grid, _)) => grid,
            Err(e) => {
                ui.label(format!("The coverage grid needs the session history: {e}"));
                return;
            }
        };
        ui.label(format!(
            "Amazon's interviewers probe several principles per loop; have about {STORIES_WANTED} stories for most. \"yes\" marks a story that serves the principle (click a cell to change it); a number counts the answers that told it for one."
        ));
        ui.add_space(6.0);
        let mut toggle: Option<(u64, String)> = None;
        // The principles' names stay in view while the stories' columns scroll sideways: two
        // grids with one row height, side by side in one vertical scroll.
        let row_height = ui.spacing().interact_size.y;
        // Story titles get the room the principles' names and the figures (about 600 px) leave,
        // so a wide window shows them whole; on a small one they are cut (the full title is
        // on hover) and the columns scroll.
        let per_story = (ui.available_width() - 600.0) / grid.stories.len().max(1) as f32;
        let title_chars = ((per_story / 7.5).max(0.0) as usize).clamp(14, 48);
        let names_of = |ui: &mut egui::Ui, row: &crate::sessions::coverage::PrincipleRow| {
            let name = RichText::new(&row.principle);
            let name = if row.is_empty() { name.color(ui.visuals().warn_fg_color) } else { name };
            let label = ui.label(name);
            if row.questions == 0 {
                label.on_hover_text("No question in the bank yet: add one of your own on the Questions screen.");
            }
        };
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.horizontal_top(|ui| {
                egui::Grid::new("coverage_names").striped(true).min_row_height(row_height).show(ui, |ui| {
                    ui.label(RichText::new("Principle").strong());
                    ui.end_row();
                    for row in &grid.principles {
                        names_of(ui, row);
                        ui.end_row();
                    }
                });
                egui::ScrollArea::horizontal().id_salt("coverage_cells").auto_shrink([false, true]).show(ui, |ui| {
                    egui::Grid::new("coverage_grid")
                        .striped(true)
                        .min_row_height(row_height)
                        .spacing([14.0, ui.spacing().item_spacing.y])
                        .show(ui, |ui| {
                            // The stories' columns come first, so on a small window the cells a
                            // click changes sit beside the names they change; the figures follow.
                            for s in &grid.stories {
                                ui.label(RichText::new(widgets::short(&s.title, title_chars)).strong()).on_hover_text(
                                    format!("{} ({})", s.title, crate::analysis::counted(s.attempts, "answer")),
                                );
                            }
                            for head in ["Stories", "Answers", "Grade", "Last practised"] {
                                ui.label(RichText::new(head).strong());
                            }
                            ui.end_row();
                            for row in &grid.principles {
                                for (cell, story) in row.cells.iter().zip(&grid.stories) {
                                    let mark = match (cell.tagged, cell.attempts) {
                                        (false, 0) => "·".to_string(),
                                        (true, 0) => "yes".to_string(),
                                        (tagged, n) => format!("{}{n}", if tagged { "yes, " } else { "" }),
                                    };
                                    let what = if cell.tagged { "serves" } else { "does not serve" };
                                    if ui
                                        .selectable_label(cell.tagged, mark)
                                        .on_hover_text(format!(
                                            "{} {what} {}; click to change",
                                            story.title, row.principle
                                        ))
                                        .clicked()
                                    {
                                        toggle = Some((story.id, row.principle.clone()));
                                    }
                                }
                                let stories = RichText::new(row.stories.to_string());
                                ui.label(if row.stories < STORIES_WANTED {
                                    stories.color(ui.visuals().warn_fg_color)
                                } else {
                                    stories
                                });
                                ui.label(row.attempts.to_string());
                                ui.label(row.mean_score.map(|g| format!("{g:.1}/5")).unwrap_or_else(|| "–".into()));
                                ui.label(
                                    row.last
                                        .map(|d| d.format("%-d %b %Y").to_string())
                                        .unwrap_or_else(|| "never".into()),
                                );
                                ui.end_row();
                            }
                        });
                });
            });
        });
        if let Some((id, principle)) = toggle
            && let Some(story) = ctx.library.stories.iter_mut().find(|s| s.id == id)
        {
            match story.principles.iter().position(|p| *p == principle) {
                Some(i) => {
                    story.principles.remove(i);
                }
                None => story.principles.push(principle),
            }
            ctx.send(AppCommand::SaveLibrary);
        }
    }
}
