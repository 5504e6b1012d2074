//! Small pieces shared by the screens: colours, tags, the level meter.

use egui::{Color32, RichText, Sense, Stroke, vec2};

use crate::analysis::{Severity, StarLabel};

pub fn section_color(label: StarLabel) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}

pub fn severity_color(ui: &egui::Ui, severity: Severity) -> Color32 {
    match severity {
        Severity::Problem => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        _ => ui.visuals().text_color(),
    }
}

/// A small framed label (a principle, "yours"). It never wraps inside its frame: in a wrapping
/// row it goes to the next line when it does not fit (at 800x600 "Deliver Results" came out
/// one letter per line beside a long question).
pub fn tag(ui: &mut egui::Ui, text: &str) {
    const MARGIN: f32 = 6.0;
    let galley = egui::WidgetText::from(RichText::new(text).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    if ui.layout().main_wrap && galley.size().x + 2.0 * MARGIN + 2.0 > ui.available_size_before_wrap().x {
        ui.end_row();
    }
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .stroke(Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color))
        .corner_radius(8.0)
        .inner_margin(vec2(MARGIN, 1.0))
        .show(ui, |ui| ui.add(egui::Label::new(galley).wrap_mode(egui::TextWrapMode::Extend)));
}

/// A coloured dot drawn, not typed: the bundled fonts have no filled circle.
pub fn dot(ui: &mut egui::Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
}

/// A device picker: "System default" (None) or a device by name. `devices` is asked only
/// while the list is open, since enumerating devices is slow. True when the choice changed.
pub fn device_choice(
    ui: &mut egui::Ui,
    label: &str,
    selected: &mut Option<String>,
    devices: impl FnOnce() -> Vec<String>,
) -> bool {
    let mut changed = false;
    let shown = selected.clone().unwrap_or_else(|| "System default".into());
    egui::ComboBox::from_label(label).selected_text(shown).show_ui(ui, |ui| {
        changed |= ui.selectable_value(selected, None, "System default").changed();
        for name in devices() {
            changed |= ui.selectable_value(selected, Some(name.clone()), name).changed();
        }
    });
    changed
}

/// Peak level as a bar on a decibel scale (-60..0 dBFS), red near clipping.
pub fn level_meter(ui: &mut egui::Ui, peak: f32) {
    let db = 20.0 * peak.max(1e-6).log10();
    let fraction = ((db + 60.0) / 60.0).clamp(0.0, 1.0);
    let (rect, response) = ui.allocate_exact_size(vec2(220.0, 12.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    let mut bar = rect;
    bar.set_width(rect.width() * fraction);
    let color = if db > -3.0 {
        Color32::from_rgb(220, 70, 60)
    } else if db > -20.0 {
        Color32::from_rgb(60, 170, 90)
    } else {
        Color32::from_rgb(120, 160, 120)
    };
    painter.rect_filled(bar, 3.0, color);
    response.on_hover_text(format!("Input level {db:.0} dBFS"));
}

/// "1:05.3": playback positions need tenths.
pub fn clock_tenths(seconds: f64) -> String {
    let t = seconds.max(0.0);
    let m = (t / 60.0).floor();
    format!("{}:{:04.1}", m as u64, t - m * 60.0)
}

/// A heading that opens a part of a long column (the report's "Delivery", "Structure").
pub fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).heading());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_target_colours() {
        assert_eq!(clock_tenths(65.34), "1:05.3");
        assert_eq!(clock_tenths(0.0), "0:00.0");
        for dark in [true, false] {
            let p = crate::ui::common::theme::Palette::of(dark);
            let [below, on, past] = [100.0, 150.0, 200.0].map(|s| p.target(s, (120.0, 180.0)));
            assert!(below != on && on != past && below != past);
        }
    }

    /// egui's default fonts lack many symbols and kittest fails on a missing glyph, so every
    /// non-ASCII character in the screens' code must be one the bundled fonts can draw.
    #[test]
    fn every_symbol_in_the_screens_has_a_glyph() {
        // Every file under src/ui, so a new screen is checked without being listed.
        fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("src/ui reads").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    rust_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(std::fs::read_to_string(&path).expect("a source file reads"));
                }
            }
        }
        let mut sources = Vec::new();
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"), &mut sources);
        assert!(sources.len() > 30, "{} files", sources.len());
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let font = egui::FontId::proportional(14.0);
        let mut missing = Vec::new();
        for source in &sources {
            for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for c in line.chars().filter(|c| !c.is_ascii()) {
                    if !ctx.fonts_mut(|f| f.has_glyph(&font, c)) && !missing.contains(&c) {
                        missing.push(c);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}

/// What the user answered in a confirmation dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Yes,
    No,
    Waiting,
}

/// A modal asking before something that cannot be undone. Escape or a click outside is "No".
pub fn confirm(ctx: &egui::Context, id: &str, title: &str, body: &str, yes: &str, no: &str) -> Confirm {
    let mut answer = Confirm::Waiting;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_width(400.0);
        ui.heading(title);
        ui.label(body);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                answer = Confirm::Yes;
            }
            if ui.button(no).clicked() {
                answer = Confirm::No;
            }
        });
    });
    if answer == Confirm::Waiting && modal.should_close() { Confirm::No } else { answer }
}

/// `text` cut to `n` characters with an ellipsis, for menus and table cells.
pub fn short(text: &str, n: usize) -> String {
    let mut s: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        s.push('…');
    }
    s
}

/// Diagonal stripes over `rect`: a section whose label is uncertain.
pub fn hatch(painter: &egui::Painter, rect: egui::Rect, color: egui::Color32) {
    let painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let step = 7.0;
    let mut x = rect.left() - rect.height();
    while x < rect.right() {
        painter.line_segment(
            [egui::pos2(x, rect.bottom()), egui::pos2(x + rect.height(), rect.top())],
            egui::Stroke::new(1.5, color),
        );
        x += step;
    }
}

/// A message as a sentence: the library's errors start in lower case ("the speech service
/// stopped answering"), which reads wrong at the head of a notice.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
