//! Review: playback beside the annotated transcript, a timeline of sections, pauses and
//! fillers, and the report. Clicking a word, a finding or the timeline seeks; sections can be
//! moved and relabelled, and the report is recomputed from the same words and audio.

mod delivery_view;
pub mod edits;
pub mod report_view;
mod transcript;

use std::sync::Arc;

use egui::{Align, Color32, Key, RichText, Sense, Stroke, pos2, vec2};

use crate::analysis::star::Marker;
use crate::analysis::{AnalysisSettings, FillerSource, PauseKind, Report, StarLabel, format_clock};
use crate::audio::playback::Player;
use crate::bank::Question;
use crate::pipeline::{self, PipelineOptions};
use crate::recording::FinishedAnswer;

use crate::ui::common::widgets::{self, clock_tenths};
use crate::ui::context::{AppCommand, Screen, ScreenContext};
use crate::ui::review::edits::ReviewCommand;

/// One thing shown in the transcript, in time order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    Word(usize),
    /// A long pause or stall (index into the report's pauses).
    Pause(usize),
    /// A hesitation heard in the audio that whisper did not write (index into filler items).
    Hesitation(usize),
}

/// The transcript grouped by section, rebuilt only when the report changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub section: Option<usize>,
    pub items: Vec<Item>,
}

pub fn layout(report: &Report) -> Vec<Block> {
    let words = &report.words;
    let mut blocks: Vec<Block> = Vec::new();
    let section_of = |i: usize| report.star.sections.iter().position(|s| i >= s.first_word && i < s.end_word);
    let long_pauses: Vec<usize> =
        (0..report.pacing.pauses.len()).filter(|&p| report.pacing.pauses[p].kind != PauseKind::Short).collect();
    let hesitations: Vec<usize> =
        (0..report.fillers.items.len()).filter(|&f| report.fillers.items[f].source == FillerSource::Acoustic).collect();
    let (mut next_pause, mut next_hes) = (0usize, 0usize);
    for (i, w) in words.iter().enumerate() {
        let section = section_of(i);
        if blocks.last().is_none_or(|b| b.section != section) {
            blocks.push(Block { section, items: Vec::new() });
        }
        let Some(block) = blocks.last_mut() else { continue };
        // Pauses and hesitations that happen before this word starts go before it.
        while let Some(&p) = long_pauses.get(next_pause)
            && report.pacing.pauses[p].start < w.start
        {
            block.items.push(Item::Pause(p));
            next_pause += 1;
        }
        while let Some(&f) = hesitations.get(next_hes)
            && report.fillers.items[f].start < w.start
        {
            block.items.push(Item::Hesitation(f));
            next_hes += 1;
        }
        block.items.push(Item::Word(i));
    }
    if let Some(block) = blocks.last_mut() {
        block.items.extend(long_pauses[next_pause.min(long_pauses.len())..].iter().map(|&p| Item::Pause(p)));
        block.items.extend(hesitations[next_hes.min(hesitations.len())..].iter().map(|&f| Item::Hesitation(f)));
    }
    blocks
}

pub struct Review {
    pub answer: FinishedAnswer,
    pub player: Player,
    pub question: Option<Question>,
    pub(super) blocks: Vec<Block>,
    /// Follow the playhead in the transcript while playing.
    pub(super) follow: bool,
    pub(super) last_scrolled_word: Option<usize>,
    /// A section boundary being dragged on the timeline: (index of the section it starts, time).
    dragging: Option<(usize, f64)>,
    /// Where the timeline was right-clicked (seconds), for its menu.
    timeline_menu_at: Option<f64>,
    /// A word being corrected: its index and the text typed so far.
    pub(super) correcting: Option<(usize, String)>,
    pub problem: Option<String>,
    /// The report was edited and saved this frame: the history's index follows it.
    edited: bool,
    /// Edits asked for while drawing, and what undo restores.
    pub edits: crate::ui::review::edits::EditHistory,
}

impl Review {
    pub fn new(answer: FinishedAnswer, question: Option<Question>, output_device: Option<&str>, silent: bool) -> Self {
        let samples: Arc<[f32]> = answer.speech.samples.clone().into();
        let player = Player::new(samples, crate::audio::WHISPER_RATE, output_device, silent);
        let blocks = layout(&answer.report);
        let problem = answer.not_saved.as_ref().map(|e| format!("This answer's report was not saved: {e}"));
        Self {
            answer,
            player,
            question,
            blocks,
            follow: true,
            last_scrolled_word: None,
            dragging: None,
            timeline_menu_at: None,
            correcting: None,
            problem,
            edited: false,
            edits: Default::default(),
        }
    }

    pub fn report(&self) -> &Report {
        &self.answer.report
    }

