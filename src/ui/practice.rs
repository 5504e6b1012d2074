//! Practice: the question card, an optional preparation countdown, recording with a level
//! meter, timer, pause, section markers and the transcript growing as the user speaks.

use std::time::{Duration, Instant};

use egui::{Key, RichText};

use crate::analysis::star::Marker;
use crate::analysis::{StarLabel, format_clock};
use crate::audio::capture::{self, CaptureSource};
use crate::pipeline::PipelineOptions;
use crate::recording::RecordingEvent;
use crate::sessions::AnswerRecording;
use crate::store::QuestionInfo;
use crate::transcribe::Word;

use super::app::{AppEvent, Screen, StarlingApp};
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
    Preparing { ends: Instant },
    Recording { job: AnswerRecording, paused: bool },
    /// Stopped; the worker is transcribing what it has not yet and analyzing. Navigation
    /// works meanwhile; `total_s` is the answer's length, for the progress bar.
    Analyzing { since: Instant, job: Option<AnswerRecording>, total_s: f64 },
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
    interrupted: Option<String>,
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
}

pub fn start_recording(app: &mut StarlingApp) {
    if app.practice.mic.is_listening() {
        return;
    }
    let Some(engine) = app.engine() else {
        app.practice.problem = Some(MODEL_NOT_READY.into());
        return;
    };
    let question = app.question().map(QuestionInfo::of).unwrap_or_default();
    let source = capture_source(app);
    let options = PipelineOptions { analysis: app.settings.analysis.clone(), ..PipelineOptions::default() };
    let notifier = app.notifier();
    let started = match app.store() {
        Ok(store) => crate::sessions::start_recording(store, &question, &source, Some(engine), options, move |e| notifier.send(AppEvent::Recording(e))).map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot keep the answer in {}: {e}", app.config.data_dir.display())),
    };
    match started {
        Ok(job) => {
            let p = &mut app.practice;
            p.phase = Phase::Recording { job, paused: false };
            p.live_words.clear();
            p.markers.clear();
            p.problem = None;
            p.interrupted = None;
            p.mic = MicCheck::Idle;
        }
        Err(e) => {
            app.practice.problem = Some(e);
            app.practice.phase = Phase::Ready;
        }
    }
}

pub fn stop_recording(app: &mut StarlingApp) {
    let phase = std::mem::take(&mut app.practice.phase);
    if let Phase::Recording { mut job, .. } = phase {
        let total_s = job.recorder().map(|r| r.recorded_s()).unwrap_or(0.0);
        let mut markers = app.practice.markers.clone();
        markers.sort_by(|a, b| a.time.total_cmp(&b.time));
        match job.stop(markers) {
            Ok(summary) if summary.dropped_frames > 0 => app.warn(format!(
                "{} input frames ({:.2} s) were dropped while recording: the computer was too busy, so the recording has short gaps.",
                summary.dropped_frames,
                summary.dropped_frames as f64 / summary.sample_rate.max(1) as f64
            )),
            Ok(_) => {}
            Err(e) => app.practice.interrupted = Some(e.to_string()),
        }
        app.practice.phase = Phase::Analyzing { since: Instant::now(), job: Some(job), total_s };
    } else {
        app.practice.phase = phase;
    }
}

fn discard_recording(app: &mut StarlingApp) {
    if let Phase::Recording { job, .. } = std::mem::take(&mut app.practice.phase) {
        let removed = app.store().map_err(|e| e.to_string()).and_then(|store| job.discard(store).map_err(|e| e.to_string()));
        app.practice.live_words.clear();
        app.practice.markers.clear();
        match removed {
            Ok(()) => app.tell("Recording discarded"),
            Err(e) => app.warn(format!("The recording was discarded but its empty session could not be removed: {e}")),
        }
    }
}

fn toggle_pause(app: &mut StarlingApp) {
    if let Phase::Recording { job, paused } = &mut app.practice.phase {
        *paused = !*paused;
        if let Some(r) = job.recorder() {
            r.set_paused(*paused);
        }
    }
}

