//! The report beside the transcript: length, pace with a chart, pauses, fillers, I versus we,
//! STAR balance, content checks and findings. Everything that has a time seeks when clicked.

use egui::{Color32, RichText, Sense, Stroke, vec2};
use egui_plot::{HLine, Line, Plot, PlotPoints, VLine};

use crate::analysis::report::figures::{FigureKind, figure};
use crate::analysis::{AnalysisSettings, PauseKind, Report, format_clock};

use crate::ui::common::widgets::{self, clock_tenths};
use crate::ui::review::Review;

/// Draws the report; returns a time to seek to if the user clicked something timed.
pub fn show(review: &mut Review, ui: &mut egui::Ui) -> Option<f64> {
    let playhead = review.player.position_s();
    let report = review.report();
    let mut seek = None;
    next_time(report, ui, &mut seek);
    findings(report, ui, &mut seek);
    length(report, ui);
    pace(report, playhead, ui);
    pauses(report, ui, &mut seek);
    fillers(report, ui, &mut seek);
    pronouns(report, &report.settings, ui, &mut seek);
    star(report, ui, &mut seek);
    content(report, ui, &mut seek);
    super::delivery_view::show(report, ui, &mut seek);
    ui.add_space(8.0);
    ui.label(RichText::new(footer(report, review.answer.stop_to_report_s)).weak().small());
    seek
}

/// What transcribed the answer and, for one just recorded, how long the report took after Stop
/// (an answer opened from the history has no such time).
fn footer(report: &Report, stop_to_report_s: Option<f64>) -> String {
    match stop_to_report_s {
        Some(s) => format!("Transcribed with {}; report ready {s:.1} s after Stop.", report.model.label()),
        None => format!("Transcribed with {}.", report.model.label()),
    }
}

fn timed_button(ui: &mut egui::Ui, text: String, t: f64, seek: &mut Option<f64>) {
    if ui.add(egui::Button::new(text).frame(false)).on_hover_text("Play from here").clicked() {
        *seek = Some(t);
    }
}

/// The card the user reads first: the changes that would most improve this answer, each with
/// the user's own words and a click to hear them, then what already works.
fn next_time(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    let c = &report.coaching;
    if c.next_time.is_empty() && c.strengths.is_empty() && c.checks.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Next time").heading());
        if c.next_time.is_empty() {
            ui.label("Nothing stands out to change: practise it again for fluency.");
        }
        for (i, tip) in c.next_time.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}.", i + 1)).strong());
                let r = ui.add(egui::Label::new(RichText::new(&tip.text).strong()).sense(if tip.start.is_some() { Sense::click() } else { Sense::hover() }));
                if let Some(t) = tip.start
                    && r.on_hover_text(format!("Click to play from {}", clock_tenths(t))).clicked()
                {
                    *seek = Some(t);
                }
            });
            if let Some(q) = tip.quote_to_show() {
                let at = tip.start.map(|t| format!(" ({})", format_clock(t))).unwrap_or_default();
                if let Some(t) = tip.start {
                    timed_button(ui, format!("    \u{201c}{q}\u{201d}{at}"), t, seek);
                } else {
                    ui.label(RichText::new(format!("    \u{201c}{q}\u{201d}")).italics());
                }
            }
        }
        if !c.checks.is_empty() {
            ui.add_space(4.0);
            ui.label(RichText::new("Worth a check").strong())
                .on_hover_text("What the analysis suspects but is not sure of: the section labels were unsure, or whisper was unsure of the words. Listen back and decide.");
            for tip in &c.checks {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("?").strong());
                    let r = ui.add(egui::Label::new(&tip.text).sense(if tip.start.is_some() { Sense::click() } else { Sense::hover() }));
                    if let Some(t) = tip.start
                        && r.on_hover_text(format!("Click to play from {}", clock_tenths(t))).clicked()
                    {
                        *seek = Some(t);
                    }
                });
            }
        }
        if !c.strengths.is_empty() {
            ui.add_space(4.0);
            ui.label(RichText::new("Already working").strong());
            for s in &c.strengths {
                ui.horizontal_wrapped(|ui| {
                    widgets::dot(ui, Color32::from_rgb(46, 125, 50));
                    ui.label(s);
                });
            }
        }
    });
}

