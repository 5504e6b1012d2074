//! Practice: the question card, an optional preparation countdown, recording with a level
//! meter, timer, pause, section markers and the transcript growing as the user speaks.

use std::time::{Duration, Instant};

use egui::{Key, RichText};

use crate::analysis::star::Marker;
use crate::analysis::{StarLabel, format_clock};
use crate::audio::capture::{self, CaptureSource};
use crate::sessions::AnswerRecording;
use crate::settings::Settings;
use crate::transcribe::Word;

use super::app::Screen;
use super::commands::{AppCommand, ScreenContext};
use super::config::AppConfig;
use super::mic_check::MicCheck;
use super::widgets;

/// Said when Record is pressed before the model has loaded; cleared once it has.
pub(crate) const MODEL_NOT_READY: &str = "The speech model is not ready yet: see Settings.";

/// Keys that mark the start of each section while speaking.
pub const MARKER_KEYS: [(Key, StarLabel); 5] = [
    (Key::S, StarLabel::Situation),
    (Key::T, StarLabel::Task),
    (Key::A, StarLabel::Action),
    (Key::R, StarLabel::Result),
    (Key::L, StarLabel::Reflection),
];

#[derive(Default)]
pub enum Phase {
    #[default]
    Ready,
    Preparing {
        ends: Instant,
    },
    Recording {
        job: AnswerRecording,
        paused: bool,
    },
    /// Stopped; the worker is transcribing what it has not yet and analyzing. Navigation
    /// works meanwhile; `total_s` is the answer's length, for the progress bar.
    Analyzing {
        since: Instant,
        job: Option<AnswerRecording>,
        total_s: f64,
    },
}

#[derive(Default)]
pub struct Practice {
    pub phase: Phase,
    pub live_words: Vec<Word>,
    pub markers: Vec<Marker>,
    /// Why recording could not start or ended early.
    pub problem: Option<String>,
    pub meter: Meter,
    /// Why the recording ended by itself (device lost, disk full), to show on the review.
    pub(crate) interrupted: Option<String>,
    /// The microphone check (offered before the first recording).
    pub mic: MicCheck,
}

/// The level meter's needle: jumps up to a new peak, falls back smoothly (about 20 dB a
/// second at 30 frames a second), so it is readable rather than flickering.
#[derive(Default)]
pub struct Meter {
    shown: f32,
}

impl Meter {
    pub fn update(&mut self, peak: f32) -> f32 {
        self.shown = peak.max(self.shown * 0.93);
        self.shown
    }
}

impl Practice {
    /// Recording, preparing or analyzing.
    pub fn is_active(&self) -> bool {
        !matches!(self.phase, Phase::Ready)
    }

    /// Preparing or recording: the other screens wait until the user stops. An answer being
    /// analyzed does not hold them up.
    pub fn holds_navigation(&self) -> bool {
        matches!(self.phase, Phase::Preparing { .. } | Phase::Recording { .. })
    }

    /// The session whose answer is being analyzed after Stop.
    pub fn analyzing_session(&self) -> Option<i64> {
        match &self.phase {
            Phase::Analyzing { job: Some(job), .. } => Some(job.id),
            _ => None,
        }
    }

    pub fn is_analyzing(&self) -> bool {
        matches!(self.phase, Phase::Analyzing { .. })
    }

    pub fn is_recording(&self) -> bool {
        matches!(self.phase, Phase::Recording { .. })
    }

    fn toggle_pause(&mut self) {
        if let Phase::Recording { job, paused } = &mut self.phase {
            *paused = !*paused;
            if let Some(r) = job.recorder() {
                r.set_paused(*paused);
            }
        }
    }

    fn mark(&mut self, label: StarLabel) {
        if let Phase::Recording { job, .. } = &self.phase
            && let Some(r) = job.recorder()
        {
            let time = r.recorded_s();
            self.markers.retain(|m| m.label != label);
            self.markers.push(Marker { time, label });
        }
    }

    /// Records now, or after the preparation countdown when asked and one is set.
    fn start_or_prepare(&mut self, ctx: &mut ScreenContext, prepare: bool) {
        if prepare && ctx.settings.prep_seconds > 0 {
            self.phase =
                Phase::Preparing { ends: Instant::now() + Duration::from_secs(ctx.settings.prep_seconds as u64) };
        } else {
            ctx.send(AppCommand::StartRecording);
        }
    }

    fn check_microphone(&mut self, ctx: &ScreenContext) {
        self.mic.start(&capture_source(ctx.config, ctx.settings), &ctx.config.data_dir);
    }

