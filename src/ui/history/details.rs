//! One session's details: its figures against the previous attempt, rename, story tag,
//! delete and export.

use std::path::Path;

use egui::RichText;

use crate::export;
use crate::store::compare::{self, Verdict};
use crate::store::{Filter, Session, SessionStatus, StoreError};

use super::HistoryUi;

use crate::ui::common::widgets;
use crate::ui::context::{AppCommand, ScreenContext};

pub(super) fn details(h: &mut HistoryUi, ctx: &mut ScreenContext, ui: &mut egui::Ui) {
    let Some(id) = h.selected else { return };
    let Some(session) = h.sessions().iter().find(|s| s.id == id).cloned() else {
        h.selected = None;
        return;
    };
    ui.horizontal(|ui| {
        ui.heading("Session");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").clicked() {
                h.selected = None;
            }
        });
    });
    let folder = ctx.store.as_ref().map(|s| s.folder_path(&session).display().to_string()).unwrap_or_default();
    ui.label(RichText::new(format!("Recorded {}", session.created_at)).weak())
        .on_hover_text(format!("Recording and report in {folder}"));
    if let Some(q) = &session.question_text {
        ui.label(q);
    }
    if let Some(interview) = &session.interview {
        ui.horizontal(|ui| {
            let part = if session.follow_up_of.is_some() {
                "A follow-up answer in the mock interview"
            } else {
                "An answer in the mock interview"
            };
            ui.label(RichText::new(format!("{part} of {interview}")).weak());
            if ui.button("Interview summary").clicked() {
                ctx.send(AppCommand::OpenInterview(interview.clone()));
            }
        });
    }
    ui.add_space(6.0);
    if h.title_for != Some(id) {
        h.title_edit = session.title.clone().unwrap_or_default();
        h.title_for = Some(id);
    }
    let name_label = ui.label("Name");
    let name = ui
        .add(
            egui::TextEdit::singleline(&mut h.title_edit)
                .hint_text(session.display_title())
                .desired_width(f32::INFINITY),
        )
        .labelled_by(name_label.id);
    if name.lost_focus() && h.title_edit.trim() != session.title.clone().unwrap_or_default() {
        let title = h.title_edit.trim().to_string();
        let renamed = store_do(ctx, |s| s.rename(id, Some(&title)));
        after_change(h, ctx, renamed);
    }
    let story_name = |id: Option<u64>| {
        id.and_then(|id| ctx.library.stories.iter().find(|s| s.id == id))
            .map(|s| s.title.clone())
            .unwrap_or_else(|| "No story".into())
    };
    let mut story = session.story_id;
    ui.horizontal(|ui| {
        ui.label("Story");
        egui::ComboBox::from_id_salt("session_story").selected_text(story_name(story)).width(260.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut story, None, "No story");
            for s in &ctx.library.stories {
                ui.selectable_value(&mut story, Some(s.id), &s.title);
            }
        });
    });
    if story != session.story_id {
        let tagged = store_do(ctx, |s| s.set_story(id, story));
        after_change(h, ctx, tagged);
    }
    ui.add_space(6.0);
    let analyzed = session.status == SessionStatus::Analyzed;
    ui.horizontal_wrapped(|ui| {
        if ui.add_enabled(analyzed, egui::Button::new("Open review")).on_hover_text("Or double-click the row").clicked()
        {
            ctx.send(AppCommand::OpenSession(id));
        }
        for (format, label) in
            [(export::Format::Md, "Markdown"), (export::Format::Html, "HTML"), (export::Format::Json, "JSON")]
        {
            if ui.add_enabled(analyzed, egui::Button::new(format!("Export {label}"))).clicked() {
                export_session(ctx, &session, format);
            }
        }
        let busy = ctx.analyzing_session == Some(id);
        if ui
            .add_enabled(!busy, egui::Button::new("Delete…"))
            .on_disabled_hover_text("This answer is being analyzed; cancel that on Practice first")
            .clicked()
        {
            h.confirm_delete = Some(id);
        }
    });
    if !analyzed {
        ui.label(RichText::new("Not analyzed yet: its figures and exports appear once it is.").weak());
        return;
    }
    ui.add_space(8.0);
    compare_section(h, ctx, ui, &session);
}