    pub fn seek(&mut self, t: f64) {
        self.player.seek(t);
        self.last_scrolled_word = None;
    }

    /// The word under the playhead: the last one starting at or before it.
    pub fn current_word(&self) -> Option<usize> {
        let t = self.player.position_s();
        let words = &self.answer.report.words;
        let n = words.partition_point(|w| w.start <= t + 1e-6);
        (n > 0 && t <= words[n - 1].end.max(words[n - 1].start) + 0.3).then(|| n - 1)
    }

    fn markers(&self) -> Vec<Marker> {
        self.answer.report.star.sections.iter().map(|s| Marker { time: s.start, label: s.label }).collect()
    }

    /// Re-runs the analysis on the same words and audio with `markers` as hard boundaries.
    pub fn recompute(&mut self, markers: Vec<Marker>, settings: &AnalysisSettings) {
        let corrections = self.answer.report.corrections.clone();
        self.recompute_with(markers, settings, corrections);
    }

    /// Applies a correction (a misheard word, a filler that is not one) and re-runs the analysis
    /// with it. Sections the user placed stay where they are; otherwise they are labelled from
    /// the corrected words as any answer is, so a word's correction does not turn the sections
    /// into "yours" (nor make the labelling's odds certain).
    pub fn correct(&mut self, change: impl FnOnce(&mut crate::analysis::Corrections, &[crate::analysis::ReportWord])) {
        let mut corrections = self.answer.report.corrections.clone();
        change(&mut corrections, &self.answer.report.words);
        let settings = self.answer.report.settings.clone();
        let markers = if self.answer.report.star.manual_boundaries { self.markers() } else { Vec::new() };
        self.recompute_with(markers, &settings, corrections);
    }

    fn recompute_with(
        &mut self,
        markers: Vec<Marker>,
        settings: &AnalysisSettings,
        corrections: crate::analysis::Corrections,
    ) {
        let old = &self.answer.report;
        let options = PipelineOptions {
            question: old.question.clone(),
            analysis: settings.clone(),
            markers,
            words_aligned: self.answer.words_aligned,
            corrections,
            ..PipelineOptions::default()
        };
        let voice = crate::audio::voice::VoiceActivity::detect(&self.answer.speech.samples);
        let report = pipeline::analyze_transcribed(
            &self.answer.speech,
            &voice,
            &self.answer.words,
            old.source.clone(),
            old.model.clone(),
            &options,
        );
        self.replace_report(report);
    }

    /// Shows `report` and saves it beside the recording (the history's index follows).
    pub(super) fn replace_report(&mut self, report: Report) {
        let path = crate::store::report_file::path_for(&self.answer.wav);
        self.problem = crate::store::report_file::write(&path, &report)
            .err()
            .map(|e| format!("the edited report was not saved: {e}"));
        self.edited = self.problem.is_none();
        self.blocks = layout(&report);
        self.answer.report = report;
    }

    /// Moves the start of section `index` to `time` (it snaps to the nearest sentence). The
    /// answer stays judged by the thresholds it was analyzed with.
    pub fn move_boundary(&mut self, index: usize, time: f64) {
        let mut markers = self.markers();
        if index == 0 || index >= markers.len() {
            return;
        }
        let lo = markers[index - 1].time + 0.5;
        let hi = self.answer.report.star.sections[index].end - 0.5;
        markers[index].time = time.clamp(lo, hi.max(lo));
        let settings = self.answer.report.settings.clone();
        self.recompute(markers, &settings);
    }

    pub fn relabel(&mut self, index: usize, label: StarLabel) {
        let mut markers = self.markers();
        if let Some(m) = markers.get_mut(index) {
            m.label = label;
            let settings = self.answer.report.settings.clone();
            self.recompute(markers, &settings);
        }
    }
}

