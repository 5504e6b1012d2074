//! The app's side of the mock interview: starting one, recording each answer with Practice's
//! recorder, going on to what is asked next when the answer is analyzed, the think countdown
//! and the bar-raiser's cut-in (checked each frame), the interviewer's voice on a worker, and
//! an earlier interview's summary opened from History.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::StarlingApp;
use crate::analysis::Report;
use crate::bank::follow_ups::FollowUpBank;
use crate::sessions::interview::{WRAP_UP_AT_S, draw};
use crate::sessions::interview_run::InterviewRun;
use crate::store::Filter;
use crate::ui::context::{AppCommand, AppEvent, Notifier, Screen, Setup};
use crate::ui::interview::{RunningInterview, Stage, Step};

/// Seconds to take in a follow-up before its recording starts (a main question has the
/// user's think time).
const FOLLOW_UP_THINK_S: u64 = 3;

/// The interviewer's voice: the speech service is spoken to from a worker, which tells the app
/// when each text has been read ([`AppEvent::InterviewerSpoke`]), so the UI never waits on it.
#[derive(Default)]
pub struct InterviewerVoice {
    texts: Option<Sender<String>>,
    /// Set when the user answers before the interviewer has finished reading.
    hush: Arc<AtomicBool>,
}

impl InterviewerVoice {
    fn say(&mut self, text: &str, notifier: &Notifier) {
        self.hush.store(false, Ordering::Release);
        if self.texts.is_none() {
            self.texts = start_voice(notifier.clone(), self.hush.clone());
        }
        let sent = self.texts.as_ref().is_some_and(|tx| tx.send(text.to_string()).is_ok());
        if !sent {
            self.texts = None;
            notifier.send(AppEvent::InterviewerSpoke(Err("the interviewer's voice could not be started".into())));
        }
    }

    /// Stops reading: the user is answering.
    fn hush(&self) {
        self.hush.store(true, Ordering::Release);
    }
}

fn start_voice(notifier: Notifier, hush: Arc<AtomicBool>) -> Option<Sender<String>> {
    let (tx, texts) = std::sync::mpsc::channel::<String>();
    let spawned = notifier.spawn("interviewer", move |notifier| {
        let mut speaker = match crate::audio::speaker::Speaker::interruptible(hush) {
            Ok(s) => s,
            Err(e) => {
                notifier.send(AppEvent::InterviewerSpoke(Err(e.to_string())));
                return;
            }
        };
        for text in texts {
            let spoken =
                speaker.say_and_wait(&text, crate::audio::speaker::reading_limit(&text)).map_err(|e| e.to_string());
            let failed = spoken.is_err();
            notifier.send(AppEvent::InterviewerSpoke(spoken));
            if failed {
                return;
            }
        }
    });
    spawned.ok().map(|_| tx)
}

pub(super) fn start(app: &mut StarlingApp, setup: Setup) {
    if app.practice.is_active() || matches!(app.interview.stage, Stage::Running(_)) {
        return;
    }
    let sessions = match app.store().and_then(|s| s.list(&Filter::default())) {
        Ok(listing) => listing.sessions,
        Err(e) => return app.warn(format!("Cannot start the interview: {e}")),
    };
    let started = chrono::Local::now();
    let questions = draw(
        &app.bank,
        &app.library,
        &sessions,
        &app.settings.analysis,
        setup.questions,
        &setup.focus,
        started.timestamp() as u64,
    );
    if questions.is_empty() {
        return app.warn("No question to ask for that principle: add one of your own on the Questions screen.");
    }
    let run = InterviewRun::new(started.format("%Y-%m-%d %H:%M:%S").to_string(), questions, setup.follow_ups);
    app.interview.setup = setup.clone();
    app.interview.stage =
        Stage::Running(Box::new(RunningInterview { run, setup, step: Step::Reading, cut_in: false, ending: false }));
    ask_next(app);
}

/// Asks the next question or follow-up, or ends with the summary when all were asked.
pub(super) fn ask_next(app: &mut StarlingApp) {
    let voice = voice_wanted(app);
    let notifier = app.notifier();
    let ui = &mut app.interview;
    let Stage::Running(running) = &mut ui.stage else { return };
    let Some(prompt) = running.run.advance() else { return finish(app) };
    let text = prompt.text.clone();
    running.cut_in = false;
    running.step = if voice && running.setup.voice {
        app.interviewer_voice.say(&text, &notifier);
        Step::Reading
    } else {
        Step::Thinking { until: Some(Instant::now() + Duration::from_secs(think_s(running))) }
    };
    app.practice.problem = None;
    app.practice.live_words.clear();
    app.practice.markers.clear();
}

/// Records the answer to what is being asked.
pub(super) fn answer(app: &mut StarlingApp) {
    let Some(running) = app.interview.running() else { return };
    if running.step == Step::Answering {
        return;
    }
    if app.practice.is_active() {
        // An answer of Practice's is still being recorded or analyzed: the user starts this one.
        running.step = Step::Thinking { until: None };
        app.practice.problem = Some(crate::ui::common::recorder::Problem::Said(
            "An answer on Practice is still being analyzed: answer when it is done.".into(),
        ));
        return;
    }
    let info = running.run.answer_info();
    let analysis = running.run.answer_settings(&app.settings.analysis);
    app.interviewer_voice.hush();
    super::practice_jobs::start_recording_of(app, &info, analysis);
    let recording = app.practice.is_recording();
    if let Some(running) = app.interview.running() {
        running.step = if recording { Step::Answering } else { Step::Thinking { until: None } };
    }
}

