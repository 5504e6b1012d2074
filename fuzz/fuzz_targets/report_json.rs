#![no_main]
//! Any bytes as a saved report, and any text as a STAR model file.
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = scratch::scratch("answer.report.json", data);
    let _ = starling::store::report_file::read(&path);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = starling::analysis::star::StarModel::from_json(text);
    }
});
