//! The desktop app, a thin eframe wrapper around [`StarlingApp`]. Layout: `context` holds what
//! every part names (screens, commands, events, config); `common` what more than one screen
//! draws (theme, widgets, the recorder); one folder per screen, each naming only `context`,
//! `common` and its own files; `app` owns the state, applies commands and runs the workers
//! (docs/ARCHITECTURE.md).

pub mod app;
pub mod common;
pub mod context;
pub mod history;
pub mod interview;
pub mod practice;
pub mod questions;
pub mod review;
pub mod settings;
pub mod stories;

pub use app::StarlingApp;
pub use common::{theme, widgets};
pub use context::{AppConfig, Screen};

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
    let config = context::default_config()?;
    #[cfg(windows)]
    close_own_console();
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

/// Started from the Start menu or Explorer, a console program gets a console window of its
/// own beside ours; the window closes it. Started from a terminal, it stays (others use it).
#[cfg(windows)]
fn close_own_console() {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut processes = [0u32; 2];
    // SAFETY: the buffer and its length agree; both calls only read and detach.
    unsafe {
        if GetConsoleProcessList(processes.as_mut_ptr(), processes.len() as u32) == 1 {
            FreeConsole();
        }
    }
}
