use super::*;
use crate::analysis::report::timed_words;
use crate::analysis::{Pause, PausePlace, Section};

#[test]
fn layout_puts_pauses_before_the_next_word_and_groups_by_section() {
    let mut report = Report { words: timed_words("I led it. We shipped it."), ..Report::default() };
    let mid = report.words[3].start;
    report.star.sections = vec![
        Section {
            label: StarLabel::Action,
            start: 0.0,
            end: mid,
            duration: mid,
            share: 0.5,
            target: None,
            first_word: 0,
            end_word: 3,
            confidence: None,
            second_choice: None,
        },
        Section {
            label: StarLabel::Result,
            start: mid,
            end: 9.0,
            duration: 1.0,
            share: 0.5,
            target: None,
            first_word: 3,
            end_word: 6,
            confidence: None,
            second_choice: None,
        },
    ];
    report.pacing.pauses = vec![Pause {
        start: mid - 0.1,
        end: mid,
        duration: 1.2,
        kind: PauseKind::Long,
        place: PausePlace::BetweenSentences,
    }];
    let blocks = layout(&report);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].items, vec![Item::Word(0), Item::Word(1), Item::Word(2)]);
    assert_eq!(blocks[1].items[0], Item::Pause(0));
    assert_eq!(blocks[1].section, Some(1));
}
