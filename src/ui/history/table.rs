//! The table of sessions and its STAR balance bars.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::analysis::{StarLabel, format_clock};
use crate::store::SessionStatus;

use crate::ui::context::{AppCommand, ScreenContext};

use super::HistoryUi;
use crate::ui::common::widgets;

/// The table's columns; on a narrow window (or beside the details panel) the ones the details
/// and the filters also show give way, so the figures stay in sight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Date,
    Question,
    Principle,
    Story,
    Length,
    Pace,
    Fillers,
    I,
    Star,
}

impl Col {
    fn title(self) -> &'static str {
        match self {
            Col::Date => "Date",
            Col::Question => "Question",
            Col::Principle => "Principle",
            Col::Story => "Story",
            Col::Length => "Length",
            Col::Pace => "Pace",
            Col::Fillers => "Fillers/min",
            Col::I => "I",
            Col::Star => "STAR balance",
        }
    }

    /// The least width it is given; the columns chosen for a width fit in it.
    fn min_width(self) -> f32 {
        match self {
            Col::Date => 90.0,
            Col::Question => 100.0,
            Col::Principle => 80.0,
            Col::Story | Col::Fillers => 60.0,
            Col::Length => 50.0,
            Col::Pace | Col::I => 40.0,
            Col::Star => 70.0,
        }
    }

    /// The width it starts at: what its contents need (a date, "Fillers/min", the 96-point STAR
    /// bar); the question gets the rest ([`question_width`]).
    fn natural_width(self) -> f32 {
        match self {
            Col::Date => 120.0,
            Col::Question => 100.0,
            Col::Principle => 140.0,
            Col::Story => 120.0,
            Col::Length => 50.0,
            Col::Pace => 45.0,
            Col::Fillers => 80.0,
            Col::I => 45.0,
            Col::Star => 104.0,
        }
    }

    fn column(self, question_width: f32) -> Column {
        let width = if self == Col::Question { question_width } else { self.natural_width() };
        let column = Column::initial(width).at_least(self.min_width());
        if matches!(self, Col::Question | Col::Principle | Col::Story) { column.clip(true) } else { column }
    }
}

/// What the question may take: the row's width less the other columns' (it had stopped at 220
/// points with hundreds free beside it on a wide window).
fn question_width(cols: &[Col], width: f32, spacing: f32) -> f32 {
    let others: f32 = cols.iter().filter(|c| **c != Col::Question).map(|c| c.natural_width() + spacing).sum();
    (width - others - spacing).max(Col::Question.min_width())
}

/// The columns that fit in `width` points.
fn columns_for(width: f32) -> &'static [Col] {
    use Col::*;
    if width >= 860.0 {
        &[Date, Question, Principle, Story, Length, Pace, Fillers, I, Star]
    } else if width >= 600.0 {
        &[Date, Question, Length, Pace, Fillers, I, Star]
    } else {
        &[Date, Question, Length, Pace, I]
    }
}

