package milvusjobs

/*
#include <milvus_jobs.h>
*/
import "C"

import (
	"context"
	"errors"
	"strings"
)

// Category is the kind of a failure: the C API's mj_status. Switch on it, or
// match it with errors.Is and the sentinel errors (ErrNotFound, ...).
type Category int32

// The categories, with the values of mj_status. New categories are only ever
// appended; an unknown value prints as "MJ_E?".
const (
	CategoryOK               Category = C.MJ_OK
	CategoryInvalidArgument  Category = C.MJ_EINVALID_ARGUMENT
	CategoryTransport        Category = C.MJ_ETRANSPORT
	CategoryTLS              Category = C.MJ_ETLS
	CategoryTimeout          Category = C.MJ_ETIMEOUT
	CategoryCancelled        Category = C.MJ_ECANCELLED
	CategoryUnauthenticated  Category = C.MJ_EUNAUTHENTICATED
	CategoryPermissionDenied Category = C.MJ_EPERMISSION_DENIED
	CategoryNotFound         Category = C.MJ_ENOT_FOUND
	CategoryDuplicateJob     Category = C.MJ_EDUPLICATE_JOB
	CategoryRateLimited      Category = C.MJ_ERATE_LIMITED
	CategoryServer           Category = C.MJ_ESERVER
	CategoryProtocol         Category = C.MJ_EPROTOCOL
	CategoryUnsupported      Category = C.MJ_EUNSUPPORTED
	CategoryNoMemory         Category = C.MJ_ENOMEM
	CategoryInternal         Category = C.MJ_EINTERNAL
	CategoryJobFailed        Category = C.MJ_EJOB_FAILED
	CategoryJobLost          Category = C.MJ_EJOB_LOST
	// CategoryAmbiguous: a create's answer was lost and reconciliation could
	// not tell whether it started a job; Error.Candidates names the jobs that
	// may be the one.
	CategoryAmbiguous Category = C.MJ_EAMBIGUOUS
)

// String returns the category's short description, e.g. "not found"
// (mj_status_description).
func (c Category) String() string {
	return C.GoString(C.mj_status_description(C.mj_status(c)))
}

// Name returns the C enumerator's name, e.g. "MJ_ENOT_FOUND" (mj_status_name).
func (c Category) Name() string {
	return C.GoString(C.mj_status_name(C.mj_status(c)))
}

// categoryError is the type of the sentinel errors: an *Error matches the
// sentinel of its category under errors.Is.
type categoryError Category

func (e categoryError) Error() string { return "milvusjobs: " + Category(e).String() }

// Sentinel errors, one per category, for errors.Is:
//
//	if errors.Is(err, milvusjobs.ErrNotFound) { ... }
//
// The *Error itself (errors.As) carries the details.
var (
	ErrInvalidArgument  error = categoryError(CategoryInvalidArgument)
	ErrTransport        error = categoryError(CategoryTransport)
	ErrTLS              error = categoryError(CategoryTLS)
	ErrTimeout          error = categoryError(CategoryTimeout)
	ErrCancelled        error = categoryError(CategoryCancelled)
	ErrUnauthenticated  error = categoryError(CategoryUnauthenticated)
	ErrPermissionDenied error = categoryError(CategoryPermissionDenied)
	ErrNotFound         error = categoryError(CategoryNotFound)
	ErrDuplicateJob     error = categoryError(CategoryDuplicateJob)
	ErrRateLimited      error = categoryError(CategoryRateLimited)
	ErrServer           error = categoryError(CategoryServer)
	ErrProtocol         error = categoryError(CategoryProtocol)
	ErrUnsupported      error = categoryError(CategoryUnsupported)
	ErrNoMemory         error = categoryError(CategoryNoMemory)
	ErrInternal         error = categoryError(CategoryInternal)
	ErrJobFailed        error = categoryError(CategoryJobFailed)
	ErrJobLost          error = categoryError(CategoryJobLost)
	ErrAmbiguous        error = categoryError(CategoryAmbiguous)
)

