//! One session's details: its figures against the previous attempt, rename, story tag,
//! delete and export.

use std::path::Path;

use egui::RichText;

use crate::export;
use crate::store::compare::{self, Verdict};
use crate::store::{Filter, Session, SessionStatus, StoreError};

use crate::ui::app::StarlingApp;
use crate::ui::widgets;

pub(super) fn details(app: &mut StarlingApp, ui: &mut egui::Ui) {
    let Some(id) = app.history.selected else { return };
    let Some(session) = app.history.sessions().iter().find(|s| s.id == id).cloned() else {
        app.history.selected = None;
        return;
    };
    ui.horizontal(|ui| {
        ui.heading("Session");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").clicked() {
                app.history.selected = None;
            }
        });
    });
    let folder = app.store().map(|s| s.folder_path(&session).display().to_string()).unwrap_or_default();
    ui.label(RichText::new(format!("Recorded {}", session.created_at)).weak()).on_hover_text(format!("Recording and report in {folder}"));
    if let Some(q) = &session.question_text {
        ui.label(q);
    }
    ui.add_space(6.0);
    if app.history.title_for != Some(id) {
        app.history.title_edit = session.title.clone().unwrap_or_default();
        app.history.title_for = Some(id);
    }
    let name_label = ui.label("Name");
    let name = ui.add(egui::TextEdit::singleline(&mut app.history.title_edit).hint_text(session.display_title()).desired_width(f32::INFINITY)).labelled_by(name_label.id);
    if name.lost_focus() && app.history.title_edit.trim() != session.title.clone().unwrap_or_default() {
        let title = app.history.title_edit.trim().to_string();
        let renamed = app.store().and_then(|s| s.rename(id, Some(&title)));
        after_change(app, renamed);
    }
    let story_name = |id: Option<u64>| id.and_then(|id| app.library.stories.iter().find(|s| s.id == id)).map(|s| s.title.clone()).unwrap_or_else(|| "No story".into());
    let mut story = session.story_id;
    ui.horizontal(|ui| {
        ui.label("Story");
        egui::ComboBox::from_id_salt("session_story").selected_text(story_name(story)).width(260.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut story, None, "No story");
            for s in &app.library.stories {
                ui.selectable_value(&mut story, Some(s.id), &s.title);
            }
        });
    });
    if story != session.story_id {
        let tagged = app.store().and_then(|s| s.set_story(id, story));
        after_change(app, tagged);
    }
    ui.add_space(6.0);
    let analyzed = session.status == SessionStatus::Analyzed;
    ui.horizontal_wrapped(|ui| {
        if ui.add_enabled(analyzed, egui::Button::new("Open review")).on_hover_text("Or double-click the row").clicked() {
            super::open_session(app, id);
        }
        for (format, label) in [(export::Format::Md, "Markdown"), (export::Format::Html, "HTML"), (export::Format::Json, "JSON")] {
            if ui.add_enabled(analyzed, egui::Button::new(format!("Export {label}"))).clicked() {
                export_session(app, &session, format);
            }
        }
        let busy = app.practice.analyzing_session() == Some(id);
        if ui.add_enabled(!busy, egui::Button::new("Delete…")).on_disabled_hover_text("This answer is being analyzed; cancel that on Practice first").clicked() {
            app.history.confirm_delete = Some(id);
        }
    });
    if !analyzed {
        ui.label(RichText::new("Not analyzed yet: its figures and exports appear once it is.").weak());
        return;
    }
    ui.add_space(8.0);
    compare_section(app, ui, &session);
}

