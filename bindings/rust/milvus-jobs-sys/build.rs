//! Finds libmilvus_jobs.
//!
//! In this order:
//! 1. `MILVUS_JOBS_LIB_DIR`: a directory holding libmilvus_jobs.so (a CMake
//!    build tree, e.g. `build/`); linked dynamically from there.
//! 2. pkg-config, module `milvus_jobs` (an installed library; point
//!    `PKG_CONFIG_PATH` at `<prefix>/lib/pkgconfig` for a staged install).
//!
//! The library's directory is exported to dependents as `DEP_MILVUS_JOBS_LIB_DIR`
//! (and its include directory as `DEP_MILVUS_JOBS_INCLUDE` when pkg-config knows it).
use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=MILVUS_JOBS_LIB_DIR");
    println!("cargo:rerun-if-changed=build.rs");

    if let Ok(dir) = env::var("MILVUS_JOBS_LIB_DIR") {
        let dir = PathBuf::from(dir);
        if !dir.join("libmilvus_jobs.so").exists()
            && !dir.join("libmilvus_jobs.dylib").exists()
            && !dir.join("milvus_jobs.lib").exists()
        {
            panic!(
                "MILVUS_JOBS_LIB_DIR={} holds no libmilvus_jobs: point it at the directory \
                 of the built library (e.g. the CMake build directory), or unset it to use pkg-config",
                dir.display()
            );
        }
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=dylib=milvus_jobs");
        println!("cargo:lib_dir={}", dir.display());
        return;
    }

    match pkg_config::Config::new()
        .atleast_version("0.2.0")
        .probe("milvus_jobs")
    {
        Ok(lib) => {
            if let Some(dir) = lib.link_paths.first() {
                println!("cargo:lib_dir={}", dir.display());
            }
            if let Some(inc) = lib.include_paths.first() {
                println!("cargo:include={}", inc.display());
            }
        }
        Err(e) => panic!(
            "cannot find the milvus_jobs C library (>= 0.2.0).\n\
             Either install it and make pkg-config see it \
             (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig), or set MILVUS_JOBS_LIB_DIR \
             to a directory holding libmilvus_jobs.so (a CMake build tree).\n\
             pkg-config said: {e}"
        ),
    }
}
