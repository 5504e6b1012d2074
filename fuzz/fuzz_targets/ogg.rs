#![no_main]
//! Any bytes as answer.ogg: audio or an error; never a crash.
mod container;
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| container::run("answer.ogg", data));
