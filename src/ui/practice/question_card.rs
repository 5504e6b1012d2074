//! Practice's question card: the question, what the interviewer listens for, tips, the story
//! the notes template paired with it, the user's stories that fit, and the rules of thumb.

use egui::RichText;

use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, Screen, ScreenContext};

pub(super) fn show(ui: &mut egui::Ui, ctx: &mut ScreenContext) {
    let Some(q) = ctx.question().cloned() else {
        ui.label("Pick a question on the Questions screen.");
        return;
    };
    ui.label(RichText::new(&q.text).heading());
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for p in &q.principles {
            widgets::tag(ui, p);
        }
    });
    let testing = if q.testing.is_empty() {
        q.principles.first().and_then(|p| ctx.bank.principle(p)).map(|p| p.summary.clone()).unwrap_or_default()
    } else {
        q.testing.clone()
    };
    if !testing.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("What they listen for").strong());
        ui.label(testing);
    }
    if !q.tips.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Tips").strong());
        for tip in &q.tips {
            ui.label(format!("• {tip}"));
        }
    }
    if let Some(note) = &q.story_note {
        ui.add_space(8.0);
        ui.label(RichText::new("Story idea from the notes template").strong())
            .on_hover_text("The notes template that came with Starling paired this question with a story. Write your own on the Stories screen.");
        ui.label(RichText::new(note).italics());
    }
    let stories: Vec<String> = ctx.library.stories_for(&q).map(|s| s.title.clone()).collect();
    if !stories.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Stories that fit").strong());
        for s in stories {
            ui.label(format!("• {s}"));
        }
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Remember").strong());
    for rule in &ctx.bank.rules {
        ui.label(RichText::new(format!("• {rule}")).weak());
    }
    ui.add_space(8.0);
    if ui.add_enabled(!ctx.holds_navigation, egui::Button::new("Choose another question")).clicked() {
        ctx.send(AppCommand::ShowScreen(Screen::Questions));
    }
}
