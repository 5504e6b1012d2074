//! The mock interview screen: its set-up, then each question read (aloud where a voice exists),
//! a moment to think, the answer recorded with Practice's recorder, the follow-ups its
//! analysis called for, and one summary at the end. `sessions::interview_run` decides what is
//! asked; `interview_jobs` does what the screen asks for.

use std::time::Instant;

use egui::RichText;

use crate::analysis::{counted, format_clock};
use crate::sessions::interview::{FOLLOW_UP_TARGET_S, Focus, Summary, WRAP_UP_AT_S};
use crate::sessions::interview_run::InterviewRun;
use crate::ui::common::recorder::{Phase, Practice};
use crate::ui::context::{AppCommand, ScreenContext, Setup};

/// Where the current prompt stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// The interviewer is reading it aloud.
    Reading,
    /// Time to think; recording starts at `until` (None: when the user is ready).
    Thinking { until: Option<Instant> },
    /// Recording or being analyzed (Practice's recorder).
    Answering,
}

pub struct RunningInterview {
    pub run: InterviewRun,
    pub setup: Setup,
    pub step: Step,
    /// The interviewer said "Let's wrap up" during this answer.
    pub cut_in: bool,
    /// "End interview" was pressed while answering: the answer is stopped, kept, and then the
    /// summary shown.
    pub ending: bool,
}

pub enum Stage {
    Setup,
    Running(Box<RunningInterview>),
    /// The summary of an interview (just finished, or opened from History).
    Summary {
        id: String,
        summary: Summary,
    },
}

pub struct InterviewUi {
    pub setup: Setup,
    pub stage: Stage,
    /// Why the questions are not read aloud (no speech service), once it is known.
    pub voice_problem: Option<String>,
    /// Earlier interviews as the index held them at `revision`.
    earlier: Option<((u64, i64), Vec<Earlier>)>,
}

/// An earlier interview, for the set-up screen's list.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub id: String,
    pub answers: usize,
    pub follow_ups: usize,
    pub questions: Vec<String>,
}

impl Default for InterviewUi {
    fn default() -> Self {
        Self { setup: Setup::default(), stage: Stage::Setup, voice_problem: None, earlier: None }
    }
}

impl InterviewUi {
    /// An answer of the interview is being recorded or analyzed.
    pub fn is_answering(&self) -> bool {
        matches!(&self.stage, Stage::Running(r) if r.step == Step::Answering)
    }

    pub fn running(&mut self) -> Option<&mut RunningInterview> {
        match &mut self.stage {
            Stage::Running(r) => Some(r),
            _ => None,
        }
    }

    pub(crate) fn shortcuts(&mut self, egui_ctx: &egui::Context, practice: &mut Practice, ctx: &mut ScreenContext) {
        let Some(running) = self.running() else { return };
        match running.step {
            Step::Answering => practice.shortcuts(egui_ctx, ctx),
            Step::Thinking { .. } if egui_ctx.input(|i| i.key_pressed(egui::Key::Space)) => {
                ctx.send(AppCommand::InterviewAnswer)
            }
            _ => {}
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, practice: &mut Practice, ctx: &mut ScreenContext) {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match &mut self.stage {
            Stage::Setup => {
                setup_ui(&mut self.setup, self.voice_problem.as_deref(), ui, ctx);
                self.earlier_ui(ui, ctx);
            }
            Stage::Running(running) => running_ui(running, practice, self.voice_problem.as_deref(), ui, ctx),
            Stage::Summary { id, summary } => {
                if summary_ui(id, summary, ui, ctx) {
                    self.stage = Stage::Setup;
                }
            }
        });
    }
}

impl InterviewUi {
    /// Earlier interviews, newest first, each opening its summary.
    fn earlier_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
        let Ok(store) = &ctx.store else { return };
        let revision = store.revision();
        if self.earlier.as_ref().is_none_or(|(at, _)| *at != revision) {
            let sessions = store.list(&Default::default()).map(|l| l.sessions).unwrap_or_default();
            self.earlier = Some((revision, earlier_interviews(&sessions)));
        }
        let Some((_, earlier)) = &self.earlier else { return };
        if earlier.is_empty() {
            return;
        }
        ui.add_space(16.0);
        ui.separator();
        ui.strong("Earlier interviews");
        for e in earlier.iter().take(20) {
            ui.horizontal(|ui| {
                let what =
                    format!("{}: {} ({})", e.id, counted(e.answers, "answer"), counted(e.follow_ups, "follow-up"));
                if ui.button("Summary").on_hover_text(e.questions.join("\n")).clicked() {
                    ctx.send(AppCommand::OpenInterview(e.id.clone()));
                }
                ui.label(what);
                if let Some(first) = e.questions.first() {
                    ui.label(RichText::new(crate::ui::common::widgets::short(first, 70)).weak());
                }
            });
        }
    }
}