pub(super) fn table(h: &mut HistoryUi, ctx: &mut ScreenContext, ui: &mut egui::Ui) {
    let sessions = h.sessions();
    let selected = h.selected;
    let analyzing = ctx.analyzing_session;
    let mut clicked = None;
    let mut opened = None;
    let story_titles: std::collections::HashMap<u64, &str> =
        ctx.library.stories.iter().map(|s| (s.id, s.title.as_str())).collect();
    let number = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "–".into());
    let width = ui.available_width();
    let cols = columns_for(width);
    let question = question_width(cols, width, ui.spacing().item_spacing.x * 2.0);
    // The year is dropped when space is short: the chart above says when.
    let date_len = if cols.len() < 9 { (5, 16) } else { (0, 16) };
    let mut builder = TableBuilder::new(ui)
        .id_salt(("history_table", cols.len(), (width / 40.0) as u32))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for col in cols {
        builder = builder.column(col.column(question));
    }
    builder
        .header(22.0, |mut header| {
            for col in cols {
                header.col(|ui| {
                    ui.strong(col.title());
                });
            }
        })
        .body(|body| {
            body.rows(24.0, sessions.len(), |mut row| {
                let s = &sessions[row.index()];
                row.set_selected(selected == Some(s.id));
                let analyzed = s.status != SessionStatus::Recorded;
                for col in cols {
                    row.col(|ui| match col {
                        Col::Date => {
                            ui.label(
                                s.created_at
                                    .get(date_len.0..date_len.1.min(s.created_at.len()))
                                    .unwrap_or(&s.created_at),
                            )
                            .on_hover_text(&s.created_at);
                        }
                        Col::Question => {
                            // A button, so the row can be chosen from the keyboard and by screen readers.
                            // Answers of a mock interview say so; a follow-up, which answer it follows.
                            let text = if s.follow_up_of.is_some() {
                                format!("Follow-up: {}", s.display_title())
                            } else {
                                s.display_title()
                            };
                            let mut title = ui
                                .add(egui::Button::selectable(selected == Some(s.id), text).frame_when_inactive(false));
                            if let Some(interview) = &s.interview {
                                let after =
                                    s.follow_up_of.map(|id| format!(", after session {id}")).unwrap_or_default();
                                title = title.on_hover_text(format!("Mock interview of {interview}{after}"));
                            }
                            if title.clicked() {
                                clicked = Some(s.id);
                            }
                            if title.double_clicked() {
                                opened = Some(s.id);
                            }
                        }
                        Col::Principle => {
                            ui.label(s.principle.as_deref().unwrap_or("–"));
                        }
                        Col::Story => {
                            ui.label(s.story_id.and_then(|id| story_titles.get(&id).copied()).unwrap_or("–"));
                        }
                        Col::Length if !analyzed => {
                            ui.label(
                                RichText::new(if analyzing == Some(s.id) { "analyzing…" } else { "not analyzed" })
                                    .weak(),
                            );
                        }
                        _ if !analyzed => {}
                        Col::Length => {
                            ui.label(number(s.duration_s, &|d| format_clock(d)));
                        }
                        Col::Pace => {
                            ui.label(number(s.wpm, &|w| format!("{w:.0}")));
                        }
                        Col::Fillers => {
                            ui.label(number(s.fillers_per_min, &|f| format!("{f:.1}")));
                        }
                        Col::I => {
                            ui.label(number(s.i_share, &|i| format!("{:.0}%", i * 100.0)));
                        }
                        Col::Star => star_balance(ui, &s.star_shares),
                    });
                }
                let response = row.response();
                if response.clicked() {
                    clicked = Some(s.id);
                }
                if response.double_clicked() {
                    opened = Some(s.id);
                }
            });
        });
    if let Some(id) = clicked {
        select(h, id);
    }
    if let Some(id) = opened {
        ctx.send(AppCommand::OpenSession(id));
    }
}

pub(super) fn select(h: &mut HistoryUi, id: i64) {
    if h.selected != Some(id) {
        h.selected = Some(id);
        h.previous = None;
    }
}

/// The sections' shares as one bar, in the timeline's colors.
pub(super) fn star_balance(ui: &mut egui::Ui, shares: &[Option<f64>; 5]) {
    let width = ui.available_width().clamp(40.0, 96.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 12.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let mut x = rect.left();
    let mut tip = Vec::new();
    for (label, share) in StarLabel::ALL.iter().zip(shares) {
        if let Some(share) = share {
            let w = (*share as f32 * rect.width()).max(0.0);
            painter.rect_filled(
                egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height())),
                0.0,
                widgets::section_color(*label),
            );
            x += w;
            tip.push(format!("{} {:.0}%", label.name(), share * 100.0));
        }
    }
    if !tip.is_empty() {
        response.on_hover_text(tip.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_stay_in_sight_as_the_table_narrows() {
        assert_eq!(columns_for(1200.0).len(), 9);
        for width in [380.0, 640.0, 900.0] {
            let cols = columns_for(width);
            assert!(
                cols.contains(&Col::Length) && cols.contains(&Col::Pace) && cols.contains(&Col::I),
                "{width}: {cols:?}"
            );
            let least: f32 = cols.iter().map(|c| c.min_width()).sum();
            assert!(least <= width, "{width}: the narrowest columns need {least}");
        }
    }

    #[test]
    fn the_question_takes_the_room_a_wide_window_has() {
        let wide = columns_for(1900.0);
        let question = question_width(wide, 1900.0, 16.0);
        assert!(question > 900.0, "{question}");
        let others: f32 = wide.iter().filter(|c| **c != Col::Question).map(|c| c.natural_width() + 16.0).sum();
        assert!(question + others + 16.0 <= 1900.5);
        let small = columns_for(780.0);
        assert!(question_width(small, 780.0, 16.0) >= 200.0, "{}", question_width(small, 780.0, 16.0));
    }
}
