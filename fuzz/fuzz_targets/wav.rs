#![no_main]
//! Any bytes as a WAV file: audio within full scale, or an error; never a crash.
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = scratch::scratch("input.wav", data);
    if let Ok(audio) = starling::audio::wav::read_wav(&path) {
        assert!(audio.frames() > 0);
        assert!(audio.mono.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
    }
    let _ = starling::audio::wav::repair_header(&path);
});
