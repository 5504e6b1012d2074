//! The "next time" rules on hand-built answers: each section's sentences spoken at 0.4 s a word,
//! the sections fixed by markers so the tests judge the coaching, not the labelling.

use super::*;
use crate::analysis::feedback::rank;
use crate::analysis::report::{ReportWord, Severity};
use crate::analysis::star::Marker;
use crate::analysis::{AnalysisInput, AnalysisSettings, ModelRef, QuestionRef, analyze};
use crate::transcribe::Word;

const WORD_S: f64 = 0.4;

/// An answer with these sections, each repeated `times` (to reach a length).
fn answer(sections: &[(StarLabel, &str, usize)], question: Option<&str>) -> Report {
    let (mut words, mut markers) = (Vec::new(), Vec::new());
    let mut t = 0.5;
    for &(label, text, times) in sections {
        markers.push(Marker { time: t, label });
        for _ in 0..times {
            for token in text.split_whitespace() {
                words.push(Word { text: token.into(), start: t, end: t + WORD_S - 0.05, probability: 0.95 });
                t += WORD_S;
            }
            t += 0.3;
        }
    }
    analyzed(&words, &markers, question, t + 1.0)
}

/// These timed words analyzed over silence lasting `duration_s`, with these markers.
fn analyzed(words: &[Word], markers: &[Marker], question: Option<&str>, duration_s: f64) -> Report {
    let samples = vec![0.0f32; (duration_s * 16_000.0) as usize];
    let input = AnalysisInput {
        words,
        samples: &samples,
        duration_s,
        model: ModelRef::default(),
        source: None,
        question: question.map(|q| QuestionRef { id: "q".into(), text: Some(q.into()) }),
        markers,
        words_aligned: true,
        star_model: None,
        corrections: &Default::default(),
    };
    analyze(&input, &AnalysisSettings::default())
}

fn tip<'a>(r: &'a Report, code: &str) -> &'a CoachingTip {
    r.coaching
        .next_time
        .iter()
        .find(|t| t.code == code)
        .unwrap_or_else(|| panic!("no {code} tip in {:#?}\nfindings {:#?}", r.coaching.next_time, r.findings))
}

const SITUATION: &str = "Last spring our checkout service failed during every big launch.";
const TASK: &str = "My task was to make releases safe before the holiday season.";
const ACTION_I: &str = "I added canary releases and I built a dashboard for error rates.";
const RESULT_NUMBER: &str = "Failed releases dropped by 80 percent within two months.";

#[test]
fn an_action_without_i_is_the_first_thing_to_fix_and_quotes_the_users_words() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 2),
            (StarLabel::Task, TASK, 1),
            (
                StarLabel::Action,
                "Conducted research on the options. Implemented the new pipeline in two weeks. Collaborated with the data team on the rollout.",
                2,
            ),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    let first = &r.coaching.next_time[0];
    assert_eq!(first.code, "action_no_i", "{:#?}", r.coaching);
    assert_eq!(first.quote.as_deref(), Some("Conducted research on the options."));
    assert!(first.text.contains("\"I conducted research on the options.\""), "{}", first.text);
    let action = r.star.sections.iter().find(|s| s.label == StarLabel::Action).expect("action");
    assert!((first.start.expect("start") - action.start).abs() < 0.01);
}

#[test]
fn the_say_i_rewrite_skips_a_fragment_that_opens_the_action() {
    // The Action starts on the tail of the Task's sentence: "I to locate ..." is no suggestion.
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 2),
            (StarLabel::Task, "My task was to analyze the event flow.", 1),
            (
                StarLabel::Action,
                "to locate the root cause of the loss. Started with the logs. Rewrote the tracking script.",
                3,
            ),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    let t = tip(&r, "action_no_i");
    assert!(t.text.contains("-> \"I started with the logs.\""), "{}", t.text);
}

#[test]
fn we_in_the_action_becomes_i_in_the_suggestion() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 1),
            (StarLabel::Task, TASK, 1),
            (StarLabel::Action, "I checked the logs first. Then we rolled back the deploy and we fixed our config.", 3),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    let t = tip(&r, "action_we");
    assert_eq!(t.quote.as_deref(), Some("Then we rolled back the deploy and we fixed our config."));
    assert!(t.text.ends_with("-> \"Then I rolled back the deploy and I fixed my config.\""), "{}", t.text);
}

