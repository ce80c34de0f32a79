//! Peer (6) of bench/peers for Rust: our Rust binding, one `Client` shared by
//! every thread. Protocol: ../../bench_common.h.
use std::sync::Arc;
use std::time::{Duration, Instant};

#[repr(C)]
struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    rest: [i64; 14],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

fn cpu_seconds() -> f64 {
    let mut ru = Rusage { utime: [0; 2], stime: [0; 2], rest: [0; 14] };
    // SAFETY: getrusage(RUSAGE_SELF = 0) fills the struct; its layout is the
    // 64-bit Linux `struct rusage` (two timevals, then 14 longs).
    unsafe { getrusage(0, &mut ru) };
    (ru.utime[0] + ru.stime[0]) as f64 + (ru.utime[1] + ru.stime[1]) as f64 / 1e6
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let mut uri = String::new();
    let mut op = String::new();
    let mut import_id = String::new();
    let mut refresh_id = 0i64;
    let mut threads = 1usize;
    let mut seconds = 3.0f64;
    let mut warmup = 0.5f64;
    let mut i = 1;
    while i + 1 < argv.len() {
        let v = argv[i + 1].clone();
        match argv[i].as_str() {
            "--uri" => uri = v,
            "--op" => op = v,
            "--import-id" => import_id = v,
            "--refresh-id" => refresh_id = v.parse().expect("--refresh-id"),
            "--threads" => threads = v.parse().expect("--threads"),
            "--seconds" => seconds = v.parse().expect("--seconds"),
            "--warmup-seconds" => warmup = v.parse().expect("--warmup-seconds"),
            other => {
                eprintln!("rust bench: unknown flag {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let client = Arc::new(milvus_jobs::Client::new(uri).unwrap_or_else(|e| {
        eprintln!("rust bench: {e}");
        std::process::exit(1);
    }));
    let import = op == "import";
    let start = Instant::now() + Duration::from_secs_f64(warmup);
    let stop = start + Duration::from_secs_f64(seconds);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let client = Arc::clone(&client);
            let import_id = import_id.clone();
            std::thread::spawn(move || -> Result<Vec<f64>, String> {
                let call = || -> Result<(), String> {
                    if import {
                        client.get_import_progress(&import_id).map(|_| ()).map_err(|e| e.to_string())
                    } else {
                        client
                            .get_refresh_external_collection_progress(refresh_id)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    }
                };
                while Instant::now() < start {
                    call()?;
                }
                let mut lat = Vec::with_capacity(4096);
                loop {
                    let t0 = Instant::now();
                    if t0 >= stop {
                        break;
                    }
                    call()?;
                    lat.push(t0.elapsed().as_secs_f64() * 1e6);
                }
                Ok(lat)
            })
        })
        .collect();
    let now = Instant::now();
    if start > now {
        std::thread::sleep(start - now);
    }
    let cpu0 = cpu_seconds();
    let mut all = Vec::new();
    for h in handles {
        match h.join().expect("thread") {
            Ok(lat) => all.extend(lat),
            Err(e) => {
                eprintln!("rust bench: {e}");
                std::process::exit(1);
            }
        }
    }
    let cpu1 = cpu_seconds();
    let elapsed = start.elapsed().as_secs_f64();
    if all.is_empty() {
        eprintln!("rust bench: no call completed");
        std::process::exit(1);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = all.len();
    let p99 = ((n as f64 * 0.99) as usize).min(n - 1);
    println!(
        "{{\"calls\":{n},\"elapsed_s\":{elapsed:.6},\"p50_us\":{:.2},\"p99_us\":{:.2},\"cpu_s\":{:.6},\"errors\":0}}",
        all[n / 2],
        all[p99],
        cpu1 - cpu0
    );
}
