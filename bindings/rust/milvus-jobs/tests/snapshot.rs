//! Snapshot jobs (API 0.4) against the dev server: export, restore with a
//! wait, failed restores, list, the watcher, ids above 2^53, 404.
mod support;

use milvus_jobs::{
    ErrorKind, ExportSnapshotRequest, Job, JobId, RestoreSnapshotRequest, SnapshotState,
    WaitOptions, Watcher, WatcherOptions,
};
use std::time::Duration;
use support::*;

fn quick() -> WaitOptions {
    WaitOptions::new()
        .timeout(Duration::from_secs(20))
        .interval(Duration::from_millis(10), Duration::from_millis(20))
}

#[test]
fn export_then_restore_waits_to_completion() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 60,
        ..Default::default()
    });
    let client = server.client();
    let uri = client
        .export_snapshot(&ExportSnapshotRequest::new(
            "books_ext",
            "rs_s1",
            "s3://bucket/rs_exports",
        ))
        .unwrap();
    assert_eq!(uri, "s3://bucket/rs_exports/rs_s1/metadata.json");
    assert!(server
        .dir
        .path()
        .join("data/bucket/rs_exports/rs_s1/metadata.json")
        .is_file());

    let id = client
        .restore_external_snapshot(&RestoreSnapshotRequest::new("books_rs", &uri))
        .unwrap();
    assert!(id > (1i64 << 53), "{id}");
    let mut seen = Vec::new();
    let job = client
        .wait_restore_snapshot(id, &quick(), |j| seen.push(j.progress))
        .unwrap();
    assert_eq!(job.job_id, id);
    assert_eq!(job.state, SnapshotState::Completed);
    assert_eq!(job.state.as_str(), "RestoreSnapshotCompleted");
    assert_eq!(job.progress, 100);
    assert_eq!(job.snapshot_name, "rs_s1");
    assert_eq!(job.collection_name, "books_rs");
    assert!(seen.len() >= 2, "{seen:?}");

    assert_eq!(client.get_restore_snapshot_progress(id).unwrap().job_id, id);
    let listed = client.list_restore_snapshot_jobs(Some("books_rs")).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].job_id, id);

    let again = client
        .restore_external_snapshot(&RestoreSnapshotRequest::new("books_rs", &uri))
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::InvalidArgument, "{again}");
    assert!(again.to_string().contains("already exists"), "{again}");
}

#[test]
fn a_failed_restore_returns_job_failed_with_the_reason() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .restore_external_snapshot(&RestoreSnapshotRequest::new(
            "rs_missing",
            "s3://bucket/rs_exports/none/metadata.json",
        ))
        .unwrap();
    let e = client
        .wait_restore_snapshot(id, &quick(), |_| {})
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JobFailed, "{e}");
    let job = e
        .job()
        .and_then(Job::as_snapshot_restore)
        .expect("the failed job");
    assert_eq!(job.state, SnapshotState::Failed);
    assert!(job.reason.contains("not found"), "{}", job.reason);

    server
        .dir
        .write("data/bucket/rs_exports/bad/metadata.json", b"[1,2");
    let id = client
        .restore_external_snapshot(&RestoreSnapshotRequest::new(
            "rs_corrupt",
            "s3://bucket/rs_exports/bad/metadata.json",
        ))
        .unwrap();
    let e = client
        .wait_restore_snapshot(id, &quick(), |_| {})
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::JobFailed, "{e}");
    assert!(e.to_string().contains("is corrupt"), "{e}");

    let nf = client
        .get_restore_snapshot_progress(450_000_000_000_000_001)
        .unwrap_err();
    assert_eq!(nf.kind(), ErrorKind::NotFound, "{nf}");
}

#[test]
fn the_watcher_reports_restore_jobs() {
    let server = DevServer::start();
    let client = server.client();
    let uri = client
        .export_snapshot(&ExportSnapshotRequest::new(
            "quick_setup",
            "rs_w",
            "s3://bucket/rs_exports",
        ))
        .unwrap();
    let id = client
        .restore_external_snapshot(&RestoreSnapshotRequest::new("rs_watched", &uri))
        .unwrap();
    let watcher = Watcher::new(
        &client,
        &WatcherOptions::new().interval(Duration::from_millis(10)),
    )
    .unwrap();
    watcher.add_restore_snapshot(id).unwrap();
    let mut last = None;
    watcher
        .run(Some(Duration::from_secs(20)), |ev| {
            assert_eq!(ev.job_id, JobId::SnapshotRestore(id));
            if ev.done {
                last = Some(ev.result.expect("the restore completes"));
            }
        })
        .unwrap();
    let job = last.expect("a last event");
    let job = job.as_snapshot_restore().expect("a snapshot restore job");
    assert_eq!(job.state, SnapshotState::Completed);
}

#[test]
fn a_server_without_snapshot_routes_is_unsupported() {
    let server = DevServer::start_with(DevServerOptions {
        extra_args: vec!["--without-snapshot-jobs".into()],
        ..Default::default()
    });
    let e = server
        .client()
        .export_snapshot(&ExportSnapshotRequest::new(
            "books_ext",
            "s",
            "s3://bucket/x",
        ))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert!(e.to_string().contains("needs Milvus >= 3.0"), "{e}");
}
