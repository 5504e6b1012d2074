//! What more than one screen draws: the colours, small widgets, and the recorder Practice and
//! the mock interview both answer with (with its microphone check), Today's practice and the
//! coverage grid (Questions and Stories).

pub mod mic_check;
pub mod recorder;
pub mod theme;
pub mod today;
pub mod widgets;
