package milvusjobs

/*
#include <milvus_jobs.h>
*/
import "C"

import (
	"context"
	"unsafe"
)

// RefreshRequest is what RefreshExternalCollection sends.
// ExternalSource and ExternalSpec go together: both or neither. Neither means
// "refresh from the source and spec the collection already has".
type RefreshRequest struct {
	// CollectionName is the external collection. Required.
	CollectionName string
	// ExternalSource is a new source URL, e.g. "s3://bucket/books_v2".
	ExternalSource string
	// ExternalSpec is a new spec: a JSON object as a string whose "format" is
	// one of "parquet", "vortex", "lance-table", "iceberg-table",
	// "milvus-table", e.g. `{"format":"parquet"}`.
	ExternalSpec string
}

// RefreshExternalCollection starts a refresh of an external collection and
// returns the new job's id.
//
// Refused before sending (ErrInvalidArgument): an empty CollectionName, a
// source without a spec or the reverse, a spec that is not a JSON object with
// a known format, a source that is not a URL. Server errors: ErrNotFound
// (collection, database), ErrInvalidArgument (not an external collection),
// ErrDuplicateJob (a refresh is already running: Error.JobID names it when
// the server does), ErrUnsupported (Milvus < 3.0, or Zilliz Cloud). Never
// retried once the request may have reached the server.
func (c *Client) RefreshExternalCollection(ctx context.Context, req RefreshRequest, opts ...CallOption) (int64, error) {
	id, _, err := c.refresh(ctx, "RefreshExternalCollection", req, opts)
	return id, err
}

// RefreshExternalCollectionWithOutcome is RefreshExternalCollection, and
// tells how the id was had: Recovered when the first refresh's answer was
// lost and a second refresh named the job it started as running; Attempts,
// the refreshes sent. A lost answer that cannot be reconciled is ErrAmbiguous.
func (c *Client) RefreshExternalCollectionWithOutcome(ctx context.Context, req RefreshRequest, opts ...CallOption) (int64, CreateOutcome, error) {
	return c.refresh(ctx, "RefreshExternalCollectionWithOutcome", req, opts)
}

func (c *Client) refresh(ctx context.Context, op string, req RefreshRequest, opts []CallOption) (int64, CreateOutcome, error) {
	k, e := c.begin(ctx, op)
	if e != nil {
		return 0, CreateOutcome{}, e
	}
	defer k.end()
	call := k.options(opts)
	var r C.mj_refresh_request
	C.mj_refresh_request_init(&r, C.uint32_t(unsafe.Sizeof(r)))
	r.collection_name = k.arena.str("CollectionName", req.CollectionName)
	r.external_source = k.arena.optStr("ExternalSource", req.ExternalSource)
	r.external_spec = k.arena.optStr("ExternalSpec", req.ExternalSpec)
	if err := k.argErr(); err != nil {
		return 0, CreateOutcome{}, err
	}
	var id C.int64_t
	var cerr *C.mj_error
	out := newOutcome()
	st := C.mj_refresh_external_collection_ex(&id, out, c.ptr, &r, call, &cerr)
	done := outcomeOf(out)
	if st != C.MJ_OK {
		return 0, done, k.fail(st, cerr)
	}
	return int64(id), done, nil
}

// GetRefreshExternalCollectionProgress reads one refresh job.
// Errors: ErrInvalidArgument (id <= 0), ErrNotFound (no such job),
// ErrUnsupported (Milvus < 3.0), transport, auth and protocol categories.
func (c *Client) GetRefreshExternalCollectionProgress(ctx context.Context, jobID int64, opts ...CallOption) (*RefreshJob, error) {
	k, e := c.begin(ctx, "GetRefreshExternalCollectionProgress")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	out, err := c.async.read(k, c.ptr, call, asyncRefresh, nil, jobID)
	if err == errNoAsync {
		defer c.async.blockingDone()
		return c.getRefreshProgressBlocking(k, call, jobID)
	}
	if err != nil {
		return nil, err
	}
	defer C.mj_refresh_job_free(out.refresh)
	job := refreshJobFromC(out.refresh)
	return &job, nil
}

// getRefreshProgressBlocking is GetRefreshExternalCollectionProgress as one
// blocking native call (see getImportProgressBlocking).
func (c *Client) getRefreshProgressBlocking(k *call, call *C.mj_call_options, jobID int64) (*RefreshJob, error) {
	var out *C.mj_refresh_job
	var cerr *C.mj_error
	if st := C.mj_get_refresh_external_collection_progress(&out, c.ptr, C.int64_t(jobID), call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_refresh_job_free(out)
	job := refreshJobFromC(out)
	return &job, nil
}

// ListRefreshExternalCollectionJobs lists the refresh jobs of one external collection, or of
// every external collection when collection is "", newest first.
// Errors: ErrNotFound (collection), ErrInvalidArgument (not external),
// ErrUnsupported (Milvus < 3.0), transport, auth and protocol categories.
func (c *Client) ListRefreshExternalCollectionJobs(ctx context.Context, collection string, opts ...CallOption) ([]RefreshJob, error) {
	k, e := c.begin(ctx, "ListRefreshExternalCollectionJobs")
	if e != nil {
		return nil, e
	}
	defer k.end()
	call := k.options(opts)
	name := k.arena.optStr("collection", collection)
	if err := k.argErr(); err != nil {
		return nil, err
	}
	var out *C.mj_refresh_job_list
	var cerr *C.mj_error
	if st := C.mj_list_refresh_external_collection_jobs(&out, c.ptr, name, call, &cerr); st != C.MJ_OK {
		return nil, k.fail(st, cerr)
	}
	defer C.mj_refresh_job_list_free(out)
	return refreshJobsFromC(out), nil
}
