//! The annotated transcript beside the report: words by section (I/we coloured, fillers struck
//! through, unclear words faint), long pauses and hesitations where they fall. A click plays
//! from a word; right-click corrects it (misheard, a filler or not), through the review's edits.

use egui::{Align, Label, RichText, Sense};

use crate::analysis::pronouns::{Person, person};
use crate::analysis::{StarLabel, format_clock};

use crate::ui::review::edits::ReviewCommand;
use crate::ui::review::{Item, Review};

pub(super) fn show(review: &mut Review, ui: &mut egui::Ui) {
    let min_probability = review.answer.report.settings.min_word_probability;
    let palette = crate::ui::common::theme::palette(ui);
    let current = review.current_word();
    let scroll_to = match current {
        Some(c) if review.follow && review.player.is_playing() && review.last_scrolled_word != Some(c) => Some(c),
        _ => None,
    };
    if scroll_to.is_some() {
        review.last_scrolled_word = scroll_to;
    }
    let mut seek = None;
    let mut relabel = None;
    let mut corrections: Vec<ReviewCommand> = Vec::new();
    let mut start_correcting = None;
    let report = &review.answer.report;
    if report.words.is_empty() {
        ui.label("No words were transcribed.");
    }
    egui::ScrollArea::vertical().id_salt("transcript_scroll").auto_shrink([false, false]).show(ui, |ui| {
        for (b, block) in review.blocks.iter().enumerate() {
            if let Some(s) = block.section.and_then(|s| report.star.sections.get(s).map(|sec| (s, sec))) {
                let (index, section) = s;
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    let color = palette.section_text(section.label);
                    let heading = format!(
                        "{} · {} ({:.0}%)",
                        section.label.name(),
                        format_clock(section.duration),
                        section.share * 100.0
                    );
                    if ui.add(Label::new(RichText::new(heading).strong().color(color)).sense(Sense::click())).clicked()
                    {
                        seek = Some(section.start);
                    }
                    // An uncertain label offers its runner-up one click away.
                    if section.is_unsure()
                        && let Some(second) = section.second_choice
                        && ui
                            .button(format!("{}?", second.name()))
                            .on_hover_text(format!(
                                "Unsure of this label: these sentences could be the {}. Click to relabel.",
                                second.name()
                            ))
                            .clicked()
                    {
                        relabel = Some((index, second));
                    }
                    egui::ComboBox::from_id_salt(("relabel", b)).selected_text("Relabel").width(80.0).show_ui(
                        ui,
                        |ui| {
                            for label in StarLabel::ALL {
                                if ui.selectable_label(label == section.label, label.name()).clicked()
                                    && label != section.label
                                {
                                    relabel = Some((index, label));
                                }
                            }
                        },
                    );
                });
            }
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for item in &block.items {
                    match *item {
                        Item::Word(i) => {
                            let w = &report.words[i];
                            let mut text = RichText::new(&w.text);
                            if w.filler {
                                text = text.color(palette.filler).strikethrough();
                            } else if let Some(p) = person(&w.text) {
                                text = text.strong().color(if p == Person::Singular { palette.i } else { palette.we });
                            } else if !w.counts(min_probability) {
                                text = text.weak().italics();
                            }
                            if current == Some(i) {
                                text = text.background_color(ui.visuals().selection.bg_fill);
                            }
                            let r = ui.add(Label::new(text).sense(Sense::click()).selectable(false));
                            if r.clicked() {
                                seek = Some(w.start);
                            }
                            r.context_menu(|ui| {
                                // The menu names its word: a right-click on a small word is easy to miss.
                                let said = w.text.trim_matches(|c: char| c.is_ascii_punctuation());
                                let (label, filler) = if w.filler {
                                    (format!("\"{said}\" is not a filler"), false)
                                } else {
                                    (format!("Mark \"{said}\" as a filler"), true)
                                };
                                if ui.button(label).clicked() {
                                    corrections.push(ReviewCommand::MarkFiller { word: i, filler });
                                    ui.close();
                                }
                                if ui.button(format!("Correct \"{said}\"…")).clicked() {
                                    start_correcting = Some((i, w.text.clone()));
                                    ui.close();
                                }
                            });
                            if scroll_to == Some(i) {
                                r.scroll_to_me(Some(Align::Center));
                            }
                        }
                        Item::Pause(p) => {
                            let pause = &report.pacing.pauses[p];
                            let r = ui.add(
                                Label::new(
                                    RichText::new(format!("(pause {:.1} s)", pause.duration))
                                        .color(palette.pause)
                                        .small(),
                                )
                                .sense(Sense::click()),
                            );
                            if r.on_hover_text("Long pause").clicked() {
                                seek = Some(pause.start);
                            }
                        }
                        Item::Hesitation(f) => {
                            let item = &report.fillers.items[f];
                            let r = ui.add(
                                Label::new(RichText::new(format!("({})", item.text)).color(palette.filler).italics())
                                    .sense(Sense::click()),
                            );
                            let r = r.on_hover_text("Hesitation heard in the audio; right-click if there was none");
                            if r.clicked() {
                                seek = Some(item.start);
                            }
                            r.context_menu(|ui| {
                                if ui.button(format!("\"{}\" is not a filler", item.text)).clicked() {
                                    corrections.push(ReviewCommand::MarkSound {
                                        start: item.start,
                                        end: item.end,
                                        filler: false,
                                    });
                                    ui.close();
                                }
                            });
                        }
                    }
                }
            });
        }
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Legend:").weak());
            ui.label(RichText::new("I/me/my").color(palette.i).strong());
            ui.label(RichText::new("we/us/our").color(palette.we).strong());
            ui.label(RichText::new("filler").color(palette.filler).strikethrough());
            ui.label(RichText::new("(pause) long pause").color(palette.pause));
            ui.label(RichText::new("unclear word (not counted)").weak().italics());
        });
    });
    if let Some(t) = seek {
        review.seek(t);
    }
    if let Some((index, label)) = relabel {
        review.edits.push(ReviewCommand::Relabel { section: index, label });
    }
    corrections.into_iter().for_each(|c| review.edits.push(c));
    if start_correcting.is_some() {
        review.correcting = start_correcting;
    }
    correct_word(review, ui.ctx());
}

/// The small window where a misheard word is typed as it was said.
fn correct_word(review: &mut Review, ctx: &egui::Context) {
    let Some((index, text)) = &mut review.correcting else { return };
    let index = *index;
    let heard = review.answer.report.words.get(index).map(|w| w.text.clone()).unwrap_or_default();
    let (mut save, mut cancel) = (false, false);
    egui::Window::new("Correct a word")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!("Whisper heard \"{heard}\". What did you say?"));
            let r = ui.add(egui::TextEdit::singleline(text).desired_width(260.0).hint_text("the word as said"));
            r.request_focus();
            // Enter saves: the field keeps the focus while the window is open, so it never "loses" it.
            save = ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                save |= ui.button("Save").clicked();
                cancel = ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
            });
            ui.label(
                RichText::new("Pronoun counts, fillers and findings follow the correction; Undo takes it back.")
                    .weak()
                    .small(),
            );
        });
    if save {
        let text = text.trim().to_string();
        if !text.is_empty() {
            review.edits.push(ReviewCommand::FixWord { word: index, text });
        }
        review.correcting = None;
    } else if cancel {
        review.correcting = None;
    }
}
