//! Watcher (API 0.2) against the dev server.
mod support;

use milvus_jobs::{
    CancelToken, ErrorKind, ImportRequest, ImportState, Job, JobId, RefreshRequest, RefreshState,
    Watcher, WatcherOptions,
};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use support::*;

fn opts() -> WatcherOptions {
    WatcherOptions::new()
        .interval(Duration::from_millis(30))
        .max_connections(4)
}

#[test]
fn run_reports_every_job_until_each_is_done() {
    let server = DevServer::start_with(DevServerOptions {
        work_delay_ms: 40,
        ..Default::default()
    });
    let client = server.client();
    let a = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    let b = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/broken.json"))
        .unwrap();
    let r = client
        .refresh_external_collection(&RefreshRequest::new("books_ext"))
        .unwrap();

    let watcher = Watcher::new(&client, &opts()).unwrap();
    watcher.add_import(&a).unwrap();
    watcher.add_import(&b).unwrap();
    watcher.add_refresh(r).unwrap();
    watcher.add_import(&a).unwrap(); // already watched: no-op
    assert_eq!(watcher.len(), 3);

    let mut last: HashMap<JobId, Job> = HashMap::new();
    let mut done = Vec::new();
    watcher
        .run(Some(Duration::from_secs(30)), |ev| {
            let job = match ev.result {
                Ok(job) => job,
                // The broken import ends in Failed: reported as JobFailed, with the job.
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::JobFailed, "{e}");
                    assert!(ev.done);
                    e.job().cloned().expect("the failed job beside the error")
                }
            };
            last.insert(ev.job_id.clone(), job);
            if ev.done {
                done.push(ev.job_id);
            }
        })
        .unwrap();
    assert!(watcher.is_empty());
    assert_eq!(done.len(), 3, "{done:?}");
    match &last[&JobId::Import(a.clone())] {
        Job::Import(j) => assert_eq!(j.state, ImportState::Completed),
        other => panic!("{other:?}"),
    }
    match &last[&JobId::Import(b.clone())] {
        Job::Import(j) => assert_eq!(j.state, ImportState::Failed),
        other => panic!("{other:?}"),
    }
    match &last[&JobId::Refresh(r)] {
        Job::Refresh(j) => assert_eq!(j.state, RefreshState::Completed),
        other => panic!("{other:?}"),
    }
}

#[test]
fn next_returns_events_one_at_a_time() {
    let server = DevServer::start();
    let client = server.client();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.csv"))
        .unwrap();
    let watcher = Watcher::new(&client, &opts()).unwrap();
    assert!(
        watcher.next(Some(Duration::ZERO)).unwrap().is_none(),
        "nothing watched"
    );
    watcher.add_import(&id).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let last = loop {
        assert!(Instant::now() < deadline, "no final event");
        let Some(ev) = watcher.next(Some(Duration::from_secs(5))).unwrap() else {
            continue;
        };
        assert_eq!(ev.job_id, JobId::Import(id.clone()));
        if ev.done {
            break ev;
        }
    };
    let job = last.result.unwrap();
    assert_eq!(job.as_import().unwrap().state, ImportState::Completed);
    assert!(watcher.is_empty());
}

#[test]
fn jobs_can_be_added_and_removed_from_inside_the_callback() {
    let server = DevServer::start();
    let client = server.client();
    let first = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    let second = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows_wrapped.json"))
        .unwrap();
    let watcher = Watcher::new(&client, &opts()).unwrap();
    watcher.add_import(&first).unwrap();
    let mut added = false;
    let mut finished = Vec::new();
    watcher
        .run(Some(Duration::from_secs(30)), |ev| {
            if !added {
                watcher.add_import(&second).unwrap();
                added = true;
                // Only one thread drives a watcher: a nested next() is refused.
                let e = watcher.next(Some(Duration::ZERO)).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::InvalidArgument);
            }
            if ev.done {
                finished.push(ev.job_id);
            }
        })
        .unwrap();
    assert_eq!(finished.len(), 2, "{finished:?}");
    assert!(finished.contains(&JobId::Import(second)));

    let e = watcher.remove_import("448761313698399999").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    watcher.add_refresh(449012345678901234).unwrap();
    assert_eq!(watcher.len(), 1);
    watcher.remove_refresh(449012345678901234).unwrap();
    assert!(watcher.is_empty());
}

