#![no_main]
//! Any bytes as a whisper model file: its header and tensor table read or give an error.
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The checks read at least a megabyte of weights: short inputs are padded so the fuzzer's
    // bytes reach the header, vocabulary and tensor table walks.
    let mut bytes = data.to_vec();
    if bytes.len() < 1024 * 1024 + 64 {
        bytes.resize(1024 * 1024 + 64, 0);
    }
    let path = scratch::scratch("model.bin", &bytes);
    let _ = starling::transcribe::model_file::inspect(&path);
});
