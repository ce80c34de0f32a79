//! Finds libmilvus_jobs, or builds it from the source tree this crate sits in.
//!
//! In this order:
//! 1. `MILVUS_JOBS_LIB_DIR`: a directory holding libmilvus_jobs.so (a CMake
//!    build tree, e.g. `build/`), used as is.
//! 2. pkg-config, module `milvus_jobs`, at least the API version these
//!    declarations mirror and of the same major version (an installed
//!    library: `tools/install.sh`, or `PKG_CONFIG_PATH=<prefix>/lib/pkgconfig`
//!    for a staged install). Skipped when `MILVUS_JOBS_VENDORED=1`.
//! 3. With the `vendored` feature (on by default): the core built from this
//!    repository's top-level CMakeLists.txt in the library-only configuration
//!    (`-DMJ_LIBRARY_ONLY=ON`) with the `cmake` crate, in `OUT_DIR`, and
//!    linked statically (like libgit2-sys and zstd-sys do with their bundled
//!    code): the core's objects (CMake target `mj_core`, everything
//!    libmilvus_jobs.so is made of) go into a static archive, and the binary
//!    needs only libcurl and libstdc++ at run time, so it runs from anywhere
//!    with no loader path. Needs cmake, a C++17 compiler, the libcurl
//!    development files and the RapidJSON headers (`tools/bootstrap.sh`
//!    installs them). `MILVUS_JOBS_NO_VENDOR=1` turns this fallback off (a
//!    missing system library is then an error).
//!
//! 1 and 2 link libmilvus_jobs.so dynamically: the build script emits the
//! link search path, `-lmilvus_jobs`, and an rpath to the library's directory
//! for this crate's own tests; the directory goes to dependents as
//! `DEP_MILVUS_JOBS_LIB_DIR`, and the `milvus-jobs` crate adds the same rpath
//! to its tests and examples. A system install (tools/install.sh into
//! /usr/local, which runs ldconfig) needs no rpath.
//!
//! It also compiles the repository's struct layout probe (tests/abi/layout.c)
//! for `tests/layout.rs`, exported to it as `MJ_LAYOUT_PROBE`.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    for var in [
        "MILVUS_JOBS_LIB_DIR",
        "MILVUS_JOBS_VENDORED",
        "MILVUS_JOBS_NO_VENDOR",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lib.rs");

    match find_or_build() {
        Found::Shared(lib_dir, how) => {
            if let Some(dir) = &lib_dir {
                println!("cargo:rustc-link-search=native={}", dir.display());
                if env::var("CARGO_CFG_TARGET_FAMILY").as_deref() == Ok("unix") {
                    // For this crate's tests (tests/layout.rs): the loader
                    // finds the library without LD_LIBRARY_PATH.
                    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
                }
                // DEP_MILVUS_JOBS_LIB_DIR for the crates that depend on this one.
                println!("cargo:lib_dir={}", dir.display());
            }
            println!("cargo:rustc-link-lib=dylib=milvus_jobs");
            println!("cargo:how={how}");
        }
        // build_vendored emitted the static archive and its dependencies.
        Found::Vendored => println!("cargo:how=vendored"),
    }

    build_layout_probe();
}

fn flag(var: &str) -> bool {
    matches!(env::var(var).as_deref(), Ok(v) if !v.is_empty() && v != "0")
}

/// The repository root: this crate is bindings/rust/milvus-jobs-sys.
fn repo_root() -> PathBuf {
    PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../..")
}

/// The API version these declarations mirror (the MJ_VERSION_* constants of
/// src/lib.rs, which tests/layout.rs checks against the header).
fn api_version() -> (u32, u32) {
    let src = include_str!("src/lib.rs");
    let get = |name: &str| -> u32 {
        let key = format!("pub const {name}: i32 = ");
        src.lines()
            .find_map(|l| l.trim().strip_prefix(&key))
            .and_then(|v| v.trim_end_matches(';').trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} not found in src/lib.rs"))
    };
    (get("MJ_VERSION_MAJOR"), get("MJ_VERSION_MINOR"))
}

