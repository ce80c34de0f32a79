package milvusjobs

/*
#include <stdint.h>
#include <milvus_jobs.h>

extern void mjgoWatchEvent(mj_watch_event *event, uintptr_t handle);

static void mjgo_watch_event(const mj_watch_event *event, void *user_data) {
  mjgoWatchEvent((mj_watch_event *)event, (uintptr_t)user_data);
}

static mj_status mjgo_watcher_run(mj_watcher *watcher, int64_t timeout_ms, uintptr_t handle, mj_error **err) {
  return mj_watcher_run(watcher, timeout_ms, mjgo_watch_event, (void *)handle, err);
}
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// JobKind tells whether a watch event is about a refresh or an import job.
type JobKind int32

// Job kinds.
const (
	JobKindRefresh JobKind = C.MJ_JOB_REFRESH
	JobKindImport  JobKind = C.MJ_JOB_IMPORT
	// JobKindSnapshotRestore is a snapshot restore job (since 0.4).
	JobKindSnapshotRestore JobKind = C.MJ_JOB_SNAPSHOT_RESTORE
)

// String returns "refresh" or "import".
func (k JobKind) String() string {
	switch k {
	case JobKindRefresh:
		return "refresh"
	case JobKindSnapshotRestore:
		return "snapshot restore"
	case JobKindImport:
		return "import"
	}
	return "JobKind(" + strconv.Itoa(int(k)) + ")"
}

// WatchEvent is one change of one watched job.
type WatchEvent struct {
	Kind JobKind
	// RefreshJobID is the job's id for JobKindRefresh; ImportJobID for
	// JobKindImport.
	RefreshJobID int64
	ImportJobID  string
	// Refresh or Import is the job as read (by Kind); nil when the poll
	// failed.
	Refresh *RefreshJob
	Import  *ImportJob
	// Err is nil when the job was read (its state or progress changed, or
	// this is the first read). ErrJobFailed comes with the job, which ended
	// in state Failed (the message carries its reason). Otherwise Err is the
	// *Error of a failed poll: ErrJobLost when the job vanished; after a
	// transient (retriable) failure the job stays watched.
	Err error
	// Done is true on the job's last event (terminal state, or lost): the
	// watcher no longer holds the job.
	Done bool
	// SnapshotJobID and Snapshot are the id and the job as read for
	// JobKindSnapshotRestore (since 0.4).
	SnapshotJobID int64
	Snapshot      *SnapshotJob
}

func watchEventFromC(ev *C.mj_watch_event) WatchEvent {
	e := WatchEvent{
		Kind:         JobKind(ev.kind),
		RefreshJobID: int64(ev.refresh_job_id),
		ImportJobID:  C.GoString(ev.import_job_id),
		Done:         ev.done != 0,
	}
	if ev.status != C.MJ_OK {
		e.Err = copyError("Watcher", ev.status, ev.error)
	}
	if ev.refresh != nil {
		j := refreshJobFromC(ev.refresh)
		e.Refresh = &j
	}
	if ev.import_job != nil {
		j := importJobFromC(ev.import_job)
		e.Import = &j
	}
	// The snapshot fields exist from 0.4 on: read them only when the library filled them.
	if uintptr(ev.struct_size) >= unsafe.Offsetof(ev.snapshot)+unsafe.Sizeof(ev.snapshot) {
		e.SnapshotJobID = int64(ev.snapshot_job_id)
		if ev.snapshot != nil {
			j := snapshotJobFromC(ev.snapshot)
			e.Snapshot = &j
		}
	}
	return e
}

// WatcherOptions tune a Watcher. The zero value is the default.
type WatcherOptions struct {
	// MaxConnections is the number of polls in flight at once (= connections
	// used); 0 means 16, at most 1024.
	MaxConnections int
	// Interval is the time between two polls of the same job; 0 means 1s.
	Interval time.Duration
	// PollTimeout is the deadline of one poll; 0 means the client's
	// RequestTimeout.
	PollTimeout time.Duration
	// Database overrides the client's database.
	Database string
}

// Watcher polls many jobs at once over a bounded pool of connections and
// reports each change. It does no work between calls of Run or Next, which
// only one goroutine at a time may drive (others wait their turn). Jobs may
// be added and removed from any goroutine, also from inside Run's callback. A
// job leaves the watcher by itself after its last event.
//
// Cancelling the context given to Run or Next stops the watcher for good:
// the native cancel token stays triggered and later calls fail with
// ErrCancelled; create a new Watcher. A context deadline only bounds that
// call. Close the watcher when done; Client.Close closes its watchers.
type Watcher struct {
	c     *Client
	drive sync.Mutex // one driver (Run, Next) at a time

	mu      sync.Mutex
	idle    chan struct{} // made by Close, closed when users drops to 0
	ptr     *C.mj_watcher
	tok     *C.mj_cancel
	closing bool
	users   int
	closed  chan struct{} // closed once Close has freed the native watcher
}

// NewWatcher creates a watcher on the client. opts may be nil.
func (c *Client) NewWatcher(opts *WatcherOptions) (*Watcher, error) {
	const op = "NewWatcher"
	if opts == nil {
		opts = &WatcherOptions{}
	}
	if opts.MaxConnections < 0 || opts.MaxConnections > 1<<30 {
		return nil, argError(op, "MaxConnections must be between 0 (the default, 16) and 1024, got "+itoa(int64(opts.MaxConnections)))
	}
	var a arena
	defer a.free()
	var o C.mj_watcher_options
	C.mj_watcher_options_init(&o, C.uint32_t(unsafe.Sizeof(o)))
	o.max_connections = C.int32_t(opts.MaxConnections)
	o.interval_ms = a.ms("WatcherOptions.Interval", opts.Interval)
	o.poll_timeout_ms = a.ms("WatcherOptions.PollTimeout", opts.PollTimeout)
	o.db_name = a.optStr("Database", opts.Database)
	if a.err != "" {
		return nil, argError(op, a.err)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ptr == nil || c.closing {
		return nil, &Error{Op: op, Category: CategoryInvalidArgument, Message: "the Client is closed", cause: ErrClosed}
	}
	var tok *C.mj_cancel
	var cerr *C.mj_error
	if st := C.mj_cancel_new(&tok, &cerr); st != C.MJ_OK {
		return nil, takeError(op, st, cerr)
	}
	o.cancel = tok
	var ptr *C.mj_watcher
	if st := C.mj_watcher_new(&ptr, c.ptr, &o, &cerr); st != C.MJ_OK {
		C.mj_cancel_free(tok)
		return nil, takeError(op, st, cerr)
	}
	w := &Watcher{c: c, ptr: ptr, tok: tok, closed: make(chan struct{})}
	if c.watchers == nil {
		c.watchers = map[*Watcher]struct{}{}
	}
	c.watchers[w] = struct{}{}
	return w, nil
}

// acquire pins the native watcher for one call; it never blocks, so it is
// safe inside Run's callback.
func (w *Watcher) acquire(op string) *Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ptr == nil || w.closing {
		return &Error{Op: op, Category: CategoryInvalidArgument, Message: "the Watcher is closed", cause: ErrClosed}
	}
	w.users++
	return nil
}

func (w *Watcher) release() {
	w.mu.Lock()
	w.users--
	if w.users == 0 && w.idle != nil {
		close(w.idle)
		w.idle = nil
	}
	w.mu.Unlock()
}

// AddRefresh starts watching a refresh job; its first poll is due at once.
// Adding a job already watched does nothing.
func (w *Watcher) AddRefresh(jobID int64) error {
	const op = "Watcher.AddRefresh"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var cerr *C.mj_error
	if st := C.mj_watcher_add_refresh(w.ptr, C.int64_t(jobID), &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}

// AddImport starts watching an import job; its first poll is due at once.
// Adding a job already watched does nothing.
func (w *Watcher) AddImport(jobID string) error {
	const op = "Watcher.AddImport"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var a arena
	defer a.free()
	id := a.str("jobID", jobID)
	if a.err != "" {
		return argError(op, a.err)
	}
	var cerr *C.mj_error
	if st := C.mj_watcher_add_import(w.ptr, id, &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}

// RemoveRefresh stops watching a refresh job: no event for it is delivered
// after RemoveRefresh returns (from another goroutine: after the event in
// progress). ErrNotFound when the job is not watched.
func (w *Watcher) RemoveRefresh(jobID int64) error {
	const op = "Watcher.RemoveRefresh"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var cerr *C.mj_error
	if st := C.mj_watcher_remove_refresh(w.ptr, C.int64_t(jobID), &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}

// RemoveImport is RemoveRefresh for an import job.
func (w *Watcher) RemoveImport(jobID string) error {
	const op = "Watcher.RemoveImport"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var a arena
	defer a.free()
	id := a.str("jobID", jobID)
	if a.err != "" {
		return argError(op, a.err)
	}
	var cerr *C.mj_error
	if st := C.mj_watcher_remove_import(w.ptr, id, &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}

// Len returns the number of jobs watched (0 once closed).
func (w *Watcher) Len() int {
	if w.acquire("Watcher.Len") != nil {
		return 0
	}
	defer w.release()
	return int(C.mj_watcher_size(w.ptr))
}

// driveScope arms ctx on the watcher for one Run or Next: cancellation
// triggers the watcher's token (for good); a deadline becomes the call's
// timeout instead, so it ends only this call.
type driveScope struct {
	w        *Watcher
	ctx      context.Context
	stop     func() bool
	mu       sync.Mutex
	done     bool
	deadline bool // the timeout passed to the library came from ctx
}

func (w *Watcher) beginDrive(ctx context.Context, op string) (*driveScope, *Error) {
	if ctx == nil {
		return nil, argError(op, "the context is nil; pass context.Background() or a real context")
	}
	if err := ctx.Err(); err != nil {
		return nil, contextError(op, err)
	}
	if e := w.acquire(op); e != nil {
		return nil, e
	}
	w.drive.Lock()
	d := &driveScope{w: w, ctx: ctx}
	d.stop = context.AfterFunc(ctx, func() {
		if ctx.Err() != context.Canceled {
			return
		}
		d.mu.Lock()
		if !d.done {
			C.mj_cancel_trigger(w.tok)
		}
		d.mu.Unlock()
	})
	return d, nil
}

func (d *driveScope) end() {
	d.stop()
	d.mu.Lock()
	d.done = true
	d.mu.Unlock()
	d.w.drive.Unlock()
	d.w.release()
}

// timeout returns the native timeout in ms: limit (negative = none), capped
// by ctx's deadline.
func (d *driveScope) timeout(limit C.int64_t) C.int64_t {
	dl, ok := d.ctx.Deadline()
	if !ok {
		return limit
	}
	ms := durationMs(time.Until(dl))
	if ms < 1 {
		ms = 1
	}
	if limit < 0 || ms < limit {
		d.deadline = true
		return ms
	}
	return limit
}

func (d *driveScope) fail(op string, st C.mj_status, cerr *C.mj_error) error {
	e := takeError(op, st, cerr)
	switch {
	case e.Category == CategoryTimeout && d.deadline:
		e.cause = context.DeadlineExceeded
	case e.Category == CategoryCancelled && d.ctx.Err() != nil:
		e.cause = d.ctx.Err()
	case e.Category == CategoryCancelled:
		d.w.mu.Lock()
		if d.w.closing {
			e.cause = ErrClosed
		}
		d.w.mu.Unlock()
	}
	return e
}

// Run polls until no job is left (nil), ctx's deadline passes (ErrTimeout,
// matching context.DeadlineExceeded) or ctx is cancelled (ErrCancelled,
// matching context.Canceled; the watcher is then stopped for good), calling
// onEvent for each event on this goroutine. onEvent may add and remove jobs;
// it must not call Close. A panic in onEvent stops the run (the watcher is
// then stopped for good) and is re-raised here.
func (w *Watcher) Run(ctx context.Context, onEvent func(WatchEvent)) error {
	const op = "Watcher.Run"
	if onEvent == nil {
		return argError(op, "onEvent is nil; pass a function that handles each event")
	}
	d, e := w.beginDrive(ctx, op)
	if e != nil {
		return e
	}
	defer d.end()
	s := &callbackState{onEvent: onEvent, stop: func() { C.mj_cancel_trigger(w.tok) }}
	h := cgo.NewHandle(s)
	defer h.Delete()
	var cerr *C.mj_error
	st := C.mjgo_watcher_run(w.ptr, d.timeout(-1), C.uintptr_t(h), &cerr)
	s.repanic()
	if st != C.MJ_OK {
		return d.fail(op, st, cerr)
	}
	return nil
}

// Next polls until one event is ready and returns it. It returns a nil event
// and a nil error when timeout passes first (0: only what is ready now;
// ctx's deadline caps it) or no job is watched, and ErrCancelled when ctx is
// cancelled (the watcher is then stopped for good).
func (w *Watcher) Next(ctx context.Context, timeout time.Duration) (*WatchEvent, error) {
	const op = "Watcher.Next"
	if timeout < 0 {
		return nil, argError(op, "timeout is negative; pass 0 for only what is ready now, or a positive duration")
	}
	d, e := w.beginDrive(ctx, op)
	if e != nil {
		return nil, e
	}
	defer d.end()
	limit := d.timeout(durationMs(timeout))
	var ev *C.mj_watch_event
	var cerr *C.mj_error
	if st := C.mj_watcher_next(&ev, w.ptr, limit, &cerr); st != C.MJ_OK {
		return nil, d.fail(op, st, cerr)
	}
	if ev == nil {
		return nil, nil
	}
	defer C.mj_watch_event_free(ev)
	out := watchEventFromC(ev)
	return &out, nil
}

// Close stops polling (in-flight polls are dropped; a Run or Next in
// progress returns ErrCancelled wrapping ErrClosed), waits for calls in
// progress, and frees the watcher. It is idempotent; it must not be called
// from Run's callback.
func (w *Watcher) Close() error {
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		<-w.closed
		return nil
	}
	w.closing = true
	C.mj_cancel_trigger(w.tok)
	if w.users > 0 {
		idle := make(chan struct{})
		w.idle = idle
		w.mu.Unlock()
		<-idle
		w.mu.Lock()
	}
	ptr, tok := w.ptr, w.tok
	w.ptr, w.tok = nil, nil
	w.mu.Unlock()
	C.mj_watcher_free(ptr)
	C.mj_cancel_free(tok)
	w.c.mu.Lock()
	delete(w.c.watchers, w)
	w.c.mu.Unlock()
	close(w.closed)
	return nil
}
