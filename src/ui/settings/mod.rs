//! Settings (model, devices, thresholds, data folder, shortcuts) and the first-run welcome,
//! which explains that a speech model is needed and offers to download one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::RichText;

use crate::analysis::{AnalysisSettings, StarLabel};
use crate::audio::{capture, playback};
use crate::settings::models_dir;
use crate::transcribe::catalog::{self, CATALOG, CatalogEntry, format_size};
use crate::transcribe::download::Progress;
use crate::transcribe::locate;

use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, EngineState, ScreenContext};

/// An example path the way this platform writes them.
const MODEL_FILE_HINT: &str =
    if cfg!(windows) { r"C:\Users\you\Downloads\ggml-base.en.bin" } else { "/path/to/ggml-base.en.bin" };

/// Bytes done and expected of one download.
#[derive(Debug, Clone, Copy, Default)]
pub struct DownloadState {
    pub done: u64,
    pub total: Option<u64>,
    pub verifying: bool,
}

pub struct SettingsUi {
    pub downloads: HashMap<&'static str, DownloadState>,
    model_file: String,
    /// The sessions folder being typed.
    pub sessions_folder: String,
    /// Installed catalog models and when the folder was last looked at: a directory scan per
    /// frame would be wasted work.
    installed: Option<(Instant, Vec<(&'static CatalogEntry, PathBuf)>)>,
    /// The end of the log file, read when the user asks to see it.
    pub log_tail: Option<String>,
    /// Why the last download of a model failed, shown beside its button until it is tried again.
    pub download_errors: HashMap<&'static str, String>,
}

impl SettingsUi {
    /// Looks at the models folder again on the next frame (a download finished).
    pub fn forget_installed(&mut self) {
        self.installed = None;
    }

    pub fn new(settings: &crate::settings::Settings) -> Self {
        let model_file = settings.model_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let sessions_folder = settings.sessions_folder.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        Self {
            downloads: HashMap::new(),
            model_file,
            sessions_folder,
            installed: None,
            log_tail: None,
            download_errors: HashMap::new(),
        }
    }

    pub(crate) fn set_model_file(&mut self, path: &std::path::Path) {
        self.model_file = path.display().to_string();
    }

    pub(crate) fn on_progress(&mut self, name: &'static str, progress: Progress) {
        let state = self.downloads.entry(name).or_default();
        match progress {
            Progress::Start { done, total } => {
                state.done = done;
                state.total = total;
            }
            Progress::Advance { done } => state.done = done,
            Progress::Verifying => state.verifying = true,
        }
    }
}

/// First run: no model yet.
pub fn welcome(screen: &mut SettingsUi, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
    ui.vertical_centered(|ui| {
        ui.add_space(30.0);
        ui.heading("Welcome to Starling");
        ui.add_space(10.0);
        ui.label("Starling listens to your practice answers and shows what an interviewer would notice: pace, pauses, fillers, \"I\" versus \"we\", and how long each STAR section took.");
        let sizes = crate::transcribe::catalog::CATALOG.iter().map(|m| m.size_bytes);
        let (small, large) = (sizes.clone().min().unwrap_or(0), sizes.max().unwrap_or(0));
        ui.label(format!(
            "Everything runs on this computer. To turn speech into text it needs a speech model (a file of {} to {}), downloaded once.",
            crate::transcribe::catalog::format_size(small),
            crate::transcribe::catalog::format_size(large)
        ));
        ui.add_space(16.0);
    });
    screen.model_section(ui, ctx);
}

impl SettingsUi {
    /// Edits a copy of the settings; a changed copy goes to the app to be saved and applied.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let mut settings = ctx.settings.clone();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| self.sections(ui, ctx, &mut settings));
        if settings != *ctx.settings {
            ctx.send(AppCommand::ChangeSettings(Box::new(settings)));
        }
    }

    fn sections(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext, settings: &mut crate::settings::Settings) {
        ui.heading("Speech model");
        self.model_section(ui, ctx);
        ui.horizontal(|ui| {
            choice(
                ui,
                "Transcription",
                &mut settings.decoding,
                &crate::settings::Decoding::ALL,
                crate::settings::Decoding::name,
            );
            ui.label(RichText::new(settings.decoding.help()).weak());
        });
        ui.separator();
        ui.heading("Devices");
        widgets::device_choice(ui, "Microphone", &mut settings.input_device, capture::input_devices);
        widgets::device_choice(ui, "Speakers", &mut settings.output_device, playback::output_devices);
        ui.separator();
        ui.heading("Practice");
        ui.add(
            egui::Slider::new(&mut settings.prep_seconds, 0..=120).text("Preparation countdown (seconds, 0 = none)"),
        );
        ui.separator();
        ui.heading("Appearance");
        ui.horizontal(|ui| {
            choice(
                ui,
                "Theme",
                &mut settings.theme,
                &crate::settings::ThemeChoice::ALL,
                crate::settings::ThemeChoice::name,
            );
            ui.label(RichText::new("Text size: Ctrl + and Ctrl - (Ctrl 0 resets); remembered.").weak());
        });
        ui.separator();
        ui.heading("Thresholds");
        thresholds(ui, &mut settings.analysis);
        ui.separator();
        ui.heading("Data folders");
        self.data_folders(ui, ctx);
        ui.separator();
        ui.heading("Diagnostics");
        self.diagnostics(ui, ctx);
        ui.separator();
        ui.heading("Keyboard shortcuts");
        egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.label(RichText::new(*keys).monospace());
                ui.label(*what);
                ui.end_row();
            }
        });
    }

    fn data_folders(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let data_dir = &ctx.config.data_dir;
        ui.label(format!("Settings, models, questions and stories: {}", data_dir.display()));
        ui.label(
            RichText::new(format!(
                "Start Starling with {} set to use another folder for these.",
                crate::settings::DATA_DIR_ENV
            ))
            .weak(),
        );
        ui.add_space(4.0);
        let root = ctx.settings.sessions_root(data_dir);
        ui.label(format!("Sessions (recordings, reports and their index): {}", root.display()));
        let mut switch = None;
        ui.horizontal(|ui| {
            let label = ui.label("Keep sessions in");
            ui.add(
                egui::TextEdit::singleline(&mut self.sessions_folder)
                    .hint_text(data_dir.display().to_string())
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            let typed = self.sessions_folder.trim().to_string();
            let wanted = (!typed.is_empty()).then(|| PathBuf::from(&typed));
            let changed = wanted.as_deref().unwrap_or(data_dir) != root.as_path();
            if ui.add_enabled(changed && !ctx.practice_active, egui::Button::new("Use this folder")).clicked() {
                switch = Some(wanted);
            }
            if ui
                .add_enabled(
                    ctx.settings.sessions_folder.is_some() && !ctx.practice_active,
                    egui::Button::new("Back to the data folder"),
                )
                .clicked()
            {
                self.sessions_folder.clear();
                switch = Some(None);
            }
        });
        if let Some(folder) = switch {
            ctx.send(AppCommand::SwitchSessionsFolder(folder));
        }
        ui.label(RichText::new("Sessions already in the new folder are listed; those in the old folder stay where they are (move their folders across to bring them along).").weak());
    }

    /// The log file: where it is, and its last lines on request (what to send with a bug report).
    fn diagnostics(&mut self, ui: &mut egui::Ui, ctx: &ScreenContext) {
        let path = crate::logging::log_path(&ctx.config.data_dir);
        ui.label(format!("Log file: {}", path.display()));
        ui.horizontal(|ui| {
            let showing = self.log_tail.is_some();
            if ui.button(if showing { "Reload log" } else { "Show log" }).clicked() {
                // The last 64 KiB: a short read, not worth a worker thread.
                self.log_tail = Some(match crate::logging::tail(&path, 64 * 1024) {
                    Ok(text) if text.trim().is_empty() => "The log is empty.".into(),
                    Ok(text) => text,
                    Err(e) => format!("Cannot read the log: {e}"),
                });
            }
            if showing && ui.button("Hide log").clicked() {
                self.log_tail = None;
            }
        });
        if let Some(text) = &self.log_tail {
            egui::ScrollArea::vertical()
                .id_salt("log_tail")
                .min_scrolled_height(240.0)
                .max_height(240.0)
                .stick_to_bottom(true)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(RichText::new(text.as_str()).monospace().size(11.0)).wrap());
                });
        }
    }

    fn model_section(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        match ctx.engine {
            EngineState::Ready(e) => {
                ui.label(format!(
                    "In use: {} ({})",
                    e.name(),
                    e.file().map(|p| p.display().to_string()).unwrap_or_else(|| "no file".into())
                ));
            }
            EngineState::Loading(p) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Loading {}…", p.display()));
                });
            }
            EngineState::Missing(why) => {
                ui.colored_label(ui.visuals().warn_fg_color, format!("{why} Download one below (base.en is a good start; tiny.en is fastest), or use a model file you already have."));
            }
            EngineState::Failed(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
        let models = models_dir(&ctx.config.data_dir);
        let stale = self.installed.as_ref().is_none_or(|(at, _)| at.elapsed() > Duration::from_secs(2));
        if stale {
            self.installed = Some((Instant::now(), locate::installed(&models)));
        }
        let installed = self.installed.as_ref().map(|(_, list)| list.clone()).unwrap_or_default();
        let in_use = match ctx.engine {
            EngineState::Ready(e) => e.file().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
            _ => None,
        };
        egui::Grid::new("catalog").striped(true).num_columns(4).show(ui, |ui| {
            for entry in CATALOG.iter() {
                ui.label(RichText::new(entry.name).strong());
                ui.label(format_size(entry.size_bytes));
                ui.label(RichText::new(entry.summary).weak());
                if in_use.as_deref() == Some(entry.file) {
                    ui.label(RichText::new("In use").strong());
                } else if let Some((_, path)) = installed.iter().find(|(e, _)| e.name == entry.name) {
                    if ui.button(format!("Use {}", entry.name)).clicked() {
                        ctx.send(AppCommand::UseModelFile(path.clone()));
                    }
                } else if let Some(state) = self.downloads.get(entry.name).copied() {
                    let fraction = state.total.map(|t| state.done as f32 / t.max(1) as f32).unwrap_or(0.0);
                    let text = if state.verifying {
                        "checking…".to_string()
                    } else {
                        format!(
                            "{} of {}",
                            format_size(state.done),
                            state.total.map(format_size).unwrap_or_else(|| "?".into())
                        )
                    };
                    ui.add(egui::ProgressBar::new(fraction).desired_width(200.0).text(text));
                } else {
                    ui.horizontal(|ui| {
                        let failed = self.download_errors.get(entry.name).cloned();
                        let label = if failed.is_some() {
                            format!("Try {} again", entry.name)
                        } else {
                            format!("Download {}", entry.name)
                        };
                        if ui.button(label).clicked() {
                            ctx.send(AppCommand::Download(entry.name));
                        }
                        if let Some(why) = failed {
                            ui.add(egui::Label::new(RichText::new(why).color(ui.visuals().error_fg_color)).wrap());
                        }
                    });
                }
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Model file");
            ui.add(egui::TextEdit::singleline(&mut self.model_file).hint_text(MODEL_FILE_HINT).desired_width(380.0))
                .labelled_by(label.id);
            let path = self.model_file.trim().to_string();
            if ui.add_enabled(!path.is_empty(), egui::Button::new("Use this file")).clicked() {
                ctx.send(AppCommand::UseModelFile(PathBuf::from(path)));
            }
            if ui
                .add_enabled(!ctx.file_dialog_open, egui::Button::new("Choose a model file…"))
                .on_hover_text("A whisper model in ggml format (ggml-*.bin) you already have")
                .clicked()
            {
                ctx.send(AppCommand::PickFile(crate::ui::context::FilePurpose::Model));
            }
        });
        ui.label(
            RichText::new(format!(
                "Downloads go to {}. Official file sizes and checksums: {}",
                models.display(),
                catalog::DEFAULT_BASE_URL
            ))
            .weak()
            .small(),
        );
    }
}

