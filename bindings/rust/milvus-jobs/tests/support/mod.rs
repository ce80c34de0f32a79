//! Test support: the dev server on port 0, temporary directories, a sample
//! world of collections and files, and two tiny loopback servers (one that
//! never answers, one that answers a fixed HTTP response).
#![allow(dead_code)]

use milvus_jobs::{Client, ImportJob, RefreshJob};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let p = std::env::temp_dir().join(format!(
            "mj-rs-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            nanos
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, rel: &str, content: &[u8]) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Collections: books_ext (parquet, s3://bucket/books), lonely_ext (external,
/// nothing persisted), gone_ext (source directory missing), quick_setup
/// (importable), and events in database analytics. Import files under
/// data/import/.
pub fn write_sample_world(dir: &TempDir) -> PathBuf {
    dir.write("data/bucket/books/part-0.parquet", &[b'p'; 1000]);
    dir.write("data/bucket/books/part-1.parquet", &[b'p'; 2000]);
    dir.write("data/bucket/books/notes.txt", b"not a data file");
    dir.write("data/bucket/books_v2/a.parquet", &[b'p'; 500]);
    dir.write("data/bucket/books_v2/b.parquet", &[b'p'; 700]);
    dir.write("data/bucket/books_v2/c.parquet", &[b'p'; 900]);
    dir.write(
        "data/import/rows.json",
        br#"[{"id":1,"title":"a"},{"id":2,"title":"b"},{"id":3,"title":"c"}]"#,
    );
    dir.write(
        "data/import/rows_wrapped.json",
        br#"{"rows":[{"id":4},{"id":5}]}"#,
    );
    dir.write(
        "data/import/rows.csv",
        b"id,title\n1,plain\n2,\"with, comma\"\n3,\"with\nnewline\"\n4,last\n",
    );
    dir.write("data/import/broken.json", br#"[{"id":1},"#);
    // Object-storage stand-ins for Zilliz Cloud mode: s3://<bucket>/<path>.
    dir.write(
        "data/cloudbucket/a/rows.json",
        br#"[{"id":1},{"id":2},{"id":3}]"#,
    );
    dir.write("data/cloudbucket/a/rows.csv", b"id\n1\n2\n3\n4\n");
    dir.write("data/secure/rows.json", br#"[{"id":1},{"id":2}]"#);
    dir.write(
        "config.json",
        br#"{"collections":[
    {"name":"books_ext","externalSource":"s3://bucket/books","externalSpec":"{\"format\":\"parquet\"}"},
    {"name":"lonely_ext","externalSource":""},
    {"name":"gone_ext","externalSource":"s3://bucket/nowhere","externalSpec":"{\"format\":\"parquet\"}"},
    {"name":"quick_setup"},
    {"name":"books_ext_b","externalSource":"s3://bucket/books_v2","externalSpec":"{\"format\":\"parquet\"}"},
    {"dbName":"analytics","name":"events"}
  ]}"#,
    );
    dir.path().join("config.json")
}

/// The milvus-jobs-devserver binary: `MJ_DEVSERVER`, else
/// `milvus-jobs-devserver` on PATH, else the repository's build trees
/// (build/, build-release/). Says once, on stderr, which one it uses; fails
/// loudly, with the command that builds it, when there is none.
pub fn devserver_path() -> PathBuf {
    static FOUND: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let (p, how) = find_devserver();
            // Straight to stderr: the test harness does not capture it.
            let _ = writeln!(
                std::io::stderr(),
                "milvus-jobs tests: dev server {} (from {how})",
                p.display()
            );
            p
        })
        .clone()
}

