// Shared by the container targets: any bytes under a recording's name are decoded through the
// one boundary every command uses (`read_audio`); a panic inside symphonia is caught there
// and becomes an error, anything else that panics or crashes fails the run.
use std::sync::Once;

pub fn run(name: &str, data: &[u8]) {
    static QUIET: Once = Once::new();
    // libfuzzer-sys aborts on any panic, even one `read_audio` catches; keep its abort for
    // panics that get out, which it catches around the target.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let path = super::scratch::scratch(name, data);
    if let Ok(audio) = starling::audio::decode::read_audio(&path) {
        assert!(audio.sample_rate > 0 && !audio.mono.is_empty());
    }
}
