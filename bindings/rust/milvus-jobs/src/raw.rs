//! Small helpers at the FFI edge: strings in and out, durations, statuses.
use crate::error::{Error, ErrorKind, Result};
use milvus_jobs_sys as sys;
use std::ffi::{c_char, CStr, CString};
use std::time::Duration;

/// Copies a borrowed C string; NULL reads as "". Invalid UTF-8 is replaced.
pub(crate) unsafe fn string(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// A C copy of `value`, refusing interior NUL bytes with a message naming `what`.
pub(crate) fn cstring(what: &str, value: &str) -> Result<CString> {
    CString::new(value).map_err(|e| {
        Error::local(
            ErrorKind::InvalidArgument,
            format!(
                "{what} contains a NUL byte at position {}; remove it",
                e.nul_position()
            ),
        )
    })
}

/// As [`cstring`] for an optional value.
pub(crate) fn opt_cstring(what: &str, value: Option<&str>) -> Result<Option<CString>> {
    value.map(|v| cstring(what, v)).transpose()
}

/// The pointer of an optional C string, NULL for None.
pub(crate) fn ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

/// Milliseconds for the C API: 0 stays 0 (the library default), anything
/// above 0 rounds up to at least 1 ms, and huge values saturate.
pub(crate) fn millis(d: Duration) -> i64 {
    if d.is_zero() {
        return 0;
    }
    let ms = d.as_millis().max(1);
    i64::try_from(ms).unwrap_or(i64::MAX)
}

/// Turns a status plus its (owned, possibly NULL) error into a Result.
pub(crate) unsafe fn check(status: sys::mj_status, err: *mut sys::mj_error) -> Result<()> {
    if status == sys::MJ_OK {
        // On success the library leaves *err untouched; free defensively anyway.
        sys::mj_error_free(err);
        Ok(())
    } else {
        Err(Error::from_owned(status, err))
    }
}

/// Whether an output struct that reports `struct_size` holds the field that
/// ends at `end` bytes (offset + size): fields are only ever appended, so a
/// library older than this binding fills fewer of them.
pub(crate) fn has_field(struct_size: u32, end: usize) -> bool {
    struct_size as usize >= end
}

/// `offset_of!(T, f) + size_of(field)`, for [`has_field`].
macro_rules! field_end {
    ($t:ty, $f:ident) => {{
        fn size<T, F>(_: fn(&T) -> &F) -> usize {
            std::mem::size_of::<F>()
        }
        std::mem::offset_of!($t, $f) + size(|s: &$t| &s.$f)
    }};
}
pub(crate) use field_end;
