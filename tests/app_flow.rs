//! The desktop app's flows, driven through egui_kittest as a user would: by labels, clicks and
//! keys. Recording uses a synthetic source fed through the real recorder (ring buffer, writer
//! thread, WAV on disk). A scripted transcriber stands in for whisper, so every flow runs on
//! every `cargo test`; the main flow runs again with the real model where one is given.

mod common;

use std::path::Path;
use std::time::Duration;

use common::ui::{data_dir_with_model, harness, recorded, run_until, sample_source, scripted, type_into};
use common::{STORY, model_path, speech};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::audio::capture::CaptureSource;
use starling::settings::Settings;
use starling::ui::context::AppCommand;
use starling::ui::{AppConfig, Screen, StarlingApp};

#[test]
fn choose_record_stop_review_and_seek_from_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    record_review_and_seek(
        AppConfig { capture_override: Some(sample_source(&wav, 3.0)), ..scripted(dir.path()) },
        &wav,
    );
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn choose_record_stop_review_and_seek_with_the_whisper_model() {
    let Some(model) = model_path() else { return };
    let dir = tempfile::tempdir().unwrap();
    data_dir_with_model(dir.path(), &model);
    let wav = speech("story", STORY, 16_000, 1);
    record_review_and_seek(
        AppConfig {
            capture_override: Some(sample_source(&wav, 3.0)),
            silent: true,
            ..AppConfig::new(dir.path().to_path_buf())
        },
        &wav,
    );
}