fn findings(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "Findings");
    if report.findings.is_empty() {
        ui.label("Nothing to flag.");
    }
    for f in &report.findings {
        ui.horizontal_wrapped(|ui| {
            let color = widgets::severity_color(ui, f.severity);
            widgets::dot(ui, color);
            let text = match f.span {
                Some(span) => format!("{} ({})", f.message, format_clock(span.start)),
                None => f.message.clone(),
            };
            let r =
                ui.add(egui::Label::new(text).sense(if f.span.is_some() { Sense::click() } else { Sense::hover() }));
            if let Some(span) = f.span
                && r.on_hover_text(format!("{} — click to play from {}", f.code, clock_tenths(span.start))).clicked()
            {
                *seek = Some(span.start);
            }
        });
    }
}

/// A horizontal bar: the value's share of `max`, with the target range drawn behind it.
fn bar(ui: &mut egui::Ui, value: f64, max: f64, target: Option<(f64, f64)>, color: Color32, text: String) {
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width().min(360.0), 18.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    let x = |v: f64| rect.left() + ((v / max).clamp(0.0, 1.0) as f32) * rect.width();
    if let Some((lo, hi)) = target {
        let t = egui::Rect::from_x_y_ranges(x(lo)..=x(hi), rect.y_range());
        painter.rect_filled(t, 0.0, Color32::from_rgba_unmultiplied(120, 200, 120, 50));
        painter.rect_stroke(t, 0.0, Stroke::new(1.0, Color32::from_rgb(90, 170, 90)), egui::StrokeKind::Inside);
    }
    let filled = egui::Rect::from_x_y_ranges(rect.left()..=x(value), rect.y_range()).shrink2(vec2(0.0, 4.0));
    painter.rect_filled(filled, 2.0, color);
    painter.text(
        rect.right_center() - vec2(4.0, 0.0),
        egui::Align2::RIGHT_CENTER,
        text,
        egui::FontId::proportional(12.0),
        ui.visuals().text_color(),
    );
    if let Some((lo, hi)) = target {
        response.on_hover_text(format!("Target {lo:.0}–{hi:.0}"));
    }
}

fn length(report: &Report, ui: &mut egui::Ui) {
    widgets::section(ui, "Length");
    let total = report.answer_length_s();
    let (lo, hi) = report.content.target_total_s;
    let color = crate::ui::common::theme::palette(ui).target(total, (lo, hi));
    ui.label(RichText::new(figure(report, FigureKind::Length).value_and_target()).color(color).strong()).on_hover_text(
        format!("From the first word to the last; the recording is {}.", format_clock(report.duration_s)),
    );
    bar(ui, total, hi.max(total) * 1.15, Some((lo, hi)), color, format_clock(total));
}

fn pace(report: &Report, playhead: f64, ui: &mut egui::Ui) {
    widgets::section(ui, "Pace");
    let p = &report.pacing;
    let (lo, hi) = p.target_wpm;
    ui.label(figure(report, FigureKind::Pace).value_and_target());
    let points: PlotPoints = p.wpm_over_time.iter().map(|pt| [pt.t, pt.wpm]).collect();
    let line_color = crate::ui::common::theme::palette(ui).i;
    Plot::new("wpm_over_time")
        .height(150.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_y(0.0)
        .include_y(hi + 40.0)
        .include_x(0.0)
        .x_axis_label("time in the answer")
        .x_axis_formatter(|mark, _| format_clock(mark.value))
        .y_axis_label("wpm")
        .show(ui, |plot| {
            plot.hline(HLine::new("comfortable from", lo).color(Color32::from_rgb(90, 170, 90)));
            plot.hline(HLine::new("comfortable to", hi).color(Color32::from_rgb(90, 170, 90)));
            plot.line(Line::new("words per minute", points).color(line_color).width(2.0));
            plot.vline(VLine::new("playhead", playhead).color(Color32::GRAY));
        });
}

fn pauses(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "Pauses");
    let p = &report.pacing;
    ui.label(figure(report, FigureKind::Pauses).value);
    ui.horizontal_wrapped(|ui| {
        for pause in p.pauses.iter().filter(|x| x.kind != PauseKind::Short) {
            timed_button(ui, format!("{:.1} s at {}", pause.duration, format_clock(pause.start)), pause.start, seek);
        }
    });
}

