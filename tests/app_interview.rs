//! The mock interview in the window, driven through egui_kittest: two questions, each answer
//! recorded through the real recorder and heard by the scripted transcriber, a follow-up chosen
//! from what the first answer left out (its result has no number), the summary, and the
//! interview again from History.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::speech;
use common::ui::{harness, recorded, run_until, sample_source};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::bank::follow_ups::FollowUpBank;
use starling::settings::Settings;
use starling::store::Store;
use starling::ui::interview::{Stage, Step};
use starling::ui::{AppConfig, Screen, StarlingApp};

/// An answer whose result says nothing measurable.
const UNMEASURED: &str = "Last year our checkout service started failing during a product launch. \
    I was responsible for the payments team. I rolled back the release, and then I wrote a \
    regression test. As a result, the errors went away and the launch went well.";

fn step(h: &Harness<'static, StarlingApp>) -> Option<Step> {
    match &h.state().interview().stage {
        Stage::Running(r) => Some(r.step),
        _ => None,
    }
}

fn asked(h: &Harness<'static, StarlingApp>) -> String {
    match &h.state().interview().stage {
        Stage::Running(r) => r.run.current().map(|p| p.text.clone()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Waits for the recording, lets it take the whole answer, and stops it.
fn answer_and_stop(h: &mut Harness<'static, StarlingApp>, audio_s: f64) {
    run_until(h, "the recording", Duration::from_secs(30), |app| app.practice().is_recording());
    run_until(h, "the whole answer", Duration::from_secs(30), |app| recorded(app) > audio_s + 0.5);
    h.get_by_label("Stop").click();
}

/// The app with no countdown, its microphone fed the unmeasured answer (3x real time) and the
/// scripted transcriber hearing it; and that answer's length in seconds.
fn interview_app(dir: &std::path::Path) -> (Harness<'static, StarlingApp>, f64) {
    Settings { prep_seconds: 0, ..Settings::default() }.save(dir).unwrap();
    let wav = speech("unmeasured", UNMEASURED, 16_000, 1);
    let audio_s = hound::WavReader::open(&wav).unwrap().duration() as f64 / 16_000.0;
    let transcriber: Arc<dyn starling::transcribe::Transcriber> =
        Arc::new(starling::transcribe::scripted::ScriptedTranscriber::new(UNMEASURED));
    let config = AppConfig {
        silent: true,
        transcriber: Some(transcriber),
        capture_override: Some(sample_source(&wav, 3.0)),
        ..AppConfig::new(dir.to_path_buf())
    };
    let mut h = harness(StarlingApp::new(config));
    h.run_steps(2);
    (h, audio_s)
}

#[test]
fn a_mock_interview_of_two_questions_with_a_follow_up_from_what_the_answer_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, audio_s) = interview_app(dir.path());

    // Set up: two questions, one follow-up each, no time to think before the first.
    h.get_by_label("Interview").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Interview);
    h.get_by_label("Bar-raiser drill");
    h.state_mut().interview_mut().setup.questions = 2;
    h.state_mut().interview_mut().setup.think_s = 0;
    h.get_by_label("Start interview").click();
    h.run_steps(2);
    let questions = match &h.state().interview().stage {
        Stage::Running(r) => r.run.questions.clone(),
        _ => panic!("the interview started"),
    };
    assert_eq!(questions.len(), 2);
    assert_ne!(questions[0].principles, questions[1].principles, "drawn across the principles");
    h.get_by_label_contains("Question 1 of 2");
    h.get_by_label(&questions[0].text);

    // The first answer; its result has no number, so the interviewer asks how it was measured.
    answer_and_stop(&mut h, audio_s);
    // No time to think: its recording starts as soon as it is asked.
    run_until(
        &mut h,
        "the follow-up",
        Duration::from_secs(60),
        |app| matches!(&app.interview().stage, Stage::Running(r) if r.run.given.len() == 1),
    );
    let first = match &h.state().interview().stage {
        Stage::Running(r) => r.run.given[0].clone(),
        _ => unreachable!(),
    };
    // Stated or only suspected ("worth a check"): either is reason enough to ask.
    let codes: Vec<String> = first
        .3
        .findings
        .iter()
        .map(|f| f.code.to_string())
        .chain(first.3.coaching.checks.iter().map(|c| c.code.to_string()))
        .collect();
    assert!(codes.iter().any(|c| c == "result_not_quantified" || c == "missing_result"), "{codes:?}");
    let follow_up = asked(&h);
    // Questions are drawn at random; a question about a disagreement asks for the other side
    // first (the answer never gives it).
    let bank = FollowUpBank::builtin();
    let trigger = if starling::bank::follow_ups::is_conflict(&questions[0]) { "other_side" } else { "measure_impact" };
    assert!(bank.triggers[trigger].asks.contains(&follow_up), "asked {follow_up:?} after {:?}", questions[0].text);
    h.get_by_label("Follow-up");
    h.get_by_label(&follow_up);
    assert_eq!(h.state().screen(), Screen::Interview, "the review waits for the end");

    // The follow-up is answered; the second question comes with time to think this time.
    answer_and_stop(&mut h, audio_s);
    if let Some(r) = h.state_mut().interview_mut().running() {
        r.setup.think_s = 60;
    }
    run_until(
        &mut h,
        "the second question",
        Duration::from_secs(60),
        |app| matches!(&app.interview().stage, Stage::Running(r) if r.run.given.len() == 2 && r.step != Step::Answering),
    );
    assert_eq!(asked(&h), questions[1].text);
    h.get_by_label_contains("recording starts in");
    h.get_by_label("Answer now").click();
    answer_and_stop(&mut h, audio_s);
    // Its follow-up is passed over: the interview ends there.
    run_until(
        &mut h,
        "the second follow-up",
        Duration::from_secs(60),
        |app| matches!(&app.interview().stage, Stage::Running(r) if r.run.given.len() == 3 && r.step != Step::Answering),
    );
    assert!(matches!(step(&h), Some(Step::Thinking { .. })));
    h.get_by_label("End interview").click();
    h.run_steps(2);

    // One summary across the three answers; each opens on Review.
    let Stage::Summary { id, summary } = &h.state().interview().stage else { panic!("the summary") };
    let (id, summary) = (id.clone(), summary.clone());
    assert_eq!(summary.answers.iter().map(|a| a.follow_up).collect::<Vec<_>>(), [false, true, false]);
    assert_eq!(summary.answers[1].target_s, starling::sessions::interview::FOLLOW_UP_TARGET_S);
    h.get_by_label(&format!("Mock interview of {id}"));
    h.get_by_label_contains("Follow-up: ");
    h.get_by_label_contains("STAR balance of the main answers");

    // Every answer is in History, grouped as the interview, the follow-up linked to its answer.
    let settings = Settings::load(dir.path()).unwrap();
    let sessions =
        Store::open(&settings.sessions_root(dir.path())).unwrap().list(&Default::default()).unwrap().sessions;
    assert_eq!(sessions.len(), 3);
    assert!(sessions.iter().all(|s| s.interview.as_deref() == Some(id.as_str())));
    let main = summary.answers[0].session_id;
    assert_eq!(sessions.iter().find(|s| s.id == summary.answers[1].session_id).unwrap().follow_up_of, Some(main));

    h.get_all_by_label("Open review").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Review);
    assert_eq!(
        h.state().review().unwrap().report().question.as_ref().map(|q| q.id.as_str()),
        Some(questions[0].id.as_str())
    );

    // A new interview's set-up lists this one; its summary opens again from there.
    h.get_by_label("Interview").click();
    h.run_steps(2);
    h.get_by_label("New interview").click();
    h.run_steps(2);
    h.get_by_label("Earlier interviews");
    h.get_by_label_contains(&format!("{id}: 3 answers (1 follow-up)"));
    h.get_by_label("Summary").click();
    h.run_steps(2);
    assert!(matches!(&h.state().interview().stage, Stage::Summary { summary: s, .. } if s.answers.len() == 3));

    // Later, from History: the interview's summary again.
    h.state_mut().interview_mut().stage = Stage::Setup;
    h.get_by_label("History").click();
    h.run_steps(2);
    h.state_mut().history_mut().selected = Some(main);
    h.run_steps(2);
    h.get_by_label_contains("An answer in the mock interview of");
    h.get_by_label("Interview summary").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Interview);
    let Stage::Summary { summary: again, .. } = &h.state().interview().stage else {
        panic!("the summary from History")
    };
    assert_eq!(again.answers.len(), 3);
    assert_eq!(
        again.answers.iter().map(|a| a.session_id).collect::<Vec<_>>(),
        summary.answers.iter().map(|a| a.session_id).collect::<Vec<_>>()
    );
}

/// "End interview" while an answer is being recorded stops it, keeps it, and shows the summary
/// with it once it is analyzed (the button was greyed out while recording).
#[test]
fn ending_the_interview_while_answering_keeps_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = interview_app(dir.path());
    h.get_by_label("Interview").click();
    h.run_steps(2);
    h.state_mut().interview_mut().setup.questions = 2;
    h.state_mut().interview_mut().setup.think_s = 0;
    h.get_by_label("Start interview").click();
    h.run_steps(2);
    run_until(&mut h, "the recording", Duration::from_secs(30), |app| app.practice().is_recording());
    run_until(&mut h, "some of the answer", Duration::from_secs(30), |app| recorded(app) > 3.0);
    assert_eq!(step(&h), Some(Step::Answering));
    h.get_by_label("End interview").click();
    run_until(&mut h, "the summary", Duration::from_secs(60), |app| {
        matches!(app.interview().stage, Stage::Summary { .. })
    });
    let Stage::Summary { summary, .. } = &h.state().interview().stage else { unreachable!() };
    assert_eq!(summary.answers.len(), 1, "the answer under way is kept");
    assert!(!h.state().practice().is_active());
}