/// The interviews in the index, newest first.
pub fn earlier_interviews(sessions: &[crate::store::Session]) -> Vec<Earlier> {
    let mut out: Vec<Earlier> = Vec::new();
    let mut in_order: Vec<&crate::store::Session> = sessions.iter().filter(|s| s.interview.is_some()).collect();
    in_order.sort_by_key(|s| s.id);
    for s in in_order {
        let id = s.interview.clone().unwrap_or_default();
        let entry = match out.iter_mut().position(|e| e.id == id) {
            Some(i) => &mut out[i],
            None => {
                out.push(Earlier { id, answers: 0, follow_ups: 0, questions: Vec::new() });
                out.last_mut().expect("just pushed")
            }
        };
        entry.answers += 1;
        if s.follow_up_of.is_some() {
            entry.follow_ups += 1;
        } else {
            entry.questions.push(s.display_title());
        }
    }
    out.sort_by(|a, b| b.id.cmp(&a.id));
    out
}

fn setup_ui(setup: &mut Setup, voice_problem: Option<&str>, ui: &mut egui::Ui, ctx: &mut ScreenContext) {
    ui.heading("Mock interview");
    ui.label("The interviewer asks a few questions, gives you a moment to think, and records each answer. After each one it asks what a real interviewer would, from what your answer left out. At the end: one summary across your answers, and every answer in History.");
    ui.add_space(8.0);
    egui::Grid::new("interview_setup").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        ui.label("Questions");
        ui.add(egui::DragValue::new(&mut setup.questions).range(1..=8));
        ui.end_row();
        ui.label("Drawn from");
        let name = match &setup.focus {
            Focus::Across => "Across the principles".to_string(),
            Focus::Weakest => "The principles you practised least or worst".to_string(),
            Focus::Principle(p) => p.clone(),
        };
        egui::ComboBox::from_id_salt("interview_focus").selected_text(name).width(300.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut setup.focus, Focus::Across, "Across the principles");
            ui.selectable_value(&mut setup.focus, Focus::Weakest, "The principles you practised least or worst");
            ui.separator();
            for p in &ctx.bank.principles {
                ui.selectable_value(&mut setup.focus, Focus::Principle(p.name.clone()), &p.name);
            }
        });
        ui.end_row();
        ui.label("Follow-ups after each answer");
        ui.horizontal(|ui| {
            for n in 0..=2 {
                ui.radio_value(&mut setup.follow_ups, n, n.to_string());
            }
            ui.label(RichText::new(format!("each {}–{} s", FOLLOW_UP_TARGET_S.0, FOLLOW_UP_TARGET_S.1)).weak());
        });
        ui.end_row();
        ui.label("Time to think");
        ui.add(egui::DragValue::new(&mut setup.think_s).range(0..=120).suffix(" s"));
        ui.end_row();
        ui.label("Voice");
        ui.vertical(|ui| {
            ui.checkbox(&mut setup.voice, "Read the questions aloud");
            if let Some(why) = voice_problem {
                ui.label(
                    RichText::new(format!("{why}; the questions are shown as text.")).color(ui.visuals().warn_fg_color),
                );
            }
        });
        ui.end_row();
        ui.label("Bar-raiser drill");
        ui.checkbox(
            &mut setup.wrap_up,
            format!("The interviewer cuts in at {} (\"Let's wrap up\")", format_clock(WRAP_UP_AT_S)),
        );
        ui.end_row();
    });
    ui.add_space(10.0);
    let why_not = if ctx.engine().is_none() {
        Some("The speech model is not loaded yet: install or pick one in Settings.")
    } else if ctx.practice_active {
        Some("An answer is still being recorded or analyzed on Practice.")
    } else {
        None
    };
    ui.horizontal(|ui| {
        let start = ui.add_enabled(why_not.is_none(), egui::Button::new(RichText::new("Start interview").size(18.0)));
        if start.clicked() {
            ctx.send(AppCommand::StartInterview(Box::new(setup.clone())));
        }
        if let Some(why) = why_not {
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
        }
    });
}

