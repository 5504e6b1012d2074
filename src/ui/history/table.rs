//! The table of sessions and its STAR balance bars.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::analysis::{StarLabel, format_clock};
use crate::store::SessionStatus;

use crate::ui::app::StarlingApp;
use crate::ui::widgets;

pub(super) fn table(app: &mut StarlingApp, ui: &mut egui::Ui) {
    let sessions = app.history.sessions();
    let selected = app.history.selected;
    let mut clicked = None;
    let mut opened = None;
    let story_titles: std::collections::HashMap<u64, &str> = app.library.stories.iter().map(|s| (s.id, s.title.as_str())).collect();
    let number = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "–".into());
    TableBuilder::new(ui)
        .id_salt("history_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(120.0))
        .column(Column::initial(220.0).at_least(120.0).clip(true))
        .column(Column::auto().at_least(80.0).clip(true))
        .column(Column::auto().at_least(60.0).clip(true))
        .column(Column::auto().at_least(50.0))
        .column(Column::auto().at_least(55.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::remainder().at_least(70.0))
        .header(22.0, |mut header| {
            for title in ["Date", "Question", "Principle", "Story", "Length", "Pace", "Fillers/min", "I", "STAR balance"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, sessions.len(), |mut row| {
                let s = &sessions[row.index()];
                row.set_selected(selected == Some(s.id));
                row.col(|ui| {
                    ui.label(&s.created_at[..s.created_at.len().min(16)]);
                });
                row.col(|ui| {
                    // A button, so the row can be chosen from the keyboard and by screen readers.
                    let title = ui.add(egui::Button::selectable(selected == Some(s.id), s.display_title()).frame_when_inactive(false));
                    if title.clicked() {
                        clicked = Some(s.id);
                    }
                    if title.double_clicked() {
                        opened = Some(s.id);
                    }
                });
                row.col(|ui| {
                    ui.label(s.principle.as_deref().unwrap_or("–"));
                });
                row.col(|ui| {
                    ui.label(s.story_id.and_then(|id| story_titles.get(&id).copied()).unwrap_or("–"));
                });
                if s.status == SessionStatus::Recorded {
                    row.col(|ui| {
                        ui.label(RichText::new("not analyzed").weak());
                    });
                    for _ in 0..4 {
                        row.col(|_| {});
                    }
                } else {
                    row.col(|ui| {
                        ui.label(number(s.duration_s, &|d| format_clock(d)));
                    });
                    row.col(|ui| {
                        ui.label(number(s.wpm, &|w| format!("{w:.0}")));
                    });
                    row.col(|ui| {
                        ui.label(number(s.fillers_per_min, &|f| format!("{f:.1}")));
                    });
                    row.col(|ui| {
                        ui.label(number(s.i_share, &|i| format!("{:.0}%", i * 100.0)));
                    });
                    row.col(|ui| star_balance(ui, &s.star_shares));
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
        select(app, id);
    }
    if let Some(id) = opened {
        super::open_session(app, id);
    }
}

pub(super) fn select(app: &mut StarlingApp, id: i64) {
    if app.history.selected != Some(id) {
        app.history.selected = Some(id);
        app.history.previous = None;
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
            painter.rect_filled(egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height())), 0.0, widgets::section_color(*label));
            x += w;
            tip.push(format!("{} {:.0}%", label.name(), share * 100.0));
        }
    }
    if !tip.is_empty() {
        response.on_hover_text(tip.join(", "));
    }
}
