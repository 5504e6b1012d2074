//! The microphone check on Practice: three seconds of the user's voice with a live level meter,
//! then the level judged (heard at all, loud enough, not clipping, above the room) and played
//! back, so a muted or wrong microphone shows up before an answer is lost to it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use crate::audio::capture::{CaptureOptions, CaptureSource, Recorder};
use crate::audio::level_check::{self, LevelCheck, LevelVerdict};
use crate::audio::playback::Player;

use super::widgets::{self, Meter};

/// Seconds of voice the check records.
pub const CHECK_S: f64 = 3.0;

#[derive(Default)]
pub enum MicCheck {
    #[default]
    Idle,
    Listening {
        recorder: Recorder,
        path: PathBuf,
        meter: Meter,
    },
    Heard {
        player: Player,
        check: LevelCheck,
    },
    Failed(String),
}

impl MicCheck {
    pub fn is_listening(&self) -> bool {
        matches!(self, Self::Listening { .. })
    }

    /// The check's verdict, once there is one.
    pub fn verdict(&self) -> Option<LevelVerdict> {
        match self {
            Self::Heard { check, .. } => Some(check.verdict),
            _ => None,
        }
    }

    /// Starts listening to `source`; the recording goes to a scratch file in `folder`.
    pub fn start(&mut self, source: &CaptureSource, folder: &Path) {
        let path = folder.join("microphone-check.wav");
        let opened = std::fs::create_dir_all(folder)
            .map_err(|e| e.to_string())
            .and_then(|()| Recorder::open(source, &path, CaptureOptions::default()).map_err(|e| e.to_string()));
        *self = match opened {
            Ok(recorder) => Self::Listening { recorder, path, meter: Meter::default() },
            Err(e) => Self::Failed(format!("The microphone could not be opened: {e}")),
        };
    }

    /// Called every frame: after three seconds, stops, judges the level and plays it back.
    /// True when a check has just finished.
    pub fn poll(&mut self, output_device: Option<&str>, silent: bool) -> bool {
        let Self::Listening { recorder, .. } = self else { return false };
        if recorder.recorded_s() < CHECK_S && !recorder.has_failed() {
            return false;
        }
        let Self::Listening { recorder, path, .. } = std::mem::take(self) else { return false };
        let stopped = recorder.stop().map_err(|e| e.to_string());
        // Three seconds: read back and judged here, a few milliseconds of work.
        let heard = stopped.and_then(|_| crate::audio::load_speech(&path).map_err(|e| e.to_string()));
        if let Err(e) = std::fs::remove_file(&path) {
            log::warn!("cannot remove {}: {e}", path.display());
        }
        *self = match heard {
            Ok(speech) => {
                let check = level_check::check(&speech.samples, crate::audio::WHISPER_RATE);
                let samples: Arc<[f32]> = speech.samples.into();
                let player = Player::new(samples, crate::audio::WHISPER_RATE, output_device, silent);
                if let Err(e) = player.toggle() {
                    log::warn!("microphone check playback: {e}");
                }
                Self::Heard { player, check }
            }
            Err(e) => Self::Failed(format!("The microphone stopped during the check: {e}")),
        };
        true
    }

    /// The check's panel; returns true when the user closes it.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> bool {
        let mut close = false;
        egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
            ui.label(RichText::new("Microphone check").strong());
            match self {
                Self::Idle => {}
                Self::Listening { recorder, meter, .. } => {
                    ui.label(format!(
                        "Say a sentence as you would in an interview… {:.0} s",
                        (CHECK_S - recorder.recorded_s()).max(0.0).ceil()
                    ));
                    widgets::level_meter(ui, meter.update(recorder.status().take_level()));
                    ui.label(RichText::new(recorder.device_name.as_str()).weak().small());
                }
                Self::Heard { player, check } => {
                    let color = if check.verdict == LevelVerdict::Good {
                        ui.visuals().text_color()
                    } else {
                        ui.visuals().warn_fg_color
                    };
                    ui.label(RichText::new(check.verdict.advice()).color(color));
                    ui.label(
                        RichText::new(format!("Voice {:.0} dB, room {:.0} dB", check.voice_db, check.room_db))
                            .weak()
                            .small(),
                    );
                    ui.horizontal(|ui| {
                        let playing = player.is_playing();
                        if ui.button(if playing { "Stop playback" } else { "Play it back" }).clicked() {
                            if !playing {
                                player.seek(0.0);
                            }
                            let _ = player.toggle();
                        }
                        if let Some(e) = player.output_error().filter(|_| !playing) {
                            ui.label(RichText::new(format!("No sound: {e}")).weak().small());
                        }
                    });
                }
                Self::Failed(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
            }
            if !self.is_listening() && ui.button("Close").clicked() {
                close = true;
            }
        });
        close
    }
}
