//! The navigation bar and the keyboard shortcuts that switch and drive the screens.

use egui::RichText;

use super::screen_context;
use super::{StarlingApp, file_name};
use crate::ui::context::{AppCommand, EngineState, Screen, ScreenContext};

impl StarlingApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        // Ctrl+1..5 switch screens, even from a text field (but not while recording).
        if !self.practice.holds_navigation() {
            for (i, (screen, _)) in NAV.iter().enumerate() {
                let key = egui::Key::from_name(&(i + 1).to_string()).unwrap_or(egui::Key::Num1);
                if ctx.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, key)) {
                    self.commands.push(AppCommand::ShowScreen(*screen));
                }
            }
        }
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        match self.screen {
            Screen::Practice => self.practice.shortcuts(ctx, &mut screen_context!(self, &None)),
            Screen::Interview => {
                let mut screen = screen_context!(self, &None);
                self.interview.shortcuts(ctx, &mut self.practice, &mut screen);
            }
            Screen::Review => {
                if let Some(review) = &mut self.review {
                    review.shortcuts(ctx, &mut screen_context!(self, &None));
                }
            }
            _ => {}
        }
    }

    pub(super) fn nav_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading(RichText::new("Starling").strong());
            ui.separator();
            let recording = self.practice.holds_navigation();
            for (i, &(screen, label)) in NAV.iter().enumerate() {
                let enabled = !recording && (screen != Screen::Review || self.review.is_some());
                let shortcut = format!("{}+{}", if cfg!(target_os = "macos") { "Cmd" } else { "Ctrl" }, i + 1);
                let r = ui
                    .add_enabled(enabled, egui::Button::selectable(self.screen == screen, label))
                    .on_hover_text(shortcut);
                if r.clicked() {
                    self.commands.push(AppCommand::ShowScreen(screen));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (text, color) = match &self.engine {
                    EngineState::Ready(e) => (format!("Model: {}", e.name()), ui.visuals().weak_text_color()),
                    EngineState::Loading(p) => {
                        (format!("Loading model {}…", file_name(p)), ui.visuals().weak_text_color())
                    }
                    EngineState::Missing(_) => ("No model".into(), ui.visuals().warn_fg_color),
                    EngineState::Failed(_) => ("Model failed to load".into(), ui.visuals().error_fg_color),
                };
                ui.label(RichText::new(text).color(color));
            });
        });
    }
}

/// The screens in the navigation bar, in order (Ctrl+1 is the first).
const NAV: [(Screen, &str); 7] = [
    (Screen::Questions, "Questions"),
    (Screen::Practice, "Practice"),
    (Screen::Interview, "Interview"),
    (Screen::Review, "Review"),
    (Screen::History, "History"),
    (Screen::Stories, "Stories"),
    (Screen::Settings, "Settings"),
];
