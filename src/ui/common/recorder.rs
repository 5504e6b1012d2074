//! The recorder both Practice and the mock interview answer with: an optional preparation
//! countdown, recording with a level meter, timer, pause, section markers, the transcript
//! growing as the user speaks, and the progress of the analysis after Stop. Its state is the
//! answer being practised ([`Practice`]); the Practice screen (`ui::practice`) adds the
//! question card and the microphone check around it.

use std::time::{Duration, Instant};

use egui::{Key, RichText};

use crate::analysis::star::Marker;
use crate::analysis::{StarLabel, format_clock};
use crate::audio::capture::CaptureSource;
use crate::sessions::AnswerRecording;
use crate::settings::Settings;
use crate::transcribe::Word;

use super::mic_check::MicCheck;
use super::widgets::{self, Meter};
use crate::ui::context::{AppCommand, AppConfig, ScreenContext};

/// Why Practice could not record or analyse, shown above Record until dismissed or fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Record was pressed before the model had loaded; cleared once it has.
    ModelNotReady,
    /// Anything else, said as it is (the device, the disk, the analysis).
    Said(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::ModelNotReady => f.write_str("The speech model is not ready yet: see Settings."),
            Problem::Said(text) => f.write_str(text),
        }
    }
}

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
    pub problem: Option<Problem>,
    pub meter: Meter,
    /// Why the recording ended by itself (device lost, disk full), to show on the review.
    pub(crate) interrupted: Option<String>,
    /// The microphone check (offered before the first recording).
    pub mic: MicCheck,
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

    /// Seconds of the answer being recorded (0 when none is).
    pub fn recorded_s(&self) -> f64 {
        match &self.phase {
            Phase::Recording { job, .. } => job.recorder().map_or(0.0, |r| r.recorded_s()),
            _ => 0.0,
        }
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
    pub(crate) fn start_or_prepare(&mut self, ctx: &mut ScreenContext, prepare: bool) {
        if prepare && ctx.settings.prep_seconds > 0 {
            self.phase =
                Phase::Preparing { ends: Instant::now() + Duration::from_secs(ctx.settings.prep_seconds as u64) };
        } else {
            ctx.send(AppCommand::StartRecording);
        }
    }

    pub(crate) fn check_microphone(&mut self, ctx: &ScreenContext) {
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
                // Wrapped: on a small window the five buttons go on to a second row rather than
                // off the right edge (which also widened the panel and the transcript under it).
                ui.horizontal_wrapped(|ui| {
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
                let (fraction, text) = analysis_status(self).unwrap_or_default();
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

/// How far the answer being analyzed has got: the share done and what the progress bar (and the
/// status bar, on other screens) says.
pub(crate) fn analysis_status(practice: &Practice) -> Option<(f32, String)> {
    let Phase::Analyzing { since, job, total_s } = &practice.phase else {
        return None;
    };
    let progress = job.as_ref().map(|j| j.progress()).unwrap_or_default();
    Some((progress.fraction(*total_s), progress_text(&progress, *total_s, since.elapsed().as_secs_f64())))
}

/// What the progress bar says after Stop: how much is transcribed and the time left, once
/// this answer has shown how fast whisper runs here.
fn progress_text(progress: &crate::recording::Progress, total_s: f64, waited_s: f64) -> String {
    if progress.analyzing {
        return "Analyzing the answer…".into();
    }
    let done =
        format!("Transcribing: {} of {}", format_clock(progress.transcribed_s.min(total_s)), format_clock(total_s));
    match progress.seconds_left(total_s) {
        Some(left) if left >= 1.0 => format!("{done}, about {} left", plain_seconds(left)),
        Some(_) => format!("{done}, almost done"),
        None => format!("{done} ({:.0} s)", waited_s),
    }
}

/// "12 s", "1 min 5 s".
fn plain_seconds(s: f64) -> String {
    let s = s.round() as u64;
    if s < 60 { format!("{s} s") } else { format!("{} min {} s", s / 60, s % 60) }
}
