package milvusjobs

/*
#include <milvus_jobs.h>
*/
import "C"

import (
	"context"
	"sort"
	"unsafe"
)

// ImportRequest is what BulkImport sends.
type ImportRequest struct {
	// CollectionName is required; PartitionName is optional.
	CollectionName string
	PartitionName  string
	// Files are the groups of files to import: each inner slice is one
	// import unit (a Parquet, JSON or CSV file alone, or the .npy files of one
	// segment together). Paths are relative to the server's storage bucket.
	// On Zilliz Cloud they are object URLs (folders "s3://bucket/dir/"
	// allowed) or, with VolumeName, paths inside the volume.
	Files [][]string
	// Options are import options, e.g. {"auto_commit": "false"}; sent in
	// key order.
	Options map[string]string

	// Zilliz Cloud only (refused with ErrInvalidArgument for Milvus).
	// VolumeName makes Files paths inside that volume.
	VolumeName string
	// Storage credentials for the object URLs: AccessKey and SecretKey go
	// together. Sent to the server only, never in an error message.
	AccessKey    string
	SecretKey    string
	SessionToken string
}

// BulkImport creates an import job and returns its id.
//
// Refused before sending (ErrInvalidArgument): an empty CollectionName, no
// files, an empty group or path, an empty option key. Server errors:
// ErrNotFound (collection, partition, database), ErrInvalidArgument (the
// server rejected the request). Never retried once the request may have
// reached the server.
func (c *Client) BulkImport(ctx context.Context, req ImportRequest, opts ...CallOption) (string, error) {
	id, _, err := c.bulkImport(ctx, "BulkImport", req, opts)
	return id, err
}

// BulkImportWithOutcome is BulkImport, and tells how the id was had:
// Recovered when the create's answer was lost and reconciliation found the
// job it started (the one recent job with exactly these files); Attempts,
// the creates sent (2 when the first provably started nothing). A lost
// answer that cannot be reconciled is ErrAmbiguous with Error.Candidates.
func (c *Client) BulkImportWithOutcome(ctx context.Context, req ImportRequest, opts ...CallOption) (string, CreateOutcome, error) {
	return c.bulkImport(ctx, "BulkImportWithOutcome", req, opts)
}

