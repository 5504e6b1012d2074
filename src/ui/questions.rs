//! The question bank: browse by principle, search, pick at random, add your own.

use egui::RichText;

use super::app::{Screen, StarlingApp};
use super::widgets;

#[derive(Default)]
pub struct Browse {
    pub query: String,
    pub principle: Option<String>,
    new_question: String,
    new_principle: Option<String>,
}

pub fn show(app: &mut StarlingApp, ui: &mut egui::Ui) {
    egui::Panel::left("principles").resizable(true).default_size(250.0).show(ui, |ui| {
        ui.label(RichText::new("Leadership Principles").strong());
        egui::ScrollArea::vertical().show(ui, |ui| {
            if ui.selectable_label(app.browse.principle.is_none(), "All questions").clicked() {
                app.browse.principle = None;
            }
            for p in &app.bank.principles {
                let selected = app.browse.principle.as_deref() == Some(p.name.as_str());
                if ui.selectable_label(selected, &p.name).on_hover_text(&p.summary).clicked() {
                    app.browse.principle = Some(p.name.clone());
                }
            }
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("Search");
            ui.add(egui::TextEdit::singleline(&mut app.browse.query).hint_text("words from the question").desired_width(280.0))
                .labelled_by(label.id);
            if ui.button("Random question").clicked() {
                let found = app.bank.search(&app.library, &app.browse.query, app.browse.principle.as_deref());
                if !found.is_empty() {
                    let pick = found[fastrand::usize(..found.len())].id.clone();
                    app.choose_question(pick);
                }
            }
        });
        if let Some(p) = app.browse.principle.as_deref().and_then(|p| app.bank.principle(p)) {
            ui.label(RichText::new(&p.summary).italics());
        }
        ui.separator();
        let found: Vec<_> = app.bank.search(&app.library, &app.browse.query, app.browse.principle.as_deref()).into_iter().cloned().collect();
        ui.label(RichText::new(format!("{} questions", found.len())).weak());
        egui::ScrollArea::vertical().max_height(ui.available_height() - 90.0).auto_shrink([false, false]).show(ui, |ui| {
            for q in &found {
                ui.horizontal_wrapped(|ui| {
                    let selected = app.question_id.as_deref() == Some(q.id.as_str());
                    if ui.selectable_label(selected, &q.text).on_hover_text("Practise this question").clicked() {
                        app.choose_question(q.id.clone());
                    }
                    for p in &q.principles {
                        widgets::tag(ui, p);
                    }
                    if q.source == "yours" {
                        widgets::tag(ui, "yours");
                    }
                });
            }
        });
        ui.separator();
        add_question(app, ui);
    });
}

fn add_question(app: &mut StarlingApp, ui: &mut egui::Ui) {
    ui.label(RichText::new("Add your own question").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Question");
        ui.add(egui::TextEdit::singleline(&mut app.browse.new_question).hint_text("Tell me about a time…").desired_width(420.0))
            .labelled_by(label.id);
        let principle = app.browse.new_principle.clone().unwrap_or_else(|| "Principle (optional)".into());
        egui::ComboBox::from_id_salt("new_question_principle").selected_text(principle).show_ui(ui, |ui| {
            ui.selectable_value(&mut app.browse.new_principle, None, "None");
            for p in &app.bank.principles {
                ui.selectable_value(&mut app.browse.new_principle, Some(p.name.clone()), &p.name);
            }
        });
        let text = app.browse.new_question.trim().to_string();
        if ui.add_enabled(!text.is_empty(), egui::Button::new("Add question")).clicked() {
            let principles = app.browse.new_principle.iter().cloned().collect();
            let id = app.library.add_question(&text, principles);
            app.save_library();
            app.browse.new_question.clear();
            app.choose_question(id);
            app.screen = Screen::Questions;
            app.tell("Question added");
        }
    });
}