impl Review {
    /// Playback keys, and undo/redo of section edits.
    pub(crate) fn shortcuts(&mut self, ctx: &egui::Context, screen: &mut ScreenContext) {
        let pressed = |k: Key| ctx.input(|i| i.key_pressed(k));
        if pressed(Key::Space) {
            self.toggle_play(screen);
        }
        if pressed(Key::ArrowLeft) {
            self.seek(self.player.position_s() - 5.0);
        }
        if pressed(Key::ArrowRight) {
            self.seek(self.player.position_s() + 5.0);
        }
        if pressed(Key::Home) {
            self.seek(0.0);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z)) {
            self.edits.push(ReviewCommand::Redo);
        } else if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::Z)) {
            self.edits.push(ReviewCommand::Undo);
        }
    }

    fn toggle_play(&mut self, screen: &mut ScreenContext) {
        if let Err(e) = self.player.toggle() {
            screen.send(AppCommand::Warn(format!("No playback: {e}")));
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, screen: &mut ScreenContext) {
        let review = self;
        let mut practise_again = false;
        egui::Panel::top("review_head").show(ui, |ui| {
            let title = review.question.as_ref().map(|q| q.text.clone()).unwrap_or_else(|| "Your answer".into());
            // The buttons first, from the right; the question wraps in what is left, so a long
            // one never runs under them on a small window.
            ui.with_layout(egui::Layout::right_to_left(Align::Min), |ui| {
                {
                    practise_again = ui.button("Practise again").on_hover_text("Answer this question again").clicked();
                    if ui
                        .add_enabled(review.edits.can_redo(), egui::Button::new("Redo"))
                        .on_hover_text("Ctrl+Shift+Z")
                        .clicked()
                    {
                        review.edits.push(ReviewCommand::Redo);
                    }
                    if ui
                        .add_enabled(review.edits.can_undo(), egui::Button::new("Undo"))
                        .on_hover_text("Ctrl+Z: the last edit")
                        .clicked()
                    {
                        review.edits.push(ReviewCommand::Undo);
                    }
                }
                let rest = vec2(ui.available_width(), 0.0);
                ui.allocate_ui_with_layout(rest, egui::Layout::left_to_right(Align::Min), |ui| {
                    ui.add(egui::Label::new(RichText::new(title).strong()).wrap());
                });
            });
            ui.label(&review.answer.report.summary);
            let gaps: Vec<(String, f64)> = review
                .answer
                .report
                .input_gap_notes()
                .into_iter()
                .zip(review.answer.report.input_gaps.iter().map(|g| g.start))
                .collect();
            for (note, start) in gaps {
                let r = ui.add(
                    egui::Label::new(RichText::new(note).color(ui.visuals().warn_fg_color)).sense(egui::Sense::click()),
                );
                if r.on_hover_text("Click to play from there").clicked() {
                    review.seek(start);
                }
            }
            if let Some(why) = &review.answer.interrupted {
                ui.colored_label(ui.visuals().warn_fg_color, format!("The recording ended early: {why}"));
            }
            if let Some(problem) = &review.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            transport(review, screen, ui);
            timeline(review, ui);
            delivery_view::pitch_strip(review, ui);
            ui.add_space(4.0);
        });
        let mut seek = None;
        // The report shares a wide window with the transcript (on 1920 points it had stayed
        // 430 wide beside a half-empty transcript); the user's own width is kept once dragged.
        let report_width = (ui.available_width() * 0.42).clamp(430.0, 780.0);
        egui::Panel::right("report").resizable(true).default_size(report_width).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("report_scroll").show(ui, |ui| {
                seek = report_view::show(review, ui);
            });
        });
        egui::CentralPanel::default().show(ui, |ui| crate::ui::review::transcript::show(review, ui));
        if let Some(t) = seek {
            review.seek(t);
        }
        review.apply_edits();
        if std::mem::take(&mut review.edited) {
            screen.send(AppCommand::ReportEdited {
                wav: review.answer.wav.clone(),
                report: Box::new(review.answer.report.clone()),
            });
        }
        if practise_again {
            review.player.pause();
            // This answer's question, not whichever was picked last elsewhere.
            match review.answer.report.question.as_ref().map(|q| q.id.clone()) {
                Some(id) => screen.send(AppCommand::ChooseQuestion(id)),
                None => screen.send(AppCommand::ShowScreen(Screen::Practice)),
            }
        }
    }
}

fn transport(review: &mut Review, screen: &mut ScreenContext, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let playing = review.player.is_playing();
        let hint = match review.player.output_error() {
            Some(e) => format!("Space. No sound: {e}"),
            None => "Space".to_string(),
        };
        if ui.button(if playing { "Pause" } else { "Play" }).on_hover_text(hint).clicked() {
            review.toggle_play(screen);
        }
        let duration = review.player.duration_s();
        let mut pos = review.player.position_s();
        ui.label(RichText::new(format!("{} / {}", clock_tenths(pos), clock_tenths(duration))).monospace())
            .on_hover_text("Playhead; the Left and Right arrow keys jump 5 seconds");
        ui.spacing_mut().slider_width = (ui.available_width() - 340.0).max(120.0);
        // The slider is the playhead: a label beside it read as one for the speed drop-down.
        let slider = ui.add(egui::Slider::new(&mut pos, 0.0..=duration.max(0.01)).show_value(false));
        if slider.on_hover_text("Drag to move the playhead").changed() {
            review.seek(pos);
        }
        let speed = review.player.speed();
        egui::ComboBox::from_label("Speed").selected_text(format!("{speed}×")).show_ui(ui, |ui| {
            for s in [0.75f32, 1.0, 1.25, 1.5] {
                if ui.selectable_label((speed - s).abs() < 1e-3, format!("{s}×")).clicked() {
                    review.player.set_speed(s);
                }
            }
        });
        ui.checkbox(&mut review.follow, "Follow").on_hover_text("Keep the word being played in view");
    });
}

