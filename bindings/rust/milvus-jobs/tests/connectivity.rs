//! Production connectivity from Rust: the `log` facade as the log hook,
//! `Client::stats`, per-call headers (a traceparent in the dev server's
//! request log), mutual TLS and a proxy (tinyproxy on loopback).
mod support;

use milvus_jobs::{CallOptions, Client, ErrorKind, ImportRequest};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;
use support::{DevServer, DevServerOptions, TempDir};

struct Recorder(Mutex<Vec<(log::Level, String)>>);

impl log::Log for Recorder {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target() == "milvus_jobs"
    }
    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            self.0
                .lock()
                .unwrap()
                .push((r.level(), r.args().to_string()));
        }
    }
    fn flush(&self) {}
}

static RECORDER: Recorder = Recorder(Mutex::new(Vec::new()));

#[test]
fn the_log_facade_gets_each_request_without_secrets() {
    log::set_logger(&RECORDER).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let server = DevServer::start_with(DevServerOptions {
        token: Some("root:rs-t0ken-secret".into()),
        ..Default::default()
    });
    let client = Client::builder()
        .uri(server.uri())
        .token("root:rs-t0ken-secret")
        .build()
        .unwrap();
    client.list_import_jobs(None).unwrap();
    let err = client.get_import_progress("987654321").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let quiet = Client::builder()
        .uri(server.uri())
        .token("root:rs-t0ken-secret")
        .log(false)
        .build()
        .unwrap();
    let before = RECORDER.0.lock().unwrap().len();
    quiet.list_import_jobs(None).unwrap();
    assert_eq!(
        RECORDER.0.lock().unwrap().len(),
        before,
        "log(false) logs nothing"
    );

    let records = RECORDER.0.lock().unwrap().clone();
    assert!(
        records.iter().any(|(l, m)| *l == log::Level::Info
            && m.contains("list_import_jobs /v2/vectordb/jobs/import/list attempt 1: HTTP 200")),
        "{records:?}"
    );
    assert!(
        records
            .iter()
            .any(|(l, m)| *l == log::Level::Error && m.contains("get_import_progress")),
        "{records:?}"
    );
    assert!(
        records.iter().any(|(l, _)| *l == log::Level::Debug),
        "{records:?}"
    );
    for (_, m) in &records {
        assert!(!m.contains("rs-t0ken-secret"), "{m}");
    }
}