#[test]
fn run_stops_at_its_timeout_and_at_the_cancel_token() {
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

    let watcher = Watcher::new(&client, &opts()).unwrap();
    watcher.add_import(&id).unwrap();
    let t = Instant::now();
    let e = watcher
        .run(Some(Duration::from_millis(300)), |_| {})
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(watcher.len(), 1, "a timeout keeps the job watched");

    let token = CancelToken::new().unwrap();
    let watcher = Watcher::new(&client, &opts().cancel(&token)).unwrap();
    watcher.add_import(&id).unwrap();
    let e = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(200));
            token.cancel();
        });
        watcher.run(None, |_| {}).unwrap_err()
    });
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
}

#[test]
fn a_watcher_is_shared_across_threads() {
    let server = DevServer::start();
    let client = server.client();
    let watcher = Watcher::new(&client, &opts()).unwrap();
    let ids: Vec<String> = (0..4)
        .map(|_| {
            client
                .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
                .unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        for id in &ids {
            let w = &watcher;
            s.spawn(move || w.add_import(id).unwrap());
        }
    });
    assert_eq!(watcher.len(), 4);
    let mut done = 0;
    watcher
        .run(Some(Duration::from_secs(30)), |ev| {
            done += usize::from(ev.done)
        })
        .unwrap();
    assert_eq!(done, 4);
}

fn seed(server: &DevServer, count: usize, state: &str) -> Vec<String> {
    let answer = server.admin(
        "/admin/import/seed",
        &format!(
            r#"{{"collectionName":"quick_setup","count":{count},"state":"{state}","progress":50}}"#
        ),
    );
    let first: u64 = answer
        .split("\"firstJobId\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    (0..count as u64).map(|i| (first + i).to_string()).collect()
}

#[test]
fn uncommitted_jobs_stay_watched_and_vanished_jobs_are_lost() {
    let server = DevServer::start_with(DevServerOptions {
        admin: true,
        ..Default::default()
    });
    let client = server.client();
    let ids = seed(&server, 2, "Uncommitted");
    let watcher = Watcher::new(&client, &opts()).unwrap();
    for id in &ids {
        watcher.add_import(id).unwrap();
    }
    // First reads: both Uncommitted, neither done.
    let mut firsts = Vec::new();
    while firsts.len() < 2 {
        let ev = watcher
            .next(Some(Duration::from_secs(10)))
            .unwrap()
            .expect("an event");
        let job = ev.result.unwrap();
        assert_eq!(job.as_import().unwrap().state, ImportState::Uncommitted);
        assert!(!ev.done, "an Uncommitted job is not done");
        firsts.push(ev.job_id);
    }
    assert_eq!(watcher.len(), 2);

    // One vanishes, the other is committed and completes.
    server.admin(
        "/admin/jobs/forget",
        &format!(r#"{{"kind":"import","jobId":"{}"}}"#, ids[0]),
    );
    server.admin(
        "/admin/import/set",
        &format!(
            r#"{{"firstJobId":"{}","count":1,"state":"Completed","progress":100}}"#,
            ids[1]
        ),
    );
    let mut outcome = HashMap::new();
    watcher
        .run(Some(Duration::from_secs(20)), |ev| {
            if ev.done {
                outcome.insert(ev.job_id, ev.result);
            }
        })
        .unwrap();
    let lost = outcome[&JobId::Import(ids[0].clone())]
        .as_ref()
        .unwrap_err();
    assert_eq!(lost.kind(), ErrorKind::JobLost, "{lost}");
    let done = outcome[&JobId::Import(ids[1].clone())].as_ref().unwrap();
    assert_eq!(done.as_import().unwrap().state, ImportState::Completed);
    assert!(watcher.is_empty());
}
