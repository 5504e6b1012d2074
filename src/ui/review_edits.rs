//! Edits to a reviewed answer as commands: the drawing code only queues what the user asked
//! (drag a boundary, relabel a section, fix a misheard word, mark or unmark a filler or an "um"
//! on the timeline, undo, redo) and [`Review::apply_edits`] carries them out
//! once per frame, after drawing, so nothing changes the report while it is being drawn. Every
//! edit keeps the report it replaced, which is what undo puts back.

use crate::analysis::{Report, StarLabel};

use super::review::Review;

#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    /// Start section `section` at `time` (it snaps to the nearest sentence).
    MoveBoundary { section: usize, time: f64 },
    Relabel { section: usize, label: StarLabel },
    /// Word `word` was misheard: it is `text`.
    FixWord { word: usize, text: String },
    /// Word `word` is (or is not) a filler.
    MarkFiller { word: usize, filler: bool },
    /// Between words from `start` to `end` there is (or is not) an "um" (the timeline).
    MarkSound { start: f64, end: f64, filler: bool },
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
                ReviewCommand::MarkFiller { word, filler } => self.correct(|c, words| c.mark_filler(words, word, filler)),
                ReviewCommand::MarkSound { start, end, filler } => self.correct(|c, _| c.mark_sound(start, end, filler)),
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