// ErrClosed is returned (wrapped in an *Error of category CategoryCancelled
// or CategoryInvalidArgument) by calls on a closed Client or Watcher, and by
// calls that Close cancelled.
var ErrClosed = errors.New("milvusjobs: closed")

// Error is a failure of a call: everything the native library reports about
// it (mj_error_*), copied into Go values.
type Error struct {
	// Op is the method that failed, e.g. "GetImportProgress".
	Op string
	// Category is what kind of failure it was.
	Category Category
	// Message says what failed, why, and what to do about it. It never
	// contains tokens, API keys or storage keys.
	Message string
	// ServerCode is the `code` of the server's JSON answer, 0 when none.
	ServerCode int32
	// ServerMessage is the server's `message`, verbatim; "" when none.
	ServerMessage string
	// HTTPStatus is the HTTP status of the answer, 0 when none was received.
	// Milvus answers most failures with 200 and a non-zero ServerCode.
	HTTPStatus int
	// RequestID is the X-Request-Id sent with the failed request.
	RequestID string
	// TraceID is the server's X-Milvus-Trace-Id answer header.
	TraceID string
	// JobID is the job the error names when the server named one the caller
	// may not have: for ErrDuplicateJob, the id of the refresh already
	// running, ready for GetRefreshExternalCollectionProgress or WaitRefresh.
	// 0 when the error names no job.
	JobID int64
	// Hint says what the advice at the end of Message asks for, as a stable
	// code (HintNone when there is none); Message carries it in this
	// package's option names.
	Hint Hint
	// Attempts is how many times the request was sent (or tried to be):
	// 1 when no retry happened, 0 when it failed before any attempt.
	Attempts int
	// Retriable tells whether repeating the same call later may succeed.
	Retriable bool
	// Candidates, for ErrAmbiguous, are the ids of the jobs that may be the
	// one the lost create started (a refresh id in decimal). Check them
	// before creating again.
	Candidates []string

	cause error // context.Canceled, context.DeadlineExceeded or ErrClosed
}