/// A labelled drop-down of a setting's named choices.
fn choice<T: Copy + PartialEq>(ui: &mut egui::Ui, text: &str, value: &mut T, all: &[T], name: fn(T) -> &'static str) {
    let label = ui.label(text);
    egui::ComboBox::from_id_salt(text)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &option in all {
                ui.selectable_value(value, option, name(option));
            }
        })
        .response
        .labelled_by(label.id);
}

/// Every shortcut, as listed in the app and the README.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Space",
        "Practice: record / stop (during the countdown: start now). Interview: answer now / stop. Review: play / pause",
    ),
    ("P", "Pause or resume the recording"),
    ("S T A R L", "While recording: mark the start of Situation, Task, Action, Result, Reflection"),
    ("Left / Right", "Review: jump back / forward 5 seconds"),
    ("Home", "Review: back to the start"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Review: undo / redo the last edit (sections, words, fillers)"),
    ("Ctrl+1 ... Ctrl+7", "Questions, Practice, Interview, Review, History, Stories, Settings"),
];

/// The analysis thresholds (a changed value is judged by from the next frame).
fn thresholds(ui: &mut egui::Ui, s: &mut AnalysisSettings) {
    let mut changed = false;
    egui::Grid::new("thresholds").num_columns(2).show(ui, |ui| {
        let mut row = |ui: &mut egui::Ui, name: &str, widget: &mut dyn FnMut(&mut egui::Ui) -> egui::Response| {
            let label = ui.label(name);
            changed |= widget(ui).labelled_by(label.id).changed();
            ui.end_row();
        };
        row(ui, "Comfortable pace from (wpm)", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.wpm_band.0).range(60.0..=220.0))
        });
        row(ui, "Comfortable pace to (wpm)", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.wpm_band.1).range(80.0..=260.0))
        });
        row(ui, "Long pause from (s)", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.long_pause_s).range(0.5..=5.0).speed(0.1))
        });
        row(ui, "Stall from (s)", &mut |ui| ui.add(egui::DragValue::new(&mut s.stall_s).range(1.0..=10.0).speed(0.1)));
        row(ui, "Target length from (s)", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.target_total_s.0).range(30.0..=600.0))
        });
        row(ui, "Target length to (s)", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.target_total_s.1).range(30.0..=900.0))
        });
        row(ui, "Fillers per minute: fine up to", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.fillers_per_minute.0).range(0.0..=30.0))
        });
        row(ui, "Fillers per minute: distracting from", &mut |ui| {
            ui.add(egui::DragValue::new(&mut s.fillers_per_minute.1).range(1.0..=60.0))
        });
        row(ui, "Least \"I\" share in Action (%)", &mut |ui| {
            let mut pct = s.action_i_share_min * 100.0;
            let r = ui.add(egui::DragValue::new(&mut pct).range(0.0..=100.0));
            s.action_i_share_min = pct / 100.0;
            r
        });
        // Each STAR section's share of the answer (%), the band the STAR bars and findings use.
        for label in [StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result] {
            if let Some((lo, hi)) = s.star_targets.get_mut(label) {
                row(ui, &format!("{} share of the answer (%)", label.name()), &mut |ui| {
                    ui.horizontal(|ui| {
                        let (mut a, mut b) = (*lo * 100.0, *hi * 100.0);
                        let r = ui.add(egui::DragValue::new(&mut a).range(0.0..=100.0))
                            | ui.label("to")
                            | ui.add(egui::DragValue::new(&mut b).range(0.0..=100.0));
                        (*lo, *hi) = (a / 100.0, b.max(a) / 100.0);
                        r
                    })
                    .inner
                });
            }
        }
    });
    if ui.button("Reset thresholds").clicked() {
        *s = AnalysisSettings::default();
        changed = true;
    }
    if changed {
        // Keep ranges ordered whatever was typed.
        s.wpm_band.1 = s.wpm_band.1.max(s.wpm_band.0 + 1.0);
        s.target_total_s.1 = s.target_total_s.1.max(s.target_total_s.0);
        s.stall_s = s.stall_s.max(s.long_pause_s);
        s.fillers_per_minute.1 = s.fillers_per_minute.1.max(s.fillers_per_minute.0);
    }
}

#[cfg(test)]
mod tests {
    use super::SHORTCUTS;

    /// The README's shortcut table and the one in the app are the same list.
    #[test]
    fn the_readme_lists_every_shortcut() {
        let readme = include_str!("../../../README.md");
        for (keys, what) in SHORTCUTS {
            assert!(readme.contains(&format!("| {keys} | {what} |")), "README lacks the row for {keys}");
        }
    }
}
