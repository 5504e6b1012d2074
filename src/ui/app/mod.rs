//! The app's state and its frame: apply worker events, handle shortcuts, draw the screen.
//!
//! Workers (model loading, recording and live transcription, downloads) send [`AppEvent`]s
//! over a channel and ask for a repaint; each frame applies them before drawing, so the UI
//! thread never waits on audio, whisper or the network.

mod access;
mod after_stop;
mod file_dialog;
mod interview_jobs;
mod nav;
mod practice_jobs;
mod session_jobs;
mod settings_jobs;
mod status;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::bank::{Library, Question, QuestionBank};
use crate::recording::FinishedAnswer;
use crate::settings::Settings;
use crate::store::Store;
use crate::transcribe::{Engine, Transcriber};
pub use status::FrameStats;

use crate::ui::common::recorder::{Phase, Practice, Problem};
use crate::ui::context::{AppCommand, AppConfig, AppEvent, EngineState, Notice, Notifier, Screen, ScreenContext};
use crate::ui::history::HistoryUi;
use crate::ui::interview::InterviewUi;
use crate::ui::questions::Browse;
use crate::ui::review::Review;
use crate::ui::settings::SettingsUi;
use crate::ui::stories::StoriesUi;

/// What a screen of the app `$app` sees this frame (its fields borrowed one by one, so the
/// screen's own state can be borrowed beside it); `$store_error` says why the session index is not open.
macro_rules! screen_context {
    ($app:ident, $store_error:expr) => {
        ScreenContext {
            bank: &$app.bank,
            library: &mut $app.library,
            question_id: $app.question_id.as_deref(),
            settings: &$app.settings,
            config: &$app.config,
            engine: &$app.engine,
            store: $app
                .store
                .as_ref()
                .ok_or_else(|| $store_error.clone().unwrap_or_else(|| "the session index is not open".to_string())),
            practice_active: $app.practice.is_active(),
            holds_navigation: $app.practice.holds_navigation(),
            unfinished_recordings: $app.history.unfinished.len(),
            analyzing_session: $app.practice.analyzing_session(),
            file_dialog_open: $app.file_dialog_open,
            commands: &mut $app.commands,
        }
    };
}
use screen_context;

pub struct StarlingApp {
    config: AppConfig,
    settings: Settings,
    bank: QuestionBank,
    library: Library,
    screen: Screen,
    question_id: Option<String>,
    engine: EngineState,
    practice: Practice,
    interview: InterviewUi,
    /// The interviewer's voice (a worker reading texts aloud), kept while the app runs.
    interviewer_voice: interview_jobs::InterviewerVoice,
    review: Option<Review>,
    store: Option<Store>,
    browse: Browse,
    settings_ui: SettingsUi,
    stories_ui: StoriesUi,
    history: HistoryUi,
    notice: Option<Notice>,
    /// A file dialog is open (on its own thread; History's import and Settings' model file).
    file_dialog_open: bool,
    frame_stats: FrameStats,
    events: Receiver<AppEvent>,
    notifier: Notifier,
    /// What was asked while drawing this frame, applied after it.
    commands: Vec<AppCommand>,
}

impl StarlingApp {
    pub fn new(config: AppConfig) -> Self {
        let (tx, events) = channel();
        let notifier = Notifier { tx, ctx: Arc::new(OnceLock::new()) };
        let (settings, library, notice) = crate::ui::context::load_user_files(&config.data_dir);
        let bank = QuestionBank::builtin();
        let question_id = settings
            .last_question
            .clone()
            .filter(|id| bank.question(&library, id).is_some())
            .or_else(|| bank.questions.first().map(|q| q.id.clone()));
        let mut app = Self {
            settings_ui: SettingsUi::new(&settings),
            config,
            settings,
            bank,
            library,
            screen: Screen::Practice,
            question_id,
            engine: EngineState::Missing(String::new()),
            practice: Practice::default(),
            interview: InterviewUi::default(),
            interviewer_voice: Default::default(),
            review: None,
            store: None,
            browse: Browse::default(),
            stories_ui: StoriesUi::default(),
            history: HistoryUi::default(),
            notice,
            file_dialog_open: false,
            frame_stats: FrameStats::default(),
            events,
            notifier,
            commands: Vec::new(),
        };
        app.load_engine(None);
        session_jobs::find_unfinished(&mut app);
        if matches!(app.engine, EngineState::Missing(_)) {
            app.screen = Screen::Welcome;
        }
        app
    }

    pub(crate) fn notifier(&self) -> Notifier {
        self.notifier.clone()
    }