fn running_ui(
    running: &mut RunningInterview,
    practice: &mut Practice,
    voice_problem: Option<&str>,
    ui: &mut egui::Ui,
    ctx: &mut ScreenContext,
) {
    let Some(prompt) = running.run.current().cloned() else { return };
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Mock interview · {} answered", running.run.given.len())).weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let hint = if running.step == Step::Answering {
                "Stop this answer, keep it, and see the summary of the answers given"
            } else {
                "Stop here and see the summary of the answers given so far"
            };
            let ending = ui.add_enabled(!running.ending, egui::Button::new("End interview"));
            if ending.on_hover_text(hint).clicked() {
                ctx.send(AppCommand::InterviewEnd);
            }
        });
    });
    ui.add_space(6.0);
    egui::Frame::group(ui.style()).fill(ui.visuals().extreme_bg_color).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&prompt.heading).strong());
        ui.label(RichText::new(&prompt.text).size(22.0));
        if let Some(follow_up) = &prompt.follow_up {
            ui.label(RichText::new(&follow_up.why).weak().italics());
        }
    });
    if let Some(why) = voice_problem.filter(|_| running.setup.voice) {
        ui.label(RichText::new(format!("{why}; the questions are shown as text.")).weak());
    }
    ui.add_space(8.0);
    if let Some(problem) = &practice.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem.to_string());
    }
    let target = if prompt.follow_up.is_some() { FOLLOW_UP_TARGET_S } else { ctx.settings.analysis.target_total_s };
    match running.step {
        Step::Reading => {
            ui.label(RichText::new("The interviewer is reading the question…").size(18.0));
            ask_buttons(ui, ctx, "Answer now");
        }
        Step::Thinking { until } => {
            match until {
                Some(until) => {
                    let left = until.saturating_duration_since(Instant::now()).as_secs_f64().ceil();
                    ui.label(RichText::new(format!("Think it through… recording starts in {left:.0} s")).size(18.0));
                }
                None => {
                    ui.label(
                        RichText::new(format!(
                            "Answer when you are ready: aim for {}–{}.",
                            format_clock(target.0),
                            format_clock(target.1)
                        ))
                        .size(18.0),
                    );
                }
            }
            ask_buttons(ui, ctx, "Answer now");
        }
        Step::Answering => {
            if running.cut_in {
                ui.label(
                    RichText::new("The interviewer: \"Let's wrap up.\"")
                        .size(20.0)
                        .strong()
                        .color(ui.visuals().warn_fg_color),
                );
            }
            if matches!(practice.phase, Phase::Ready) {
                ui.label("Starting…");
            }
            practice.live_controls(ui, ctx, target);
            ui.separator();
            practice.live_transcript(ui);
        }
    }
}

/// Answer now (Space), or pass the question over.
fn ask_buttons(ui: &mut egui::Ui, ctx: &mut ScreenContext, answer: &str) {
    ui.horizontal(|ui| {
        if ui.button(RichText::new(answer).size(18.0)).on_hover_text("Space").clicked() {
            ctx.send(AppCommand::InterviewAnswer);
        }
        if ui.button("Skip this one").clicked() {
            ctx.send(AppCommand::InterviewSkip);
        }
    });
}

/// The summary; true when the user asks for a new interview.
fn summary_ui(id: &str, s: &Summary, ui: &mut egui::Ui, ctx: &mut ScreenContext) -> bool {
    ui.heading(format!("Mock interview of {id}"));
    ui.label(format!("{} answers, {} spoken", s.answers.len(), format_clock(s.spoken_s)));
    ui.add_space(6.0);
    let pct = |v: Option<f64>| v.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "–".into());
    egui::Grid::new("interview_summary").striped(true).num_columns(6).spacing([14.0, 6.0]).show(ui, |ui| {
        for title in ["Question", "Length / target", "Words a minute", "Fillers a minute", "I share", ""] {
            ui.strong(title);
        }
        ui.end_row();
        for a in &s.answers {
            let question = crate::ui::common::widgets::short(&a.question, 80);
            ui.label(if a.follow_up { format!("   Follow-up: {question}") } else { question })
                .on_hover_text(&a.question);
            let within = a.spoken_s >= a.target_s.0 && a.spoken_s <= a.target_s.1;
            let length =
                format!("{} / {}–{}", format_clock(a.spoken_s), format_clock(a.target_s.0), format_clock(a.target_s.1));
            ui.label(if within {
                RichText::new(length)
            } else {
                RichText::new(length).color(ui.visuals().warn_fg_color)
            });
            ui.label(format!("{:.0}", a.wpm));
            ui.label(format!("{:.1}", a.fillers_per_minute));
            ui.label(pct(a.i_share));
            if ui.button("Open review").on_hover_text("Open this answer on Review").clicked() {
                ctx.send(AppCommand::OpenSession(a.session_id));
            }
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.label(format!(
        "Overall: {:.0} words a minute, {:.1} fillers a minute, {} of your I/we said I",
        s.wpm.unwrap_or(0.0),
        s.fillers_per_minute.unwrap_or(0.0),
        pct(s.i_share)
    ));
    if let Some(balance) = s.star_balance_text() {
        ui.label(format!("STAR balance of the main answers: {balance}"));
    }
    if !s.next_time.is_empty() {
        ui.add_space(6.0);
        ui.strong("Next time");
        for tip in &s.next_time {
            ui.label(format!("• {tip}"));
        }
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        let again = ui.button("New interview").clicked();
        if ui.button("Show in History").clicked() {
            ctx.send(AppCommand::ShowScreen(crate::ui::context::Screen::History));
        }
        again
    })
    .inner
}