/// Sections as coloured bands, long pauses and fillers below them, the playhead on top.
/// Click or drag to seek; drag a section's left edge to move it.
fn timeline(review: &mut Review, ui: &mut egui::Ui) {
    let duration = review.player.duration_s().max(0.01);
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), 54.0), Sense::click_and_drag());
    let x_of = |t: f64| rect.left() + (t / duration) as f32 * rect.width();
    let t_of = |x: f32| ((x - rect.left()) / rect.width()) as f64 * duration;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let band = rect.with_max_y(rect.top() + 30.0);
    let report = &review.answer.report;
    for (i, s) in report.star.sections.iter().enumerate() {
        let start = match review.dragging {
            Some((d, t)) if d == i => t,
            _ => s.start,
        };
        let end = match review.dragging {
            Some((d, t)) if d == i + 1 => t,
            _ => s.end,
        };
        let r = egui::Rect::from_x_y_ranges(x_of(start)..=x_of(end), band.y_range());
        painter.rect_filled(r.shrink2(vec2(0.5, 0.0)), 2.0, widgets::section_color(s.label).gamma_multiply(0.8));
        if s.is_unsure() {
            widgets::hatch(&painter, r, Color32::from_white_alpha(90));
        }
        if r.width() > 20.0 {
            let text = if r.width() > 90.0 {
                format!("{} {}", s.label.name(), format_clock(end - start))
            } else {
                s.label.short().to_string()
            };
            painter.text(
                r.left_center() + vec2(4.0, 0.0),
                egui::Align2::LEFT_CENTER,
                text,
                egui::FontId::proportional(12.0),
                Color32::WHITE,
            );
        }
    }
    let lower = rect.with_min_y(band.bottom() + 4.0);
    let palette = crate::ui::common::theme::palette(ui);
    for p in report.pacing.pauses.iter().filter(|p| p.kind != PauseKind::Short) {
        let r = egui::Rect::from_x_y_ranges(
            x_of(p.start)..=x_of(p.end).max(x_of(p.start) + 2.0),
            lower.top()..=lower.top() + 8.0,
        );
        painter.rect_filled(r, 1.0, palette.pause);
    }
    for f in &report.fillers.items {
        let x = x_of(f.start);
        painter.line_segment(
            [pos2(x, lower.top() + 10.0), pos2(x, lower.bottom() - 2.0)],
            Stroke::new(2.0, palette.filler),
        );
    }
    // Boundary handles: the left edge of every section after the first.
    let mut handle_dragged = false;
    for i in 1..report.star.sections.len() {
        let x = x_of(report.star.sections[i].start);
        let handle = egui::Rect::from_center_size(pos2(x, band.center().y), vec2(8.0, band.height()));
        let id = ui.scope_id().with(("boundary", i));
        let h = ui.interact(handle, id, Sense::drag()).on_hover_text("Drag to move this section's start");
        if h.hovered() || h.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        }
        if h.dragged()
            && let Some(p) = h.interact_pointer_pos()
        {
            review.dragging = Some((i, t_of(p.x).clamp(0.0, duration)));
            handle_dragged = true;
        }
        if h.drag_stopped()
            && let Some((d, t)) = review.dragging.take()
        {
            review.edits.push(ReviewCommand::MoveBoundary { section: d, time: t });
            return;
        }
        painter.line_segment(
            [pos2(x, band.top()), pos2(x, band.bottom())],
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
    }
    if !handle_dragged
        && (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        review.seek(t_of(p.x).clamp(0.0, duration));
    }
    let x = x_of(review.player.position_s());
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, rect.bottom())],
        Stroke::new(2.0, ui.visuals().strong_text_color()),
    );
    if response.secondary_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        review.timeline_menu_at = Some(t_of(p.x).clamp(0.0, duration));
    }
    // Near enough to a filler mark to mean it: a few pixels, in seconds.
    let reach = (6.0 / rect.width() as f64 * duration).max(0.15);
    let response = response.on_hover_text(
        "Click to play from there; right-click to add an \"um\" the transcript missed, or to remove a filler",
    );
    response.context_menu(|ui| {
        if let Some(t) = review.timeline_menu_at
            && let Some(command) = crate::ui::review::edits::filler_choice(&review.answer.report, t, reach, ui)
        {
            review.edits.push(command);
            ui.close();
        }
    });
}

#[cfg(test)]
mod tests;
