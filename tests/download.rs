//! The model downloader against a local HTTP server on 127.0.0.1: resume after an interrupted
//! transfer, a wrong checksum rejected, a server that is down.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use starling::transcribe::download::{DownloadError, DownloadRequest, Progress, download};
use starling::transcribe::model_file::sha1_file;

/// How the server misbehaves.
#[derive(Clone, Copy)]
enum Mode {
    /// Serve everything, honouring Range.
    Honest,
    /// The first request sends only this many bytes, then drops the connection.
    CutFirstAt(usize),
    /// Ignore Range headers (always 200 with the whole body).
    NoRanges,
}

struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
    ranges: Arc<Mutex<Vec<Option<String>>>>,
}

fn serve(body: Vec<u8>, mode: Mode) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let ranges = Arc::new(Mutex::new(Vec::new()));
    let (req_count, seen) = (requests.clone(), ranges.clone());
    thread::spawn(move || {
        for stream in listener.incoming().take(10) {
            let Ok(stream) = stream else { break };
            let n = req_count.fetch_add(1, Ordering::SeqCst);
            handle(stream, &body, mode, n, &seen);
        }
    });
    Server { url, requests, ranges }
}

fn handle(mut stream: TcpStream, body: &[u8], mode: Mode, n: usize, seen: &Mutex<Vec<Option<String>>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut range = None;
    let mut path = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if line.starts_with("GET ") {
            path = line.split_whitespace().nth(1).unwrap_or("").to_string();
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("range: bytes=") {
            range = Some(v.trim().trim_end_matches('-').to_string());
        }
    }
    seen.lock().unwrap().push(range.clone());
    if !path.ends_with("/ggml-test.bin") {
        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    }
    let from = match (mode, &range) {
        (Mode::NoRanges, _) | (_, None) => 0,
        (_, Some(r)) => r.parse::<usize>().unwrap(),
    };
    let status = if from > 0 { "206 Partial Content" } else { "200 OK" };
    let rest = &body[from..];
    let header = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", rest.len());
    let _ = stream.write_all(header.as_bytes());
    let send = match mode {
        Mode::CutFirstAt(cut) if n == 0 => &rest[..cut],
        _ => rest,
    };
    let _ = stream.write_all(send);
    let _ = stream.flush();
}

fn payload() -> Vec<u8> {
    (0..3_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect()
}

fn request(dir: &Path, url: &str, sha1: String) -> DownloadRequest {
    DownloadRequest { url: format!("{url}/ggml-test.bin"), destination: dir.join("ggml-test.bin"), sha1 }
}

fn sha1_of(bytes: &[u8]) -> String {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    sha1_file(f.path()).unwrap()
}

#[test]
fn downloads_verifies_and_renames_into_place() {
    let body = payload();
    let server = serve(body.clone(), Mode::Honest);
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &server.url, sha1_of(&body));
    let mut events = Vec::new();
    let path = download(&req, 1, &mut |p| events.push(p)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), body);
    assert!(!req.partial_path().exists());
    assert_eq!(events.first(), Some(&Progress::Start { done: 0, total: Some(body.len() as u64) }));
    assert_eq!(events.last(), Some(&Progress::Verifying));
    assert!(events.contains(&Progress::Advance { done: body.len() as u64 }));
}

#[test]
fn an_interrupted_transfer_resumes_from_where_it_stopped() {
    let body = payload();
    let cut = 1_234_567;
    let server = serve(body.clone(), Mode::CutFirstAt(cut));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &server.url, sha1_of(&body));
    // One attempt: fails, keeping the partial file.
    let err = download(&req, 1, &mut |_| {}).unwrap_err();
    assert!(matches!(err, DownloadError::Interrupted { received, .. } if received == cut as u64), "{err}");
    assert!(err.to_string().contains("resume"));
    assert_eq!(std::fs::metadata(req.partial_path()).unwrap().len(), cut as u64);
    assert!(!req.destination.exists());
    // Running again asks only for the rest.
    let path = download(&req, 1, &mut |_| {}).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), body);
    assert_eq!(server.ranges.lock().unwrap().as_slice(), &[None, Some(cut.to_string())]);
}

#[test]
fn retries_resume_within_one_call() {
    let body = payload();
    let server = serve(body.clone(), Mode::CutFirstAt(500_000));
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &server.url, sha1_of(&body));
    download(&req, 3, &mut |_| {}).unwrap();
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[test]
fn a_server_without_ranges_restarts_the_file_cleanly() {
    let body = payload();
    let server = serve(body.clone(), Mode::NoRanges);
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &server.url, sha1_of(&body));
    std::fs::write(req.partial_path(), &body[..1000]).unwrap();
    let path = download(&req, 1, &mut |_| {}).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), body);
}

#[test]
fn a_wrong_checksum_is_rejected_and_nothing_is_installed() {
    let body = payload();
    let server = serve(body, Mode::Honest);
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &server.url, "0".repeat(40));
    let err = download(&req, 1, &mut |_| {}).unwrap_err();
    assert!(matches!(err, DownloadError::Checksum { .. }), "{err}");
    assert!(err.to_string().contains("checksum mismatch"));
    assert!(!req.destination.exists());
    assert!(!req.partial_path().exists());
}

#[test]
fn a_server_that_is_down_gives_a_clear_error() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &format!("http://127.0.0.1:{port}"), "0".repeat(40));
    let err = download(&req, 1, &mut |_| {}).unwrap_err();
    assert!(matches!(err, DownloadError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("cannot reach"), "{err}");
}

#[test]
fn missing_file_on_the_server_reports_the_status() {
    let server = serve(payload(), Mode::Honest);
    let dir = tempfile::tempdir().unwrap();
    let mut req = request(dir.path(), &server.url, "0".repeat(40));
    req.url = format!("{}/nothing-here.bin", server.url);
    let err = download(&req, 1, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("HTTP 404"), "{err}");
}

#[test]
fn models_download_command_uses_the_base_url_and_reports_problems() {
    // The real catalog checksum cannot match our payload: the command must say so and install nothing.
    let server = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        thread::spawn(move || {
            if let Some(Ok(mut s)) = listener.incoming().next() {
                let mut buf = [0u8; 2048];
                let n = s.read(&mut buf).unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]).to_string();
                assert!(req.starts_with("GET /ggml-tiny.en-q5_1.bin "), "{req}");
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
            }
        });
        url
    };
    let data = tempfile::tempdir().unwrap();
    let out = common::starling(data.path())
        .args(["models", "download", "tiny.en-q5_1", "--base-url", &server])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(!data.path().join("models/ggml-tiny.en-q5_1.bin").exists());
    let out = common::starling(data.path()).args(["models", "download", "nonsense"]).output().unwrap();
    assert!(common::stderr(&out).contains("unknown model"));
    let list = common::stdout(&common::starling(data.path()).args(["models", "list"]).output().unwrap());
    for name in ["tiny.en", "base.en", "small.en", "tiny.en-q5_1", "tiny.en-q8_0", "available"] {
        assert!(list.contains(name), "{name} not in {list}");
    }
}