fn compare_section(h: &mut HistoryUi, ctx: &mut ScreenContext, ui: &mut egui::Ui, session: &Session) {
    ui.label(RichText::new("Against the previous attempt").strong());
    if h.previous.as_ref().map(|(id, _)| *id) != Some(session.id) {
        let previous = store_do(ctx, |s| s.previous_attempt(session)).unwrap_or_else(|e| {
            ctx.warn(e);
            None
        });
        h.previous = Some((session.id, previous));
    }
    let Some((_, Some(previous))) = h.previous.clone() else {
        ui.label(RichText::new("No earlier attempt at this question yet.").weak());
        return;
    };
    ui.label(RichText::new(format!("Previous: {} ({})", previous.created_at, previous.display_title())).weak());
    let changes = compare::compare(&previous, session, &ctx.settings.analysis);
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
                Verdict::Better => ("better", crate::ui::common::theme::palette(ui).on_target),
                Verdict::Worse => ("worse", ui.visuals().error_fg_color),
                Verdict::Same => ("about the same", ui.visuals().weak_text_color()),
            };
            ui.colored_label(color, text);
            ui.end_row();
        }
    });
    if ui.button("Open the previous attempt").clicked() {
        super::table::select(h, previous.id);
    }
}

/// After a rename, a story tag or a delete: reload, or say why it failed.
fn after_change(h: &mut HistoryUi, ctx: &mut ScreenContext, result: Result<(), String>) {
    match result {
        Ok(()) => h.invalidate(),
        Err(e) => ctx.warn(format!("Not saved: {e}")),
    }
}

pub(super) fn confirm_delete(h: &mut HistoryUi, ctx: &mut ScreenContext, egui_ctx: &egui::Context, id: i64) {
    let title = store_do(ctx, |s| s.get(id))
        .map(|s| format!("{} ({})", s.display_title(), s.created_at))
        .unwrap_or_else(|_| format!("session {id}"));
    let body = format!("{title}: its recording and report will be deleted from this computer. This cannot be undone.");
    match widgets::confirm(egui_ctx, "confirm_delete_session", "Delete this session?", &body, "Delete", "Keep it") {
        widgets::Confirm::Yes => {
            h.confirm_delete = None;
            let deleted = store_do(ctx, |s| s.delete(id));
            if deleted.is_ok() {
                h.unfinished.retain(|u| u.session.id != id);
                if h.selected == Some(id) {
                    h.selected = None;
                }
                ctx.send(AppCommand::Tell("Session deleted".into()));
            }
            after_change(h, ctx, deleted);
        }
        widgets::Confirm::No => h.confirm_delete = None,
        widgets::Confirm::Waiting => {}
    }
}

fn export_session(ctx: &mut ScreenContext, session: &Session, format: export::Format) {
    let written = ctx.store.clone().and_then(|store| {
        let report = store.report(session).map_err(|e| e.to_string())?;
        export::session(format, session, &report).map_err(|e| e.to_string())
    });
    let path = ctx.config.exports_dir.join(format!("starling-{}.{}", session.folder, format.extension()));
    save_export(ctx, written, &path);
}

pub(super) fn export_csv(ctx: &mut ScreenContext) {
    let all = store_do(ctx, |s| s.list(&Filter::default()));
    let written = all.and_then(|l| export::csv::history(&l.sessions).map_err(|e| e.to_string()));
    let stamp = chrono::Local::now().format("%Y-%m-%d_%H-%M-%S");
    let path = ctx.config.exports_dir.join(format!("starling-history-{stamp}.csv"));
    save_export(ctx, written, &path);
}

fn save_export(ctx: &mut ScreenContext, text: Result<String, String>, path: &Path) {
    let saved = text
        .and_then(|t| crate::files::write_atomic(path, t.as_bytes()).map_err(|e| format!("{}: {e}", path.display())));
    match saved {
        Ok(()) => ctx.send(AppCommand::TellSaved(path.to_path_buf())),
        Err(e) => ctx.warn(format!("Export failed: {e}")),
    }
}

/// Runs `change` on the session index; an index that could not be opened is an error like any.
fn store_do<T>(
    ctx: &ScreenContext,
    change: impl FnOnce(&crate::store::Store) -> Result<T, StoreError>,
) -> Result<T, String> {
    ctx.store.clone().and_then(|store| change(store).map_err(|e| e.to_string()))
}
