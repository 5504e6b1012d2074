//! What workers tell the UI thread: events sent over a channel with a repaint request, applied
//! at the start of the next frame, so the UI never waits on audio, whisper or the network.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};

use crate::recording::RecordingEvent;
use crate::transcribe::Transcriber;
use crate::transcribe::download::Progress;

pub enum AppEvent {
    Engine(Result<Arc<dyn Transcriber>, String>),
    Recording(RecordingEvent),
    Download {
        name: &'static str,
        progress: Progress,
    },
    DownloadDone {
        name: &'static str,
        result: Result<PathBuf, String>,
    },
    /// The file dialog closed (None: cancelled, or no dialog on this system).
    FilePicked {
        purpose: FilePurpose,
        path: Option<PathBuf>,
    },
    /// A background analysis (import, recovered recording) finished: the session's id.
    SessionReady {
        label: String,
        result: Result<i64, String>,
    },
    /// The interviewer finished reading a text aloud, or its voice failed (why).
    InterviewerSpoke(Result<(), String>),
}

/// What a file is being chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// A recording to import (History).
    Recording,
    /// A whisper model file (Settings, the first-run screen).
    Model,
}

/// Sends events to the UI thread and wakes it.
#[derive(Clone)]
pub struct Notifier {
    pub(in crate::ui) tx: Sender<AppEvent>,
    pub(in crate::ui) ctx: Arc<OnceLock<egui::Context>>,
}

impl Notifier {
    pub fn send(&self, event: AppEvent) {
        // The app may be closing; nothing to tell then.
        let _ = self.tx.send(event);
        if let Some(ctx) = self.ctx.get() {
            ctx.request_repaint();
        }
    }

    /// Runs `work` on a named worker thread that reports back through this notifier: the one
    /// way the app starts long work, so the UI thread never waits on it. An error means the
    /// thread could not be started (the caller says so and undoes what it set up).
    pub fn spawn(&self, name: &str, work: impl FnOnce(Notifier) + Send + 'static) -> std::io::Result<()> {
        let notifier = self.clone();
        std::thread::Builder::new().name(format!("starling-{name}")).spawn(move || work(notifier)).map(|_| ())
    }
}
