package milvusjobs

/*
#include <stdint.h>
#include <milvus_jobs.h>

extern void mjgoRefreshProgress(mj_refresh_job *job, uintptr_t handle);
extern void mjgoImportProgress(mj_import_job *job, uintptr_t handle);

static void mjgo_refresh_progress(const mj_refresh_job *job, void *user_data) {
  mjgoRefreshProgress((mj_refresh_job *)job, (uintptr_t)user_data);
}

static void mjgo_import_progress(const mj_import_job *job, void *user_data) {
  mjgoImportProgress((mj_import_job *)job, (uintptr_t)user_data);
}

// The handle travels as an integer: a cgo.Handle is not a pointer.
static mj_status mjgo_wait_refresh(mj_refresh_job **out, mj_client *client, int64_t job_id,
                                   const mj_wait_options *opts, int with_callback, uintptr_t handle,
                                   mj_error **err) {
  return mj_wait_refresh(out, client, job_id, opts, with_callback ? mjgo_refresh_progress : NULL,
                         (void *)handle, err);
}

static mj_status mjgo_wait_import(mj_import_job **out, mj_client *client, const char *job_id,
                                  const mj_wait_options *opts, int with_callback, uintptr_t handle,
                                  mj_error **err) {
  return mj_wait_import(out, client, job_id, opts, with_callback ? mjgo_import_progress : NULL,
                        (void *)handle, err);
}
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"time"
	"unsafe"
)

// WaitOptions tune WaitRefresh and WaitImport. The zero value is the default.
type WaitOptions struct {
	// Timeout is the deadline of the whole wait; 0 means none (until the job
	// ends or the context ends). Each poll also keeps the client's
	// RequestTimeout. A context deadline applies as well.
	Timeout time.Duration
	// InitialInterval is the first poll interval (default 200ms); each next
	// interval is 1.5 times longer, up to MaxInterval (default 5s).
	InitialInterval time.Duration
	MaxInterval     time.Duration
	// Database overrides the client's database.
	Database string
}

// callbackState is what a native callback reaches through its cgo.Handle:
// the Go function to call, and a panic raised by it, re-raised once the
// native call has returned (a panic must not unwind through C frames).
type callbackState struct {
	onRefresh  func(*RefreshJob)
	onImport   func(*ImportJob)
	onSnapshot func(*SnapshotJob)
	onEvent    func(WatchEvent)
	stop       func() // makes the native call return (triggers its cancel token)
	panicked   bool
	panicVal   any
}

func (s *callbackState) recover() {
	if r := recover(); r != nil {
		if !s.panicked {
			s.panicked, s.panicVal = true, r
			s.stop()
		}
	}
}

// repanic re-raises, on the caller's goroutine, a panic of the callback.
func (s *callbackState) repanic() {
	if s.panicked {
		panic(s.panicVal)
	}
}

func (k *call) waitOptions(opts *WaitOptions) *C.mj_wait_options {
	if opts == nil {
		opts = &WaitOptions{}
	}
	p := new(C.mj_wait_options)
	C.mj_wait_options_init(p, C.uint32_t(unsafe.Sizeof(*p)))
	p.timeout_ms = k.arena.ms("WaitOptions.Timeout", opts.Timeout)
	p.initial_interval_ms = k.arena.ms("WaitOptions.InitialInterval", opts.InitialInterval)
	p.max_interval_ms = k.arena.ms("WaitOptions.MaxInterval", opts.MaxInterval)
	p.cancel = k.tok
	p.db_name = k.arena.optStr("Database", opts.Database)
	return p
}

// WaitRefresh polls a refresh job until it ends, the wait's Timeout passes
// or ctx ends, calling onProgress (may be nil) on this goroutine each time
// the job's state or progress changes, and once for the first answer.
//
// It returns the job in state Completed with a nil error. On ErrJobFailed
// (the job ended Failed; the message carries its reason), ErrTimeout and
// ErrCancelled it returns the last job read beside the error, when the job
// was read at least once. Other errors: ErrJobLost (the job was seen, then
// "not found"), ErrNotFound (never seen), and those of GetRefreshExternalCollectionProgress.
// A panic in onProgress stops the wait and is re-raised here.
func (c *Client) WaitRefresh(ctx context.Context, jobID int64, opts *WaitOptions, onProgress func(*RefreshJob)) (*RefreshJob, error) {
	k, e := c.begin(ctx, "WaitRefresh")
	if e != nil {
		return nil, e
	}
	defer k.end()
	w := k.waitOptions(opts)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	s := &callbackState{onRefresh: onProgress, stop: k.trigger}
	h := cgo.NewHandle(s)
	defer h.Delete()
	with := C.int(0)
	if onProgress != nil {
		with = 1
	}
	var out *C.mj_refresh_job
	var cerr *C.mj_error
	st := C.mjgo_wait_refresh(&out, c.ptr, C.int64_t(jobID), w, with, C.uintptr_t(h), &cerr)
	var job *RefreshJob
	if out != nil {
		j := refreshJobFromC(out)
		job = &j
		C.mj_refresh_job_free(out)
	}
	if st != C.MJ_OK {
		err := k.fail(st, cerr)
		s.repanic()
		return job, err
	}
	s.repanic()
	return job, nil
}

// WaitImport is WaitRefresh for an import job. It also returns a nil error
// when the job reaches Uncommitted (created with auto_commit=false, it waits
// for CommitImport, which only the caller can send): check the job's State.
func (c *Client) WaitImport(ctx context.Context, jobID string, opts *WaitOptions, onProgress func(*ImportJob)) (*ImportJob, error) {
	k, e := c.begin(ctx, "WaitImport")
	if e != nil {
		return nil, e
	}
	defer k.end()
	w := k.waitOptions(opts)
	id := k.arena.str("jobID", jobID)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	s := &callbackState{onImport: onProgress, stop: k.trigger}
	h := cgo.NewHandle(s)
	defer h.Delete()
	with := C.int(0)
	if onProgress != nil {
		with = 1
	}
	var out *C.mj_import_job
	var cerr *C.mj_error
	st := C.mjgo_wait_import(&out, c.ptr, id, w, with, C.uintptr_t(h), &cerr)
	var job *ImportJob
	if out != nil {
		j := importJobFromC(out)
		job = &j
		C.mj_import_job_free(out)
	}
	if st != C.MJ_OK {
		err := k.fail(st, cerr)
		s.repanic()
		return job, err
	}
	s.repanic()
	return job, nil
}
