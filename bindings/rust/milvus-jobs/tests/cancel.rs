//! Cancellation stays prompt: a CancelToken fired from another thread ends a
//! wait within a small fraction of a second, both between polls (a slow job)
//! and during a poll the server never answers. The latency is measured from
//! `cancel()` to the wait's return, and printed.
mod support;

use milvus_jobs::{CancelToken, Client, ErrorKind, ImportRequest, WaitOptions};
use std::io::Write;
use std::time::{Duration, Instant};
use support::*;

/// The bound the issue sets for an interrupt (Python's Ctrl-C target).
const PROMPT: Duration = Duration::from_millis(250);

/// Runs `wait` on this thread, cancels its token `after` from another, and
/// returns the wait's error and the time from cancel() to the return.
fn cancel_during(
    token: &CancelToken,
    after: Duration,
    wait: impl FnOnce() -> milvus_jobs::Error,
) -> (milvus_jobs::Error, Duration) {
    std::thread::scope(|s| {
        let t = token.clone();
        let canceller = s.spawn(move || {
            std::thread::sleep(after);
            let at = Instant::now();
            t.cancel();
            at
        });
        let e = wait();
        let returned = Instant::now();
        let cancelled_at = canceller.join().unwrap();
        (e, returned.saturating_duration_since(cancelled_at))
    })
}

fn report(what: &str, latencies: &[Duration]) -> Duration {
    let max = *latencies.iter().max().unwrap();
    let _ = writeln!(
        std::io::stderr(),
        "cancel latency, {what}: max {max:?} over {} runs ({latencies:?})",
        latencies.len()
    );
    max
}

#[test]
fn cancelling_a_wait_between_polls_returns_promptly() {
    // The job takes seconds; the wait sleeps up to 2 s between polls.
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 2000,
        ..Default::default()
    });
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").files(["import/rows.json"]))
        .unwrap();
    let mut latencies = Vec::new();
    for run in 0..5 {
        let token = CancelToken::new().unwrap();
        let opts = WaitOptions::new()
            .interval(Duration::from_secs(2), Duration::from_secs(2))
            .timeout(Duration::from_secs(60))
            .cancel(&token);
        let started = Instant::now();
        let (e, latency) = cancel_during(&token, Duration::from_millis(150 + 50 * run), || {
            client.wait_import(&id, &opts, |_| {}).unwrap_err()
        });
        assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the wait slept on"
        );
        latencies.push(latency);
    }
    let max = report("wait_import between polls", &latencies);
    assert!(
        max < PROMPT,
        "a cancelled wait returned {max:?} after cancel()"
    );
}

#[test]
fn cancelling_a_wait_whose_poll_gets_no_answer_returns_promptly() {
    let silent = SilentServer::new();
    let client = Client::builder()
        .uri(silent.uri())
        .request_timeout(Duration::from_secs(30))
        .max_attempts(1)
        .build()
        .unwrap();
    let mut latencies = Vec::new();
    for run in 0..5 {
        let token = CancelToken::new().unwrap();
        let opts = WaitOptions::new()
            .timeout(Duration::from_secs(60))
            .cancel(&token);
        let (e, latency) = cancel_during(&token, Duration::from_millis(150 + 50 * run), || {
            client
                .wait_refresh(448761313698312345, &opts, |_| {})
                .unwrap_err()
        });
        assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
        latencies.push(latency);
    }
    let max = report("wait_refresh, poll in flight", &latencies);
    assert!(
        max < PROMPT,
        "a cancelled wait returned {max:?} after cancel()"
    );
}