fn record_review_and_seek(config: AppConfig, wav: &Path) {
    let audio_s = hound::WavReader::open(wav).unwrap().duration() as f64 / 16_000.0;
    let mut h = harness(StarlingApp::new(config));
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    // A pace band of the user's own; reset on Settings later, while the review is open.
    let mut settings = h.state().settings().clone();
    settings.analysis.wpm_band = (100.0, 180.0);
    h.state_mut().send(AppCommand::ChangeSettings(Box::new(settings)));
    h.run_steps(1);

    // Choose a question by searching the bank.
    h.get_by_label("Questions").click();
    h.run_steps(2);
    type_into(&mut h, "Search", "broke production");
    assert_eq!(h.state().browse().query, "broke production");
    h.get_by_label_contains("broke production").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Practice);
    assert_eq!(h.state().question_id(), Some("bank-06"));
    h.get_by_label_contains("What they listen for");

    // Record; mark the Action section with its key part-way through; stop at the end.
    h.get_by_label("Record").click();
    h.run_steps(2);
    assert!(h.state().practice().is_recording(), "recording started: {:?}", h.state().practice().problem);
    run_until(&mut h, "half the answer", Duration::from_secs(30), |app| recorded(app) > audio_s * 0.4);
    h.key_press(egui::Key::A);
    h.run_steps(1);
    assert_eq!(h.state().practice().markers.len(), 1, "the A key marks the Action section");
    run_until(&mut h, "the whole answer", Duration::from_secs(30), |app| recorded(app) > audio_s + 0.5);
    h.get_by_label("Stop").click();
    run_until(&mut h, "the report", Duration::from_secs(60), |app| app.screen() == Screen::Review);

    // The report is on screen and was saved beside the recording.
    let review = h.state().review().unwrap();
    assert!(review.report().star.manual_boundaries, "the marker became a hard boundary");
    assert!(review.report().words.len() > 20, "{} words", review.report().words.len());
    assert!(review.answer.wav.is_file() && starling::store::report_file::path_for(&review.answer.wav).is_file());
    h.get_by_label("Findings");
    h.get_by_label("STAR balance");
    h.get_by_label_contains("words per minute");
    // How it sounded: the pitch under the timeline and the Delivery block.
    assert!(review_has_pitch(&h), "a pitch contour for the Review's strip");
    h.get_by_label("Delivery");
    h.get_by_label_contains("words between pauses on average");

    // Clicking a timed finding moves the playhead there.
    let (finding, start) = {
        let r = h.state().review().unwrap().report();
        let f = r
            .findings
            .iter()
            .find(|f| f.span.is_some_and(|s| s.start > 1.0))
            .unwrap_or_else(|| panic!("a timed finding in {:#?}", r.findings));
        (f.message.clone(), f.span.unwrap().start)
    };
    assert_eq!(h.state().review().unwrap().player.position_s(), 0.0);
    h.get_by_label_contains(&finding).click();
    h.run_steps(2);
    let pos = h.state().review().unwrap().player.position_s();
    assert!((pos - start).abs() < 0.01, "playhead {pos} should be at {start}");
    h.get_by_label_contains(&format!("{} /", starling::ui::widgets::clock_tenths(start)));

    // The "next time" card leads the report; a tip with a time plays the words it quotes.
    h.get_by_label("Next time");
    let tip = h.state().review().unwrap().report().coaching.next_time.first().cloned().expect("a tip for this answer");
    h.get_by_label(&tip.text).click();
    h.run_steps(2);
    if let Some(t) = tip.start {
        assert!(
            (h.state().review().unwrap().player.position_s() - t).abs() < 0.01,
            "the tip {:?} seeks to {t}",
            tip.text
        );
    }

    // Clicking a word seeks to it; relabelling a section recomputes the report.
    let word = h.state().review().unwrap().report().words[5].clone();
    h.get_all_by_label(&word.text).next().unwrap().click();
    h.run_steps(2);
    let pos = h.state().review().unwrap().player.position_s();
    assert!(
        h.state().review().unwrap().report().words.iter().any(|w| w.text == word.text && (w.start - pos).abs() < 0.01)
    );
    let labels_before: Vec<_> = h.state().review().unwrap().report().star.sections.iter().map(|s| s.label).collect();
    let relabel =
        starling::ui::review::edits::ReviewCommand::Relabel { section: 0, label: starling::analysis::StarLabel::Task };
    h.state_mut().review_mut().unwrap().edits.push(relabel);
    h.run_steps(2);
    let labels = |h: &Harness<'static, StarlingApp>| {
        h.state().review().unwrap().report().star.sections.iter().map(|s| s.label).collect::<Vec<_>>()
    };
    let labels_after = labels(&h);
    assert_eq!(labels_after[0], starling::analysis::StarLabel::Task, "before {labels_before:?}");

    // Undo puts the sections back, on screen and in the saved file; redo makes the edit again.
    let report_file = starling::store::report_file::path_for(&h.state().review().unwrap().answer.wav);
    let saved = || starling::store::report_file::read(&report_file).unwrap();
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_eq!(labels(&h), labels_before);
    assert_eq!(
        saved().star.sections.iter().map(|s| s.label).collect::<Vec<_>>(),
        labels_before,
        "the file follows the undo"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(labels(&h), labels_after, "Ctrl+Shift+Z redoes");

    // Corrections: a misheard word and a filler; both saved, both kept by a later section edit,
    // and undone one at a time.
    use starling::ui::review::edits::ReviewCommand;
    let word =
        h.state().review().unwrap().report().words.iter().position(|w| !w.filler && w.text.len() > 3).expect("a word");
    h.state_mut().review_mut().unwrap().edits.push(ReviewCommand::FixWord { word, text: "Kubernetes".into() });
    h.run_steps(2);
    h.state_mut().review_mut().unwrap().edits.push(ReviewCommand::MarkFiller { word: word + 1, filler: true });
    h.run_steps(2);
    let r = h.state().review().unwrap().report().clone();
    assert_eq!(r.words[word].text, "Kubernetes");
    assert!(r.words[word + 1].filler);
    assert_eq!(saved().corrections, r.corrections, "the corrections are in the saved report");
    h.state_mut()
        .review_mut()
        .unwrap()
        .edits
        .push(ReviewCommand::Relabel { section: 0, label: starling::analysis::StarLabel::Situation });
    h.run_steps(2);
    assert_eq!(
        h.state().review().unwrap().report().words[word].text,
        "Kubernetes",
        "a section edit keeps the correction"
    );
    h.get_by_label("Undo").click();
    h.run_steps(2);
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert!(!h.state().review().unwrap().report().words[word + 1].filler, "undo takes the filler back");
    assert_eq!(h.state().review().unwrap().report().words[word].text, "Kubernetes");
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_ne!(h.state().review().unwrap().report().words[word].text, "Kubernetes", "and then the word");

    // An "um" the transcript missed, added on the timeline between two words, and undone.
    let (fillers_before, gap) = {
        let r = h.state().review().unwrap().report();
        let gap = r
            .words
            .windows(2)
            .map(|w| (w[0].end, w[1].start))
            .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
            .unwrap();
        (r.fillers.count, gap)
    };
    h.state_mut().review_mut().unwrap().edits.push(ReviewCommand::MarkSound {
        start: gap.0 + 0.01,
        end: gap.1 - 0.01,
        filler: true,
    });
    h.run_steps(2);
    assert_eq!(h.state().review().unwrap().report().fillers.count, fillers_before + 1);
    assert_eq!(saved().corrections.sounds.len(), 1, "saved with the answer");
    h.get_by_label("Undo").click();
    h.run_steps(2);
    assert_eq!(h.state().review().unwrap().report().fillers.count, fillers_before);

    // Thresholds reset on Settings: the open review is judged again by them at once.
    assert_eq!(h.state().review().unwrap().report().settings.wpm_band, (100.0, 180.0), "judged by the user's band");
    // A tall window, so the thresholds (far down Settings) are on screen.
    h.set_size(egui::vec2(1280.0, 2400.0));
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label("Reset thresholds").click();
    h.run_steps(3);
    h.set_size(egui::vec2(1280.0, 820.0));
    let default_band = starling::analysis::AnalysisSettings::default().wpm_band;
    assert_eq!(h.state().settings().analysis.wpm_band, default_band);
    assert_eq!(
        h.state().review().unwrap().report().settings.wpm_band,
        default_band,
        "the review follows the new thresholds"
    );
    h.get_by_label("Review").click();
    h.run_steps(2);

    // Another question picked elsewhere; "Practise again" is about this answer's question.
    h.state_mut().send(AppCommand::ChooseQuestion("bank-01".into()));
    h.run_steps(1);
    h.get_by_label("Review").click();
    h.run_steps(2);
    assert_eq!(h.state().question_id(), Some("bank-01"));
    h.get_by_label("Practise again").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Practice);
    assert_eq!(h.state().question_id(), Some("bank-06"));
}