    pub(crate) fn shortcuts(&mut self, egui_ctx: &egui::Context, ctx: &mut ScreenContext) {
        let pressed = |k: Key| egui_ctx.input(|i| i.key_pressed(k));
        if pressed(Key::Space) {
            match self.phase {
                Phase::Ready => self.start_or_prepare(ctx, false),
                Phase::Preparing { .. } => ctx.send(AppCommand::StartRecording),
                Phase::Recording { .. } => ctx.send(AppCommand::StopRecording),
                Phase::Analyzing { .. } => {}
            }
        }
        if self.is_recording() {
            if pressed(Key::P) {
                self.toggle_pause();
            }
            for (key, label) in MARKER_KEYS {
                if pressed(key) {
                    self.mark(label);
                }
            }
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        egui::Panel::left("question_card").resizable(true).default_size(380.0).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| super::question_card::show(ui, ctx));
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
                ui.colored_label(ui.visuals().error_fg_color, RichText::new(problem).strong());
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
                ui.horizontal(|ui| {
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

    /// Preparing, recording or analyzing: the countdown, the clock against `target` with the
    /// meter and the buttons, or the progress bar. The mock interview shows the same.
    pub(crate) fn live_controls(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext, target: (f64, f64)) {
        match &self.phase {
            Phase::Ready => {}
            Phase::Preparing { ends } => {
                let left = ends.saturating_duration_since(Instant::now()).as_secs_f64();
                ui.label(
                    RichText::new(format!("Think it through… recording starts in {}", left.ceil() as u64)).size(22.0),
                );
                ui.horizontal(|ui| {
                    if ui.button("Start now").on_hover_text("Space").clicked() {
                        ctx.send(AppCommand::StartRecording);
                    }
                    if ui.button("Cancel").clicked() {
                        self.phase = Phase::Ready;
                    }
                });
            }
            Phase::Recording { job, paused } => {
                let paused = *paused;
                let (elapsed, level, dropped, device) = match job.recorder() {
                    Some(r) => (
                        r.recorded_s(),
                        self.meter.update(r.status().take_level()),
                        r.status().dropped_frames.load(std::sync::atomic::Ordering::Relaxed),
                        r.device_name.clone(),
                    ),
                    None => (0.0, 0.0, 0, String::new()),
                };
                ui.horizontal(|ui| {
                    let color = super::theme::palette(ui).target(elapsed, target);
                    ui.label(RichText::new(format_clock(elapsed)).size(40.0).monospace().color(color))
                        .on_hover_text(format!("Target {}–{}", format_clock(target.0), format_clock(target.1)));
                    ui.vertical(|ui| {
                        ui.label(if paused { "Paused" } else { "Recording" });
                        widgets::level_meter(ui, level);
                        ui.label(RichText::new(device).weak().small());
                        if dropped > 0 {
                            ui.colored_label(ui.visuals().warn_fg_color, format!("{dropped} input frames dropped"));
                        }
                    });
                });
                ui.horizontal(|ui| {
                    if ui.button("Stop").on_hover_text("Space").clicked() {
                        ctx.send(AppCommand::StopRecording);
                    }
                    if ui.button(if paused { "Resume" } else { "Pause" }).on_hover_text("P").clicked() {
                        self.toggle_pause();
                    }
                    if ui.button("Discard").clicked() {
                        ctx.send(AppCommand::DiscardRecording);
                    }
                });
                ui.horizontal(|ui| {
                    ui.label("Mark section start:");
                    for (key, label) in MARKER_KEYS {
                        let marked = self.markers.iter().find(|m| m.label == label).map(|m| format_clock(m.time));
                        let text = match marked {
                            Some(t) => format!("{} ({}) {t}", label.name(), key.name()),
                            None => format!("{} ({})", label.name(), key.name()),
                        };
                        if ui
                            .add(egui::Button::new(text).fill(widgets::section_color(label).gamma_multiply(0.35)))
                            .clicked()
                        {
                            self.mark(label);
                        }
                    }
                });
            }
            Phase::Analyzing { .. } => {
                let (fraction, text) = super::after_stop::analysis_status(self).unwrap_or_default();
                ui.add(egui::ProgressBar::new(fraction).text(text).animate(true));
                ui.horizontal(|ui| {
                    if ui
                        .button("Cancel")
                        .on_hover_text("Stop waiting; the recording is kept and can be analyzed later from History")
                        .clicked()
                    {
                        ctx.send(AppCommand::CancelAnalysis);
                    }
                    ui.label(
                        RichText::new("You can use the other screens meanwhile; the review opens when it is ready.")
                            .weak(),
                    );
                });
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

    pub(crate) fn live_transcript(&self, ui: &mut egui::Ui) {
        ui.label(RichText::new("Live transcript").strong());
        if self.live_words.is_empty() {
            let hint = if self.is_recording() {
                "Words appear here a few seconds after each pause."
            } else {
                "Your words will appear here while you speak."
            };
            ui.label(RichText::new(hint).weak());
            return;
        }
        egui::ScrollArea::vertical().stick_to_bottom(true).auto_shrink([false, false]).show(ui, |ui| {
            let text: Vec<&str> = self.live_words.iter().map(|w| w.text.as_str()).collect();
            ui.label(text.join(" "));
            ui.add_space(4.0);
            let mut markers = self.markers.clone();
            markers.sort_by(|a, b| a.time.total_cmp(&b.time));
            for m in markers {
                ui.label(
                    RichText::new(format!("{} marked at {}", m.label.name(), format_clock(m.time)))
                        .color(super::theme::palette(ui).section_text(m.label)),
                );
            }
        });
    }
}

/// What Practice records from: the chosen microphone, or what the app was started with
/// instead (`STARLING_CAPTURE_WAV`, tests).
pub(crate) fn capture_source(config: &AppConfig, settings: &Settings) -> CaptureSource {
    config.capture_override.clone().unwrap_or_else(|| CaptureSource::Device(settings.input_device.clone()))
}