func (c *Client) bulkImport(ctx context.Context, op string, req ImportRequest, opts []CallOption) (string, CreateOutcome, error) {
	k, e := c.begin(ctx, op)
	if e != nil {
		return "", CreateOutcome{}, e
	}
	defer k.end()
	call := k.options(opts)
	var r C.mj_import_request
	C.mj_import_request_init(&r, C.uint32_t(unsafe.Sizeof(r)))
	r.collection_name = k.arena.str("CollectionName", req.CollectionName)
	r.partition_name = k.arena.optStr("PartitionName", req.PartitionName)
	var files []string
	var groups []int
	for i, g := range req.Files {
		if len(g) == 0 {
			return "", CreateOutcome{}, argError(k.op, "Files["+itoa(int64(i))+"] is an empty group; every group needs at least one path")
		}
		files = append(files, g...)
		groups = append(groups, len(g))
	}
	r.files = k.arena.strArray("Files", files)
	r.file_count = C.size_t(len(files))
	r.group_sizes = k.arena.sizeArray(groups)
	r.group_count = C.size_t(len(groups))
	if len(req.Options) > 0 {
		keys := make([]string, 0, len(req.Options))
		for key := range req.Options {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		values := make([]string, len(keys))
		for i, key := range keys {
			values[i] = req.Options[key]
		}
		r.option_keys = k.arena.strArray("Options", keys)
		r.option_values = k.arena.strArray("Options", values)
		r.option_count = C.size_t(len(keys))
	}
	r.volume_name = k.arena.optStr("VolumeName", req.VolumeName)
	r.access_key = k.arena.optStr("AccessKey", req.AccessKey)
	r.secret_key = k.arena.optStr("SecretKey", req.SecretKey)
	r.session_token = k.arena.optStr("SessionToken", req.SessionToken)
	if err := k.argErr(); err != nil {
		return "", CreateOutcome{}, err
	}
	var id *C.char
	var cerr *C.mj_error
	out := newOutcome()
	st := C.mj_bulk_import_ex(&id, out, c.ptr, &r, call, &cerr)
	done := outcomeOf(out)
	if st != C.MJ_OK {
		return "", done, k.fail(st, cerr)
	}
	defer C.mj_free(unsafe.Pointer(id))
	return C.GoString(id), done, nil
}

// GetImportProgress reads one import job with its per-file details.
// Errors: ErrInvalidArgument (empty or malformed id), ErrNotFound (no such
// job), transport, auth and protocol categories.
func (c *Client) GetImportProgress(ctx context.Context, jobID string, opts ...CallOption) (*ImportJob, error) {
	k, e := c.begin(ctx, "GetImportProgress")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	id := k.arena.arg("jobID", jobID)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	out, err := c.async.read(k, c.ptr, call, asyncImport, id, 0)
	if err == errNoAsync {
		defer c.async.blockingDone()
		return c.getImportProgressBlocking(k, call, id)
	}
	if err != nil {
		return nil, err
	}
	defer C.mj_import_job_free(out.imp)
	job := importJobFromC(out.imp)
	return &job, nil
}

// getImportProgressBlocking is GetImportProgress as one blocking native
// call: when the Client's mj_async cannot be made, and the reference of the
// tests.
func (c *Client) getImportProgressBlocking(k *call, call *C.mj_call_options, id *C.char) (*ImportJob, error) {
	var out *C.mj_import_job
	var cerr *C.mj_error
	if st := C.mj_get_import_progress(&out, c.ptr, id, call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_import_job_free(out)
	job := importJobFromC(out)
	return &job, nil
}

// ListImportJobs lists the import jobs of one collection, or of every
// collection when collection is "". On Zilliz Cloud, whose list is paged, it
// reads every page. Jobs in a list carry only ID, CollectionName, State,
// StateName, Progress and Reason.
func (c *Client) ListImportJobs(ctx context.Context, collection string, opts ...CallOption) ([]ImportJob, error) {
	k, e := c.begin(ctx, "ListImportJobs")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	name := k.arena.optStr("collection", collection)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	var out *C.mj_import_job_list
	var cerr *C.mj_error
	if st := C.mj_list_import_jobs(&out, c.ptr, name, call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_import_job_list_free(out)
	return importJobPageFromC(out).Jobs, nil
}

// ImportListRequest selects one page of import jobs.
type ImportListRequest struct {
	// CollectionName limits the list to one collection; "" lists all.
	CollectionName string
	// PageSize is the number of jobs per page: 0 means 10, at most 100.
	PageSize int64
	// CurrentPage is the 1-based page number; 0 means 1.
	CurrentPage int64
}

// ListImportJobsPage reads one page of import jobs. On Zilliz Cloud it sends
// the page size and number and fills the paging fields from the answer; on
// Milvus, which does not page, page 1 holds every job and later pages are
// empty. Errors: ErrInvalidArgument (page size or number out of range), and
// as ListImportJobs.
func (c *Client) ListImportJobsPage(ctx context.Context, req ImportListRequest, opts ...CallOption) (*ImportJobPage, error) {
	k, e := c.begin(ctx, "ListImportJobsPage")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	var r C.mj_import_list_request
	C.mj_import_list_request_init(&r, C.uint32_t(unsafe.Sizeof(r)))
	r.collection_name = k.arena.optStr("CollectionName", req.CollectionName)
	r.page_size = C.int64_t(req.PageSize)
	r.current_page = C.int64_t(req.CurrentPage)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	var out *C.mj_import_job_list
	var cerr *C.mj_error
	if st := C.mj_list_import_jobs_page(&out, c.ptr, &r, call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_import_job_list_free(out)
	return importJobPageFromC(out), nil
}

// CommitImport commits an import job waiting in state Uncommitted (created
// with option auto_commit=false). Errors: ErrInvalidArgument (bad id, or the
// job is not Uncommitted), ErrNotFound, transport, auth and protocol
// categories.
func (c *Client) CommitImport(ctx context.Context, jobID string, opts ...CallOption) error {
	return c.jobAction(ctx, "CommitImport", jobID, opts, false)
}

// AbortImport aborts an import job that has not ended. Errors as CommitImport.
func (c *Client) AbortImport(ctx context.Context, jobID string, opts ...CallOption) error {
	return c.jobAction(ctx, "AbortImport", jobID, opts, true)
}

func (c *Client) jobAction(ctx context.Context, op, jobID string, opts []CallOption, abort bool) error {
	k, e := c.begin(ctx, op)
	if e != nil {
		return e
	}
	defer k.end()
	call := k.options(opts)
	id := k.arena.str("jobID", jobID)
	if err := k.argErr(); err != nil {
		return err
	}
	var cerr *C.mj_error
	var st C.mj_status
	if abort {
		st = C.mj_abort_import(c.ptr, id, call, &cerr)
	} else {
		st = C.mj_commit_import(c.ptr, id, call, &cerr)
	}
	if st != C.MJ_OK {
		return k.fail(st, cerr)
	}
	return nil
}
