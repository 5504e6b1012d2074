//! The desktop app: one file per screen, a thin eframe wrapper.

mod after_stop;
pub mod app;
pub mod commands;
pub mod config;
mod delivery_view;
mod events;
mod file_dialog;
pub mod history;
pub mod interview;
mod interview_jobs;
mod mic_check;
mod nav;
pub mod practice;
mod practice_jobs;
mod practice_views;
mod question_card;
pub mod questions;
pub mod report_view;
pub mod review;
pub mod review_edits;
mod review_transcript;
mod session_jobs;
mod settings_jobs;
pub mod settings_view;
mod status;
pub mod stories;
pub mod theme;
pub mod widgets;

pub use app::{Screen, StarlingApp};
pub use config::AppConfig;

impl eframe::App for StarlingApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.shut_down();
    }
}

/// The window's first size: 1280x820, or `STARLING_WINDOW_SIZE=WxH` (how the README's
/// small-screen shots are taken, and a way to try a laptop's screen on a big one).
fn window_size() -> [f32; 2] {
    let asked = std::env::var("STARLING_WINDOW_SIZE").ok().and_then(|v| {
        let (w, h) = v.split_once('x')?;
        Some([w.trim().parse::<f32>().ok()?, h.trim().parse::<f32>().ok()?])
    });
    match asked {
        Some([w, h]) if w >= 760.0 && h >= 520.0 => [w, h],
        _ => [1280.0, 820.0],
    }
}

/// The icon the desktop entry shows (assets/icons, drawn by scripts/make-icon.py).
fn window_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/starling-256.png")).unwrap_or_else(|e| {
        log::warn!("the window icon does not decode: {e}");
        egui::IconData::default()
    })
}

/// Opens the window; with `answer`, on its review.
pub fn run(answer: Option<crate::recording::FinishedAnswer>) -> anyhow::Result<()> {
    let config = config::default_config()?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Starling")
            .with_inner_size(window_size())
            .with_min_inner_size([760.0, 520.0])
            // The desktop entry's name, so docks group the window under its icon (Wayland).
            .with_app_id("starling")
            .with_icon(window_icon()),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Starling",
        options,
        Box::new(move |_cc| {
            let mut app = StarlingApp::new(config);
            if let Some(answer) = answer {
                app.open_review(answer);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