#[test]
fn a_missing_input_device_is_explained_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig {
        capture_override: Some(CaptureSource::Device(Some("no such microphone".into()))),
        ..scripted(dir.path())
    };
    let mut h = harness(StarlingApp::new(config));
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    h.key_press(egui::Key::Space);
    h.run_steps(2);
    assert!(!h.state().practice().is_recording());
    h.get_by_label_contains("\"no such microphone\" not found");
    let sessions = dir.path().join("sessions");
    let left = std::fs::read_dir(&sessions).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "no empty session folder is left behind");
}

#[test]
fn first_run_without_a_model_offers_the_download_and_reports_a_failed_one() {
    let dir = tempfile::tempdir().unwrap();
    // A server that answers every request with a few bytes that are not the model.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            use std::io::{Read, Write};
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nnot a model");
        }
    });
    // SAFETY: set before the app starts any thread; no other test in this binary reads it.
    unsafe { std::env::set_var("STARLING_MODEL_BASE_URL", format!("http://{addr}")) };
    let mut h = harness(StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.path().to_path_buf()) }));
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Welcome);
    h.get_by_label_contains("needs a speech model");
    h.get_by_label("Download tiny.en").click();
    h.run_steps(1);
    assert!(!h.state().settings_ui().downloads.is_empty(), "the download started");
    run_until(&mut h, "the download to fail", Duration::from_secs(30), |app| app.settings_ui().downloads.is_empty());
    h.get_by_label_contains("Download of tiny.en failed");
    // Beside the button, in a user's words, with a way to try again and another way in.
    h.get_by_label_contains("not the expected model");
    h.get_by_label("Try tiny.en again");
    h.get_by_label("Choose a model file…");
    assert!(h.state().engine().is_none());
    assert!(!dir.path().join("models").join("ggml-tiny.en.bin").exists(), "a bad download is never installed");
}

