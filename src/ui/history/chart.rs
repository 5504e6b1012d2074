//! The chart of one measure over time, with its target band.

use egui::{Color32, RichText};
use egui_plot::{HLine, Line, Plot, PlotPoints, Points};

use crate::analysis::StarLabel;
use crate::store::Session;

use crate::ui::common::widgets;
use crate::ui::context::ScreenContext;

/// The measure the chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    #[default]
    Wpm,
    Fillers,
    IShare,
    Length,
    ActionShare,
    PitchRange,
    RunLength,
    PetPhrases,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Wpm,
        Metric::Fillers,
        Metric::IShare,
        Metric::Length,
        Metric::ActionShare,
        Metric::PitchRange,
        Metric::RunLength,
        Metric::PetPhrases,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Wpm => "Pace (wpm)",
            Metric::Fillers => "Fillers per minute",
            Metric::IShare => "\"I\" share (%)",
            Metric::Length => "Length (minutes)",
            Metric::ActionShare => "Action share (%)",
            Metric::PitchRange => "Pitch range (semitones)",
            Metric::RunLength => "Words between pauses",
            Metric::PetPhrases => "Pet phrases said",
        }
    }

    /// The value as charted (percentages and minutes read better than fractions and seconds).
    pub fn value(self, s: &Session) -> Option<f64> {
        match self {
            Metric::Wpm => s.wpm,
            Metric::Fillers => s.fillers_per_min,
            Metric::IShare => s.i_share.map(|v| v * 100.0),
            Metric::Length => s.duration_s.map(|v| v / 60.0),
            Metric::ActionShare => s.share(StarLabel::Action).map(|v| v * 100.0),
            Metric::PitchRange => s.pitch_range,
            Metric::RunLength => s.run_length,
            // Sessions analyzed before delivery was measured have no count, not zero.
            Metric::PetPhrases => s.run_length.map(|_| s.pet_phrases.iter().map(|(_, n)| *n as f64).sum()),
        }
    }

    /// The band the chart shades as the target.
    fn target(self, a: &crate::analysis::AnalysisSettings) -> Option<(f64, f64)> {
        match self {
            Metric::Wpm => Some(a.wpm_band),
            Metric::Fillers => Some((0.0, a.fillers_per_minute.0)),
            Metric::IShare => Some((a.action_i_share_min * 100.0, 100.0)),
            Metric::Length => Some((a.target_total_s.0 / 60.0, a.target_total_s.1 / 60.0)),
            Metric::ActionShare => a.star_targets.get(StarLabel::Action).map(|(lo, hi)| (lo * 100.0, hi * 100.0)),
            // Lively speech: at least twice the range a flat sentence stays within; no ceiling.
            Metric::PitchRange => Some((2.0 * crate::analysis::delivery::MONOTONE_RANGE_ST, f64::INFINITY)),
            Metric::RunLength | Metric::PetPhrases => None,
        }
    }
}