pub(super) fn end(app: &mut StarlingApp) {
    let Some(running) = app.interview.running() else { return };
    if running.step == Step::Answering {
        // The answer under way is stopped and kept; the summary follows once it is analyzed.
        running.ending = true;
        return super::practice_jobs::stop_recording(app);
    }
    running.run.finish();
    finish(app);
}

/// The summary of the answers given, or back to the set-up if there were none.
fn finish(app: &mut StarlingApp) {
    let Stage::Running(running) = std::mem::replace(&mut app.interview.stage, Stage::Setup) else { return };
    app.interviewer_voice.hush();
    app.history.invalidate();
    if running.run.given.is_empty() {
        return app.tell("The interview ended before an answer was recorded.");
    }
    app.interview.stage = Stage::Summary { summary: running.run.summary(), id: running.run.id };
}

/// The answer to what was asked is analyzed (and indexed as session `id`): it joins the
/// interview, and the interviewer goes on.
pub(crate) fn on_answer(app: &mut StarlingApp, id: i64, report: Report) {
    let Stage::Running(mut running) = std::mem::replace(&mut app.interview.stage, Stage::Setup) else { return };
    let filed = app
        .store()
        .map_err(|e| e.to_string())
        .and_then(|store| running.run.answered(store, id, report, &FollowUpBank::builtin()).map_err(|e| e.to_string()));
    if let Err(e) = filed {
        app.warn(format!("The answer is kept in History but not linked to the interview: {e}"));
    }
    let ending = running.ending;
    if ending {
        running.run.finish();
    }
    app.interview.stage = Stage::Running(running);
    if ending {
        return finish(app);
    }
    ask_next(app);
    if app.screen != Screen::Interview {
        app.tell_with_action(
            "Your answer is analyzed; the interviewer goes on.",
            "Back to the interview",
            AppCommand::ShowScreen(Screen::Interview),
        );
    }
}

/// Each frame: the think countdown, an answer that ended without a report (discarded, failed,
/// cancelled: asked again), and the bar-raiser's cut-in.
pub(crate) fn poll(app: &mut StarlingApp) {
    let recorded_s = match &app.practice.phase {
        crate::ui::common::recorder::Phase::Recording { job, .. } => job.recorder().map(|r| r.recorded_s()),
        _ => None,
    };
    let active = app.practice.is_active();
    let voice = voice_wanted(app);
    let notifier = app.notifier();
    let ui = &mut app.interview;
    let Stage::Running(running) = &mut ui.stage else { return };
    match running.step {
        Step::Thinking { until: Some(t) } if Instant::now() >= t => answer(app),
        // Ended without a report (discarded, failed): asked again, or the summary if ending.
        Step::Answering if !active && running.ending => {
            running.run.finish();
            finish(app)
        }
        Step::Answering if !active => running.step = Step::Thinking { until: None },
        Step::Answering => {
            let main_question = running.run.current().is_some_and(|p| p.follow_up.is_none());
            if running.setup.wrap_up
                && main_question
                && !running.cut_in
                && recorded_s.is_some_and(|s| s >= WRAP_UP_AT_S)
            {
                running.cut_in = true;
                if voice && running.setup.voice {
                    app.interviewer_voice.say("Let's wrap up.", &notifier);
                }
            }
        }
        _ => {}
    }
}

/// The questions are read aloud unless the app was started silent (tests, `STARLING_SILENT`).
fn voice_wanted(app: &StarlingApp) -> bool {
    !app.config.silent && app.interview.voice_problem.is_none()
}

/// Seconds to think before recording starts: the user's for a question, a moment for a follow-up.
fn think_s(running: &RunningInterview) -> u64 {
    match running.run.current() {
        Some(p) if p.follow_up.is_some() => FOLLOW_UP_THINK_S.min(running.setup.think_s),
        _ => running.setup.think_s,
    }
}

/// The interviewer finished reading (or its voice failed: the questions are shown as text).
pub(crate) fn on_spoken(app: &mut StarlingApp, spoken: Result<(), String>) {
    if let Err(e) = spoken {
        log::warn!("the interviewer's voice: {e}");
        app.interview.voice_problem = Some(crate::ui::common::widgets::sentence(&e));
    }
    if let Some(running) = app.interview.running()
        && running.step == Step::Reading
    {
        running.step = Step::Thinking { until: Some(Instant::now() + Duration::from_secs(think_s(running))) };
    }
}

/// The summary of an earlier interview, from its answers' reports.
pub(super) fn open_past(app: &mut StarlingApp, interview: &str) {
    if matches!(app.interview.stage, Stage::Running(_)) {
        return app.warn("Finish or end the interview under way first.");
    }
    let filter = Filter { interview: Some(interview.to_string()), ..Filter::default() };
    let loaded = app.store().map_err(|e| e.to_string()).and_then(|store| {
        let mut sessions = store.list(&filter).map_err(|e| e.to_string())?.sessions;
        sessions.sort_by_key(|s| s.id);
        let mut given = Vec::new();
        for s in sessions {
            // An answer not analyzed (cut off) has no figures to sum.
            if let Ok(answer) = crate::sessions::open_answer(store, s.id) {
                given.push((
                    s.id,
                    s.question_text.clone().unwrap_or_else(|| s.display_title()),
                    s.follow_up_of.is_some(),
                    answer.report,
                ));
            }
        }
        Ok(given)
    });
    match loaded {
        Ok(given) if !given.is_empty() => {
            app.interview.stage =
                Stage::Summary { id: interview.to_string(), summary: crate::sessions::interview::summarize(&given) };
            app.screen = Screen::Interview;
        }
        Ok(_) => app.warn(format!("No analyzed answer of the interview of {interview} is left.")),
        Err(e) => app.warn(format!("Cannot open the interview of {interview}: {e}")),
    }
}