#[test]
fn a_result_without_a_number_asks_for_one_at_its_time() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 1),
            (StarLabel::Task, TASK, 1),
            (StarLabel::Action, ACTION_I, 4),
            (StarLabel::Result, "The releases became much calmer and the team was happy.", 2),
        ],
        None,
    );
    let t = tip(&r, "result_not_quantified");
    let result = r.star.sections.iter().find(|s| s.label == StarLabel::Result).expect("result");
    assert!(
        t.text.starts_with(&format!("End on a number: your Result ({}) has none", format_clock(result.start))),
        "{}",
        t.text
    );
    assert_eq!(t.quote.as_deref(), Some("The releases became much calmer and the team was happy."));
    assert!(!r.coaching.strengths.iter().any(|s| s.contains("number")));
}

#[test]
fn a_short_answer_is_told_its_length_and_what_to_add() {
    // About 1:35 of speech: under the two-minute target, no Reflection.
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 3),
            (StarLabel::Task, TASK, 3),
            (StarLabel::Action, ACTION_I, 9),
            (StarLabel::Result, RESULT_NUMBER, 5),
        ],
        None,
    );
    let spoken = r.pacing.speech_span.expect("speech").duration();
    assert!((85.0..110.0).contains(&spoken), "{spoken}");
    let t = tip(&r, "too_short");
    assert!(
        t.text.starts_with(&format!("The answer is {} (target 2:00 to 3:00): add", format_clock(spoken))),
        "{}",
        t.text
    );
    assert!(t.text.contains("one lesson"), "{}", t.text);
}

#[test]
fn a_short_answer_with_a_short_action_leads_with_the_action() {
    // Under a minute, a third of it the Action: the answer is short because its steps are, and
    // the card says so once, first, rather than "too short" and "more steps" as two tips.
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 2),
            (StarLabel::Task, TASK, 2),
            (StarLabel::Action, ACTION_I, 3),
            (StarLabel::Result, RESULT_NUMBER, 3),
        ],
        None,
    );
    let spoken = r.pacing.speech_span.expect("speech").duration();
    assert!(spoken < 90.0, "{spoken}");
    assert!(r.findings.iter().any(|f| f.code == "too_short"), "{:#?}", r.findings);
    let first = &r.coaching.next_time[0];
    assert_eq!(first.code, "action_short", "{:#?}", r.coaching.next_time);
    assert!(
        first.text.contains(&format!("the whole answer {} against 2:00 to 3:00", format_clock(spoken))),
        "{}",
        first.text
    );
    assert!(
        !r.coaching.next_time.iter().any(|t| t.code == "too_short"),
        "one tip for one fault: {:#?}",
        r.coaching.next_time
    );
}

#[test]
fn the_short_action_tip_counts_the_whole_action_as_the_finding_does() {
    // Two Action sections: the tip said the first one's 19% beside the finding's 25% for both.
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 2),
            (StarLabel::Task, TASK, 2),
            (StarLabel::Action, ACTION_I, 1),
            (StarLabel::Result, RESULT_NUMBER, 2),
            (StarLabel::Action, ACTION_I, 1),
            (StarLabel::Result, RESULT_NUMBER, 2),
        ],
        None,
    );
    let share = crate::analysis::claims::share_of(&r.star.sections, StarLabel::Action);
    let said = format!("({:.0}% of the answer)", share * 100.0);
    let finding = r.findings.iter().find(|f| f.code == "action_short").expect("an action_short finding");
    assert!(finding.message.contains(&format!("{:.0}% of the answer", share * 100.0)), "{}", finding.message);
    assert!(tip(&r, "action_short").text.contains(&said), "{} / {said}", tip(&r, "action_short").text);
}

#[test]
fn a_question_about_a_fault_the_card_names_is_not_asked() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 6),
            (StarLabel::Task, TASK, 1),
            (StarLabel::Action, ACTION_I, 2),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    assert!(
        r.coaching.next_time.iter().any(|t| t.text.starts_with("Cut the Situation")),
        "{:#?}",
        r.coaching.next_time
    );
    // The same fault again, unsure: "Was the Situation longer ...?" under a card that says cut it.
    let unsure = Finding { code: "situation_long".into(), confidence: Some(0.6), ..r.findings[0].clone() };
    let coaching = coach(&r, &[unsure]);
    assert!(coaching.checks.is_empty(), "{:#?}", coaching.checks);
}

