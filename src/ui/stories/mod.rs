//! The story bank: the user's stories, the principles each can serve and the questions it
//! answers. The guides advise two or three stories that flex across principles.

use egui::RichText;

use crate::ui::common::today::CoverageView;
use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, ScreenContext};

#[derive(Default)]
pub struct StoriesUi {
    selected: Option<u64>,
    /// The principles x stories grid instead of one story.
    pub show_grid: bool,
    coverage: CoverageView,
    new_title: String,
    link_question: Option<String>,
    /// A story the user asked to delete, waiting for confirmation.
    confirm_delete: Option<u64>,
}

impl StoriesUi {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        egui::Panel::left("story_list").resizable(true).default_size(260.0).show(ui, |ui| {
            if ui
                .selectable_label(self.show_grid, "Coverage of the 16 principles")
                .on_hover_text("Which principles your stories serve and your answers covered")
                .clicked()
            {
                self.show_grid = true;
            }
            ui.separator();
            ui.label(RichText::new("Your stories").strong());
            for s in &ctx.library.stories {
                let title = if s.title.is_empty() { "(untitled)" } else { s.title.as_str() };
                if ui.selectable_label(!self.show_grid && self.selected == Some(s.id), title).clicked() {
                    self.selected = Some(s.id);
                    self.show_grid = false;
                }
            }
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("New story");
                ui.add(egui::TextEdit::singleline(&mut self.new_title).hint_text("title").desired_width(140.0))
                    .labelled_by(label.id);
            });
            let title = self.new_title.trim().to_string();
            if ui.add_enabled(!title.is_empty(), egui::Button::new("Add story")).clicked() {
                let id = ctx.library.add_story(&title);
                self.new_title.clear();
                self.selected = Some(id);
                self.show_grid = false;
                ctx.send(AppCommand::SaveLibrary);
            }
        });
        if self.selected.is_none() {
            self.selected = ctx.library.stories.first().map(|s| s.id);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.show_grid {
                self.coverage.ui(ui, ctx);
                return;
            }
            let Some(index) = self.selected.and_then(|id| ctx.library.stories.iter().position(|s| s.id == id)) else {
                ui.label("Prepare two or three stories you can tell well, and note which principles each one shows. Add one on the left.");
                return;
            };
            let mut changed = false;
            let mut delete = false;
            {
                let story = &mut ctx.library.stories[index];
                ui.horizontal(|ui| {
                    let label = ui.label("Title");
                    changed |= ui.add(egui::TextEdit::singleline(&mut story.title).desired_width(360.0)).labelled_by(label.id).lost_focus();
                    delete = ui.button("Delete story").clicked();
                });
                let label = ui.label("Notes (situation, your actions, the numbers)");
                changed |= ui.add(egui::TextEdit::multiline(&mut story.notes).desired_rows(6).desired_width(f32::INFINITY)).labelled_by(label.id).lost_focus();
                ui.label(RichText::new("Principles it can serve").strong());
                ui.horizontal_wrapped(|ui| {
                    for p in &ctx.bank.principles {
                        let mut on = story.principles.contains(&p.name);
                        if ui.checkbox(&mut on, &p.name).changed() {
                            changed = true;
                            if on {
                                story.principles.push(p.name.clone());
                            } else {
                                story.principles.retain(|x| x != &p.name);
                            }
                        }
                    }
                });
            }
            ui.label(RichText::new("Questions it answers").strong());
            let linked = ctx.library.stories[index].question_ids.clone();
            for qid in &linked {
                ui.horizontal_wrapped(|ui| {
                    let text = ctx.bank.question(ctx.library, qid).map(|q| q.text.clone()).unwrap_or_else(|| format!("{qid} (removed)"));
                    ui.label(text);
                    if ui.small_button("Unlink").clicked() {
                        ctx.library.stories[index].question_ids.retain(|x| x != qid);
                        changed = true;
                    }
                });
            }
            ui.horizontal_wrapped(|ui| {
                let shown = self.link_question.as_deref().and_then(|id| ctx.bank.question(ctx.library, id)).map(|q| widgets::short(&q.text, 90)).unwrap_or_else(|| "Choose a question".into());
                egui::ComboBox::from_id_salt("link_question").selected_text(shown).width((ui.available_width() - 120.0).clamp(200.0, 420.0)).show_ui(ui, |ui| {
                    for q in ctx.bank.questions.iter().chain(&ctx.library.questions) {
                        ui.selectable_value(&mut self.link_question, Some(q.id.clone()), widgets::short(&q.text, 90));
                    }
                });
                if ui.add_enabled(self.link_question.is_some(), egui::Button::new("Link question")).clicked()
                    && let Some(q) = self.link_question.take()
                    && !linked.contains(&q)
                {
                    ctx.library.stories[index].question_ids.push(q);
                    changed = true;
                }
            });
            let answers = self.coverage.answers_for(ctx, ctx.library.stories[index].id);
            ui.add_space(8.0);
            ui.label(RichText::new("Answers that told it").strong()).on_hover_text("Tag an answer with its story in History");
            if answers.is_empty() {
                ui.label(RichText::new("None yet: tag an answer with this story in History.").weak());
            }
            for a in &answers {
                let line = format!("{}  {}", a.created_at.get(..16).unwrap_or(&a.created_at), widgets::short(&a.display_title(), 80));
                if ui.link(line).on_hover_text("Open on the Review screen").clicked() {
                    ctx.send(AppCommand::OpenSession(a.id));
                }
            }
            let principles = ctx.library.stories[index].principles.clone();
            if !principles.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Bank questions on the same principles").weak());
                for q in ctx.bank.questions.iter().filter(|q| q.principles.iter().any(|p| principles.contains(p))).take(8) {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(widgets::short(&q.text, 90)).weak());
                        for p in q.principles.iter().filter(|p| principles.contains(p)) {
                            widgets::tag(ui, p);
                        }
                    });
                }
            }
            if delete {
                self.confirm_delete = Some(ctx.library.stories[index].id);
            }
            if let Some(id) = self.confirm_delete {
                changed |= self.confirm_delete(&ui.ctx().clone(), ctx.library, id);
            }
            if changed {
                ctx.send(AppCommand::SaveLibrary);
            }
        });
    }

    /// Asks before deleting a story (notes are the user's own writing); true once it is gone.
    fn confirm_delete(&mut self, egui_ctx: &egui::Context, library: &mut crate::bank::Library, id: u64) -> bool {
        let Some(index) = library.stories.iter().position(|s| s.id == id) else {
            self.confirm_delete = None;
            return false;
        };
        let body =
            format!("\"{}\" and its notes will be deleted. Recorded answers stay.", library.stories[index].title);
        match widgets::confirm(egui_ctx, "confirm_delete_story", "Delete this story?", &body, "Delete", "Keep it") {
            widgets::Confirm::Yes => {
                library.stories.remove(index);
                self.selected = None;
                self.confirm_delete = None;
                return true;
            }
            widgets::Confirm::No => self.confirm_delete = None,
            widgets::Confirm::Waiting => {}
        }
        false
    }
}
