//! Settings chosen in the window reach the work the window starts, and stay chosen.

mod common;

use std::time::Duration;

use common::ui::{harness, run_until, scripted, type_into};
use common::{STORY, speech};
use egui_kittest::kittest::Queryable;
use starling::settings::{Decoding, Settings};
use starling::ui::{Screen, StarlingApp};

/// A user on a slow laptop picks fast transcription; the next answer they import is decoded
/// greedily, and its report says so.
#[test]
fn fast_transcription_chosen_in_settings_decodes_the_next_answer_greedily() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let mut h = harness(StarlingApp::new(scripted(dir.path())));
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label_contains("Recommended: the fewest missed words");
    h.get_by_label("Transcription").click();
    h.run_steps(2);
    h.get_by_label("Fast (greedy)").click();
    h.run_steps(3);
    h.get_by_label_contains("Takes about a quarter less time");
    assert_eq!(Settings::load(dir.path()).unwrap().decoding, Decoding::Fast);

    h.get_by_label("History").click();
    h.run_steps(2);
    type_into(&mut h, "Import a recording", &wav.display().to_string());
    h.get_by_label("Import").click();
    h.run_steps(1);
    run_until(&mut h, "the imported answer's review", Duration::from_secs(60), |app| {
        app.screen() == Screen::Review && app.history().busy.is_empty()
    });
    let report = h.state().review().unwrap().report();
    assert_eq!(report.model.decoding.as_deref(), Some("greedy"));
}

/// Issue 39, item 4: a library.json with one trailing comma was silently replaced by the next
/// story the user added. The app keeps the damaged file aside, says where, and starts empty;
/// the stories in it are still on disk after a new one is saved.
#[test]
fn a_damaged_library_is_kept_aside_and_the_user_told_where() {
    // The real model: its "Model ... ready" message, sent once it has loaded, is what covered
    // the warning.
    let Some(model) = common::model_path() else { return };
    let dir = tempfile::tempdir().unwrap();
    common::ui::data_dir_with_model(dir.path(), &model);
    let config = starling::ui::AppConfig { silent: true, ..starling::ui::AppConfig::new(dir.path().to_path_buf()) };
    let damaged = br#"{"questions": [], "stories": [{"title": "Checkout outage", "situation": "launch day"},]}"#;
    std::fs::write(dir.path().join("library.json"), damaged).unwrap();
    let mut h = harness(StarlingApp::new(config));
    // The engine's "ready" message must not cover it (it did, so the user never saw it).
    run_until(&mut h, "the model", Duration::from_secs(60), |app| app.engine().is_some());
    h.run_steps(5);
    let notice = h.state().notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("was damaged") && notice.contains("library.json.damaged-"), "{notice}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("library.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), damaged, "kept byte for byte");
    // Saving the library now writes a new file beside the kept one.
    let mut library = starling::bank::Library::load(dir.path()).unwrap();
    library.stories.push(Default::default());
    library.save(dir.path()).unwrap();
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), damaged);
}