#[test]
fn stats_count_calls_and_headers_reach_the_server() {
    let dir = TempDir::new();
    let log_file = dir.path().join("requests.log");
    let server = DevServer::start_with(DevServerOptions {
        extra_args: vec![
            "--request-log".into(),
            log_file.to_string_lossy().into_owned(),
        ],
        ..Default::default()
    });
    let client = Client::builder()
        .uri(server.uri())
        .log(false)
        .build()
        .unwrap();
    let id = client
        .bulk_import(&ImportRequest::new("quick_setup").file("import/rows.json"))
        .unwrap();
    let trace = "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01";
    let opts = CallOptions::new().header("traceparent", trace);
    client.with_options(&opts).get_import_progress(&id).unwrap();
    assert_eq!(
        client.get_import_progress("3333333").unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let st = client.stats().unwrap();
    assert_eq!(
        (st.requests, st.attempts, st.retries()),
        (3, 3, 0),
        "{st:?}"
    );
    assert_eq!(st.answers.get("MJ_OK"), Some(&2), "{st:?}");
    assert_eq!(st.answers.get("MJ_ENOT_FOUND"), Some(&1), "{st:?}");
    assert_eq!(st.connections_opened + st.connections_reused, 3, "{st:?}");
    assert!(st.bytes_sent > 0 && st.bytes_received > 0);
    let logged = std::fs::read_to_string(&log_file).unwrap();
    assert_eq!(logged.matches(trace).count(), 1, "{logged}");
}

fn openssl(args: &[&str]) {
    let ok = Command::new("openssl")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl is not installed: run tools/bootstrap.sh")
        .success();
    assert!(ok, "openssl {args:?}");
}

#[test]
fn mutual_tls_and_the_server_name() {
    let d = TempDir::new();
    let p = |f: &str| d.path().join(f).to_string_lossy().into_owned();
    for ca in ["ca", "other-ca"] {
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={ca}"),
            "-keyout",
            &p(&format!("{ca}.key")),
            "-out",
            &p(&format!("{ca}.pem")),
        ]);
    }
    d.write(
        "server.ext",
        b"subjectAltName=IP:127.0.0.1,DNS:milvus.test\n",
    );
    d.write("client.ext", b"extendedKeyUsage=clientAuth\n");
    for (name, ca, ext) in [
        ("server", "ca", "server.ext"),
        ("client", "ca", "client.ext"),
        ("stranger", "other-ca", "client.ext"),
    ] {
        openssl(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &p(&format!("{name}.key")),
            "-out",
            &p(&format!("{name}.csr")),
        ]);
        openssl(&[
            "x509",
            "-req",
            "-in",
            &p(&format!("{name}.csr")),
            "-CA",
            &p(&format!("{ca}.pem")),
            "-CAkey",
            &p(&format!("{ca}.key")),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &p(ext),
            "-out",
            &p(&format!("{name}.pem")),
        ]);
    }
    let server = DevServer::start_with(DevServerOptions {
        extra_args: vec![
            "--tls-cert".into(),
            p("server.pem"),
            "--tls-key".into(),
            p("server.key"),
            "--tls-client-ca".into(),
            p("ca.pem"),
        ],
        ..Default::default()
    });
    let base = || {
        Client::builder()
            .uri(server.uri())
            .tls_ca_file(p("ca.pem"))
            .log(false)
    };
    base()
        .tls_client_cert(p("client.pem"), p("client.key"))
        .tls_server_name("milvus.test")
        .build()
        .unwrap()
        .list_import_jobs(None)
        .unwrap();
    for (builder, want) in [
        (base(), "requires a client certificate"),
        (
            base().tls_client_cert(p("stranger.pem"), p("stranger.key")),
            "refused the client certificate",
        ),
        (
            base()
                .tls_client_cert(p("client.pem"), p("client.key"))
                .tls_server_name("other.test"),
            "does not name",
        ),
    ] {
        let err = builder.build().unwrap().list_import_jobs(None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
        assert!(err.message().contains(want), "{want}: {err}");
    }
}

#[test]
fn a_proxy_with_credentials_that_never_show() {
    let d = TempDir::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    d.write("tp.conf", format!("Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nLogFile \"{}\"\nAllow 127.0.0.1\nBasicAuth rs rs-pr0xy-pw\n",
        d.path().join("tp.log").display()).as_bytes());
    let mut proxy = Command::new("tinyproxy")
        .args(["-d", "-c"])
        .arg(d.path().join("tp.conf"))
        .spawn()
        .expect("tinyproxy is not installed: run tools/bootstrap.sh");
    support::eventually(Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).ok()
    });
    let server = DevServer::start();
    let ok = Client::builder()
        .uri(server.uri())
        .proxy(format!("http://rs:rs-pr0xy-pw@127.0.0.1:{port}"))
        .log(false)
        .build()
        .unwrap();
    let ok_result = ok.list_import_jobs(None);
    let bad = Client::builder()
        .uri(server.uri())
        .proxy(format!("http://rs:wr0ng-pw@127.0.0.1:{port}"))
        .log(false)
        .build()
        .unwrap();
    let bad_result = bad.list_import_jobs(None);
    let _ = Command::new("kill").arg(proxy.id().to_string()).status();
    let _ = proxy.wait();
    ok_result.unwrap();
    let err = bad_result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(
        err.message().contains("wants credentials") && !err.message().contains("wr0ng-pw"),
        "{err}"
    );
}