fn find_devserver() -> (PathBuf, &'static str) {
    const NAME: &str = "milvus-jobs-devserver";
    if let Some(p) = std::env::var_os("MJ_DEVSERVER") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "MJ_DEVSERVER={} is not a file: point it at the milvus-jobs-devserver binary, or unset it",
            p.display()
        );
        return (p, "MJ_DEVSERVER");
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(NAME);
            if p.is_file() {
                return (p, "PATH");
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let root = root.canonicalize().unwrap_or(root);
    let candidates =
        ["build", "build-release"].map(|b| root.join(b).join("tools/devserver").join(NAME));
    for p in &candidates {
        if p.is_file() {
            return (
                p.canonicalize().unwrap_or_else(|_| p.clone()),
                "the repository's build tree",
            );
        }
    }
    panic!(
        "no milvus-jobs-devserver: not in MJ_DEVSERVER, not on PATH, not in {}.\n\
         Build and install it from the repository root with\n    \
         tools/install.sh                 (into /usr/local: puts it on PATH)\n\
         or, without installing,\n    \
         MJ_INSTALL_BUILD_DIR=$PWD/build-release tools/install.sh $PWD/build-release/prefix\n\
         or set MJ_DEVSERVER to the binary.",
        candidates
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

#[derive(Default)]
pub struct DevServerOptions {
    pub token: Option<String>,
    pub work_delay_ms: u64,
    /// `--faults SPEC` (tools/devserver/README.md), e.g. "import/describe=drop*2".
    pub faults: Option<String>,
    /// `--admin`: serve the /admin/ routes (make a job vanish, seed jobs).
    pub admin: bool,
    /// `--cloud FILE` with this content: answer as the Zilliz Cloud control plane.
    pub cloud: Option<String>,
    /// More flags, as given (e.g. `--without-snapshot-jobs`).
    pub extra_args: Vec<String>,
}

/// milvus-jobs-devserver on 127.0.0.1, port 0, over a fresh sample world.
pub struct DevServer {
    child: Child,
    pub port: u16,
    pub dir: TempDir,
    scheme: &'static str,
}

impl DevServer {
    pub fn start() -> DevServer {
        DevServer::start_with(DevServerOptions::default())
    }

    pub fn start_with(o: DevServerOptions) -> DevServer {
        let dir = TempDir::new();
        let config = write_sample_world(&dir);
        let mut cmd = Command::new(devserver_path());
        cmd.args(["--host", "127.0.0.1", "--port", "0"])
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(dir.path().join("data"));
        if let Some(t) = &o.token {
            cmd.args(["--token", t]);
        }
        if let Some(c) = &o.cloud {
            dir.write("cloud.json", c.as_bytes());
            cmd.arg("--cloud").arg(dir.path().join("cloud.json"));
        }
        if o.admin {
            cmd.arg("--admin");
        }
        if let Some(f) = &o.faults {
            cmd.args(["--faults", f]);
        }
        if o.work_delay_ms > 0 {
            cmd.args(["--work-delay-ms", &o.work_delay_ms.to_string()]);
        }
        cmd.args(&o.extra_args);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start the dev server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let scheme = if line.contains("listening on https://") {
            "https"
        } else {
            "http"
        };
        let marker = format!("listening on {scheme}://127.0.0.1:");
        let Some(pos) = line.find(&marker) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the dev server did not report its port; it printed {line:?}");
        };
        let port = line[pos + marker.len()..].trim().parse().unwrap();
        DevServer {
            child,
            port,
            dir,
            scheme,
        }
    }

    pub fn uri(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme, self.port)
    }

    /// POSTs `body` to an admin route (server started with `admin: true`)
    /// and returns the answer's body.
    pub fn admin(&self, path: &str, body: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        assert!(body.contains("\"code\":0"), "{path}: {body}");
        body
    }

    pub fn client(&self) -> Client {
        Client::builder()
            .uri(self.uri())
            .request_timeout(Duration::from_secs(10))
            .build()
            .unwrap()
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port with a listener that never accepts: connections complete in the
/// kernel's backlog and no answer ever comes.
pub struct SilentServer {
    _listener: TcpListener,
    pub port: u16,
}

impl SilentServer {
    pub fn new() -> SilentServer {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        SilentServer { _listener: l, port }
    }

    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A port nothing listens on (bound, then closed).
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Answers every request with one fixed HTTP response and counts requests.
pub struct ScriptedServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    pub requests: Arc<AtomicUsize>,
    /// Every request received, head and body, as text.
    pub seen: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl ScriptedServer {
    pub fn new(status: u16, content_type: &str, body: &str) -> ScriptedServer {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicUsize::new(0));
        let answer = format!(
            "HTTP/1.1 {status} Scripted\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, r, v) = (stop.clone(), requests.clone(), seen.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match l.accept() {
                    Ok((conn, _)) => {
                        r.fetch_add(1, Ordering::SeqCst);
                        serve_one(conn, answer.as_bytes(), |req| v.lock().unwrap().push(req));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        ScriptedServer {
            port,
            stop,
            requests,
            seen,
            thread: Some(thread),
        }
    }

    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Reads one request, hands it to `record`, then answers: a client that has
/// its answer finds its request recorded.
fn serve_one(mut conn: TcpStream, answer: &[u8], record: impl FnOnce(String)) {
    conn.set_nonblocking(false).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut req = Vec::new();
    let mut buf = [0u8; 4096];
    let mut need: Option<usize> = None;
    loop {
        if let Some(n) = need {
            if req.len() >= n {
                break;
            }
        }
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
        if need.is_none() {
            let text = String::from_utf8_lossy(&req).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let len = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0usize);
                need = Some(end + 4 + len);
            }
        }
    }
    record(String::from_utf8_lossy(&req).into_owned());
    let _ = conn.write_all(answer);
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Polls `f` until it returns Some, or panics after `timeout`.
pub fn eventually<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "condition not met within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls an import job until it is terminal or Uncommitted.
pub fn settle_import(client: &Client, id: &str) -> ImportJob {
    eventually(Duration::from_secs(20), || {
        let j = client.get_import_progress(id).unwrap();
        (j.state.is_terminal() || j.state == milvus_jobs::ImportState::Uncommitted).then_some(j)
    })
}

/// Polls a refresh job until it is terminal.
pub fn settle_refresh(client: &Client, id: i64) -> RefreshJob {
    eventually(Duration::from_secs(20), || {
        let j = client.get_refresh_external_collection_progress(id).unwrap();
        j.state.is_terminal().then_some(j)
    })
}
