//! One Client shared by many threads.
mod support;

use milvus_jobs::{Client, ErrorKind, ImportRequest, ImportState, RefreshRequest, RefreshState};
use std::sync::Arc;
use support::*;

#[test]
fn many_threads_share_one_client() {
    let server = DevServer::start();
    let client = server.client();
    const THREADS: usize = 8;
    const PER_THREAD: usize = 5;

    let ids: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let client = &client;
                s.spawn(move || {
                    let mut mine = Vec::new();
                    for i in 0..PER_THREAD {
                        let file = if (t + i) % 2 == 0 {
                            "import/rows.json"
                        } else {
                            "import/rows.csv"
                        };
                        let id = client
                            .bulk_import(&ImportRequest::new("quick_setup").file(file))
                            .unwrap();
                        let job = client.get_import_progress(&id).unwrap();
                        assert_eq!(job.job_id, id);
                        // Errors on one thread do not disturb the others.
                        let e = client
                            .get_import_progress("448761313698399999")
                            .unwrap_err();
                        assert_eq!(e.kind(), ErrorKind::NotFound);
                        client.list_import_jobs(Some("quick_setup")).unwrap();
                        mine.push(id);
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut all: Vec<String> = ids.into_iter().flatten().collect();
    assert_eq!(all.len(), THREADS * PER_THREAD);
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        THREADS * PER_THREAD,
        "every create got its own job id"
    );

    for id in &all {
        let job = settle_import(&client, id);
        assert_eq!(job.state, ImportState::Completed, "{job:?}");
        assert!(job.total_rows == 3 || job.total_rows == 4);
    }
    assert_eq!(
        client.list_import_jobs(None).unwrap().len(),
        THREADS * PER_THREAD
    );
}

#[test]
fn a_client_moves_into_an_arc_across_threads() {
    let server = DevServer::start();
    let client = Arc::new(server.client());
    let handles: Vec<_> = ["books_ext", "books_ext_b"]
        .into_iter()
        .map(|name| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                let id = client
                    .refresh_external_collection(&RefreshRequest::new(name))
                    .unwrap();
                (name, settle_refresh(&client, id))
            })
        })
        .collect();
    for h in handles {
        let (name, job) = h.join().unwrap();
        assert_eq!(job.collection_name, name);
        assert_eq!(job.state, RefreshState::Completed, "{job:?}");
    }
    // The last Arc dropped here frees the native client.
    let only: Client = Arc::try_unwrap(client).unwrap();
    drop(only);
}