    /// Finds the model (explicit path, STARLING_MODEL, settings, data folder) and loads it on a
    /// worker thread.
    pub(crate) fn load_engine(&mut self, path: Option<PathBuf>) {
        if let Some(transcriber) = &self.config.transcriber {
            self.engine = EngineState::Ready(transcriber.clone());
            return;
        }
        let resolved = match path {
            Some(p) => Ok(p),
            None => self.settings.resolve_model(None, Some(&self.config.data_dir)).map(|r| r.path),
        };
        let path = match resolved {
            Ok(p) => p,
            Err(crate::transcribe::TranscribeError::NoModel) => {
                self.engine = EngineState::Missing("No speech model is installed yet.".into());
                return;
            }
            Err(e) => {
                self.engine = EngineState::Failed(e.to_string());
                return;
            }
        };
        self.engine = EngineState::Loading(path.clone());
        let spawned = self.notifier().spawn("model-loader", move |notifier| {
            let result = Engine::load(&path).map(|e| Arc::new(e) as Arc<dyn Transcriber>).map_err(|e| e.to_string());
            notifier.send(AppEvent::Engine(result));
        });
        if let Err(e) = spawned {
            self.engine = EngineState::Failed(format!("cannot start the model loader: {e}"));
        }
    }

    pub(crate) fn question(&self) -> Option<&Question> {
        self.bank.question(&self.library, self.question_id.as_deref()?)
    }

    /// Asks for `command` after this frame: what a screen's context does, for the app's own bars,
    /// and how tests act on the app without reaching into its state.
    pub fn send(&mut self, command: AppCommand) {
        self.commands.push(command);
    }

    /// A passing message. It does not cover a standing problem with one of the user's files
    /// (a damaged library kept aside, with Open beside it): "Model ready" at start hid that.
    pub(crate) fn tell(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.notice.as_ref().is_some_and(|n| n.error && n.file.is_some()) {
            log::info!("{text}");
            return;
        }
        self.notice = Some(Notice { text, error: false, at: Instant::now(), file: None, action: None });
    }

    /// Says a file was written, where, with Open and Show in folder beside it.
    pub(crate) fn tell_saved(&mut self, path: &std::path::Path) {
        self.notice = Some(Notice {
            text: format!("Saved {}", path.display()),
            error: false,
            at: Instant::now(),
            file: Some(path.to_path_buf()),
            action: None,
        });
    }

