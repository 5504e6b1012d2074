//! The window's colours: egui's dark theme with every text colour at WCAG AA contrast (4.5:1)
//! on the backgrounds it is drawn on. egui's own secondary grey measured 2.7:1 and its error red
//! 4.4:1; the test below holds every colour we draw text in to the rule.

use egui::{Color32, Visuals};

use crate::analysis::StarLabel;

/// Body text, brighter than egui's default grey so that the weak text below can still be weaker.
const TEXT: Color32 = Color32::from_gray(205);
/// Secondary text (hints, units, "weak" labels).
const WEAK_TEXT: Color32 = Color32::from_gray(150);

pub fn visuals() -> Visuals {
    let mut v = Visuals::dark();
    v.widgets.noninteractive.fg_stroke.color = TEXT;
    v.weak_text_color = Some(WEAK_TEXT);
    v.error_fg_color = Color32::from_rgb(255, 95, 90);
    v
}

/// A section's colour for text: the band colour, lightened until it reads on the panel.
pub fn section_text_color(label: StarLabel) -> Color32 {
    let [r, g, b] = label.rgb();
    let base = Color32::from_rgb(r, g, b);
    let panel = visuals().panel_fill;
    (0..=10).map(|k| lighten(base, k as f32 / 10.0)).find(|c| contrast(*c, panel) >= 4.6).unwrap_or(Color32::WHITE)
}

fn lighten(c: Color32, by: f32) -> Color32 {
    let mix = |v: u8| (v as f32 + (255.0 - v as f32) * by).round() as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
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
    use crate::ui::widgets::{FILLER_COLOR, I_COLOR, PAUSE_COLOR, WE_COLOR};

    #[test]
    fn every_text_colour_meets_wcag_aa_on_every_background() {
        let v = visuals();
        let backgrounds = [("panel", v.panel_fill), ("window", v.window_fill), ("text field", v.extreme_bg_color)];
        let mut texts = vec![
            ("text", v.text_color()),
            ("weak text", v.weak_text_color()),
            ("strong text", v.strong_text_color()),
            ("error", v.error_fg_color),
            ("warning", v.warn_fg_color),
            ("filler", FILLER_COLOR),
            ("I", I_COLOR),
            ("we", WE_COLOR),
            ("pause", PAUSE_COLOR),
            ("below target", crate::ui::widgets::target_color(0.0, (1.0, 2.0))),
            ("on target", crate::ui::widgets::target_color(1.5, (1.0, 2.0))),
            ("past target", crate::ui::widgets::target_color(3.0, (1.0, 2.0))),
        ];
        texts.extend(StarLabel::ALL.iter().map(|&l| (l.name(), section_text_color(l))));
        let mut failing = Vec::new();
        for (name, fg) in &texts {
            for (bg_name, bg) in &backgrounds {
                let ratio = contrast(*fg, *bg);
                if ratio < 4.5 {
                    failing.push(format!("{name} on {bg_name}: {ratio:.2}"));
                }
            }
        }
        assert!(failing.is_empty(), "below 4.5:1: {failing:#?}");
        // The weak text is still weaker than the body text.
        assert!(contrast(v.weak_text_color(), v.panel_fill) < contrast(v.text_color(), v.panel_fill));
        assert!((contrast(Color32::WHITE, Color32::BLACK) - 21.0).abs() < 1e-9);
    }
}