#[test]
fn add_a_question_and_a_story_and_link_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.path().to_path_buf()) }));
    h.run_steps(2);
    h.get_by_label("Questions").click();
    h.run_steps(2);
    type_into(&mut h, "Question", "Tell me about a time you mentored a new engineer.");
    h.get_by_label("Add question").click();
    h.run_steps(2);
    type_into(&mut h, "Search", "mentored");
    h.get_by_label("Tell me about a time you mentored a new engineer.");

    h.get_by_label("Stories").click();
    h.run_steps(2);
    type_into(&mut h, "New story", "Onboarding revamp");
    h.get_by_label("Add story").click();
    h.run_steps(2);
    h.get_by_label("Ownership").click();
    h.run_steps(2);
    let lib = starling::bank::Library::load(dir.path()).unwrap();
    assert_eq!(lib.questions.len(), 1);
    assert_eq!(lib.stories.len(), 1);
    assert_eq!(lib.stories[0].title, "Onboarding revamp");
    assert_eq!(lib.stories[0].principles, vec!["Ownership".to_string()]);

    // Deleting asks first.
    h.get_by_label("Delete story").click();
    h.run_steps(2);
    h.get_by_label("Keep it").click();
    h.run_steps(2);
    assert_eq!(starling::bank::Library::load(dir.path()).unwrap().stories.len(), 1);
    h.get_by_label("Delete story").click();
    h.run_steps(2);
    h.get_by_label("Delete").click();
    h.run_steps(2);
    assert!(starling::bank::Library::load(dir.path()).unwrap().stories.is_empty());
    assert!(h.query_by_label("Delete story").is_none());
}

/// Screens ask the app for navigation and question choices as commands applied after the
/// frame: Ctrl+number switches screens (not to Review with no answer), and a question picked
/// on the Questions screen opens Practice on it and is remembered.
#[test]
fn navigation_and_question_choice_go_through_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(StarlingApp::new(scripted(dir.path())));
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Questions);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Questions, "no answer to review yet");
    let question = h.state().bank().questions[4].clone();
    h.get_by_label(&question.text).click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Practice);
    assert_eq!(h.state().question_id(), Some(question.id.as_str()));
    assert_eq!(Settings::load(dir.path()).unwrap().last_question.as_deref(), Some(question.id.as_str()));
}

/// A question from the notes template that came with the app shows what the interviewer listens
/// for and tips like every other, and its paired story as the template's idea, not as a note
/// this user wrote.
#[test]
fn a_notes_template_question_is_coached_and_its_story_is_not_called_yours() {
    let dir = tempfile::tempdir().unwrap();
    let config = scripted(dir.path());
    Settings { last_question: Some("notes-02".into()), ..Settings::load(dir.path()).unwrap() }
        .save(dir.path())
        .unwrap();
    let mut app = StarlingApp::new(config);
    app.show_screen(Screen::Practice);
    let question = app.bank().questions.iter().find(|q| q.id == "notes-02").unwrap().clone();
    let mut h = harness(app);
    h.run_steps(2);
    h.get_by_label(&question.text);
    h.get_by_label("What they listen for");
    h.get_by_label(&question.testing);
    for tip in &question.tips {
        h.get_by_label(&format!("• {tip}"));
    }
    h.get_by_label("Story idea from the notes template");
    assert!(h.query_by_label("Your note").is_none());
}