pub(super) fn chart(h: &mut super::HistoryUi, ctx: &ScreenContext, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Over time").strong());
        egui::ComboBox::from_id_salt("history_metric").selected_text(h.metric.name()).show_ui(ui, |ui| {
            for m in Metric::ALL {
                ui.selectable_value(&mut h.metric, m, m.name());
            }
        });
    });
    let metric = h.metric;
    // Oldest first; x is days since the first session shown, so gaps in practice show.
    let mut points: Vec<(f64, f64, &Session)> = Vec::new();
    let sessions = h.sessions();
    // From the midnight before the first: whole numbers are midnights, labelled with dates.
    let first = sessions.iter().rev().find_map(|s| day_number(&s.created_at)).map(f64::floor);
    for s in sessions.iter().rev() {
        if let (Some(day), Some(first), Some(v)) = (day_number(&s.created_at), first, metric.value(s)) {
            points.push((day - first, v, s));
        }
    }
    if points.is_empty() {
        ui.label(RichText::new("No analyzed sessions to chart yet.").weak());
        return;
    }
    let labels: Vec<String> = points
        .iter()
        .map(|(_, v, s)| format!("{}\n{}\n{v:.1}", s.created_at, widgets::short(&s.display_title(), 40)))
        .collect();
    let series: Vec<[f64; 2]> = points.iter().map(|(x, y, _)| [*x, *y]).collect();
    let target = metric.target(&ctx.settings.analysis);
    let selected = h.selected;
    let highlighted: Vec<[f64; 2]> =
        points.iter().filter(|(_, _, s)| Some(s.id) == selected).map(|(x, y, _)| [*x, *y]).collect();
    let first_day = first.unwrap_or(0.0);
    let (x_min, x_max) =
        series.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p[0]), hi.max(p[0])));
    let (x_lo, x_hi) = x_bounds(x_min, x_max);
    // Sessions within a day or two: the axis counts hours, and the label says which day.
    let axis_label =
        if x_max - x_min < 2.0 { format!("time on {}", date_of_day(first_day + x_min)) } else { "date".to_string() };
    Plot::new("history_chart")
        .height(170.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .include_x(x_lo)
        .include_x(x_hi)
        .include_y(0.0)
        .x_axis_label(axis_label)
        // Marks less than a day apart are times of day; whole days are dates.
        .x_axis_formatter(move |mark, _| {
            if mark.step_size < 1.0 { time_of_day(first_day + mark.value) } else { date_of_day(first_day + mark.value) }
        })
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint { index, .. } => labels.get(*index).cloned(),
            _ => None,
        })
        .show(ui, |plot| {
            if let Some((lo, hi)) = target {
                let green = Color32::from_rgb(90, 170, 90);
                plot.hline(HLine::new("target from", lo).color(green));
                if hi.is_finite() && (hi < 100.0 || metric != Metric::IShare) {
                    plot.hline(HLine::new("target to", hi).color(green));
                }
            }
            plot.line(
                Line::new(metric.name(), PlotPoints::from(series.clone()))
                    .color(widgets::section_color(StarLabel::Action))
                    .width(2.0),
            );
            plot.points(
                Points::new(metric.name(), PlotPoints::from(series))
                    .radius(3.5)
                    .color(widgets::section_color(StarLabel::Action)),
            );
            if !highlighted.is_empty() {
                plot.points(
                    Points::new("selected", PlotPoints::from(highlighted))
                        .radius(6.0)
                        .color(Color32::from_rgb(230, 160, 30)),
                );
            }
        });
}

/// The user's most used pet phrases over the sessions listed, with how many answers had each
/// and when the last one was.
pub(super) fn pet_phrases(sessions: &[Session], ui: &mut egui::Ui) {
    let mut tally: Vec<(String, usize, usize, String)> = Vec::new();
    for s in sessions {
        for (text, n) in &s.pet_phrases {
            match tally.iter_mut().find(|t| &t.0 == text) {
                Some(t) => {
                    t.1 += n;
                    t.2 += 1;
                    t.3 = t.3.clone().max(s.created_at.clone());
                }
                None => tally.push((text.clone(), *n, 1, s.created_at.clone())),
            }
        }
    }
    if tally.is_empty() {
        return;
    }
    tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Your pet phrases").strong());
        for (text, n, answers, last) in tally.iter().take(5) {
            let last = day_number(last).map(date_of_day).unwrap_or_default();
            ui.label(format!("\u{201c}{text}\u{201d} {n}\u{d7}"))
                .on_hover_text(format!("{n} times in {} answer(s), the last on {last}", answers));
        }
    });
}

/// The chart's time axis for sessions from day `first` to day `last`: sessions over days get
/// half a day either side; an evening's sessions fill the width at the scale of hours, with an
/// hour either side at least (a whole day's axis drew them as one spike).
fn x_bounds(first: f64, last: f64) -> (f64, f64) {
    let span = last - first;
    let pad = if span < 2.0 { (span * 0.1).max(1.0 / 24.0) } else { 0.5 };
    (first - pad, last + pad)
}

/// Days since 1970 of "2026-11-22 14:05:09", with the time of day as a fraction.
pub(super) fn day_number(created_at: &str) -> Option<f64> {
    let t = chrono::NaiveDateTime::parse_from_str(created_at, "%Y-%m-%d %H:%M:%S").ok()?;
    Some(t.and_utc().timestamp() as f64 / 86_400.0)
}

pub(super) fn date_of_day(day: f64) -> String {
    chrono::DateTime::from_timestamp((day * 86_400.0) as i64, 0)
        .map(|t| t.format("%b %-d").to_string())
        .unwrap_or_default()
}

pub(super) fn time_of_day(day: f64) -> String {
    chrono::DateTime::from_timestamp((day * 86_400.0).round() as i64, 0)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::x_bounds;

    #[test]
    fn an_evenings_sessions_fill_the_axis_and_days_keep_half_a_day() {
        // Three sessions from 19:00 to 21:00: the axis spans 18:00 to 22:00, not the whole day.
        let (lo, hi) = x_bounds(19.0 / 24.0, 21.0 / 24.0);
        assert!((lo - 18.0 / 24.0).abs() < 1e-9 && (hi - 22.0 / 24.0).abs() < 1e-9, "{lo} {hi}");
        assert_eq!(x_bounds(3.0, 10.0), (2.5, 10.5));
    }
}