fn mark(app: &mut StarlingApp, label: StarLabel) {
    if let Phase::Recording { job, .. } = &app.practice.phase
        && let Some(r) = job.recorder()
    {
        let time = r.recorded_s();
        app.practice.markers.retain(|m| m.label != label);
        app.practice.markers.push(Marker { time, label });
    }
}

/// Called every frame: the countdown, a recording that ended by itself, the microphone check.
pub fn poll(app: &mut StarlingApp) {
    if app.practice.mic.poll(app.settings.output_device.as_deref(), app.config.silent) && !app.settings.mic_checked {
        app.settings.mic_checked = true;
        app.save_settings();
    }
    match &app.practice.phase {
        Phase::Preparing { ends } if Instant::now() >= *ends => start_recording(app),
        Phase::Recording { job, .. } if job.recorder().is_some_and(|r| r.has_failed()) => stop_recording(app),
        _ => {}
    }
}

pub(crate) fn on_recording_event(app: &mut StarlingApp, event: RecordingEvent) {
    let cancelled = matches!(app.practice.phase, Phase::Ready);
    match event {
        RecordingEvent::Words(_) if cancelled => {}
        RecordingEvent::Words(words) => app.practice.live_words.extend(words),
        RecordingEvent::Finished(done) if cancelled => super::after_stop::finished_after_cancel(app, &done),
        RecordingEvent::Finished(mut done) => {
            // A capture that ended by itself can finish before the screen has noticed it stopped.
            let job = match std::mem::take(&mut app.practice.phase) {
                Phase::Analyzing { job, .. } => job,
                Phase::Recording { mut job, .. } => {
                    if let Err(e) = job.stop(Vec::new()) {
                        app.practice.interrupted = Some(e.to_string());
                    }
                    Some(job)
                }
                _ => None,
            };
            done.interrupted = app.practice.interrupted.take();
            if let Some(job) = job {
                let id = job.id;
                job.join();
                let indexed = app.store().map_err(|e| e.to_string()).and_then(|s| crate::sessions::index_answer(s, id, &done.report).map_err(|e| e.to_string()));
                if let Err(e) = indexed {
                    app.warn(format!("The report is saved beside the recording but not in the history: {e}"));
                }
                app.history.invalidate();
                app.history.selected = Some(id);
            }
            // The user went on to another screen while waiting: the answer waits for them.
            let here = app.screen;
            app.open_review(*done);
            if !matches!(here, Screen::Practice | Screen::Review) {
                app.screen = here;
                app.tell_with_action("Your answer is analyzed.", "Open the review", super::commands::AppCommand::ShowScreen(Screen::Review));
            }
        }
        RecordingEvent::Failed(_) if cancelled => {}
        RecordingEvent::Failed(e) => {
            app.practice.phase = Phase::Ready;
            app.practice.problem = Some(format!("The answer could not be analyzed: {e}. The recording is kept in {}.", app.config.data_dir.join("sessions").display()));
        }
    }
}

pub(crate) fn shortcuts(app: &mut StarlingApp, ctx: &egui::Context) {
    let pressed = |k: Key| ctx.input(|i| i.key_pressed(k));
    if pressed(Key::Space) {
        match app.practice.phase {
            Phase::Ready => start_or_prepare(app, false),
            Phase::Preparing { .. } => start_recording(app),
            Phase::Recording { .. } => stop_recording(app),
            Phase::Analyzing { .. } => {}
        }
    }
    if app.practice.is_recording() {
        if pressed(Key::P) {
            toggle_pause(app);
        }
        for (key, label) in MARKER_KEYS {
            if pressed(key) {
                mark(app, label);
            }
        }
    }
}

fn start_or_prepare(app: &mut StarlingApp, prepare: bool) {
    if prepare && app.settings.prep_seconds > 0 {
        app.practice.phase = Phase::Preparing { ends: Instant::now() + Duration::from_secs(app.settings.prep_seconds as u64) };
    } else {
        start_recording(app);
    }
}

