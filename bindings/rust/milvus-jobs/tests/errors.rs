//! Failure categories that need a special server: auth, transport, timeout,
//! cancellation, protocol, unsupported, server errors; and client options.
mod support;

use milvus_jobs::{CallOptions, CancelToken, Client, ErrorKind, RefreshRequest};
use std::time::{Duration, Instant};
use support::*;

#[test]
fn a_wrong_or_missing_token_is_unauthenticated_and_never_echoed() {
    let server = DevServer::start_with(DevServerOptions {
        token: Some("root:Milvus".into()),
        ..Default::default()
    });
    let anonymous = server.client();
    let e = anonymous.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthenticated, "{e}");
    assert_eq!(e.http_status(), 401);
    assert_eq!(e.server_code(), 1800);

    let wrong = Client::builder()
        .uri(server.uri())
        .token("root:wrong-password-xyz")
        .build()
        .unwrap();
    let e = wrong.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthenticated);
    assert!(!e.message().contains("wrong-password-xyz"));
    assert!(!e.to_string().contains("wrong-password-xyz"));

    let right = Client::builder()
        .uri(server.uri())
        .token("root:Milvus")
        .user_agent("milvus-jobs-rust-test")
        .header("X-Test", "1")
        .build()
        .unwrap();
    assert!(right.list_import_jobs(None).unwrap().is_empty());
}

#[test]
fn connection_refused_is_a_transport_error() {
    let client = Client::builder()
        .uri(format!("http://127.0.0.1:{}", closed_port()))
        .max_attempts(2)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let e = client.get_import_progress("1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(e.http_status(), 0);
    assert!(e.is_retriable());
    assert!(!e.request_id().is_empty());
}

#[test]
fn a_silent_server_times_out_at_the_call_deadline() {
    let silent = SilentServer::new();
    let client = Client::builder()
        .uri(silent.uri())
        .max_attempts(1)
        .build()
        .unwrap();
    let opts = CallOptions::new().timeout(Duration::from_millis(300));
    let t = Instant::now();
    let e = client
        .with_options(&opts)
        .get_import_progress("1")
        .unwrap_err();
    let took = t.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(5),
        "{took:?}"
    );

    let client = Client::builder()
        .uri(silent.uri())
        .request_timeout(Duration::from_millis(200))
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
}

#[test]
fn cancel_from_another_thread_stops_a_call_promptly() {
    let silent = SilentServer::new();
    let client = Client::builder()
        .uri(silent.uri())
        .request_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let token = CancelToken::new().unwrap();
    assert!(!token.is_cancelled());
    let opts = CallOptions::new().cancel(&token);
    let (took, since_cancel) = std::thread::scope(|s| {
        let t = token.clone();
        let canceller = s.spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            let at = Instant::now();
            t.cancel();
            at
        });
        let start = Instant::now();
        let e = client
            .with_options(&opts)
            .refresh_external_collection(&RefreshRequest::new("books_ext"))
            .unwrap_err();
        let end = Instant::now();
        assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
        let cancelled_at = canceller.join().unwrap();
        (end - start, end.saturating_duration_since(cancelled_at))
    });
    assert!(token.is_cancelled());
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        since_cancel < Duration::from_millis(500),
        "returned {since_cancel:?} after cancel"
    );

    // A triggered token cancels every later call at once.
    let e = client
        .with_options(&opts)
        .list_import_jobs(None)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
}

#[test]
fn a_non_json_answer_is_a_protocol_error() {
    let s = ScriptedServer::new(200, "text/plain", "hello, not json");
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client.get_import_progress("1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Protocol, "{e}");
    assert_eq!(e.http_status(), 200);
}

#[test]
fn an_old_milvus_without_the_refresh_route_is_unsupported() {
    let s = ScriptedServer::new(404, "text/plain", "404 page not found");
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert_eq!(e.http_status(), 404);
    assert!(e.message().contains("3.0"), "{}", e.message());
}

#[test]
fn server_failures_and_rate_limits_map_to_their_categories() {
    let s = ScriptedServer::new(
        500,
        "application/json",
        r#"{"code":65535,"message":"boom"}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client.commit_import("1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server, "{e}");
    assert_eq!(e.http_status(), 500);

    let s = ScriptedServer::new(
        200,
        "application/json",
        r#"{"code":1807,"message":"rate limit exceeded"}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(3)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let e = client.list_import_jobs(None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(e.server_code(), 1807);
    assert_eq!(e.server_message(), "rate limit exceeded");
    assert!(e.is_retriable());

    let s = ScriptedServer::new(
        403,
        "application/json",
        r#"{"code":1401,"message":"denied"}"#,
    );
    let client = Client::builder()
        .uri(s.uri())
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client.abort_import("1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PermissionDenied, "{e}");
}

#[test]
fn bad_client_options_are_refused_with_a_message() {
    let e = Client::builder().build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(e.message().contains("uri"), "{}", e.message());

    let e = Client::new("not a url").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");

    let e = Client::builder()
        .uri("http://127.0.0.1:1")
        .header("X-Bad", "a\r\nb")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");

    let e = Client::builder()
        .uri("http://127.0.0.1:1\0")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.message().contains("NUL"));
}

#[test]
fn error_display_names_the_category() {
    let server = DevServer::start();
    let e = server
        .client()
        .get_import_progress("448761313698399999")
        .unwrap_err();
    let shown = e.to_string();
    assert!(shown.starts_with("NotFound: "), "{shown}");
    assert!(!shown.contains("MJ_") && !shown.contains("mj_"), "{shown}");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    assert!(!boxed.to_string().is_empty());
}
