//! The story bank: the user's stories, the principles each can serve and the questions it
//! answers. The guides advise two or three stories that flex across principles.

use egui::RichText;

use super::app::StarlingApp;
use super::widgets;

#[derive(Default)]
pub struct StoriesUi {
    selected: Option<u64>,
    new_title: String,
    link_question: Option<String>,
    /// A story the user asked to delete, waiting for confirmation.
    confirm_delete: Option<u64>,
}

pub fn show(app: &mut StarlingApp, ui: &mut egui::Ui) {
    egui::Panel::left("story_list").resizable(true).default_size(260.0).show(ui, |ui| {
        ui.label(RichText::new("Your stories").strong());
        for s in &app.library.stories {
            let title = if s.title.is_empty() { "(untitled)" } else { s.title.as_str() };
            if ui.selectable_label(app.stories_ui.selected == Some(s.id), title).clicked() {
                app.stories_ui.selected = Some(s.id);
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label("New story");
            ui.add(egui::TextEdit::singleline(&mut app.stories_ui.new_title).hint_text("title").desired_width(140.0)).labelled_by(label.id);
        });
        let title = app.stories_ui.new_title.trim().to_string();
        if ui.add_enabled(!title.is_empty(), egui::Button::new("Add story")).clicked() {
            let id = app.library.add_story(&title);
            app.stories_ui.new_title.clear();
            app.stories_ui.selected = Some(id);
            app.save_library();
        }
    });
    if app.stories_ui.selected.is_none() {
        app.stories_ui.selected = app.library.stories.first().map(|s| s.id);
    }
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(index) = app.stories_ui.selected.and_then(|id| app.library.stories.iter().position(|s| s.id == id)) else {
            ui.label("Prepare two or three stories you can tell well, and note which principles each one shows. Add one on the left.");
            return;
        };
        let mut changed = false;
        let mut delete = false;
        {
            let story = &mut app.library.stories[index];
            ui.horizontal(|ui| {
                let label = ui.label("Title");
                changed |= ui.add(egui::TextEdit::singleline(&mut story.title).desired_width(360.0)).labelled_by(label.id).lost_focus();
                delete = ui.button("Delete story").clicked();
            });
            let label = ui.label("Notes (situation, your actions, the numbers)");
            changed |= ui.add(egui::TextEdit::multiline(&mut story.notes).desired_rows(6).desired_width(f32::INFINITY)).labelled_by(label.id).lost_focus();
            ui.label(RichText::new("Principles it can serve").strong());
            ui.horizontal_wrapped(|ui| {
                for p in &app.bank.principles {
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
        let linked = app.library.stories[index].question_ids.clone();
        for qid in &linked {
            ui.horizontal(|ui| {
                let text = app.bank.question(&app.library, qid).map(|q| q.text.clone()).unwrap_or_else(|| format!("{qid} (removed)"));
                ui.label(text);
                if ui.small_button("Unlink").clicked() {
                    app.library.stories[index].question_ids.retain(|x| x != qid);
                    changed = true;
                }
            });
        }
        ui.horizontal(|ui| {
            let shown = app.stories_ui.link_question.as_deref().and_then(|id| app.bank.question(&app.library, id)).map(|q| widgets::short(&q.text, 90)).unwrap_or_else(|| "Choose a question".into());
            egui::ComboBox::from_id_salt("link_question").selected_text(shown).width(420.0).show_ui(ui, |ui| {
                for q in app.bank.questions.iter().chain(&app.library.questions) {
                    ui.selectable_value(&mut app.stories_ui.link_question, Some(q.id.clone()), widgets::short(&q.text, 90));
                }
            });
            if ui.add_enabled(app.stories_ui.link_question.is_some(), egui::Button::new("Link question")).clicked()
                && let Some(q) = app.stories_ui.link_question.take()
                && !linked.contains(&q)
            {
                app.library.stories[index].question_ids.push(q);
                changed = true;
            }
        });
        let principles = app.library.stories[index].principles.clone();
        if !principles.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new("Bank questions on the same principles").weak());
            for q in app.bank.questions.iter().filter(|q| q.principles.iter().any(|p| principles.contains(p))).take(8) {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(widgets::short(&q.text, 90)).weak());
                    for p in q.principles.iter().filter(|p| principles.contains(p)) {
                        widgets::tag(ui, p);
                    }
                });
            }
        }
        if delete {
            app.stories_ui.confirm_delete = Some(app.library.stories[index].id);
        }
        if let Some(id) = app.stories_ui.confirm_delete {
            changed |= confirm_delete(app, ui.ctx(), id);
        }
        if changed {
            app.save_library();
        }
    });
}

/// Asks before deleting a story (notes are the user's own writing); true once it is gone.
fn confirm_delete(app: &mut StarlingApp, ctx: &egui::Context, id: u64) -> bool {
    let Some(index) = app.library.stories.iter().position(|s| s.id == id) else {
        app.stories_ui.confirm_delete = None;
        return false;
    };
    let body = format!("\"{}\" and its notes will be deleted. Recorded answers stay.", app.library.stories[index].title);
    match widgets::confirm(ctx, "confirm_delete_story", "Delete this story?", &body, "Delete", "Keep it") {
        widgets::Confirm::Yes => {
            app.library.stories.remove(index);
            app.stories_ui.selected = None;
            app.stories_ui.confirm_delete = None;
            return true;
        }
        widgets::Confirm::No => app.stories_ui.confirm_delete = None,
        widgets::Confirm::Waiting => {}
    }
    false
}
