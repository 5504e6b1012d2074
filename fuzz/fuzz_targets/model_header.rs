#![no_main]
//! Any bytes after the ggml signature as a whisper model file: its header, mel filters,
//! vocabulary and tensor table are read or give an error, never a crash.
mod scratch;

/// "ggml" little-endian: a barrier random mutation would rarely cross, so it is given.
const MAGIC: [u8; 4] = 0x6767_6d6cu32.to_le_bytes();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(data);
    // The checks want at least a megabyte of weights: padding lets the fuzzer's bytes reach the
    // header, vocabulary and tensor table walks.
    if bytes.len() < 1024 * 1024 + 64 {
        bytes.resize(1024 * 1024 + 64, 0);
    }
    let path = scratch::scratch("model.bin", &bytes);
    let _ = starling::transcribe::model_file::inspect(&path);
});
