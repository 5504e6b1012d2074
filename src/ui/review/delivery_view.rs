//! How the answer sounded, in the Review: the pitch strip under the timeline (semitones around
//! the speaker's usual pitch, flat stretches shaded) and the Delivery block of the report.

use egui::{Color32, RichText, Sense, Stroke, pos2, vec2};

use crate::analysis::delivery::{Delivery, MONOTONE_RANGE_ST, PetPhraseKind};
use crate::analysis::{Report, format_clock};

use crate::ui::common::widgets::clock_tenths;
use crate::ui::review::Review;

/// Semitones either side of the median the strip shows; beyond is clipped to its edge.
const STRIP_ST: f32 = 8.0;

/// The pitch contour on the timeline's time axis; click to seek.
pub fn pitch_strip(review: &mut Review, ui: &mut egui::Ui) {
    let pitch = &review.answer.report.delivery.pitch;
    let Some(median) = pitch.median_hz else { return };
    let duration = review.player.duration_s().max(0.01);
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), 44.0), Sense::click_and_drag());
    let x_of = |t: f64| rect.left() + (t / duration) as f32 * rect.width();
    let y_of = |st: f32| rect.center().y - st.clamp(-STRIP_ST, STRIP_ST) / STRIP_ST * (rect.height() / 2.0 - 3.0);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let flat = flat_color(ui);
    for m in &pitch.monotone {
        painter.rect_filled(egui::Rect::from_x_y_ranges(x_of(m.start)..=x_of(m.end), rect.y_range()), 0.0, flat);
    }
    painter.line_segment(
        [pos2(rect.left(), y_of(0.0)), pos2(rect.right(), y_of(0.0))],
        Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.5)),
    );
    let color = crate::ui::common::theme::palette(ui).i;
    // Segments between neighbouring voiced points; a gap in the voice is a gap in the line.
    let t_of_point = |i: usize| pitch.contour_time(i);
    for (i, pair) in pitch.contour.windows(2).enumerate() {
        if let [Some(a), Some(b)] = pair {
            painter.line_segment(
                [pos2(x_of(t_of_point(i)), y_of(*a)), pos2(x_of(t_of_point(i + 1)), y_of(*b))],
                Stroke::new(1.5, color),
            );
        }
    }
    painter.text(
        rect.left_top() + vec2(4.0, 2.0),
        egui::Align2::LEFT_TOP,
        "pitch",
        egui::FontId::proportional(11.0),
        ui.visuals().weak_text_color(),
    );
    let x = x_of(review.player.position_s());
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, rect.bottom())],
        Stroke::new(2.0, ui.visuals().strong_text_color()),
    );
    let response = response.on_hover_text(format!(
        "Your pitch, in semitones around your usual {median:.0} Hz (the middle line). Shaded: sentences that stayed within {MONOTONE_RANGE_ST:.0} semitones. Click to play from there."
    ));
    if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        review.seek(((p.x - rect.left()) / rect.width()) as f64 * duration);
    }
}

fn flat_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgba_unmultiplied(240, 180, 60, 40)
    } else {
        Color32::from_rgba_unmultiplied(220, 150, 20, 45)
    }
}

/// The Delivery block: pitch, loudness, fluency and pet phrases, each moment a click away.
pub fn show(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    let d: &Delivery = &report.delivery;
    if d.sentences.is_empty() {
        return;
    }
    crate::ui::common::widgets::section(ui, "Delivery");
    let p = &d.pitch;
    match (p.median_hz, p.spread_semitones, p.range_semitones) {
        (Some(hz), Some(sd), Some(range)) => {
            ui.label(format!("Pitch around {hz:.0} Hz, moving {range:.1} semitones from low to high ({sd:.1} standard deviation)."))
                .on_hover_text("From the 10th to the 90th percentile of the voiced frames. Lively speech moves 4 or more; under 2 sounds flat.");
        }
        _ => {
            ui.label("Too little voiced sound to measure the pitch.");
        }
    }
    let by_section: Vec<String> =
        p.by_section.iter().filter_map(|s| s.range_semitones.map(|r| format!("{} {r:.1}", s.label.short()))).collect();
    if !by_section.is_empty() {
        ui.label(RichText::new(format!("By section (semitones): {}", by_section.join(", "))).weak());
    }
    spans(
        ui,
        &format!("Flat (within {MONOTONE_RANGE_ST:.0} semitones)"),
        p.monotone.iter().map(|s| (s.start, s.end)),
        seek,
    );
    spans(ui, "Rising ends of statements", p.uptalk.iter().map(|s| (s.start, s.end)), seek);
    if let Some(level) = d.energy.level_db {
        ui.label(format!("Loudness: a typical sentence at {level:.0} dB (full scale is 0)."));
    }
    spans(ui, "Faded ends", d.energy.trailing_off.iter().map(|s| (s.start, s.end)), seek);
    spans(ui, "Quiet stretches", d.energy.quiet.iter().map(|s| (s.start, s.end)), seek);
    let f = &d.fluency;
    ui.label(format!(
        "Fluency: {:.1} words between pauses on average; the voice on {:.0}% of the time; {:.1} pauses a minute.",
        f.mean_length_of_run,
        f.phonation_time_ratio * 100.0,
        f.pauses_per_minute
    ))
    .on_hover_text(
        "A pause here is a silence of a quarter second or more. Longer runs between pauses sound more fluent.",
    );
    spans(ui, "Pauses inside a phrase", f.mid_phrase_pauses.iter().map(|s| (s.start, s.end)), seek);
    if d.pet_phrases.is_empty() {
        ui.label("No pet phrases.");
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label("Pet phrases:");
            for phrase in &d.pet_phrases {
                let Some(first) = phrase.spans.first() else { continue };
                let kind = match phrase.kind {
                    PetPhraseKind::Crutch => "a stock phrase",
                    PetPhraseKind::Repeated => "said again and again",
                };
                let times: Vec<String> = phrase.spans.iter().map(|s| format_clock(s.start)).collect();
                if ui
                    .add(
                        egui::Button::new(format!("\u{201c}{}\u{201d} {}\u{d7}", phrase.text, phrase.spans.len()))
                            .frame(false),
                    )
                    .on_hover_text(format!("{kind}, at {}. Click to play the first.", times.join(", ")))
                    .clicked()
                {
                    *seek = Some(first.start);
                }
            }
        });
    }
}

/// "Label: 0:40–1:10, 1:52–2:05", each a click to play from there.
fn spans(ui: &mut egui::Ui, label: &str, spans: impl Iterator<Item = (f64, f64)>, seek: &mut Option<f64>) {
    let spans: Vec<(f64, f64)> = spans.collect();
    if spans.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{label}:"));
        for (start, end) in spans {
            if ui
                .add(egui::Button::new(format!("{}\u{2013}{}", format_clock(start), format_clock(end))).frame(false))
                .on_hover_text(format!("Play from {}", clock_tenths(start)))
                .clicked()
            {
                *seek = Some(start);
            }
        }
    });
}