fn fillers(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "Fillers");
    let f = &report.fillers;
    let figure = figure(report, FigureKind::Fillers);
    ui.label(match figure.remark {
        Some(remark) => format!("{}: {remark}.", figure.value),
        None => figure.value,
    });
    if !f.by_text.is_empty() {
        let counts: Vec<String> = f.by_text.iter().map(|(t, n)| format!("{t} ×{n}")).collect();
        ui.label(RichText::new(counts.join(", ")).color(crate::ui::common::theme::palette(ui).filler));
    }
    ui.horizontal_wrapped(|ui| {
        for item in &f.items {
            // Tenths: two fillers within one second are two buttons that say so.
            timed_button(ui, format!("{} {}", item.text, clock_tenths(item.start)), item.start, seek);
        }
    });
}

fn pronouns(report: &Report, settings: &AnalysisSettings, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "I and we");
    let p = &report.pronouns;
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("I {}", p.i)).color(crate::ui::common::theme::palette(ui).i).strong());
        ui.label(RichText::new(format!("we {}", p.we)).color(crate::ui::common::theme::palette(ui).we).strong());
        if let Some(share) = p.i_share {
            ui.label(format!("— \"I\" is {:.0}% of them", share * 100.0));
        }
    });
    for s in &p.by_section {
        ui.horizontal(|ui| {
            ui.add_sized(vec2(80.0, 18.0), egui::Label::new(s.label.name()));
            match s.i_share {
                Some(share) => {
                    let target = (s.label == crate::analysis::StarLabel::Action)
                        .then_some((settings.action_i_share_min * 100.0, 100.0));
                    bar(
                        ui,
                        share * 100.0,
                        100.0,
                        target,
                        crate::ui::common::theme::palette(ui).i,
                        format!("I {} / we {}", s.i, s.we),
                    );
                }
                None => {
                    ui.label(RichText::new("no I or we").weak());
                }
            }
        });
    }
    if !p.we_sentences_in_action.is_empty() {
        ui.label("\"We\" sentences in the Action section:");
        ui.horizontal_wrapped(|ui| {
            for span in &p.we_sentences_in_action {
                timed_button(ui, format!("at {}", format_clock(span.start)), span.start, seek);
            }
        });
    }
}

fn star(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "STAR balance");
    if report.star.manual_boundaries {
        ui.label(RichText::new("Sections follow your markers or edits.").weak());
    }
    for s in &report.star.sections {
        ui.horizontal(|ui| {
            let r = ui.add_sized(
                vec2(80.0, 18.0),
                egui::Label::new(
                    RichText::new(s.label.name()).color(crate::ui::common::theme::palette(ui).section_text(s.label)),
                )
                .sense(Sense::click()),
            );
            if r.clicked() {
                *seek = Some(s.start);
            }
            let target = s.target.map(|(lo, hi)| (lo * 100.0, hi * 100.0));
            let about = if s.is_unsure() { "about " } else { "" };
            bar(
                ui,
                s.share * 100.0,
                100.0,
                target,
                widgets::section_color(s.label),
                format!("{} · {about}{:.0}%", format_clock(s.duration), s.share * 100.0),
            );
        });
    }
    if !report.star.missing.is_empty() {
        let names: Vec<&str> = report.star.missing.iter().map(|l| l.name()).collect();
        ui.colored_label(ui.visuals().warn_fg_color, format!("Missing: {}", names.join(", ")));
    }
}

fn content(report: &Report, ui: &mut egui::Ui, seek: &mut Option<f64>) {
    widgets::section(ui, "Content checks");
    let quantified = figure(report, FigureKind::ResultNumber);
    ui.label(format!("{}: {}", quantified.label, quantified.value));
    if report.content.hypothetical.is_empty() {
        ui.label("No hypothetical phrasing (\"I would\", \"usually we\").");
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label("Hypothetical phrasing at");
            for span in &report.content.hypothetical {
                timed_button(ui, format_clock(span.start), span.start, seek);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_gives_the_time_after_stop_only_for_an_answer_just_recorded() {
        let model = crate::analysis::ModelRef { name: "tiny.en".into(), file: None, decoding: Some("beam 5".into()) };
        let report = Report { model, ..Default::default() };
        assert_eq!(footer(&report, Some(1.26)), "Transcribed with tiny.en, beam 5; report ready 1.3 s after Stop.");
        assert_eq!(footer(&report, None), "Transcribed with tiny.en, beam 5.");
    }
}
