//! Checks the hand-written declarations against the C header.
//!
//! - Layout: every struct's size and every field's offset and size, computed
//!   by rustc, against the table the C compiler prints (tests/abi/layout.c,
//!   compiled by build.rs; `MJ_LAYOUT_BIN` overrides it) and against the
//!   committed LP64 table (`tests/abi/layout.lp64.txt`). Both directions: a
//!   field missing on either side fails.
//! - Names: every `MJ_API` function of `include/milvus_jobs.h` and every
//!   exported symbol of `abi/symbols.txt` is declared here, and nothing else.
//! - Constants: every enumerator and integer/string macro of the header has a
//!   constant here with the same value.
//! - Version: the loaded library is at least the header's version.
use milvus_jobs_sys::*;
use std::collections::{BTreeMap, BTreeSet};
use std::mem::{offset_of, size_of};
use std::path::PathBuf;

fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    size_of::<F>()
}

macro_rules! layout {
    ($out:ident; $( $t:ident { $($f:ident),* $(,)? } )*) => {$(
        $out.push((stringify!($t).to_string(), 0usize, size_of::<$t>()));
        $(
            $out.push((
                format!("{}.{}", stringify!($t), stringify!($f)),
                offset_of!($t, $f),
                field_size(|s: &$t| &s.$f),
            ));
        )*
    )*};
}

fn rust_layout() -> Vec<(String, usize, usize)> {
    let mut v = Vec::new();
    layout! { v;
        mj_client_options { struct_size, uri, token, db_name, connect_timeout_ms,
            request_timeout_ms, tls_insecure_skip_verify, tls_ca_file, tls_ca_path, user_agent,
            extra_headers, extra_header_count, max_attempts, retry_initial_backoff_ms,
            retry_max_backoff_ms, max_response_bytes, max_list_response_bytes, deployment,
            cloud_cluster_id, cloud_project_id, cloud_region_id, cloud_project_endpoint,
            tls_client_cert_file,
            tls_client_key_file, tls_client_key_password, tls_server_name, proxy, no_proxy,
            log_fn, log_user_data, log_level, disable_create_reconciliation }
        mj_log_record { struct_size, level, event, message, operation, route, attempt, status,
            http_status, server_code, duration_us, backoff_ms, request_id, trace_id,
            connection_reused }
        mj_client_stats { struct_size, requests, attempts, retries_transport, retries_timeout,
            retries_rate_limited, retries_server, bytes_sent, bytes_received, connections_opened,
            connections_reused, answers_by_status }
        mj_call_options { struct_size, timeout_ms, cancel, db_name, max_attempts, headers,
            header_count }
        mj_create_outcome { struct_size, recovered, attempts }
        mj_refresh_request { struct_size, collection_name, external_source, external_spec }
        mj_refresh_job { struct_size, job_id, collection_name, state, state_name, progress,
            reason, external_source, external_spec, start_time_ms, end_time_ms }
        mj_refresh_job_list { struct_size, count, items }
        mj_import_request { struct_size, collection_name, partition_name, files, file_count,
            group_sizes, group_count, option_keys, option_values, option_count, volume_name,
            access_key, secret_key, session_token }
        mj_import_file { struct_size, file_name, file_size, progress, state, state_name,
            imported_rows, total_rows, complete_time, complete_time_ms, reason }
        mj_import_job { struct_size, job_id, collection_name, state, state_name, progress,
            reason, imported_rows, total_rows, file_size, create_time, create_time_ms,
            complete_time, complete_time_ms, detail_count, details, file_name }
        mj_import_job_list { struct_size, count, items, total_count, page_size, current_page }
        mj_import_list_request { struct_size, collection_name, page_size, current_page }
        mj_export_snapshot_request { struct_size, collection_name, snapshot_name, target_path,
            external_spec }
        mj_restore_snapshot_request { struct_size, target_collection_name, snapshot_uri,
            external_spec }
        mj_snapshot_job { struct_size, job_id, snapshot_name, db_name, collection_name, state,
            state_name, progress, reason, start_time_ms, time_cost_ms }
        mj_snapshot_job_list { struct_size, count, items }
        mj_wait_options { struct_size, timeout_ms, initial_interval_ms, max_interval_ms,
            cancel, db_name }
        mj_watcher_options { struct_size, max_connections, interval_ms, poll_timeout_ms,
            cancel, db_name }
        mj_watch_event { struct_size, kind, refresh_job_id, import_job_id, status, error,
            refresh, import_job, done, snapshot_job_id, snapshot }
        mj_async_options { struct_size, max_in_flight, on_socket, on_timer, user_data }
        mj_async_result { struct_size, kind, tag, status, error, refresh, import_job, snapshot }
    }
    v
}

