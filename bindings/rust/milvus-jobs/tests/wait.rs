//! Client::wait_refresh / wait_import (API 0.2) against the dev server.
mod support;

use milvus_jobs::{
    CancelToken, ErrorKind, ImportRequest, ImportState, Job, RefreshRequest, RefreshState,
    WaitOptions,
};
use std::time::{Duration, Instant};
use support::*;

fn quick() -> WaitOptions {
    WaitOptions::new()
        .interval(Duration::from_millis(20), Duration::from_millis(100))
        .timeout(Duration::from_secs(30))
}

fn slow_server() -> DevServer {
    DevServer::start_with(DevServerOptions {
        work_delay_ms: 60,
        ..Default::default()
    })
}

#[test]
fn wait_refresh_reports_progress_until_completed() {
    let server = slow_server();
    let client = server.client();
    let id = client
        .refresh_external_collection(&RefreshRequest::new("books_ext_b"))
        .unwrap();
    let mut seen = Vec::new();
    let job = client
        .wait_refresh(id, &quick(), |j| seen.push((j.state.clone(), j.progress)))
        .unwrap();
    assert_eq!(job.job_id, id);
    assert_eq!(job.state, RefreshState::Completed);
    assert_eq!(job.progress, 100);
    assert!(!seen.is_empty());
    assert!(
        seen.windows(2).all(|w| w[0].1 <= w[1].1),
        "progress went back: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0] != w[1]),
        "reported without a change: {seen:?}"
    );
    assert_eq!(seen.last().unwrap().0, RefreshState::Completed, "{seen:?}");
}

#[test]
fn wait_refresh_of_a_failing_job_returns_job_failed_with_the_job() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .refresh_external_collection(&RefreshRequest::new("gone_ext"))
        .unwrap();
    let e = client.wait_refresh(id, &quick(), |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JobFailed, "{e}");
    let Some(Job::Refresh(job)) = e.job() else {
        panic!("no job beside the error: {e:?}")
    };
    assert_eq!(job.state, RefreshState::Failed);
    assert!(e.message().contains("nowhere"), "{}", e.message());
}

#[test]
fn wait_for_an_unknown_job_is_not_found() {
    let server = DevServer::start();
    let client = server.client();
    let e = client
        .wait_refresh((1i64 << 53) + 1, &quick(), |_| {})
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(e.job().is_none());
    let e = client
        .wait_import("448761313698399999", &quick(), |_| {})
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
}

#[test]
fn wait_import_completes_and_stops_at_uncommitted() {
    let server = slow_server();
    let client = server.client();
    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup").files(["import/rows.json", "import/rows.csv"]),
        )
        .unwrap();
    let mut calls = 0;
    let job = client.wait_import(&id, &quick(), |_| calls += 1).unwrap();
    assert_eq!(job.state, ImportState::Completed);
    assert_eq!(job.total_rows, 7);
    assert!(calls >= 1);

    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup")
                .file("import/rows.json")
                .auto_commit(false),
        )
        .unwrap();
    let job = client.wait_import(&id, &quick(), |_| {}).unwrap();
    assert_eq!(job.state, ImportState::Uncommitted);
    client.commit_import(&id).unwrap();
    let job = client.wait_import(&id, &quick(), |_| {}).unwrap();
    assert_eq!(job.state, ImportState::Completed);
}

#[test]
fn wait_import_of_a_broken_file_is_job_failed() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/broken.json"))
        .unwrap();
    let e = client.wait_import(&id, &quick(), |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JobFailed, "{e}");
    let job = e.job().and_then(Job::as_import).expect("the failed job");
    assert_eq!(job.state, ImportState::Failed);
    assert!(!job.reason.is_empty());
}

#[test]
fn wait_deadline_and_cancellation() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 1000,
        ..Default::default()
    });
    let client = server.client();
    let id = client
        .bulk_import(
            &ImportRequest::new("quick_setup").files(["import/rows.json", "import/rows.csv"]),
        )
        .unwrap();

    let t = Instant::now();
    let opts = quick().timeout(Duration::from_millis(300));
    let e = client.wait_import(&id, &opts, |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(
        e.job().and_then(Job::as_import).is_some(),
        "the job was read before the deadline"
    );

    let token = CancelToken::new().unwrap();
    let opts = quick().cancel(&token);
    let (e, late) = std::thread::scope(|s| {
        let t2 = token.clone();
        s.spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            t2.cancel();
        });
        let e = client.wait_import(&id, &opts, |_| {}).unwrap_err();
        (e, Instant::now())
    });
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    let _ = late;
}

#[test]
fn a_panic_in_the_progress_closure_reaches_the_caller() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        client
            .wait_import(&id, &quick(), |_| panic!("boom from progress"))
            .ok()
    }));
    let payload = r.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom from progress"));
    // The client still works afterwards.
    client.get_import_progress(&id).unwrap();
}

#[test]
fn a_job_that_vanishes_during_the_wait_is_job_lost() {
    let server = DevServer::start_with(DevServerOptions {
        admin: true,
        ..Default::default()
    });
    let client = server.client();
    // A seeded job stays Importing until told otherwise.
    let seeded = server.admin(
        "/admin/import/seed",
        r#"{"collectionName":"quick_setup","count":1,"state":"Importing","progress":30}"#,
    );
    let id = seeded
        .split("\"firstJobId\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let mut seen = 0;
    // Forgotten right after the first read (from the progress report, not a
    // timer, so a slow machine cannot forget it before the wait has seen it).
    let e = client
        .wait_import(&id, &quick(), |_| {
            seen += 1;
            if seen == 1 {
                server.admin(
                    "/admin/jobs/forget",
                    &format!(r#"{{"kind":"import","jobId":"{id}"}}"#),
                );
            }
        })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JobLost, "{e}");
    assert_eq!(seen, 1, "one report: the first read");
}
