//! Edits to a reviewed answer as commands: the drawing code only queues what the user asked
//! (drag a boundary, relabel a section, fix a misheard word, mark or unmark a filler or an "um"
//! on the timeline, undo, redo) and [`Review::apply_edits`] carries them out
//! once per frame, after drawing, so nothing changes the report while it is being drawn. Every
//! edit keeps the report it replaced, which is what undo puts back.

use crate::analysis::{FillerSource, Report, StarLabel};

use crate::ui::common::widgets::clock_tenths;

use crate::ui::review::Review;

#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    /// Start section `section` at `time` (it snaps to the nearest sentence).
    MoveBoundary {
        section: usize,
        time: f64,
    },
    Relabel {
        section: usize,
        label: StarLabel,
    },
    /// Word `word` was misheard: it is `text`.
    FixWord {
        word: usize,
        text: String,
    },
    /// Word `word` is (or is not) a filler.
    MarkFiller {
        word: usize,
        filler: bool,
    },
    /// Between words from `start` to `end` there is (or is not) an "um" (the timeline).
    MarkSound {
        start: f64,
        end: f64,
        filler: bool,
    },
    Undo,
    Redo,
}

/// Queued commands and the reports edits replaced.
#[derive(Default)]
pub struct EditHistory {
    pending: Vec<ReviewCommand>,
    undo: Vec<Report>,
    redo: Vec<Report>,
}

/// Reports kept for undo: a long session of edits should not hold megabytes forever.
const MAX_UNDO: usize = 50;

impl EditHistory {
    pub fn push(&mut self, command: ReviewCommand) {
        self.pending.push(command);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

impl Review {
    /// Carries out this frame's queued edits in order.
    pub fn apply_edits(&mut self) {
        for command in std::mem::take(&mut self.edits.pending) {
            let before = self.report().clone();
            match command {
                ReviewCommand::MoveBoundary { section, time } => self.move_boundary(section, time),
                ReviewCommand::Relabel { section, label } => self.relabel(section, label),
                ReviewCommand::FixWord { word, text } => self.correct(|c, words| c.fix_word(words, word, &text)),
                ReviewCommand::MarkFiller { word, filler } => {
                    self.correct(|c, words| c.mark_filler(words, word, filler))
                }
                ReviewCommand::MarkSound { start, end, filler } => {
                    self.correct(|c, _| c.mark_sound(start, end, filler))
                }
                ReviewCommand::Undo => {
                    if let Some(report) = self.edits.undo.pop() {
                        self.edits.redo.push(before);
                        self.replace_report(report);
                    }
                    continue;
                }
                ReviewCommand::Redo => {
                    if let Some(report) = self.edits.redo.pop() {
                        self.edits.undo.push(before);
                        self.replace_report(report);
                    }
                    continue;
                }
            }
            if *self.report() != before {
                self.edits.undo.push(before);
                if self.edits.undo.len() > MAX_UNDO {
                    self.edits.undo.remove(0);
                }
                self.edits.redo.clear();
            }
        }
    }
}

/// The timeline's right-click menu at `t`: remove the filler there, or mark the word there as
/// one, or add an "um" in the gap between words (the pause around `t`, or 0.4 s).
pub(super) fn filler_choice(report: &Report, t: f64, reach: f64, ui: &mut egui::Ui) -> Option<ReviewCommand> {
    let at = clock_tenths(t);
    if let Some(f) = report.fillers.items.iter().find(|f| f.start - reach <= t && t <= f.end + reach) {
        let command = match f.source {
            FillerSource::Acoustic => ReviewCommand::MarkSound { start: f.start, end: f.end, filler: false },
            FillerSource::Transcript => {
                let mid = |w: &crate::analysis::ReportWord| (w.start + w.end) / 2.0;
                let word = report.words.iter().position(|w| w.filler && f.start <= mid(w) && mid(w) <= f.end)?;
                ReviewCommand::MarkFiller { word, filler: false }
            }
        };
        return ui
            .button(format!("\"{}\" at {} is not a filler", f.text, clock_tenths(f.start)))
            .clicked()
            .then_some(command);
    }
    if let Some(word) = report.words.iter().position(|w| w.start <= t && t <= w.end) {
        let text = &report.words[word].text;
        return ui
            .button(format!("Mark \"{text}\" ({at}) as a filler"))
            .clicked()
            .then_some(ReviewCommand::MarkFiller { word, filler: true });
    }
    let (start, end) = match report.pacing.pauses.iter().find(|p| p.start <= t && t <= p.end) {
        Some(p) => (p.start, p.end),
        None => {
            let after = report.words.iter().rev().find(|w| w.end <= t).map_or(0.0, |w| w.end);
            let before = report.words.iter().find(|w| w.start >= t).map_or(report.duration_s, |w| w.start);
            ((t - 0.2).max(after), (t + 0.2).min(before))
        }
    };
    ui.button(format!("Add an \"um\" here ({at})")).clicked().then_some(ReviewCommand::MarkSound {
        start,
        end,
        filler: true,
    })
}
