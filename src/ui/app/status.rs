//! The status bar's state: the last notice and how long frames take.

use std::time::{Duration, Instant};

use egui::RichText;

use super::StarlingApp;
use crate::ui::context::{AppCommand, Screen};

/// Frame times of the last second, for the status bar and the benchmark.
#[derive(Default)]
pub struct FrameStats {
    times: std::collections::VecDeque<(Instant, f64)>,
}

impl FrameStats {
    pub(super) fn push(&mut self, seconds: f64) {
        let now = Instant::now();
        self.times.push_back((now, seconds));
        while self.times.front().is_some_and(|(t, _)| now.duration_since(*t) > Duration::from_secs(1)) {
            self.times.pop_front();
        }
    }

    /// Slowest UI frame of the last second, in milliseconds.
    pub fn worst_ms(&self) -> f64 {
        self.times.iter().map(|(_, s)| s * 1000.0).fold(0.0, f64::max)
    }
}

/// The bottom line: the last notice with its buttons, an answer being analyzed while the user
/// is elsewhere, and the slowest recent frame.
pub(super) fn status_bar(app: &mut StarlingApp, ui: &mut egui::Ui) {
    // Wrapped: a long message (a path) runs onto a second line instead of pushing its buttons
    // off a small window.
    ui.horizontal_wrapped(|ui| {
        if let Some(n) = &app.notice {
            let color = if n.error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
            ui.label(RichText::new(&n.text).color(color));
            let mut opened = None;
            if let Some(file) = &n.file {
                if ui.small_button("Open").on_hover_text("Open it with the app your desktop uses for it").clicked() {
                    opened = Some(opener::open(file).map_err(|e| e.to_string()));
                }
                if ui.small_button("Show in folder").clicked() {
                    opened = Some(opener::reveal(file).map_err(|e| e.to_string()));
                }
            }
            let mut acted = None;
            if let Some((button, command)) = &n.action
                && ui.small_button(*button).clicked()
            {
                acted = Some(command.clone());
            }
            // A message about a file or with a button stays until dismissed: the user may want it later.
            let stale = !n.error && n.file.is_none() && n.action.is_none() && n.at.elapsed() > Duration::from_secs(8);
            let stale = stale || acted.is_some();
            if ui.small_button("Dismiss").clicked() || stale {
                app.notice = None;
            }
            if let Some(command) = acted {
                app.send(command);
            }
            if let Some(Err(e)) = opened {
                app.warn(format!("Cannot open it here: {e}"));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(format!("frame {:.1} ms", app.frame_stats.worst_ms())).weak().small())
                .on_hover_text("Slowest frame of the last second (UI work only)");
            if app.screen != Screen::Practice
                && let Some((_, status)) = crate::ui::common::recorder::analysis_status(&app.practice)
            {
                if ui.link(status).on_hover_text("Your answer is being analyzed: see it on Practice").clicked() {
                    app.send(AppCommand::ShowScreen(Screen::Practice));
                }
                ui.spinner();
            }
        });
    });
}
