//! The mock interviewer's voice: a question read aloud through the platform's speech service
//! (the `tts` crate: Speech Dispatcher on Linux, the system voices on macOS and Windows). Where
//! none runs, the caller shows the question as text and says why.
//!
//! The service is spoken to from a thread of its own, and every wait has a limit: a speech
//! daemon whose audio output hangs blocks its client's calls, and that must not freeze the
//! interview (it gives up on the voice instead).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum SpeakError {
    #[error("no speech service to read questions aloud ({0}); on Linux install speech-dispatcher and speech-dispatcher-espeak-ng")]
    Unavailable(String),
    #[error("the speech service failed: {0}")]
    Failed(String),
    #[error("the speech service stopped answering")]
    NotAnswering,
}

/// How long the service may take to connect.
const CONNECT_LIMIT: Duration = Duration::from_secs(5);

enum Job {
    /// Read the text; reply when it has been read, or after the limit.
    Say(String, Duration),
    Stop,
}

#[derive(Debug)]
pub struct Speaker {
    jobs: Sender<Job>,
    replies: Receiver<Result<(), SpeakError>>,
}

impl Speaker {
    /// Connects to the speech service.
    pub fn new() -> Result<Self, SpeakError> {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel();
        std::thread::Builder::new()
            .name("interviewer voice".into())
            .spawn(move || {
                let mut tts = match tts::Tts::default() {
                    Ok(tts) => tts,
                    Err(e) => {
                        let _ = reply_tx.send(Err(SpeakError::Unavailable(e.to_string())));
                        return;
                    }
                };
                let _ = reply_tx.send(Ok(()));
                for job in job_rx {
                    let reply = match job {
                        Job::Stop => tts.stop().map(|_| ()).map_err(|e| SpeakError::Failed(e.to_string())),
                        Job::Say(text, limit) => say(&mut tts, &text, limit),
                    };
                    let _ = reply_tx.send(reply);
                }
            })
            .map_err(|e| SpeakError::Unavailable(e.to_string()))?;
        match replies.recv_timeout(CONNECT_LIMIT) {
            Ok(Ok(())) => Ok(Self { jobs, replies }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(SpeakError::Unavailable("it did not answer".into())),
        }
    }

    /// Reads `text` and returns when it has been read, or after `limit`.
    pub fn say_and_wait(&mut self, text: &str, limit: Duration) -> Result<(), SpeakError> {
        self.ask(Job::Say(text.to_string(), limit), limit + Duration::from_secs(2))
    }

    /// Stops reading.
    pub fn stop(&mut self) -> Result<(), SpeakError> {
        self.ask(Job::Stop, Duration::from_secs(2))
    }

    fn ask(&mut self, job: Job, limit: Duration) -> Result<(), SpeakError> {
        self.jobs.send(job).map_err(|_| SpeakError::NotAnswering)?;
        self.replies.recv_timeout(limit).map_err(|_| SpeakError::NotAnswering)?
    }
}

fn say(tts: &mut tts::Tts, text: &str, limit: Duration) -> Result<(), SpeakError> {
    tts.speak(text, true).map_err(|e| SpeakError::Failed(e.to_string()))?;
    let started = Instant::now();
    // The service takes a moment to start speaking; then wait while it speaks.
    std::thread::sleep(Duration::from_millis(200));
    while started.elapsed() < limit && tts.is_speaking().unwrap_or(false) {
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}
