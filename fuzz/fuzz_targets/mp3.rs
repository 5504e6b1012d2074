#![no_main]
//! Any bytes as answer.mp3: audio or an error; never a crash.
mod container;
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| container::run("answer.mp3", data));
