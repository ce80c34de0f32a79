package milvusjobs

/*
#include <stdint.h>
#include <milvus_jobs.h>

extern void mjgoSnapshotProgress(mj_snapshot_job *job, uintptr_t handle);

static void mjgo_snapshot_progress(const mj_snapshot_job *job, void *user_data) {
  mjgoSnapshotProgress((mj_snapshot_job *)job, (uintptr_t)user_data);
}

static mj_status mjgo_wait_restore_snapshot(mj_snapshot_job **out, mj_client *client, int64_t job_id,
                                            const mj_wait_options *opts, int with_callback, uintptr_t handle,
                                            mj_error **err) {
  return mj_wait_restore_snapshot(out, client, job_id, opts, with_callback ? mjgo_snapshot_progress : NULL,
                                  (void *)handle, err);
}
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"strconv"
	"time"
	"unsafe"
)

// SnapshotState is the state of a snapshot restore job (mj_snapshot_state).
// A state this library does not know is SnapshotStateUnknown; the job's
// StateName then carries the server's name.
type SnapshotState int32

// Snapshot restore job states.
const (
	SnapshotStateUnknown   SnapshotState = C.MJ_SNAPSHOT_STATE_UNKNOWN
	SnapshotStatePending   SnapshotState = C.MJ_SNAPSHOT_STATE_PENDING
	SnapshotStateExecuting SnapshotState = C.MJ_SNAPSHOT_STATE_EXECUTING
	SnapshotStateCompleted SnapshotState = C.MJ_SNAPSHOT_STATE_COMPLETED
	SnapshotStateFailed    SnapshotState = C.MJ_SNAPSHOT_STATE_FAILED
	SnapshotStateNone      SnapshotState = C.MJ_SNAPSHOT_STATE_NONE
)

// String returns the server's name of the state, e.g. "RestoreSnapshotExecuting".
func (s SnapshotState) String() string {
	switch s {
	case SnapshotStatePending:
		return "RestoreSnapshotPending"
	case SnapshotStateExecuting:
		return "RestoreSnapshotExecuting"
	case SnapshotStateCompleted:
		return "RestoreSnapshotCompleted"
	case SnapshotStateFailed:
		return "RestoreSnapshotFailed"
	case SnapshotStateNone:
		return "RestoreSnapshotNone"
	case SnapshotStateUnknown:
		return "Unknown"
	}
	return "SnapshotState(" + strconv.Itoa(int(s)) + ")"
}

// IsTerminal reports whether the job has ended (Completed or Failed).
func (s SnapshotState) IsTerminal() bool { return C.mj_snapshot_state_is_terminal(C.int32_t(s)) != 0 }

// SnapshotJob is a snapshot restore job as the server reports it.
type SnapshotJob struct {
	// ID is the job id: an int64, exact (ids exceed 2^53).
	ID           int64
	SnapshotName string
	Database     string
	// CollectionName is the collection being restored (the target).
	CollectionName string
	State          SnapshotState
	// StateName is the state's name as the server sent it.
	StateName string
	// Progress is 0..100.
	Progress int64
	// Reason says why the job failed; "" when the server sent none.
	Reason    string
	StartTime time.Time
	// TimeCost is how long the job has taken so far (until it ended, once it has).
	TimeCost time.Duration
}

func snapshotJobFromC(j *C.mj_snapshot_job) SnapshotJob {
	return SnapshotJob{
		ID:             int64(j.job_id),
		SnapshotName:   C.GoString(j.snapshot_name),
		Database:       C.GoString(j.db_name),
		CollectionName: C.GoString(j.collection_name),
		State:          SnapshotState(j.state),
		StateName:      C.GoString(j.state_name),
		Progress:       int64(j.progress),
		Reason:         C.GoString(j.reason),
		StartTime:      msTime(j.start_time_ms),
		TimeCost:       time.Duration(int64(j.time_cost_ms)) * time.Millisecond,
	}
}

// ExportSnapshotRequest is what ExportSnapshot sends.
type ExportSnapshotRequest struct {
	// CollectionName is the collection to export. Required.
	CollectionName string
	// SnapshotName names the snapshot. Required.
	SnapshotName string
	// TargetPath is an object storage URL, e.g. "s3://bucket/exports". Required.
	TargetPath string
	// ExternalSpec holds storage settings: a JSON object as a string.
	ExternalSpec string
}

// RestoreSnapshotRequest is what RestoreExternalSnapshot sends.
type RestoreSnapshotRequest struct {
	// TargetCollectionName is the collection to create; it must not exist. Required.
	TargetCollectionName string
	// SnapshotURI is what ExportSnapshot returned. Required.
	SnapshotURI string
	// ExternalSpec holds storage settings: a JSON object as a string.
	ExternalSpec string
}

// ExportSnapshot writes a collection's snapshot metadata under TargetPath and
// returns its URI (pass it to RestoreExternalSnapshot). No job: the call is
// synchronous. Errors: ErrInvalidArgument (empty fields, a target that is not
// a URL, a name the server refuses), ErrNotFound (collection, database),
// ErrUnsupported (a server without snapshot jobs, or Zilliz Cloud). Never
// retried once the request may have reached the server.
func (c *Client) ExportSnapshot(ctx context.Context, req ExportSnapshotRequest, opts ...CallOption) (string, error) {
	k, e := c.begin(ctx, "ExportSnapshot")
	if e != nil {
		return "", e
	}
	defer k.end()
	call := k.options(opts)
	var r C.mj_export_snapshot_request
	C.mj_export_snapshot_request_init(&r, C.uint32_t(unsafe.Sizeof(r)))
	r.collection_name = k.arena.str("CollectionName", req.CollectionName)
	r.snapshot_name = k.arena.str("SnapshotName", req.SnapshotName)
	r.target_path = k.arena.str("TargetPath", req.TargetPath)
	r.external_spec = k.arena.optStr("ExternalSpec", req.ExternalSpec)
	if err := k.argErr(); err != nil {
		return "", err
	}
	var uri *C.char
	var cerr *C.mj_error
	if st := C.mj_export_snapshot(&uri, c.ptr, &r, call, &cerr); st != C.MJ_OK {
		return "", k.fail(st, cerr)
	}
	defer C.mj_free(unsafe.Pointer(uri))
	return C.GoString(uri), nil
}

// RestoreExternalSnapshot starts a job that restores the snapshot at
// SnapshotURI into a new collection, and returns the job's id. Errors:
// ErrInvalidArgument (the target exists, a URI that is not a URL),
// ErrNotFound (database), ErrUnsupported. Metadata that cannot be read fails
// the job: WaitRestoreSnapshot returns ErrJobFailed with the reason.
func (c *Client) RestoreExternalSnapshot(ctx context.Context, req RestoreSnapshotRequest, opts ...CallOption) (int64, error) {
	k, e := c.begin(ctx, "RestoreExternalSnapshot")
	if e != nil {
		return 0, e
	}
	defer k.end()
	call := k.options(opts)
	var r C.mj_restore_snapshot_request
	C.mj_restore_snapshot_request_init(&r, C.uint32_t(unsafe.Sizeof(r)))
	r.target_collection_name = k.arena.str("TargetCollectionName", req.TargetCollectionName)
	r.snapshot_uri = k.arena.str("SnapshotURI", req.SnapshotURI)
	r.external_spec = k.arena.optStr("ExternalSpec", req.ExternalSpec)
	if err := k.argErr(); err != nil {
		return 0, err
	}
	var id C.int64_t
	var cerr *C.mj_error
	if st := C.mj_restore_external_snapshot(&id, c.ptr, &r, call, &cerr); st != C.MJ_OK {
		return 0, k.fail(st, cerr)
	}
	return int64(id), nil
}

// GetRestoreSnapshotProgress reads one snapshot restore job. Errors:
// ErrInvalidArgument (id <= 0), ErrNotFound (no such job), ErrUnsupported.
func (c *Client) GetRestoreSnapshotProgress(ctx context.Context, jobID int64, opts ...CallOption) (*SnapshotJob, error) {
	k, e := c.begin(ctx, "GetRestoreSnapshotProgress")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	out, err := c.async.read(k, c.ptr, call, asyncSnapshot, nil, jobID)
	if err == errNoAsync {
		defer c.async.blockingDone()
		return c.getSnapshotProgressBlocking(k, call, jobID)
	}
	if err != nil {
		return nil, err
	}
	defer C.mj_snapshot_job_free(out.snap)
	job := snapshotJobFromC(out.snap)
	return &job, nil
}

// getSnapshotProgressBlocking is GetRestoreSnapshotProgress as one blocking
// native call (see getImportProgressBlocking).
func (c *Client) getSnapshotProgressBlocking(k *call, call *C.mj_call_options, jobID int64) (*SnapshotJob, error) {
	var out *C.mj_snapshot_job
	var cerr *C.mj_error
	if st := C.mj_get_restore_snapshot_progress(&out, c.ptr, C.int64_t(jobID), call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_snapshot_job_free(out)
	job := snapshotJobFromC(out)
	return &job, nil
}

// ListRestoreSnapshotJobs lists the snapshot restore jobs of one collection,
// or of every collection when collection is "", newest first.
func (c *Client) ListRestoreSnapshotJobs(ctx context.Context, collection string, opts ...CallOption) ([]SnapshotJob, error) {
	k, e := c.begin(ctx, "ListRestoreSnapshotJobs")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	name := k.arena.optStr("collection", collection)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	var out *C.mj_snapshot_job_list
	var cerr *C.mj_error
	if st := C.mj_list_restore_snapshot_jobs(&out, c.ptr, name, call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_snapshot_job_list_free(out)
	items := unsafe.Slice(out.items, int(out.count))
	jobs := make([]SnapshotJob, len(items))
	for i, j := range items {
		jobs[i] = snapshotJobFromC(j)
	}
	return jobs, nil
}

// WaitRestoreSnapshot is WaitRefresh for a snapshot restore job: it returns
// the job in state Completed with a nil error; on ErrJobFailed (the message
// carries the reason), ErrTimeout and ErrCancelled the last job read beside
// the error.
func (c *Client) WaitRestoreSnapshot(ctx context.Context, jobID int64, opts *WaitOptions, onProgress func(*SnapshotJob)) (*SnapshotJob, error) {
	k, e := c.begin(ctx, "WaitRestoreSnapshot")
	if e != nil {
		return nil, e
	}
	defer k.end()
	w := k.waitOptions(opts)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	s := &callbackState{onSnapshot: onProgress, stop: k.trigger}
	h := cgo.NewHandle(s)
	defer h.Delete()
	with := C.int(0)
	if onProgress != nil {
		with = 1
	}
	var out *C.mj_snapshot_job
	var cerr *C.mj_error
	st := C.mjgo_wait_restore_snapshot(&out, c.ptr, C.int64_t(jobID), w, with, C.uintptr_t(h), &cerr)
	var job *SnapshotJob
	if out != nil {
		j := snapshotJobFromC(out)
		job = &j
		C.mj_snapshot_job_free(out)
	}
	if st != C.MJ_OK {
		err := k.fail(st, cerr)
		s.repanic()
		return job, err
	}
	s.repanic()
	return job, nil
}

// AddRestoreSnapshot starts watching a snapshot restore job; its events have
// Kind JobKindSnapshotRestore and carry SnapshotJobID and Snapshot.
func (w *Watcher) AddRestoreSnapshot(jobID int64) error {
	const op = "Watcher.AddRestoreSnapshot"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var cerr *C.mj_error
	if st := C.mj_watcher_add_restore_snapshot(w.ptr, C.int64_t(jobID), &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}

// RemoveRestoreSnapshot is RemoveRefresh for a snapshot restore job.
func (w *Watcher) RemoveRestoreSnapshot(jobID int64) error {
	const op = "Watcher.RemoveRestoreSnapshot"
	if e := w.acquire(op); e != nil {
		return e
	}
	defer w.release()
	var cerr *C.mj_error
	if st := C.mj_watcher_remove_restore_snapshot(w.ptr, C.int64_t(jobID), &cerr); st != C.MJ_OK {
		return takeError(op, st, cerr)
	}
	return nil
}