/// With no model, Practice's Record button is disabled and says why beside it.
#[test]
fn record_says_why_it_cannot_start() {
    let dir = tempfile::tempdir().unwrap();
    Settings { last_question: Some("bank-06".into()), ..Settings::default() }.save(dir.path()).unwrap();
    let mut app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.path().to_path_buf()) });
    // No model installed (no STARLING_MODEL either: the first-run tests assume it too).
    app.show_screen(Screen::Practice);
    let mut h = harness(app);
    h.run_steps(2);
    h.get_by_label_contains("The speech model is not loaded yet");
    h.key_press(egui::Key::Space);
    h.run_steps(2);
    assert!(!h.state().practice().is_recording());
}

/// Ctrl + enlarges text and controls and Settings makes the window light; the next start keeps both.
#[test]
fn text_size_and_theme_are_chosen_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(StarlingApp::new(scripted(dir.path())));
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run_steps(3);
    let zoom = Settings::load(dir.path()).unwrap().zoom;
    assert!(zoom > 1.05, "saved zoom {zoom}");
    // The light theme, chosen in Settings.
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label("Theme").click();
    h.run_steps(2);
    h.get_by_label("Light").click();
    h.run_steps(3);
    assert!(!h.ctx.global_style().visuals.dark_mode, "the window is light at once");
    assert_eq!(Settings::load(dir.path()).unwrap().theme, starling::settings::ThemeChoice::Light);
    let mut again = harness(StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.path().to_path_buf()) }));
    again.run_steps(2);
    assert!((again.ctx.zoom_factor() - zoom).abs() < 0.01, "{} vs {zoom}", again.ctx.zoom_factor());
    assert!(!again.ctx.global_style().visuals.dark_mode, "and light on the next start");
}

/// Import two recordings from the History screen, compare the second with the first, rename
/// it, and delete the first after confirming.
#[test]
fn history_imports_compares_renames_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let mut h = harness(StarlingApp::new(scripted(dir.path())));
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    h.get_by_label("History").click();
    h.run_steps(2);
    h.get_by_label_contains("No sessions yet");

    for attempt in 1..=2 {
        type_into(&mut h, "Import a recording", &wav.display().to_string());
        h.get_by_label("Import").click();
        h.run_steps(1);
        run_until(&mut h, "the imported answer's review", Duration::from_secs(60), |app| {
            app.screen() == Screen::Review && app.history().busy.is_empty()
        });
        assert!(h.state().review().unwrap().report().words.len() > 20);
        h.get_by_label("History").click();
        h.run_steps(2);
        assert_eq!(h.state().history().sessions().len(), attempt);
    }
    // The newest is selected (it was just imported); the one before is its previous attempt.
    let (newest, oldest) = (h.state().history().sessions()[0].id, h.state().history().sessions()[1].id);
    assert_eq!(h.state().history().selected, Some(newest));
    h.get_by_label("Against the previous attempt");
    h.get_by_label("Previous");
    h.get_by_label("This one");
    assert_eq!(h.get_all_by_label("about the same").count(), 6, "the same recording twice: nothing moved");

    type_into(&mut h, "Name", "Second try");
    h.get_by_label("Export HTML").click(); // moves focus away, which saves the name
    h.run_steps(2);
    let store = starling::store::Store::open(dir.path()).unwrap();
    assert_eq!(store.get(newest).unwrap().title.as_deref(), Some("Second try"));
    h.get_by_label("Second try");
    // Where the export went, with a way to open it or its folder; it stays until dismissed.
    let saved = h.state().notice().and_then(|n| n.file.clone()).expect("the notice names the file");
    assert!(saved.is_file() && saved.extension().is_some_and(|e| e == "html"), "{}", saved.display());
    h.get_by_label_contains(&format!("Saved {}", saved.display()));
    h.get_by_label("Open");
    h.get_by_label("Show in folder");

    // Choose the older one and delete it, saying no first.
    h.get_by_label("Open the previous attempt").click();
    h.run_steps(2);
    assert_eq!(h.state().history().selected, Some(oldest));
    h.get_by_label("Delete…").click();
    h.run_steps(2);
    h.get_by_label("Keep it").click();
    h.run_steps(2);
    assert!(store.get(oldest).is_ok());
    let folder = store.folder_path(&store.get(oldest).unwrap());
    h.get_by_label("Delete…").click();
    h.run_steps(2);
    h.get_by_label("Delete").click();
    h.run_steps(3);
    assert!(store.get(oldest).is_err() && !folder.exists(), "the session and its files are gone");
    assert_eq!(h.state().history().sessions().len(), 1);
}

