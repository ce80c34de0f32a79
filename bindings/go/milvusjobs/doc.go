// Package milvusjobs drives the job operations of Milvus 3.x (REST v2) and
// Zilliz Cloud, external-collection refresh and bulk import, through the
// native milvus-jobs library (include/milvus_jobs.h) over cgo.
//
// The package is a thin layer: every method calls one function of the C API
// and copies its result into Go values. No C pointer is kept in a Go value,
// and every native object is freed before the method returns.
//
// # Building
//
// The package links the installed library with `#cgo pkg-config: milvus_jobs`.
// After tools/install.sh (a system prefix, /usr/local) nothing needs to be
// set; for another prefix, PKG_CONFIG_PATH must name its lib/pkgconfig at
// build time only: milvus_jobs.pc adds an rpath, so the program finds
// libmilvus_jobs.so.0 at run time without LD_LIBRARY_PATH. cgo must be
// enabled (CGO_ENABLED=1). See the module's README.md, "Install".
//
// # Calls
//
// A [Client] is safe for concurrent use by many goroutines; it keeps its
// connections alive between calls. Every method takes a [context.Context]
// first: cancelling it (or its deadline passing) makes the native call return
// promptly, through a native cancel token, and the error then matches
// context.Canceled or context.DeadlineExceeded with [errors.Is]. Per-call
// options ([WithDatabase], [WithTimeout], [WithMaxAttempts]) follow the
// method's own arguments.
//
// The progress reads ([Client.GetImportProgress],
// [Client.GetRefreshExternalCollectionProgress],
// [Client.GetRestoreSnapshotProgress]) made while another is in flight on
// the same Client do not block a thread: each is queued on the library's
// non-blocking read API and waited for on a channel, and one poller
// goroutine per Client (started by the first such read, parked while none is
// in flight, stopped by Close) drives all of them. A lone read, and every
// other call, is one blocking native call.
//
// # Errors
//
// Every failure is an [*Error] carrying the category ([Category]), the
// server's code and message, the HTTP status, the request id and more. Match
// categories with the sentinel errors: errors.Is(err, milvusjobs.ErrNotFound).
//
// # Waiting and watching
//
// [Client.WaitRefresh] and [Client.WaitImport] poll one job until it ends,
// calling an optional progress function on every change. A [Watcher] polls
// many jobs over a bounded pool of connections and reports each change.
// Callbacks run on the goroutine that called Wait or Run, inside that call.
package milvusjobs