#[test]
fn a_situation_longer_than_the_action_is_cut_with_its_times() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 6),
            (StarLabel::Task, TASK, 1),
            (StarLabel::Action, ACTION_I, 2),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    assert!(r.findings.iter().any(|f| f.code == "situation_over_action"), "{:#?}", r.findings);
    let trims: Vec<_> = r.coaching.next_time.iter().filter(|t| t.text.starts_with("Cut the Situation from")).collect();
    assert_eq!(trims.len(), 1, "one tip for one fault: {:#?}", r.coaching.next_time);
    assert_eq!(trims[0].quote.as_deref(), Some(SITUATION));
}

#[test]
fn the_card_follows_the_findings_order_and_keeps_to_three() {
    let answers = [
        answer(
            &[(StarLabel::Situation, SITUATION, 6), (StarLabel::Action, "Then we rolled back the deploy.", 2)],
            Some("What did you learn?"),
        ),
        answer(
            &[
                (StarLabel::Situation, SITUATION, 1),
                (StarLabel::Task, TASK, 1),
                (StarLabel::Action, ACTION_I, 4),
                (StarLabel::Result, "It went well.", 1),
            ],
            None,
        ),
        answer(
            &[
                (StarLabel::Situation, SITUATION, 4),
                (StarLabel::Task, TASK, 4),
                (StarLabel::Action, ACTION_I, 14),
                (StarLabel::Result, RESULT_NUMBER, 4),
            ],
            None,
        ),
    ];
    for r in &answers {
        let card = &r.coaching.next_time;
        assert!(card.len() <= 3, "{card:#?}");
        // Each tip answers a finding; the biggest problem first, then the findings' order.
        let keys: Vec<(u8, usize)> = card
            .iter()
            .map(|t| {
                let k = r.findings.iter().position(|f| f.code == t.code).expect("a finding per tip");
                (rank(&r.findings[k]), k)
            })
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        if let Some(first) = card.first() {
            let first_with_tip = r
                .findings
                .iter()
                .filter(|f| tip_codes().contains(&f.code.to_string().as_str()))
                .min_by_key(|f| rank(f))
                .expect("a finding");
            assert_eq!(first.code, first_with_tip.code);
        }
    }
}

/// Findings the card has a tip for (all but the informational ones).
fn tip_codes() -> Vec<&'static str> {
    vec![
        "no_speech",
        "too_long",
        "too_short",
        "missing_situation",
        "missing_task",
        "missing_action",
        "missing_result",
        "missing_reflection",
        "result_not_quantified",
        "hypothetical",
        "no_i",
        "action_we",
        "action_no_i",
        "situation_long",
        "situation_over_action",
        "action_short",
        "task_long",
        "action_long",
        "result_long",
        "reflection_long",
        "situation_short",
        "task_short",
        "result_short",
        "reflection_short",
        "pace_fast",
        "pace_slow",
        "stalls",
        "fillers_many",
        "fillers_some",
        "monotone",
        "uptalk",
        "trailing_off",
        "quiet",
        "mid_phrase_pauses",
        "pet_phrases",
    ]
}

#[test]
fn strengths_name_what_already_works() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 4),
            (StarLabel::Task, TASK, 4),
            (StarLabel::Action, ACTION_I, 16),
            (StarLabel::Result, RESULT_NUMBER, 6),
        ],
        None,
    );
    let strengths = r.coaching.strengths.join(" | ");
    assert!(strengths.contains("The Result has a number"), "{strengths}");
    assert!(strengths.contains("Says \"I\" for what you did (100% of the Action's I/we)"), "{strengths}");
    assert!(strengths.contains("Every STAR part is there"), "{strengths}");
    assert!(strengths.contains("Length on target"), "{strengths}");
}

/// An answer analyzed as spoken, with no markers: the labelling decides its sections.
fn unmarked(text: &str) -> Report {
    let mut words = Vec::new();
    let mut t = 0.5;
    for token in text.split_whitespace() {
        words.push(Word { text: token.into(), start: t, end: t + WORD_S - 0.05, probability: 0.95 });
        t += WORD_S;
        if token.ends_with('.') {
            t += 0.3;
        }
    }
    analyzed(&words, &[], None, t + 1.0)
}

#[test]
fn an_answer_that_never_says_how_it_ended_is_told_so_first() {
    let r = unmarked(
        "Last year our build took forty minutes and the team was waiting on it all day. \
         My task was to make it faster before the spring release. \
         I decided to cache the dependencies between runs. I wrote a script that warmed the cache every night. \
         Then I split the test suite into four parallel jobs. I also moved the slowest tests to a nightly run. \
         After that I reviewed the build logs with the two senior engineers. Then I rewrote the packaging step.",
    );
    assert!(
        r.star.sections.iter().all(|s| s.label != StarLabel::Result),
        "{:?}",
        r.star.sections.iter().map(|s| s.label).collect::<Vec<_>>()
    );
    assert!(r.coaching.next_time.first().is_some_and(|t| t.code == "missing_result"), "{:#?}", r.coaching);
    assert!(!r.coaching.strengths.iter().any(|s| s.contains("Every STAR part")));
}