/// The app died mid-answer last time: on start it says so, and History analyzes the audio.
#[test]
fn a_cut_off_recording_is_offered_for_analysis_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    {
        // A recording whose header was never finished: the data chunk claims nothing.
        let store = starling::store::Store::open(dir.path()).unwrap();
        let (_, folder) = store.new_session(&Default::default()).unwrap();
        let mut bytes = std::fs::read(&wav).unwrap();
        bytes[40..44].copy_from_slice(&0u32.to_le_bytes());
        std::fs::write(folder.join(starling::store::AUDIO_FILE), bytes).unwrap();
    }
    let mut h = harness(StarlingApp::new(scripted(dir.path())));
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    h.get_by_label_contains("cut off before it could be analyzed");
    h.get_by_label("Show in History").click();
    h.run_steps(2);
    h.get_by_label("Unfinished recordings");
    h.get_by_label("Analyze").click();
    run_until(&mut h, "the recovered answer's review", Duration::from_secs(60), |app| app.screen() == Screen::Review);
    assert!(h.state().review().unwrap().report().words.len() > 20);
    assert!(h.state().history().unfinished.is_empty());
}

#[test]
fn settings_show_the_end_of_the_log_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        starling::logging::log_path(dir.path()),
        "2026-11-26T10:00:00Z [INFO] starling 0.1.0 started\n2026-11-26T10:00:01Z [ERROR] cannot write the report\n",
    )
    .unwrap();
    // Tall enough that the Diagnostics section, near the end of Settings, is on screen.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .build_ui_state(|ui, app: &mut StarlingApp| app.show(ui), StarlingApp::new(scripted(dir.path())));
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label_contains(&format!("Log file: {}", starling::logging::log_path(dir.path()).display()));
    h.get_by_label("Show log").click();
    h.run_steps(2);
    h.get_by_label_contains("[ERROR] cannot write the report");
    h.get_by_label("Hide log").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("[ERROR] cannot write the report").is_none());
}

/// Before the first answer Practice offers the microphone check: three seconds heard, the
/// level judged in words, played back; done once, it is not offered again.
#[test]
fn the_microphone_check_hears_the_voice_and_is_offered_once() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let config = AppConfig { capture_override: Some(sample_source(&wav, 1.0)), ..scripted(dir.path()) };
    let mut h = harness(StarlingApp::new(config));
    h.run_steps(2);
    h.get_by_label_contains("Before your first answer");
    h.get_by_label("Check microphone now").click();
    h.run_steps(2);
    assert!(h.state().practice().mic.is_listening());
    h.get_by_label_contains("Say a sentence");
    run_until(&mut h, "the check", Duration::from_secs(20), |app| app.practice().mic.verdict().is_some());
    assert_eq!(
        h.state().practice().mic.verdict(),
        Some(starling::audio::level_check::LevelVerdict::Good),
        "espeak's voice at a normal level"
    );
    h.get_by_label_contains("The level is good");
    h.get_by_label("Play it back");
    assert!(Settings::load(dir.path()).unwrap().mic_checked);
    assert!(!dir.path().join("microphone-check.wav").exists(), "the scratch recording is gone");
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Before your first answer").is_none());
    assert!(h.query_by_label("Microphone check").is_none());
}

fn review_has_pitch(h: &egui_kittest::Harness<'_, StarlingApp>) -> bool {
    let pitch = &h.state().review().unwrap().report().delivery.pitch;
    pitch.median_hz.is_some() && pitch.contour.iter().flatten().count() > 100
}
