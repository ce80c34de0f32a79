//! The rpath of the C library found or built by milvus-jobs-sys, for this
//! crate's tests and examples: they run without LD_LIBRARY_PATH.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_MILVUS_JOBS_LIB_DIR");
    if let Ok(dir) = std::env::var("DEP_MILVUS_JOBS_LIB_DIR") {
        if std::env::var("CARGO_CFG_TARGET_FAMILY").as_deref() == Ok("unix") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
        }
    }
}