#[test]
fn a_clear_answer_is_not_told_it_lacks_a_task_or_a_result() {
    let r = unmarked(
        "Last year our checkout service failed during every big launch and customers were angry. \
         I was tasked with making the release process safe before the holiday season. \
         I added canary releases. I built a dashboard for error rates. I wrote a rollback script and tested it every week. \
         As a result, failed releases dropped by 80 percent and we shipped every holiday release on time.",
    );
    let said: Vec<_> = r.findings.iter().map(|f| &f.code).chain(r.coaching.next_time.iter().map(|t| &t.code)).collect();
    assert!(!said.iter().any(|c| **c == "missing_task" || **c == "missing_result"), "{said:?}");
}

#[test]
fn the_filler_tip_points_at_the_first_time_its_word_was_said() {
    let mut words = Vec::new();
    let mut t = 0.5;
    let text = "So I started with the logs. Then I, you know, checked the alerts and, you know, the dashboards. I fixed it, you know, in a day.";
    for token in text.split_whitespace() {
        words.push(Word { text: token.into(), start: t, end: t + WORD_S - 0.05, probability: 0.95 });
        t += WORD_S;
    }
    let mut r = unmarked("I fixed the build.");
    r.words = words
        .iter()
        .map(|w| ReportWord {
            text: w.text.clone(),
            start: w.start,
            end: w.end,
            probability: w.probability,
            filler: false,
        })
        .collect();
    r.fillers.items = crate::analysis::fillers::mark_transcript_fillers(&mut r.words);
    r.fillers.count = r.fillers.items.len();
    r.fillers.by_text = vec![("you know".into(), 3), ("so".into(), 1)];
    r.fillers.per_minute = 20.0;
    let f = Finding {
        severity: Severity::Warning,
        code: "fillers_many".into(),
        message: String::new(),
        span: None,
        confidence: None,
    };
    let t = super::tip(&r, &f).expect("a filler tip");
    let first_you_know = r.fillers.items.iter().find(|i| i.text == "you know").expect("you know");
    assert_eq!(t.start, Some(first_you_know.start), "{}", t.text);
    assert!(t.text.contains("you said it 3 times"), "{}", t.text);
    // One filler is "once", never "1 fillers".
    r.fillers.by_text = vec![("you know".into(), 1)];
    assert!(super::tip(&r, &f).expect("a tip").text.contains("you said it once"));
}

#[test]
fn the_say_i_rewrite_quotes_an_action_sentence() {
    let r = answer(
        &[
            (StarLabel::Situation, "Last spring we ran a checkout service that failed during every launch.", 1),
            (StarLabel::Task, TASK, 1),
            (
                StarLabel::Action,
                "We rolled back the deploy and we rewrote our config. We added alerts to our pipeline.",
                3,
            ),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    let t = r
        .coaching
        .next_time
        .iter()
        .find(|t| ["no_i", "action_we", "action_no_i"].contains(&t.code.to_string().as_str()))
        .expect("a say-I tip");
    assert!(t.text.ends_with("-> \"I rolled back the deploy and I rewrote my config.\""), "{}", t.text);
    let action = r.star.sections.iter().find(|s| s.label == StarLabel::Action).expect("action");
    assert!(
        t.start.is_some_and(|s| s >= action.start - 0.01),
        "{} at {:?}, action from {}",
        t.text,
        t.start,
        action.start
    );
    assert!(t.quote.as_deref().is_some_and(|q| q.starts_with("We rolled back")), "{:?}", t.quote);
}

#[test]
fn the_action_we_finding_says_its_counts_not_zero_percent() {
    let r = answer(
        &[
            (StarLabel::Situation, SITUATION, 1),
            (StarLabel::Task, TASK, 1),
            (StarLabel::Action, "I checked the logs. Then we rolled back the deploy and we fixed our config.", 3),
            (StarLabel::Result, RESULT_NUMBER, 1),
        ],
        None,
    );
    let f = r.findings.iter().find(|f| f.code == "action_we").expect("action_we");
    assert!(f.message.starts_with("Of the Action's 12 pronouns, 3 are \"I\" and 9 \"we\""), "{}", f.message);
    assert!(!f.message.contains('%'));
}