enum Found {
    /// libmilvus_jobs.so in this directory (None: the linker's default
    /// paths), and how it was found.
    Shared(Option<PathBuf>, &'static str),
    /// The core built from this repository, linked statically.
    Vendored,
}

fn find_or_build() -> Found {
    if let Ok(dir) = env::var("MILVUS_JOBS_LIB_DIR") {
        let dir = PathBuf::from(dir);
        if !dir.join("libmilvus_jobs.so").exists()
            && !dir.join("libmilvus_jobs.dylib").exists()
            && !dir.join("milvus_jobs.lib").exists()
        {
            panic!(
                "MILVUS_JOBS_LIB_DIR={} holds no libmilvus_jobs: point it at the directory \
                 of the built library (e.g. the CMake build directory), or unset it",
                dir.display()
            );
        }
        return Found::Shared(Some(dir), "MILVUS_JOBS_LIB_DIR");
    }

    let (major, minor) = api_version();
    let vendored = cfg!(feature = "vendored") && !flag("MILVUS_JOBS_NO_VENDOR");
    let mut system_error = String::from("skipped (MILVUS_JOBS_VENDORED=1)");
    if !flag("MILVUS_JOBS_VENDORED") {
        let min = format!("{major}.{minor}.0");
        let below = format!("{}.0.0", major + 1);
        match pkg_config::Config::new()
            .range_version(min.as_str()..below.as_str())
            .cargo_metadata(false)
            .probe("milvus_jobs")
        {
            Ok(lib) => {
                // pkg-config's own rerun-if-env-changed lines.
                for var in [
                    "PKG_CONFIG_PATH",
                    "PKG_CONFIG_LIBDIR",
                    "PKG_CONFIG_SYSROOT_DIR",
                ] {
                    println!("cargo:rerun-if-env-changed={var}");
                }
                let dir = lib.link_paths.first().cloned();
                // The version says which API a library promises; a link
                // check says it has it (an install of a development snapshot
                // of the same version may lack the newest functions).
                match check_links(&dir) {
                    Ok(()) => return Found::Shared(dir, "pkg-config"),
                    Err(e) => {
                        let at = dir
                            .as_ref()
                            .map(|d| d.display().to_string())
                            .unwrap_or_else(|| "the system's library path".into());
                        system_error = format!(
                            "the milvus_jobs {} pkg-config found in {at} lacks functions these \
                             declarations need: {e}",
                            lib.version
                        );
                        if vendored {
                            println!(
                                "cargo:warning={system_error}; building the vendored copy instead"
                            );
                        }
                    }
                }
            }
            Err(e) => system_error = e.to_string(),
        }
        println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
        println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");
    }

    if !vendored {
        panic!(
            "cannot find the milvus_jobs C library (>= {major}.{minor}.0, < {}.0.0) and the \
             vendored build is off ({}).\n\
             Install it (tools/install.sh, then pkg-config finds it; or \
             PKG_CONFIG_PATH=<prefix>/lib/pkgconfig for a staged install), set \
             MILVUS_JOBS_LIB_DIR to a directory holding libmilvus_jobs.so, or enable the \
             `vendored` feature and unset MILVUS_JOBS_NO_VENDOR.\n\
             pkg-config said: {system_error}",
            major + 1,
            if cfg!(feature = "vendored") {
                "MILVUS_JOBS_NO_VENDOR is set"
            } else {
                "the `vendored` feature is disabled"
            },
        );
    }
    build_vendored();
    Found::Vendored
}

#[cfg(feature = "vendored")]
fn build_vendored() {
    let root = repo_root();
    if !root.join("CMakeLists.txt").exists() || !root.join("src/c_api").is_dir() {
        panic!(
            "the vendored build needs the milvus-jobs source tree around this crate \
             ({} has no CMakeLists.txt and src/c_api): use the crate from a checkout of the \
             repository (a path or git dependency), or install the library and let pkg-config \
             find it",
            root.display()
        );
    }
    let root = root.canonicalize().unwrap();
    for p in ["CMakeLists.txt", "src", "include", "cmake"] {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
    }
    // CMake honours CMAKE_<LANG>_COMPILER_LAUNCHER from the environment
    // (e.g. ccache) by itself; CMAKE_GENERATOR too.
    let mut cfg = cmake::Config::new(&root);
    cfg.define("MJ_LIBRARY_ONLY", "ON")
        .define("MJ_WERROR", "OFF")
        // libmilvus_jobs.a: the objects of libmilvus_jobs.so in an archive.
        .define("MJ_BUILD_STATIC", "ON")
        .build_target("milvus_jobs_static");
    if env::var_os("CMAKE_GENERATOR").is_none() && has_program("ninja") {
        cfg.generator("Ninja");
    }
    let dst = cfg.build();
    let archive_dir = dst.join("build");
    if !archive_dir.join("libmilvus_jobs.a").is_file() {
        panic!(
            "the vendored CMake build finished but {} has no libmilvus_jobs.a",
            archive_dir.display()
        );
    }
    // Linked statically; the core's own dependencies (libcurl, the C++
    // runtime) after it, dynamically.
    println!("cargo:rustc-link-search=native={}", archive_dir.display());
    println!("cargo:rustc-link-lib=static=milvus_jobs");
    println!("cargo:rustc-link-lib=dylib=stdc++");
    println!("cargo:rustc-link-lib=dylib=curl");
    println!("cargo:rustc-link-lib=dylib=pthread");
    println!("cargo:include={}", root.join("include").display());
}

#[cfg(not(feature = "vendored"))]
fn build_vendored() {
    unreachable!("the vendored build is only reached with the `vendored` feature")
}

#[cfg(feature = "vendored")]
fn has_program(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Links a small C program that takes the address of every function
/// src/lib.rs declares against the library in `dir` (or the system's path):
/// Err names what the linker could not resolve.
fn check_links(dir: &Option<PathBuf>) -> Result<(), String> {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let decls = std::fs::read_to_string(manifest.join("src/lib.rs")).map_err(|e| e.to_string())?;
    let names: Vec<&str> = decls
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("pub fn "))
        .filter_map(|l| l.split('(').next())
        .filter(|n| n.starts_with("mj_"))
        .collect();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let source = out.join("mj_link_check.c");
    let mut c = String::new();
    for n in &names {
        c.push_str(&format!("extern char {n}[];\n"));
    }
    c.push_str("void *const mj_link_check[] = {\n");
    for n in &names {
        c.push_str(&format!("  {n},\n"));
    }
    c.push_str("};\nint main(void) { return mj_link_check[0] == 0; }\n");
    std::fs::write(&source, c).map_err(|e| e.to_string())?;
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .warnings(false)
        .get_compiler();
    let mut cmd = compiler.to_command();
    cmd.arg(&source).arg("-o").arg(out.join("mj_link_check"));
    if let Some(d) = dir {
        cmd.arg(format!("-L{}", d.display()));
    }
    cmd.arg("-lmilvus_jobs");
    let result = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if result.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&result.stderr);
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| stderr.contains(&format!("`{n}'")) || stderr.contains(&format!("symbol: {n}")))
        .collect();
    if missing.is_empty() {
        Err(format!("the link check failed: {}", stderr.trim()))
    } else {
        Err(missing.join(", "))
    }
}

