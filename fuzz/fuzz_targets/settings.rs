#![no_main]
//! Any bytes as the settings file, the question library and the story bank.
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = scratch::scratch("settings.json", data);
    scratch::scratch("library.json", data);
    let dir = path.parent().expect("scratch folder");
    let _ = starling::settings::Settings::load(dir);
    let _ = starling::bank::Library::load(dir);
});
