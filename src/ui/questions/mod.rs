//! The question bank: today's practice, browse by principle, search, pick at random, add your
//! own.

use egui::RichText;

use crate::ui::common::today::TodayView;
use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, Screen, ScreenContext};

#[derive(Default)]
pub struct Browse {
    /// Today's practice instead of the list.
    pub show_today: bool,
    today: TodayView,
    pub query: String,
    pub principle: Option<String>,
    new_question: String,
    new_principle: Option<String>,
}

impl Browse {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        egui::Panel::left("principles").resizable(true).default_size(250.0).show(ui, |ui| {
            if ui.selectable_label(self.show_today, "Today's practice").on_hover_text("Three questions picked for today: due again, on principles you have not covered, or training your weakest measure").clicked() {
                self.show_today = true;
            }
            ui.separator();
            ui.label(RichText::new("Leadership Principles").strong());
            egui::ScrollArea::vertical().show(ui, |ui| {
                if ui.selectable_label(!self.show_today && self.principle.is_none(), "All questions").clicked() {
                    self.principle = None;
                    self.show_today = false;
                }
                for p in &ctx.bank.principles {
                    let selected = !self.show_today && self.principle.as_deref() == Some(p.name.as_str());
                    if ui.selectable_label(selected, &p.name).on_hover_text(&p.summary).clicked() {
                        self.principle = Some(p.name.clone());
                        self.show_today = false;
                    }
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if self.show_today {
                self.today.ui(ui, ctx);
                return;
            }
            ui.horizontal(|ui| {
                let label = ui.label("Search");
                ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("words from the question")
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
                if ui.button("Random question").clicked() {
                    let found = ctx.bank.search(ctx.library, &self.query, self.principle.as_deref());
                    if !found.is_empty() {
                        let pick = found[fastrand::usize(..found.len())].id.clone();
                        ctx.send(AppCommand::ChooseQuestion(pick));
                    }
                }
            });
            if let Some(p) = self.principle.as_deref().and_then(|p| ctx.bank.principle(p)) {
                ui.label(RichText::new(&p.summary).italics());
            }
            ui.separator();
            let found: Vec<_> =
                ctx.bank.search(ctx.library, &self.query, self.principle.as_deref()).into_iter().cloned().collect();
            ui.label(RichText::new(crate::analysis::counted(found.len(), "question")).weak());
            egui::ScrollArea::vertical().max_height(ui.available_height() - 90.0).auto_shrink([false, false]).show(
                ui,
                |ui| {
                    for q in &found {
                        ui.horizontal_wrapped(|ui| {
                            let selected = ctx.question_id == Some(q.id.as_str());
                            if ui.selectable_label(selected, &q.text).on_hover_text("Practise this question").clicked()
                            {
                                ctx.send(AppCommand::ChooseQuestion(q.id.clone()));
                            }
                            for p in &q.principles {
                                widgets::tag(ui, p);
                            }
                            if q.source == "yours" {
                                widgets::tag(ui, "yours");
                            }
                        });
                    }
                },
            );
            ui.separator();
            self.add_question(ui, ctx);
        });
    }

    fn add_question(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        ui.label(RichText::new("Add your own question").strong());
        // Wraps rather than widening the screen past the window (at 800x600 "Add question"
        // was cut to "Princ" and every question row with it).
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Question");
            ui.add(
                egui::TextEdit::singleline(&mut self.new_question)
                    .hint_text("Tell me about a time…")
                    .desired_width((ui.available_width() - 340.0).clamp(200.0, 420.0)),
            )
            .labelled_by(label.id);
            let principle = self.new_principle.clone().unwrap_or_else(|| "Principle (optional)".into());
            egui::ComboBox::from_id_salt("new_question_principle").selected_text(principle).show_ui(ui, |ui| {
                ui.selectable_value(&mut self.new_principle, None, "None");
                for p in &ctx.bank.principles {
                    ui.selectable_value(&mut self.new_principle, Some(p.name.clone()), &p.name);
                }
            });
            let text = self.new_question.trim().to_string();
            if ui.add_enabled(!text.is_empty(), egui::Button::new("Add question")).clicked() {
                let principles = self.new_principle.iter().cloned().collect();
                let id = ctx.library.add_question(&text, principles);
                self.new_question.clear();
                ctx.send(AppCommand::SaveLibrary);
                ctx.send(AppCommand::ChooseQuestion(id));
                ctx.send(AppCommand::ShowScreen(Screen::Questions));
                ctx.send(AppCommand::Tell("Question added".into()));
            }
        });
    }
}
