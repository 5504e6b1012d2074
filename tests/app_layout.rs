//! Layouts at the smallest window Starling supports (800x600), checked on egui's own layout:
//! nothing the user needs runs off the right edge, and a tag is never squeezed into one letter
//! per line (the walk-through's "D/e/l/i/v/e/r").

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::ui::{AppConfig, StarlingApp};

const WIDTH: f32 = 800.0;

fn small_window(dir: &std::path::Path) -> Harness<'static, StarlingApp> {
    let app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.to_path_buf()) });
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