pub fn show(app: &mut StarlingApp, ui: &mut egui::Ui) {
    egui::Panel::left("question_card").resizable(true).default_size(380.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| super::question_card::show(app, ui));
    });
    egui::CentralPanel::default().show(ui, |ui| {
        controls(app, ui);
        ui.separator();
        live_transcript(app, ui);
    });
}

fn controls(app: &mut StarlingApp, ui: &mut egui::Ui) {
    if let Some(problem) = app.practice.problem.clone() {
        egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, RichText::new(problem).strong());
            ui.horizontal(|ui| {
                if ui.button("Settings").clicked() {
                    app.screen = Screen::Settings;
                }
                if ui.button("Dismiss").clicked() {
                    app.practice.problem = None;
                }
            });
        });
        ui.add_space(6.0);
    }
    let unfinished = app.history.unfinished.len();
    if unfinished > 0 && matches!(app.practice.phase, Phase::Ready) {
        ui.horizontal(|ui| {
            let what = if unfinished == 1 { "An earlier answer was".to_string() } else { format!("{unfinished} earlier answers were") };
            ui.colored_label(ui.visuals().warn_fg_color, format!("{what} cut off before it could be analyzed; the audio is kept."));
            if ui.button("Show in History").clicked() {
                app.screen = Screen::History;
            }
        });
        ui.add_space(4.0);
    }
    let target = app.settings.analysis.target_total_s;
    match &app.practice.phase {
        Phase::Ready => {
            ui.horizontal(|ui| {
                // A disabled button says why, and what to do about it.
                let why_not = if app.question().is_none() {
                    Some("Choose a question first (Questions).")
                } else if app.engine().is_none() {
                    Some("The speech model is not loaded yet: install or pick one in Settings.")
                } else if app.practice.mic.is_listening() {
                    Some("The microphone check is listening; it takes three seconds.")
                } else {
                    None
                };
                let ready = why_not.is_none();
                let record = ui.add_enabled(ready, egui::Button::new(RichText::new("Record").size(18.0))).on_hover_text("Space");
                if record.clicked() {
                    start_recording(app);
                }
                if let Some(why) = why_not {
                    record.on_disabled_hover_text(why);
                    ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
                }
                if app.settings.prep_seconds > 0
                    && ui.add_enabled(ready, egui::Button::new(format!("Prepare {} s, then record", app.settings.prep_seconds))).clicked()
                {
                    start_or_prepare(app, true);
                }
                if app.config.capture_override.is_none() {
                    device_picker(app, ui);
                }
                if ui.add_enabled(!app.practice.mic.is_listening(), egui::Button::new("Check microphone")).on_hover_text("Say a sentence for three seconds and hear how it comes through").clicked() {
                    check_microphone(app);
                }
            });
            mic_check(app, ui);
            ui.label(RichText::new(format!(
                "Aim for {}–{}. While recording: Space stops, P pauses, S T A R L mark where Situation, Task, Action, Result and Reflection start.",
                format_clock(target.0),
                format_clock(target.1)
            ))
            .weak());
        }
        Phase::Preparing { ends } => {
            let left = ends.saturating_duration_since(Instant::now()).as_secs_f64();
            ui.label(RichText::new(format!("Think it through… recording starts in {}", left.ceil() as u64)).size(22.0));
            ui.horizontal(|ui| {
                if ui.button("Start now").on_hover_text("Space").clicked() {
                    start_recording(app);
                }
                if ui.button("Cancel").clicked() {
                    app.practice.phase = Phase::Ready;
                }
            });
        }
        Phase::Recording { job, paused } => {
            let paused = *paused;
            let (elapsed, level, dropped, device) = match job.recorder() {
                Some(r) => (r.recorded_s(), app.practice.meter.update(r.status().take_level()), r.status().dropped_frames.load(std::sync::atomic::Ordering::Relaxed), r.device_name.clone()),
                None => (0.0, 0.0, 0, String::new()),
            };
            ui.horizontal(|ui| {
                let color = super::theme::palette(ui).target(elapsed, target);
                ui.label(RichText::new(format_clock(elapsed)).size(40.0).monospace().color(color)).on_hover_text(format!(
                    "Target {}–{}",
                    format_clock(target.0),
                    format_clock(target.1)
                ));
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
                    stop_recording(app);
                }
                if ui.button(if paused { "Resume" } else { "Pause" }).on_hover_text("P").clicked() {
                    toggle_pause(app);
                }
                if ui.button("Discard").clicked() {
                    discard_recording(app);
                }
            });
            ui.horizontal(|ui| {
                ui.label("Mark section start:");
                for (key, label) in MARKER_KEYS {
                    let marked = app.practice.markers.iter().find(|m| m.label == label).map(|m| format_clock(m.time));
                    let text = match marked {
                        Some(t) => format!("{} ({}) {t}", label.name(), key.name()),
                        None => format!("{} ({})", label.name(), key.name()),
                    };
                    if ui.add(egui::Button::new(text).fill(widgets::section_color(label).gamma_multiply(0.35))).clicked() {
                        mark(app, label);
                    }
                }
            });
        }
        Phase::Analyzing { .. } => {
            let (fraction, text) = super::after_stop::analysis_status(&app.practice).unwrap_or_default();
            ui.add(egui::ProgressBar::new(fraction).text(text).animate(true));
            ui.horizontal(|ui| {
                if ui.button("Cancel").on_hover_text("Stop waiting; the recording is kept and can be analyzed later from History").clicked() {
                    super::after_stop::cancel_analysis(app);
                }
                ui.label(RichText::new("You can use the other screens meanwhile; the review opens when it is ready.").weak());
            });
        }
    }
}