pub(super) fn compare_section(app: &mut StarlingApp, ui: &mut egui::Ui, session: &Session) {
    ui.label(RichText::new("Against the previous attempt").strong());
    if app.history.previous.as_ref().map(|(id, _)| *id) != Some(session.id) {
        let previous = app.store().and_then(|s| s.previous_attempt(session)).unwrap_or_else(|e| {
            app.warn(e.to_string());
            None
        });
        app.history.previous = Some((session.id, previous));
    }
    let Some((_, Some(previous))) = app.history.previous.clone() else {
        ui.label(RichText::new("No earlier attempt at this question yet.").weak());
        return;
    };
    ui.label(RichText::new(format!("Previous: {} ({})", previous.created_at, previous.display_title())).weak());
    let changes = compare::compare(&previous, session, &app.settings.analysis);
    egui::Grid::new("compare_grid").striped(true).num_columns(4).show(ui, |ui| {
        ui.strong("");
        ui.strong("Previous");
        ui.strong("This one");
        ui.strong("");
        ui.end_row();
        for c in &changes {
            ui.label(c.measure);
            ui.label(c.unit.format(c.before));
            ui.label(c.unit.format(c.after));
            let (text, color) = match c.verdict {
                Verdict::Better => ("better", crate::ui::theme::palette(ui).on_target),
                Verdict::Worse => ("worse", ui.visuals().error_fg_color),
                Verdict::Same => ("about the same", ui.visuals().weak_text_color()),
            };
            ui.colored_label(color, text);
            ui.end_row();
        }
    });
    if ui.button("Open the previous attempt").clicked() {
        super::table::select(app, previous.id);
    }
}

/// After a rename, a story tag or a delete: reload, or say why it failed.
pub(super) fn after_change(app: &mut StarlingApp, result: Result<(), StoreError>) {
    match result {
        Ok(()) => app.history.invalidate(),
        Err(e) => app.warn(format!("Not saved: {e}")),
    }
}

pub(super) fn confirm_delete(app: &mut StarlingApp, ctx: &egui::Context, id: i64) {
    let title = app.store().and_then(|s| s.get(id)).map(|s| format!("{} ({})", s.display_title(), s.created_at)).unwrap_or_else(|_| format!("session {id}"));
    let body = format!("{title}: its recording and report will be deleted from this computer. This cannot be undone.");
    match widgets::confirm(ctx, "confirm_delete_session", "Delete this session?", &body, "Delete", "Keep it") {
        widgets::Confirm::Yes => {
            app.history.confirm_delete = None;
            let deleted = app.store().and_then(|s| s.delete(id));
            if deleted.is_ok() {
                app.history.unfinished.retain(|u| u.session.id != id);
                if app.history.selected == Some(id) {
                    app.history.selected = None;
                }
                app.tell("Session deleted");
            }
            after_change(app, deleted);
        }
        widgets::Confirm::No => app.history.confirm_delete = None,
        widgets::Confirm::Waiting => {}
    }
}

pub(super) fn export_session(app: &mut StarlingApp, session: &Session, format: export::Format) {
    let written = app.store().map_err(|e| e.to_string()).and_then(|store| {
        let report = store.report(session).map_err(|e| e.to_string())?;
        export::session(format, session, &report).map_err(|e| e.to_string())
    });
    let path = app.config.exports_dir.join(format!("starling-{}.{}", session.folder, format.extension()));
    save_export(app, written, &path);
}

pub(super) fn export_csv(app: &mut StarlingApp) {
    let all = app.store().and_then(|s| s.list(&Filter::default()));
    let written = all.map_err(|e| e.to_string()).and_then(|l| export::csv::history(&l.sessions).map_err(|e| e.to_string()));
    let stamp = chrono::Local::now().format("%Y-%m-%d_%H-%M-%S");
    let path = app.config.exports_dir.join(format!("starling-history-{stamp}.csv"));
    save_export(app, written, &path);
}

pub(super) fn save_export(app: &mut StarlingApp, text: Result<String, String>, path: &Path) {
    let saved = text.and_then(|t| crate::files::write_atomic(path, t.as_bytes()).map_err(|e| format!("{}: {e}", path.display())));
    match saved {
        Ok(()) => app.tell_saved(path),
        Err(e) => app.warn(format!("Export failed: {e}")),
    }
}