    /// A message with a button that does the obvious next thing; it stays until used or dismissed.
    pub(crate) fn tell_with_action(&mut self, text: &str, button: &'static str, command: AppCommand) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
            at: Instant::now(),
            file: None,
            action: Some((button, command)),
        });
    }

    /// Shows a problem in the status bar and keeps it in the log, where a report of a fault
    /// starts.
    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        let text = crate::ui::common::widgets::sentence(&text.into());
        log::warn!("{text}");
        self.notice = Some(Notice { text, error: true, at: Instant::now(), file: None, action: None });
    }

    pub(crate) fn save_settings(&mut self) {
        if let Err(e) = self.settings.save(&self.config.data_dir) {
            self.warn(format!("settings not saved: {e}"));
        }
    }

    /// The session index, opened on first use; the error says why it cannot be.
    pub fn store(&mut self) -> Result<&Store, crate::store::StoreError> {
        let store = match self.store.take() {
            Some(store) => store,
            None => {
                let (store, set_aside) = crate::sessions::open_saved_store(
                    &self.settings,
                    &self.config.data_dir,
                    &self.bank,
                    &self.library,
                )?;
                if let Some(aside) = set_aside {
                    self.warn(format!(
                        "The session index was damaged: it was kept as {} and rebuilt from the session folders.",
                        aside.display()
                    ));
                }
                store
            }
        };
        Ok(self.store.insert(store))
    }

    /// Where recordings are kept now: the sessions folder the user chose, or the data folder's.
    pub(crate) fn sessions_folder(&self) -> PathBuf {
        crate::store::sessions_dir_in(&self.settings.sessions_root(&self.config.data_dir))
    }

    /// Keeps sessions in `folder` (None: the data folder) from now on. The new folder's index
    /// is opened (created if new) first, so a folder that cannot be used changes nothing.
    pub(crate) fn switch_sessions_folder(&mut self, folder: Option<PathBuf>) {
        let root = folder.clone().unwrap_or_else(|| self.config.data_dir.clone());
        match crate::sessions::open_store(&root, &self.bank, &self.library) {
            Ok((store, _)) => {
                self.store = Some(store);
                self.settings.sessions_folder = folder;
                self.save_settings();
                self.history = crate::ui::history::HistoryUi::default();
                session_jobs::find_unfinished(self);
                self.tell(format!("Sessions are now kept in {}", root.display()));
            }
            Err(e) => self.warn(format!("Cannot keep sessions in {}: {e}", root.display())),
        }
    }

    /// Makes `id` the question to practise (remembered for next time) and goes to Practice.
    pub(crate) fn choose_question(&mut self, id: String) {
        if self.question_id.as_ref() != Some(&id) && !self.practice.is_active() {
            // The last answer's words and markers belong to the last question.
            self.practice.live_words.clear();
            self.practice.markers.clear();
            self.practice.problem = None;
        }
        self.question_id = Some(id.clone());
        self.screen = Screen::Practice;
        if self.settings.last_question.as_ref() != Some(&id) {
            self.settings.last_question = Some(id);
            self.save_settings();
        }
    }

    /// Shows a finished answer on the review screen, with the question it answered.
    pub fn open_review(&mut self, answer: FinishedAnswer) {
        let question = match &answer.report.question {
            Some(q) => self.bank.question(&self.library, &q.id).cloned(),
            None => self.question().cloned(),
        };
        let device = self.settings.output_device.clone();
        self.review = Some(Review::new(answer, question, device.as_deref(), self.config.silent));
        self.screen = Screen::Review;
    }

    /// The window is closing: a recording in progress is stopped so its WAV header is written,
    /// and the story bank is saved in case a field still had focus.
    pub fn shut_down(&mut self) {
        if let Phase::Recording { job, .. } = &mut self.practice.phase {
            let markers = self.practice.markers.clone();
            if let Err(e) = job.stop(markers) {
                log::warn!("the recording had ended before the window closed: {e}");
            }
        }
        self.save_library();
    }

    pub(crate) fn save_library(&mut self) {
        if let Err(e) = self.library.save(&self.config.data_dir) {
            self.warn(format!("not saved: {e}"));
        }
    }

    fn apply_events(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            match event {
                AppEvent::Engine(Ok(engine)) => {
                    let name = engine.name();
                    self.engine = EngineState::Ready(engine);
                    // "Not ready yet" said before it loaded no longer holds.
                    if self.practice.problem == Some(Problem::ModelNotReady) {
                        self.practice.problem = None;
                    }
                    if self.screen == Screen::Welcome {
                        self.screen = Screen::Practice;
                    }
                    self.tell(format!("Model {name} ready"));
                }
                AppEvent::Engine(Err(e)) => self.engine = EngineState::Failed(e),
                AppEvent::Recording(event) => {
                    if let Some((id, report)) = practice_jobs::on_recording_event(self, event) {
                        interview_jobs::on_answer(self, id, report);
                    }
                }
                AppEvent::Download { name, progress } => self.settings_ui.on_progress(name, progress),
                AppEvent::DownloadDone { name, result } => settings_jobs::download_done(self, name, result),
                AppEvent::FilePicked { purpose, path } => file_dialog::on_file_picked(self, purpose, path),
                AppEvent::SessionReady { label, result } => session_jobs::on_session_ready(self, label, result),
                AppEvent::InterviewerSpoke(spoken) => interview_jobs::on_spoken(self, spoken),
            }
        }
    }

    /// Carries out what was asked while the frame was drawn, in the order asked.
    /// Every command by name, no wildcard arm: a command nobody handles is a compile error.
    fn apply_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            match command {
                AppCommand::ChooseQuestion(id) => self.choose_question(id),
                AppCommand::ShowScreen(screen) => self.show_screen(screen),
                AppCommand::SaveLibrary => self.save_library(),
                AppCommand::Tell(text) => self.tell(text),
                AppCommand::Warn(text) => self.warn(text),
                AppCommand::TellSaved(path) => self.tell_saved(&path),
                AppCommand::ReportEdited { wav, report } => self.reindex(&wav, &report),
                AppCommand::OpenSession(id) => session_jobs::open_session(self, id),
                AppCommand::AnalyzeSession(id) => session_jobs::analyze(self, id),
                AppCommand::Import(path) => session_jobs::import(self, path),
                AppCommand::PickFile(purpose) => file_dialog::pick_file(self, purpose),
                AppCommand::ChangeSettings(settings) => settings_jobs::apply_settings(self, *settings),
                AppCommand::UseModelFile(path) => settings_jobs::use_model_file(self, path),
                AppCommand::Download(name) => settings_jobs::start_download(self, name),
                AppCommand::SwitchSessionsFolder(folder) => self.switch_sessions_folder(folder),
                AppCommand::StartRecording => practice_jobs::start_recording(self),
                AppCommand::StopRecording => practice_jobs::stop_recording(self),
                AppCommand::DiscardRecording => practice_jobs::discard_recording(self),
                AppCommand::CancelAnalysis => after_stop::cancel_analysis(self),
                AppCommand::StartInterview(setup) => interview_jobs::start(self, *setup),
                AppCommand::InterviewAnswer => interview_jobs::answer(self),
                AppCommand::InterviewSkip => interview_jobs::ask_next(self),
                AppCommand::InterviewEnd => interview_jobs::end(self),
                AppCommand::OpenInterview(id) => interview_jobs::open_past(self, &id),
            }
        }
    }

    /// The history's figures follow an edited report (sections moved or relabelled).
    fn reindex(&mut self, wav: &std::path::Path, report: &crate::analysis::Report) {
        let indexed = self.store().and_then(|store| match store.session_for_audio(wav)? {
            Some(id) => store.set_report(id, report),
            None => Ok(()),
        });
        match indexed {
            Ok(()) => self.history.invalidate(),
            Err(e) => self.warn(format!("The edit is saved beside the recording but not in the history: {e}")),
        }
    }

    /// Switches screens unless a recording is under way (or there is no answer to review).
    /// Goes to `screen` as the navigation bar does: not while a recording holds the screen, and
    /// not to Review with nothing to review.
    pub fn show_screen(&mut self, screen: Screen) {
        if !self.practice.holds_navigation() && (screen != Screen::Review || self.review.is_some()) {
            self.screen = screen;
        }
    }

    /// Draws one frame. The eframe window and the UI tests both call this.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        if self.notifier.ctx.set(ui.ctx().clone()).is_ok() {
            // The first frame: the colours every text is checked against (see `theme`), and
            // the text size the user last chose.
            crate::ui::common::theme::apply(self.settings.theme, ui.ctx());
            if (0.5..=3.0).contains(&self.settings.zoom) {
                ui.ctx().set_zoom_factor(self.settings.zoom);
            }
        } else if (ui.ctx().zoom_factor() - self.settings.zoom).abs() > 0.01 {
            // egui's Ctrl + / Ctrl - / Ctrl 0 changed it: remembered for next time.
            self.settings.zoom = ui.ctx().zoom_factor();
            self.save_settings();
        }
        self.apply_events();
        practice_jobs::poll(self);
        interview_jobs::poll(self);
        self.shortcuts(ui.ctx());
        // A recording dropped on the window is imported, as History's Import does.
        for path in ui.ctx().input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect::<Vec<_>>()) {
            self.commands.push(AppCommand::Import(path));
        }

        egui::Panel::top("nav").show(ui, |ui| self.nav_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| status::status_bar(self, ui));
        // The session index is opened for the screens that read it; why not, if it cannot be.
        let store_error = match self.screen {
            Screen::History => self.store().err().map(|e| e.to_string()),
            _ => None,
        };
        egui::CentralPanel::default().show(ui, |ui| match self.screen {
            Screen::Welcome => {
                crate::ui::settings::welcome(&mut self.settings_ui, ui, &mut screen_context!(self, &store_error))
            }
            Screen::Questions => self.browse.ui(ui, &mut screen_context!(self, &store_error)),
            Screen::Practice => self.practice.ui(ui, &mut screen_context!(self, &store_error)),
            Screen::Interview => {
                let mut ctx = screen_context!(self, &store_error);
                self.interview.ui(ui, &mut self.practice, &mut ctx)
            }
            Screen::Review => match &mut self.review {
                Some(review) => review.ui(ui, &mut screen_context!(self, &store_error)),
                None => {
                    ui.label("Record an answer to review it here.");
                }
            },
            Screen::History => self.history.ui(ui, &mut screen_context!(self, &store_error)),
            Screen::Stories => self.stories_ui.ui(ui, &mut screen_context!(self, &store_error)),
            Screen::Settings => self.settings_ui.ui(ui, &mut screen_context!(self, &store_error)),
        });
        self.apply_commands();

        // Live views (meter, timer, playhead) redraw at 30 fps; otherwise egui sleeps.
        if self.practice.is_active()
            || self.practice.mic.is_listening()
            || self.interview.running().is_some()
            || self.review.as_ref().is_some_and(|r| r.player.is_playing())
        {
            ui.ctx().request_repaint_after(Duration::from_millis(33));
        }
        self.frame_stats.push(started.elapsed().as_secs_f64());
    }
}

pub(crate) fn file_name(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}

#[cfg(test)]
mod tests;
