//! Practice: the question card beside the recorder ([`crate::ui::common::recorder`]), with the
//! microphone check offered before the first answer.

mod question_card;

use egui::RichText;

use crate::analysis::format_clock;
use crate::audio::capture;
use crate::settings::Settings;
use crate::ui::common::mic_check::MicCheck;
use crate::ui::common::recorder::{Phase, Practice};
use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, Screen, ScreenContext};

impl Practice {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        egui::Panel::left("question_card").resizable(true).default_size(380.0).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| question_card::show(ui, ctx));
        });
        egui::CentralPanel::default().show(ui, |ui| {
            self.controls(ui, ctx);
            ui.separator();
            self.live_transcript(ui);
        });
    }

    fn controls(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        if let Some(problem) = self.problem.clone() {
            egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, RichText::new(problem.to_string()).strong());
                ui.horizontal(|ui| {
                    if ui.button("Settings").clicked() {
                        ctx.send(AppCommand::ShowScreen(Screen::Settings));
                    }
                    if ui.button("Dismiss").clicked() {
                        self.problem = None;
                    }
                });
            });
            ui.add_space(6.0);
        }
        let unfinished = ctx.unfinished_recordings;
        if unfinished > 0 && matches!(self.phase, Phase::Ready) {
            ui.horizontal(|ui| {
                let what = if unfinished == 1 {
                    "An earlier answer was".to_string()
                } else {
                    format!("{unfinished} earlier answers were")
                };
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{what} cut off before it could be analyzed; the audio is kept."),
                );
                if ui.button("Show in History").clicked() {
                    ctx.send(AppCommand::ShowScreen(Screen::History));
                }
            });
            ui.add_space(4.0);
        }
        match &self.phase {
            Phase::Ready => {
                let target = ctx.settings.analysis.target_total_s;
                ui.horizontal_wrapped(|ui| {
                    // A disabled button says why, and what to do about it.
                    let why_not = if ctx.question().is_none() {
                        Some("Choose a question first (Questions).")
                    } else if ctx.engine().is_none() {
                        Some("The speech model is not loaded yet: install or pick one in Settings.")
                    } else if self.mic.is_listening() {
                        Some("The microphone check is listening; it takes three seconds.")
                    } else {
                        None
                    };
                    let ready = why_not.is_none();
                    let record = ui
                        .add_enabled(ready, egui::Button::new(RichText::new("Record").size(18.0)))
                        .on_hover_text("Space");
                    if record.clicked() {
                        ctx.send(AppCommand::StartRecording);
                    }
                    if let Some(why) = why_not {
                        record.on_disabled_hover_text(why);
                        ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
                    }
                    if ctx.settings.prep_seconds > 0
                        && ui
                            .add_enabled(
                                ready,
                                egui::Button::new(format!("Prepare {} s, then record", ctx.settings.prep_seconds)),
                            )
                            .clicked()
                    {
                        self.start_or_prepare(ctx, true);
                    }
                    if ctx.config.capture_override.is_none() {
                        let mut device = ctx.settings.input_device.clone();
                        if widgets::device_choice(ui, "Microphone", &mut device, capture::input_devices) {
                            ctx.send(AppCommand::ChangeSettings(Box::new(Settings {
                                input_device: device,
                                ..ctx.settings.clone()
                            })));
                        }
                    }
                    if ui
                        .add_enabled(!self.mic.is_listening(), egui::Button::new("Check microphone"))
                        .on_hover_text("Say a sentence for three seconds and hear how it comes through")
                        .clicked()
                    {
                        self.check_microphone(ctx);
                    }
                });
                self.mic_check(ui, ctx);
                ui.label(RichText::new(format!(
                    "Aim for {}–{}. While recording: Space stops, P pauses, S T A R L mark where Situation, Task, Action, Result and Reflection start.",
                    format_clock(target.0),
                    format_clock(target.1)
                ))
                .weak());
            }
            _ => {
                let target = ctx.settings.analysis.target_total_s;
                self.live_controls(ui, ctx, target);
            }
        }
    }

    /// The check's panel, or before the very first recording an offer to run it.
    fn mic_check(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        if matches!(self.mic, MicCheck::Idle) {
            if ctx.settings.mic_checked {
                return;
            }
            egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
                ui.label("Before your first answer: check that your microphone is heard clearly. Say a sentence for three seconds and hear it back.");
                ui.horizontal(|ui| {
                    if ui.button("Check microphone now").clicked() {
                        self.check_microphone(ctx);
                    }
                    if ui.button("Skip").clicked() {
                        ctx.send(AppCommand::ChangeSettings(Box::new(Settings { mic_checked: true, ..ctx.settings.clone() })));
                    }
                });
            });
            return;
        }
        if self.mic.ui(ui) {
            self.mic = MicCheck::Idle;
        }
    }
}