/// What Practice records from: the chosen microphone, or what the app was started with
/// instead (`STARLING_CAPTURE_WAV`, tests).
fn capture_source(app: &StarlingApp) -> CaptureSource {
    app.config.capture_override.clone().unwrap_or_else(|| CaptureSource::Device(app.settings.input_device.clone()))
}

fn check_microphone(app: &mut StarlingApp) {
    let source = capture_source(app);
    app.practice.mic.start(&source, &app.config.data_dir);
}

/// The check's panel, or before the very first recording an offer to run it.
fn mic_check(app: &mut StarlingApp, ui: &mut egui::Ui) {
    if matches!(app.practice.mic, MicCheck::Idle) {
        if app.settings.mic_checked {
            return;
        }
        egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
            ui.label("Before your first answer: check that your microphone is heard clearly. Say a sentence for three seconds and hear it back.");
            ui.horizontal(|ui| {
                if ui.button("Check microphone now").clicked() {
                    check_microphone(app);
                }
                if ui.button("Skip").clicked() {
                    app.settings.mic_checked = true;
                    app.save_settings();
                }
            });
        });
        return;
    }
    if app.practice.mic.ui(ui) {
        app.practice.mic = MicCheck::Idle;
    }
}

fn device_picker(app: &mut StarlingApp, ui: &mut egui::Ui) {
    if widgets::device_choice(ui, "Microphone", &mut app.settings.input_device, capture::input_devices) {
        app.save_settings();
    }
}

fn live_transcript(app: &mut StarlingApp, ui: &mut egui::Ui) {
    ui.label(RichText::new("Live transcript").strong());
    if app.practice.live_words.is_empty() {
        let hint = if app.practice.is_recording() {
            "Words appear here a few seconds after each pause."
        } else {
            "Your words will appear here while you speak."
        };
        ui.label(RichText::new(hint).weak());
        return;
    }
    egui::ScrollArea::vertical().stick_to_bottom(true).auto_shrink([false, false]).show(ui, |ui| {
        let text: Vec<&str> = app.practice.live_words.iter().map(|w| w.text.as_str()).collect();
        ui.label(text.join(" "));
        ui.add_space(4.0);
        let mut markers = app.practice.markers.clone();
        markers.sort_by(|a, b| a.time.total_cmp(&b.time));
        for m in markers {
            ui.label(RichText::new(format!("{} marked at {}", m.label.name(), format_clock(m.time))).color(super::theme::palette(ui).section_text(m.label)));
        }
    });
}
