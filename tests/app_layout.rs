//! Layouts at the smallest window Starling supports (800x600), checked on egui's own layout:
//! nothing the user needs runs off the right edge, and a tag is never squeezed into one letter
//! per line (the walk-through's "D/e/l/i/v/e/r").

mod common;

use std::time::Duration;

use common::ui::{recorded, run_until, sample_source, scripted};
use common::{STORY, speech};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use starling::ui::{AppConfig, StarlingApp};

const WIDTH: f32 = 800.0;

fn small_window(dir: &std::path::Path) -> Harness<'static, StarlingApp> {
    small_window_of(StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.to_path_buf()) }))
}

fn small_window_of(app: StarlingApp) -> Harness<'static, StarlingApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(WIDTH, 600.0))
        .build_ui_state(|ui, app: &mut StarlingApp| app.show(ui), app);
    h.run_steps(2);
    h
}

#[test]
fn the_questions_screen_fits_800_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = small_window(dir.path());
    h.get_by_label("Questions").click();
    h.run_steps(3);
    let add = h.get_by_label("Add question").rect();
    assert!(add.max.x <= WIDTH, "\"Add question\" ends at {}", add.max.x);
    // Principle tags beside the questions: on screen, one line high.
    let mut tags = 0;
    for node in h.get_all_by_label("Deliver Results") {
        let r = node.rect();
        if r.min.x < 260.0 {
            continue; // the principles list on the left
        }
        tags += 1;
        assert!(r.max.x <= WIDTH, "a tag ends at {}", r.max.x);
        assert!(r.height() < 30.0 && r.width() > 40.0, "a tag squeezed to {r:?}");
    }
    assert!(tags > 0, "no question tagged Deliver Results is shown");
}

/// While recording, the section-marker buttons (five, with their keys) and the live transcript
/// stay inside an 800-pixel window: the buttons had run off the right edge and widened the
/// panel, so the transcript's lines were cut too ("Resul", "cropping feature o").
#[test]
fn the_recording_screen_fits_800_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let config = AppConfig { capture_override: Some(sample_source(&wav, 1.0)), ..scripted(dir.path()) };
    let mut h = small_window_of(StarlingApp::new(config));
    run_until(&mut h, "the model", Duration::from_secs(30), |app| app.engine().is_some());
    h.state_mut().send(starling::ui::context::AppCommand::ChooseQuestion("bank-06".into()));
    h.run_steps(1);
    h.get_by_label("Practice").click();
    h.run_steps(2);
    h.get_by_label("Record").click();
    h.run_steps(2);
    assert!(h.state().practice().is_recording(), "recording: {:?}", h.state().practice().problem);
    run_until(&mut h, "some words", Duration::from_secs(30), |app| {
        recorded(app) > 3.0 && !app.practice().live_words.is_empty()
    });
    for label in ["Situation (S)", "Task (T)", "Action (A)", "Result (R)", "Reflection (L)", "Stop", "Discard"] {
        let r = h.get_by_label(label).rect();
        assert!(r.max.x <= WIDTH, "\"{label}\" ends at {}", r.max.x);
    }
    let words: Vec<String> = h.state().practice().live_words.iter().map(|w| w.text.clone()).collect();
    let transcript = h.get_by_label_contains(&words[0]).rect();
    assert!(transcript.max.x <= WIDTH, "the live transcript ends at {}", transcript.max.x);
    h.get_by_label("Stop").click();
    run_until(&mut h, "the review", Duration::from_secs(60), |app| app.screen() == starling::ui::Screen::Review);
    h.run_steps(3);
    let past = past_the_edge(&h, "Review");
    assert!(past.is_empty(), "past the right edge at 800 px:\n{}", past.join("\n"));
}

/// The controls whose box starts inside the window (above its bottom, left of its right edge)
/// and ends past its right edge.
fn past_the_edge(h: &Harness<'static, StarlingApp>, screen: &str) -> Vec<String> {
    let mut past = Vec::new();
    for node in h.root().children_recursive() {
        // Nodes without a box (the window's own) have nothing laid out to check.
        if node.accesskit_node().bounding_box().is_none() {
            continue;
        }
        let r = node.rect();
        if r.min.y < 600.0 && r.min.x < WIDTH && r.max.x > WIDTH + 1.0 {
            let n = node.accesskit_node();
            past.push(format!("{screen}: {:?} {:?} ends at {:.0}", n.role(), n.label(), r.max.x));
        }
    }
    past
}

/// Every screen at the smallest window: no control's box runs past the right edge (labels and
/// buttons by egui's layout; a grid that scrolls sideways is the one allowed exception, and it
/// keeps its first column in view).
#[test]
fn every_screen_fits_800_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = small_window_of(StarlingApp::new(scripted(dir.path())));
    run_until(&mut h, "the model", Duration::from_secs(30), |app| app.engine().is_some());
    h.state_mut().send(starling::ui::context::AppCommand::ChooseQuestion("bank-06".into()));
    h.run_steps(1);
    let mut past = Vec::new();
    for screen in ["Questions", "Practice", "Interview", "History", "Stories", "Settings"] {
        h.get_by_label(screen).click();
        h.run_steps(3);
        past.extend(past_the_edge(&h, screen));
    }
    // The first run's screen, with no model anywhere.
    let empty = tempfile::tempdir().unwrap();
    let mut first = small_window(empty.path());
    first.run_steps(3);
    assert!(first.query_by_label_contains("Welcome").is_some() || first.query_by_label_contains("model").is_some());
    past.extend(past_the_edge(&first, "Welcome"));
    assert!(past.is_empty(), "past the right edge at 800 px:\n{}", past.join("\n"));
}