fn parse_table(text: &str) -> Vec<(String, usize, usize)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let p: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(p.len(), 3, "bad layout line {l:?}");
            (
                p[0].to_string(),
                p[1].parse().unwrap(),
                p[2].parse().unwrap(),
            )
        })
        .collect()
}

fn compare(what: &str, c: &[(String, usize, usize)]) {
    let rust: BTreeMap<_, _> = rust_layout()
        .into_iter()
        .map(|(n, o, s)| (n, (o, s)))
        .collect();
    let c: BTreeMap<_, _> = c.iter().map(|(n, o, s)| (n.clone(), (*o, *s))).collect();
    let mut problems = Vec::new();
    for (name, cv) in &c {
        match rust.get(name) {
            None => problems.push(format!("{name}: in {what} but not declared in Rust")),
            Some(rv) if rv != cv => problems.push(format!(
                "{name}: C says offset {} size {}, Rust says offset {} size {}",
                cv.0, cv.1, rv.0, rv.1
            )),
            _ => {}
        }
    }
    for name in rust.keys() {
        if !c.contains_key(name) {
            problems.push(format!("{name}: declared in Rust but not in {what}"));
        }
    }
    assert!(
        problems.is_empty(),
        "layout differs from {what}:\n{}",
        problems.join("\n")
    );
    assert!(c.len() > 100, "{what} looks truncated ({} rows)", c.len());
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn read_repo_file(rel: &str) -> String {
    let p = repo_root().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The C compiler's table: the probe build.rs compiled from
/// tests/abi/layout.c (`MJ_LAYOUT_PROBE`), or the one `MJ_LAYOUT_BIN` names
/// (e.g. CMake's build/tests/abi/mj_abi_layout).
fn layout_probe() -> String {
    if let Some(bin) = std::env::var_os("MJ_LAYOUT_BIN") {
        return bin.to_string_lossy().into_owned();
    }
    match option_env!("MJ_LAYOUT_PROBE") {
        Some(p) => p.to_string(),
        None => panic!(
            "build.rs did not build the layout probe from tests/abi/layout.c: {}; \
             fix that, or set MJ_LAYOUT_BIN to a built probe (CMake target mj_abi_layout)",
            option_env!("MJ_LAYOUT_PROBE_ERROR").unwrap_or("no reason given")
        ),
    }
}

#[test]
fn layout_matches_the_c_compiler() {
    let bin = layout_probe();
    let out = std::process::Command::new(&bin)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the layout probe {bin}: {e}"));
    assert!(out.status.success(), "{bin} failed: {:?}", out.status);
    compare(&bin, &parse_table(&String::from_utf8(out.stdout).unwrap()));
}

#[test]
#[cfg(all(target_pointer_width = "64", not(windows)))]
fn layout_matches_the_committed_lp64_table() {
    compare(
        "tests/abi/layout.lp64.txt",
        &parse_table(&read_repo_file("tests/abi/layout.lp64.txt")),
    );
}

/// The names declared in src/lib.rs as `pub fn NAME(`.
fn declared_functions() -> BTreeSet<String> {
    let src = include_str!("../src/lib.rs");
    src.lines()
        .filter_map(|l| l.trim().strip_prefix("pub fn "))
        .map(|r| r.split('(').next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn every_header_function_is_declared() {
    let header = read_repo_file("include/milvus_jobs.h");
    // Declarations look like "MJ_API <type> *?name(".
    let mut in_header = BTreeSet::new();
    for chunk in header.split("MJ_API ").skip(1) {
        let decl = chunk.split('(').next().unwrap();
        let name = decl.rsplit([' ', '*']).next().unwrap().trim();
        if name.starts_with("mj_") {
            in_header.insert(name.to_string());
        }
    }
    let declared = declared_functions();
    assert!(
        in_header.len() >= 50,
        "parsed too few functions: {in_header:?}"
    );
    let missing: Vec<_> = in_header.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&in_header).collect();
    assert!(
        missing.is_empty(),
        "header functions not declared: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "declared but not in the header: {extra:?}"
    );

    let symbols: BTreeSet<String> = read_repo_file("abi/symbols.txt")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert_eq!(
        symbols, declared,
        "abi/symbols.txt and the declarations differ"
    );
}

#[test]
fn every_header_constant_has_the_same_value() {
    let header = read_repo_file("include/milvus_jobs.h");
    let src = include_str!("../src/lib.rs");
    // The value from "=" to ";", which rustfmt may put on the next line.
    let rust_value = |name: &str| -> Option<String> {
        let key = format!("pub const {name}:");
        let start = src.find(&key)?;
        let declaration = &src[start..start + src[start..].find(';')?];
        Some(declaration.split_once('=')?.1.trim().to_string())
    };
    let mut checked = 0;
    // Enumerators: "MJ_NAME = N".
    for line in header.lines() {
        let line = line.trim();
        for part in line.split(['{', ',', '}']) {
            let part = part.split("/*").next().unwrap().trim();
            let Some((name, value)) = part.split_once(" = ") else {
                continue;
            };
            let name = name.trim();
            if !name.starts_with("MJ_") || name.contains(' ') {
                continue;
            }
            let got = rust_value(name).unwrap_or_else(|| panic!("{name} not declared"));
            assert_eq!(got, value.trim(), "{name}");
            checked += 1;
        }
    }
    // Macros with a literal value.
    for line in header.lines() {
        let Some(rest) = line.strip_prefix("#define MJ_") else {
            continue;
        };
        let mut it = rest.splitn(2, ' ');
        let name = format!("MJ_{}", it.next().unwrap());
        let Some(value) = it.next().map(str::trim) else {
            continue;
        };
        // A negative number is written "(-1)".
        let value = match value.strip_prefix("(-").and_then(|v| v.strip_suffix(')')) {
            Some(digits) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
                format!("-{digits}")
            }
            _ => value.to_string(),
        };
        let digits = value.strip_prefix('-').unwrap_or(&value);
        let literal = value.starts_with('"') || digits.chars().all(|c| c.is_ascii_digit());
        if !literal || digits.is_empty() {
            continue;
        }
        let got = rust_value(&name).unwrap_or_else(|| panic!("{name} not declared"));
        assert_eq!(got, value, "{name}");
        checked += 1;
    }
    assert!(checked >= 45, "checked only {checked} constants");
}

#[test]
fn loaded_library_is_at_least_the_header_version() {
    let n = unsafe { mj_version_number() };
    assert!(
        n >= MJ_VERSION_NUMBER && n / 10000 == MJ_VERSION_MAJOR,
        "library {n}, header {MJ_VERSION_NUMBER}"
    );
    let v = unsafe { std::ffi::CStr::from_ptr(mj_version()) };
    let v = v.to_str().unwrap();
    let parts: Vec<i32> = v.split('.').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts[0] * 10000 + parts[1] * 100 + parts[2], n);
}

#[test]
fn init_functions_set_struct_size_and_zero_the_rest() {
    unsafe {
        let mut m = std::mem::MaybeUninit::<mj_client_options>::uninit();
        std::ptr::write_bytes(m.as_mut_ptr(), 0xAB, 1);
        mj_client_options_init(m.as_mut_ptr(), size_of::<mj_client_options>() as u32);
        let o = m.assume_init();
        assert_eq!(o.struct_size as usize, size_of::<mj_client_options>());
        assert!(o.uri.is_null() && o.cloud_region_id.is_null());
        assert_eq!(o.max_list_response_bytes, 0);
        assert_eq!(o.deployment, MJ_DEPLOYMENT_MILVUS);
    }
}
