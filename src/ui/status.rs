//! The status bar's state: the last notice and how long frames take.

use std::time::{Duration, Instant};

/// A message at the bottom of the window.
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub at: Instant,
    /// A file the message is about (an export): offered to open, or to show in its folder.
    pub file: Option<std::path::PathBuf>,
}

/// Frame times of the last second, for the status bar and the benchmark.
#[derive(Default)]
pub struct FrameStats {
    times: std::collections::VecDeque<(Instant, f64)>,
}

impl FrameStats {
    pub(super) fn push(&mut self, seconds: f64) {
        let now = Instant::now();
        self.times.push_back((now, seconds));
        while self.times.front().is_some_and(|(t, _)| now.duration_since(*t) > Duration::from_secs(1)) {
            self.times.pop_front();
        }
    }

    /// Slowest UI frame of the last second, in milliseconds.
    pub fn worst_ms(&self) -> f64 {
        self.times.iter().map(|(_, s)| s * 1000.0).fold(0.0, f64::max)
    }
}