/// Compiles tests/abi/layout.c (the C compiler's view of every struct) into
/// OUT_DIR for tests/layout.rs. Outside the repository, or without a C
/// compiler, the probe is missing and that test says so; the build goes on.
fn build_layout_probe() {
    let root = repo_root();
    let source = root.join("tests/abi/layout.c");
    let include = root.join("include");
    if !source.exists() {
        println!(
            "cargo:rustc-env=MJ_LAYOUT_PROBE_ERROR=no {}",
            source.display()
        );
        return;
    }
    println!("cargo:rerun-if-changed={}", source.display());
    println!(
        "cargo:rerun-if-changed={}",
        include.join("milvus_jobs.h").display()
    );
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("mj_abi_layout");
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .warnings(false)
        .get_compiler();
    let mut cmd = compiler.to_command();
    cmd.arg("-std=c11")
        .arg("-I")
        .arg(&include)
        .arg(&source)
        .arg("-o")
        .arg(&out);
    match run(&mut cmd) {
        Ok(()) => println!("cargo:rustc-env=MJ_LAYOUT_PROBE={}", out.display()),
        Err(e) => {
            println!("cargo:warning=the layout probe was not built: {e}");
            println!(
                "cargo:rustc-env=MJ_LAYOUT_PROBE_ERROR={}",
                e.replace('\n', " ")
            );
        }
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
