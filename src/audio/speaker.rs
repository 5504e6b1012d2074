//! The mock interviewer's voice: a question read aloud through the platform's speech service
//! (the `tts` crate: Speech Dispatcher on Linux, the system voices on macOS and Windows). Where
//! none runs, the caller shows the question as text and says why.
//!
//! Where no service runs but espeak-ng is installed, espeak-ng renders the question and the
//! app's own player sounds it.
//!
//! The service is spoken to from a thread of its own, and every wait has a limit: a speech
//! daemon whose audio output hangs blocks its client's calls, and that must not freeze the
//! interview (it gives up on the voice instead).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::playback::Player;

#[derive(Debug, thiserror::Error)]
pub enum SpeakError {
    #[error(
        "no speech service to read questions aloud ({0}); on Linux install speech-dispatcher and speech-dispatcher-espeak-ng, or espeak-ng"
    )]
    Unavailable(String),
    #[error("the speech service failed: {0}")]
    Failed(String),
    #[error("the speech service stopped answering")]
    NotAnswering,
}

/// How long reading `text` aloud may take: about 2.5 words a second and a margin, so a voice
/// that never says it is done (no sound device behind the service) does not hold the interview.
pub fn reading_limit(text: &str) -> Duration {
    Duration::from_secs_f64(3.0 + 0.5 * text.split_whitespace().count() as f64)
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
        Self::interruptible(Arc::default())
    }

    /// Connects to the speech service; while `hush` is set, what is being read stops (the user
    /// answers before the question is read out) and nothing more is read.
    pub fn interruptible(hush: Arc<AtomicBool>) -> Result<Self, SpeakError> {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel();
        std::thread::Builder::new()
            .name("interviewer voice".into())
            .spawn(move || {
                let mut voice = match Voice::open() {
                    Ok(voice) => voice,
                    Err(e) => {
                        let _ = reply_tx.send(Err(e));
                        return;
                    }
                };
                let _ = reply_tx.send(Ok(()));
                for job in job_rx {
                    let reply = match job {
                        Job::Stop => voice.stop(),
                        Job::Say(text, limit) => voice.say(&text, limit, &hush),
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

/// The platform's speech service, or where none runs, espeak-ng rendering the text and the
/// app's own player sounding it (a Linux desktop without Speech Dispatcher).
enum Voice {
    Service(Box<tts::Tts>),
    Espeak(Option<Player>),
}

impl Voice {
    fn open() -> Result<Self, SpeakError> {
        match tts::Tts::default() {
            Ok(tts) => Ok(Voice::Service(Box::new(tts))),
            Err(service) => match render_with_espeak("") {
                Err(SpeakError::Unavailable(_)) => Err(SpeakError::Unavailable(service.to_string())),
                _ => Ok(Voice::Espeak(None)),
            },
        }
    }

    fn say(&mut self, text: &str, limit: Duration, hush: &AtomicBool) -> Result<(), SpeakError> {
        let started = Instant::now();
        let go_on = || started.elapsed() < limit && !hush.load(Ordering::Acquire);
        if !go_on() {
            return Ok(());
        }
        match self {
            Voice::Service(tts) => {
                tts.speak(text, true).map_err(|e| SpeakError::Failed(e.to_string()))?;
                // The service takes a moment to start speaking; then wait while it speaks.
                std::thread::sleep(Duration::from_millis(200));
                while go_on() && tts.is_speaking().unwrap_or(false) {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Voice::Espeak(playing) => {
                let (samples, rate) = render_with_espeak(text)?;
                let player = playing.insert(Player::new(samples.into(), rate, None, false));
                // The output opens in the background: the first toggle may come too early.
                while let Err(e) = player.toggle() {
                    if player.output_error().is_some() || started.elapsed() >= limit {
                        return Err(SpeakError::Failed(format!("no sound output: {e}")));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                while go_on() && player.is_playing() {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
        if hush.load(Ordering::Acquire) {
            return self.stop();
        }
        Ok(())
    }

    fn stop(&mut self) -> Result<(), SpeakError> {
        match self {
            Voice::Service(tts) => tts.stop().map(|_| ()).map_err(|e| SpeakError::Failed(e.to_string())),
            Voice::Espeak(playing) => {
                if let Some(player) = playing.take() {
                    player.pause();
                }
                Ok(())
            }
        }
    }
}

/// `text` as espeak-ng says it: mono samples and their rate.
pub fn render_with_espeak(text: &str) -> Result<(Vec<f32>, u32), SpeakError> {
    let out = std::process::Command::new("espeak-ng")
        .args(["--stdout", "-v", "en-us", "-s", "160"])
        .arg(text)
        .output()
        .map_err(|e| SpeakError::Unavailable(format!("espeak-ng: {e}")))?;
    if !out.status.success() {
        return Err(SpeakError::Failed(format!("espeak-ng: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    // espeak-ng streams its WAV with unknown sizes in the header: the samples follow it.
    let header = 44;
    let rate = out
        .stdout
        .get(24..28)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .filter(|r| *r > 0)
        .unwrap_or(22_050);
    let samples = out
        .stdout
        .get(header..)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
        .collect();
    Ok((samples, rate))
}