// Error formats the failure as "milvusjobs: Op: category: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("milvusjobs: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Category.String())
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.cause != nil && e.cause != ErrClosed {
		b.WriteString(" (")
		b.WriteString(e.cause.Error())
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is the sentinel error of e's category.
func (e *Error) Is(target error) bool {
	c, ok := target.(categoryError)
	return ok && Category(c) == e.Category
}

// Unwrap returns context.Canceled or context.DeadlineExceeded when the call
// failed because its context ended, ErrClosed when Close cancelled it, and
// nil otherwise.
func (e *Error) Unwrap() error { return e.cause }

// takeError copies a native error into an *Error and frees it.
func takeError(op string, status C.mj_status, cerr *C.mj_error) *Error {
	defer C.mj_error_free(cerr)
	return copyError(op, C.int32_t(status), cerr)
}

// copyError copies a native error into an *Error; the caller keeps cerr.
func copyError(op string, status C.int32_t, cerr *C.mj_error) *Error {
	e := &Error{Op: op, Category: Category(status)}
	if cerr == nil {
		e.Message = "the native library reported \"" + e.Category.String() + "\" without saying more"
		return e
	}
	e.Category = Category(C.mj_error_status(cerr))
	e.Message = C.GoString(C.mj_error_message(cerr))
	e.ServerCode = int32(C.mj_error_server_code(cerr))
	e.ServerMessage = C.GoString(C.mj_error_server_message(cerr))
	e.HTTPStatus = int(C.mj_error_http_status(cerr))
	e.RequestID = C.GoString(C.mj_error_request_id(cerr))
	e.TraceID = C.GoString(C.mj_error_trace_id(cerr))
	e.JobID = int64(C.mj_error_job_id_int64(cerr))
	e.Hint = Hint(C.mj_error_hint(cerr))
	if advice := e.Hint.advice(); advice != "" {
		// The core names its size options in parentheses; Go's names follow.
		e.Message = strings.Replace(e.Message, " (max_list_response_bytes)", "", 1)
		e.Message = strings.Replace(e.Message, " (max_response_bytes)", "", 1)
		e.Message += "; in Go: " + advice
	}
	e.Attempts = int(C.mj_error_attempts(cerr))
	e.Retriable = C.mj_error_is_retriable(cerr) != 0
	for i, n := C.size_t(0), C.mj_error_candidate_count(cerr); i < n; i++ {
		e.Candidates = append(e.Candidates, C.GoString(C.mj_error_candidate_id(cerr, i)))
	}
	return e
}

// Hint is what the advice of an error asks the caller to do (mj_hint).
// New hints are only ever appended.
type Hint int32

// The hints, with what each asks for in this package's names.
const (
	HintNone                      Hint = C.MJ_HINT_NONE                          // no advice
	HintSetURI                    Hint = C.MJ_HINT_SET_URI                       // Options.URI
	HintSetToken                  Hint = C.MJ_HINT_SET_TOKEN                     // Options.Token
	HintRaiseTimeout              Hint = C.MJ_HINT_RAISE_TIMEOUT                 // Options.RequestTimeout or WithTimeout
	HintRaiseConnectTimeout       Hint = C.MJ_HINT_RAISE_CONNECT_TIMEOUT         // Options.ConnectTimeout
	HintRaiseMaxResponseBytes     Hint = C.MJ_HINT_RAISE_MAX_RESPONSE_BYTES      // Options.MaxResponseBytes
	HintRaiseMaxListResponseBytes Hint = C.MJ_HINT_RAISE_MAX_LIST_RESPONSE_BYTES // Options.MaxListResponseBytes
	HintPollRunningJob            Hint = C.MJ_HINT_POLL_RUNNING_JOB              // poll Error.JobID
	HintRaiseWaitTimeout          Hint = C.MJ_HINT_RAISE_WAIT_TIMEOUT            // WaitOptions.Timeout
	HintSetCloudProject           Hint = C.MJ_HINT_SET_CLOUD_PROJECT             // Options.CloudProjectID + CloudRegionID
)

// advice is the hint in this package's names; "" for none or an unknown one.
func (h Hint) advice() string {
	switch h {
	case HintSetURI:
		return "set Options.URI to the server's address, e.g. http://127.0.0.1:19530"
	case HintSetToken:
		return "set Options.Token (an API key, or \"user:password\")"
	case HintRaiseTimeout:
		return "raise Options.RequestTimeout, or pass WithTimeout(d) to the call"
	case HintRaiseConnectTimeout:
		return "raise Options.ConnectTimeout"
	case HintRaiseMaxResponseBytes:
		return "raise Options.MaxResponseBytes"
	case HintRaiseMaxListResponseBytes:
		return "raise Options.MaxListResponseBytes"
	case HintPollRunningJob:
		return "the running job is Error.JobID: pass it to GetRefreshExternalCollectionProgress or WaitRefresh"
	case HintRaiseWaitTimeout:
		return "raise WaitOptions.Timeout"
	case HintSetCloudProject:
		return "set Options.CloudProjectID and Options.CloudRegionID instead of Options.CloudClusterID"
	}
	return ""
}

// argError is an argument refused by this package before any native call.
func argError(op, msg string) *Error {
	return &Error{Op: op, Category: CategoryInvalidArgument, Message: msg}
}

// contextError is the error of a call whose context had ended before it began.
func contextError(op string, ctxErr error) *Error {
	e := &Error{Op: op, Category: CategoryCancelled, Message: "the context ended before the call was sent", cause: ctxErr}
	if ctxErr == context.DeadlineExceeded {
		e.Category = CategoryTimeout
	}
	return e
}
