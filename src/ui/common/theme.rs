//! The window's colours, dark and light: egui's themes with every text colour at WCAG AA
//! contrast (4.5:1) on the backgrounds it is drawn on. egui's own secondary grey measured 2.7:1
//! and its error red 4.4:1; the test below holds every colour we draw text in to the rule, in
//! both themes.

use crate::analysis::StarLabel;
pub use crate::settings::ThemeChoice;
use egui::{Color32, Visuals};

/// Sets both themes' colours and which one is shown.
pub fn apply(choice: ThemeChoice, ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Dark, visuals(true));
    ctx.set_visuals_of(egui::Theme::Light, visuals(false));
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
        ThemeChoice::Light => egui::ThemePreference::Light,
    });
}

/// egui's theme with our text colours: body text a step stronger than egui's grey, so that the
/// weak text below can still be weaker and meet 4.5:1.
pub fn visuals(dark: bool) -> Visuals {
    let mut v = if dark { Visuals::dark() } else { Visuals::light() };
    if dark {
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(205);
        v.weak_text_color = Some(Color32::from_gray(150));
        v.error_fg_color = Color32::from_rgb(255, 95, 90);
    } else {
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(40);
        v.weak_text_color = Some(Color32::from_gray(95));
        v.error_fg_color = Color32::from_rgb(190, 30, 30);
        v.warn_fg_color = Color32::from_rgb(150, 85, 0);
    }
    v
}

/// The colours the screens draw meaning in (fillers, pronouns, pauses, targets, sections),
/// per theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub filler: Color32,
    pub i: Color32,
    pub we: Color32,
    pub pause: Color32,
    pub below_target: Color32,
    pub on_target: Color32,
    pub past_target: Color32,
    dark: bool,
}

impl Palette {
    pub fn of(dark: bool) -> Self {
        if dark {
            Self {
                filler: Color32::from_rgb(230, 120, 40),
                i: Color32::from_rgb(60, 130, 230),
                we: Color32::from_rgb(190, 115, 225),
                pause: Color32::from_gray(140),
                below_target: Color32::from_gray(150),
                on_target: Color32::from_rgb(60, 170, 90),
                past_target: Color32::from_rgb(240, 100, 90),
                dark,
            }
        } else {
            Self {
                filler: Color32::from_rgb(170, 75, 0),
                i: Color32::from_rgb(20, 90, 190),
                we: Color32::from_rgb(130, 50, 170),
                pause: Color32::from_gray(95),
                below_target: Color32::from_gray(95),
                on_target: Color32::from_rgb(20, 120, 50),
                past_target: Color32::from_rgb(190, 30, 30),
                dark,
            }
        }
    }

    /// A section's colour for text: the band colour, moved towards the text colour until it
    /// reads on the panel.
    pub fn section_text(&self, label: StarLabel) -> Color32 {
        let [r, g, b] = label.rgb();
        let base = Color32::from_rgb(r, g, b);
        let panel = visuals(self.dark).panel_fill;
        let toward = if self.dark { Color32::WHITE } else { Color32::BLACK };
        (0..=10).map(|k| mix(base, toward, k as f32 / 10.0)).find(|c| contrast(*c, panel) >= 4.6).unwrap_or(toward)
    }

    /// Grey before the target, green inside it, red past it.
    pub fn target(&self, seconds: f64, target: (f64, f64)) -> Color32 {
        if seconds < target.0 {
            self.below_target
        } else if seconds <= target.1 {
            self.on_target
        } else {
            self.past_target
        }
    }
}

/// The palette of the theme `ui` is drawn in.
pub fn palette(ui: &egui::Ui) -> Palette {
    Palette::of(ui.visuals().dark_mode)
}

fn mix(c: Color32, toward: Color32, by: f32) -> Color32 {
    let m = |v: u8, t: u8| (v as f32 + (t as f32 - v as f32) * by).round() as u8;
    Color32::from_rgb(m(c.r(), toward.r()), m(c.g(), toward.g()), m(c.b(), toward.b()))
}

/// WCAG 2 contrast ratio of two opaque colours: (L1 + 0.05) / (L2 + 0.05), lighter over darker.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    fn luminance(c: Color32) -> f64 {
        let channel = |v: u8| {
            let s = v as f64 / 255.0;
            if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_meets_wcag_aa_on_every_background_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            let p = Palette::of(dark);
            let backgrounds = [("panel", v.panel_fill), ("window", v.window_fill), ("text field", v.extreme_bg_color)];
            let mut texts = vec![
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("strong text", v.strong_text_color()),
                ("error", v.error_fg_color),
                ("warning", v.warn_fg_color),
                ("filler", p.filler),
                ("I", p.i),
                ("we", p.we),
                ("pause", p.pause),
                ("below target", p.target(0.0, (1.0, 2.0))),
                ("on target", p.target(1.5, (1.0, 2.0))),
                ("past target", p.target(3.0, (1.0, 2.0))),
            ];
            texts.extend(StarLabel::ALL.iter().map(|&l| (l.name(), p.section_text(l))));
            let mut failing = Vec::new();
            for (name, fg) in &texts {
                for (bg_name, bg) in &backgrounds {
                    let ratio = contrast(*fg, *bg);
                    if ratio < 4.5 {
                        failing.push(format!("{name} on {bg_name}: {ratio:.2}"));
                    }
                }
            }
            let theme = if dark { "dark" } else { "light" };
            assert!(failing.is_empty(), "{theme}: below 4.5:1: {failing:#?}");
            // The weak text is still weaker than the body text.
            assert!(contrast(v.weak_text_color(), v.panel_fill) < contrast(v.text_color(), v.panel_fill), "{theme}");
        }
        assert!((contrast(Color32::WHITE, Color32::BLACK) - 21.0).abs() < 1e-9);
    }
}
