package milvusjobs

/*
#include <milvus_jobs.h>
*/
import "C"

import (
	"strconv"
	"time"
	"unsafe"
)

// RefreshState is the state of a refresh job (mj_refresh_state). A state this
// library does not know is RefreshStateUnknown; the job's StateName then
// carries the server's name.
type RefreshState int32

// Refresh job states.
const (
	RefreshStateUnknown    RefreshState = C.MJ_REFRESH_STATE_UNKNOWN
	RefreshStatePending    RefreshState = C.MJ_REFRESH_STATE_PENDING
	RefreshStateInProgress RefreshState = C.MJ_REFRESH_STATE_IN_PROGRESS
	RefreshStateCompleted  RefreshState = C.MJ_REFRESH_STATE_COMPLETED
	RefreshStateFailed     RefreshState = C.MJ_REFRESH_STATE_FAILED
)

// String returns the server's name of the state, e.g. "RefreshInProgress".
func (s RefreshState) String() string {
	switch s {
	case RefreshStatePending:
		return "RefreshPending"
	case RefreshStateInProgress:
		return "RefreshInProgress"
	case RefreshStateCompleted:
		return "RefreshCompleted"
	case RefreshStateFailed:
		return "RefreshFailed"
	case RefreshStateUnknown:
		return "Unknown"
	}
	return "RefreshState(" + strconv.Itoa(int(s)) + ")"
}

// IsTerminal reports whether the job has ended (Completed or Failed).
func (s RefreshState) IsTerminal() bool { return C.mj_refresh_state_is_terminal(C.int32_t(s)) != 0 }

// ImportState is the state of an import job (mj_import_state).
type ImportState int32

// Import job states.
const (
	ImportStateUnknown     ImportState = C.MJ_IMPORT_STATE_UNKNOWN
	ImportStateNone        ImportState = C.MJ_IMPORT_STATE_NONE
	ImportStatePending     ImportState = C.MJ_IMPORT_STATE_PENDING
	ImportStateImporting   ImportState = C.MJ_IMPORT_STATE_IMPORTING
	ImportStateCompleted   ImportState = C.MJ_IMPORT_STATE_COMPLETED
	ImportStateFailed      ImportState = C.MJ_IMPORT_STATE_FAILED
	ImportStateUncommitted ImportState = C.MJ_IMPORT_STATE_UNCOMMITTED
	ImportStateCommitting  ImportState = C.MJ_IMPORT_STATE_COMMITTING
)

// String returns the server's name of the state, e.g. "Importing".
func (s ImportState) String() string {
	switch s {
	case ImportStateUnknown:
		return "Unknown"
	case ImportStateNone:
		return "None"
	case ImportStatePending:
		return "Pending"
	case ImportStateImporting:
		return "Importing"
	case ImportStateCompleted:
		return "Completed"
	case ImportStateFailed:
		return "Failed"
	case ImportStateUncommitted:
		return "Uncommitted"
	case ImportStateCommitting:
		return "Committing"
	}
	return "ImportState(" + strconv.Itoa(int(s)) + ")"
}

// IsTerminal reports whether the job has ended (Completed or Failed).
// Uncommitted is not terminal: the job waits for CommitImport.
func (s ImportState) IsTerminal() bool { return C.mj_import_state_is_terminal(C.int32_t(s)) != 0 }

// ImportFileState is the state of one file (task) of an import job
// (mj_import_file_state): a different set of names from ImportState.
type ImportFileState int32

// Import file states.
const (
	ImportFileStateUnknown    ImportFileState = C.MJ_IMPORT_FILE_STATE_UNKNOWN
	ImportFileStateNone       ImportFileState = C.MJ_IMPORT_FILE_STATE_NONE
	ImportFileStatePending    ImportFileState = C.MJ_IMPORT_FILE_STATE_PENDING
	ImportFileStateInProgress ImportFileState = C.MJ_IMPORT_FILE_STATE_IN_PROGRESS
	ImportFileStateFailed     ImportFileState = C.MJ_IMPORT_FILE_STATE_FAILED
	ImportFileStateCompleted  ImportFileState = C.MJ_IMPORT_FILE_STATE_COMPLETED
	ImportFileStateRetry      ImportFileState = C.MJ_IMPORT_FILE_STATE_RETRY
)

// String returns the server's name of the state, e.g. "InProgress".
func (s ImportFileState) String() string {
	switch s {
	case ImportFileStateUnknown:
		return "Unknown"
	case ImportFileStateNone:
		return "None"
	case ImportFileStatePending:
		return "Pending"
	case ImportFileStateInProgress:
		return "InProgress"
	case ImportFileStateFailed:
		return "Failed"
	case ImportFileStateCompleted:
		return "Completed"
	case ImportFileStateRetry:
		return "Retry"
	}
	return "ImportFileState(" + strconv.Itoa(int(s)) + ")"
}

// RefreshJob is a refresh job as the server reported it.
type RefreshJob struct {
	// ID is the job id, an exact int64 (ids exceed 2^53).
	ID             int64
	CollectionName string
	State          RefreshState
	// StateName is the state's name as the server sent it.
	StateName string
	// Progress is 0..100.
	Progress int64
	// Reason says why the job failed; "" when the server sent none.
	Reason         string
	ExternalSource string
	// ExternalSpec is the spec as the server returns it, secrets redacted.
	ExternalSpec string
	// StartTime is when the job started; EndTime is zero until it ends.
	StartTime time.Time
	EndTime   time.Time
}

// ImportFile is one file (task) of an import job.
type ImportFile struct {
	// FileName is as the server formats it; Milvus sends a Go slice, "[a b]".
	FileName string
	FileSize int64
	// Progress is 0..100.
	Progress     int64
	State        ImportFileState
	StateName    string
	ImportedRows int64
	TotalRows    int64
	// CompleteTime is zero until the file completes (or when the server's
	// text, kept in CompleteTimeText, is not RFC 3339).
	CompleteTime     time.Time
	CompleteTimeText string
	Reason           string
}

// ImportJob is an import job as the server reported it. Jobs read from a
// list carry only ID, CollectionName, State, StateName, Progress and Reason.
type ImportJob struct {
	// ID is opaque: numeric on Milvus, "job-..." on Zilliz Cloud.
	ID             string
	CollectionName string
	State          ImportState
	StateName      string
	// Progress is 0..100.
	Progress     int64
	Reason       string
	ImportedRows int64
	TotalRows    int64
	// FileSize is in bytes, the sum over Details.
	FileSize int64
	// CreateTime and CompleteTime are parsed from the server's RFC 3339 text
	// (kept verbatim in the *Text fields); zero when absent or malformed.
	CreateTime       time.Time
	CreateTimeText   string
	CompleteTime     time.Time
	CompleteTimeText string
	Details          []ImportFile
	// FileName is the top-level fileName Zilliz Cloud sends; "" otherwise.
	FileName string
}

// ImportJobPage is one page of import jobs (ListImportJobsPage). On Zilliz
// Cloud TotalCount is the number of jobs in all pages; walk the pages while
// CurrentPage*PageSize < TotalCount. Milvus does not page: page 1 holds every
// job, TotalCount == len(Jobs), and PageSize and CurrentPage are 0.
type ImportJobPage struct {
	Jobs        []ImportJob
	TotalCount  int64
	PageSize    int64
	CurrentPage int64
}

// msTime converts milliseconds since the epoch, 0 meaning "none", to a UTC time.
func msTime(ms C.int64_t) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(ms)).UTC()
}

// has tells whether an output struct the library filled (struct_size) reaches
// the end of a field at offset off of size size: fields are only appended, so
// an older library fills a shorter struct.
func has(structSize C.uint32_t, off, size uintptr) bool {
	return uintptr(structSize) >= off+size
}

func refreshJobFromC(j *C.mj_refresh_job) RefreshJob {
	return RefreshJob{
		ID:             int64(j.job_id),
		CollectionName: C.GoString(j.collection_name),
		State:          RefreshState(j.state),
		StateName:      C.GoString(j.state_name),
		Progress:       int64(j.progress),
		Reason:         C.GoString(j.reason),
		ExternalSource: C.GoString(j.external_source),
		ExternalSpec:   C.GoString(j.external_spec),
		StartTime:      msTime(j.start_time_ms),
		EndTime:        msTime(j.end_time_ms),
	}
}

func refreshJobsFromC(l *C.mj_refresh_job_list) []RefreshJob {
	items := unsafe.Slice(l.items, int(l.count))
	jobs := make([]RefreshJob, len(items))
	for i, j := range items {
		jobs[i] = refreshJobFromC(j)
	}
	return jobs
}

func importFileFromC(f *C.mj_import_file) ImportFile {
	return ImportFile{
		FileName:         C.GoString(f.file_name),
		FileSize:         int64(f.file_size),
		Progress:         int64(f.progress),
		State:            ImportFileState(f.state),
		StateName:        C.GoString(f.state_name),
		ImportedRows:     int64(f.imported_rows),
		TotalRows:        int64(f.total_rows),
		CompleteTime:     msTime(f.complete_time_ms),
		CompleteTimeText: C.GoString(f.complete_time),
		Reason:           C.GoString(f.reason),
	}
}

func importJobFromC(j *C.mj_import_job) ImportJob {
	job := ImportJob{
		ID:               C.GoString(j.job_id),
		CollectionName:   C.GoString(j.collection_name),
		State:            ImportState(j.state),
		StateName:        C.GoString(j.state_name),
		Progress:         int64(j.progress),
		Reason:           C.GoString(j.reason),
		ImportedRows:     int64(j.imported_rows),
		TotalRows:        int64(j.total_rows),
		FileSize:         int64(j.file_size),
		CreateTime:       msTime(j.create_time_ms),
		CreateTimeText:   C.GoString(j.create_time),
		CompleteTime:     msTime(j.complete_time_ms),
		CompleteTimeText: C.GoString(j.complete_time),
	}
	if j.detail_count > 0 {
		details := unsafe.Slice(j.details, int(j.detail_count))
		job.Details = make([]ImportFile, len(details))
		for i, f := range details {
			job.Details[i] = importFileFromC(f)
		}
	}
	if has(j.struct_size, unsafe.Offsetof(j.file_name), unsafe.Sizeof(j.file_name)) {
		job.FileName = C.GoString(j.file_name)
	}
	return job
}

func importJobPageFromC(l *C.mj_import_job_list) *ImportJobPage {
	items := unsafe.Slice(l.items, int(l.count))
	page := &ImportJobPage{Jobs: make([]ImportJob, len(items)), TotalCount: int64(len(items))}
	for i, j := range items {
		page.Jobs[i] = importJobFromC(j)
	}
	if has(l.struct_size, unsafe.Offsetof(l.current_page), unsafe.Sizeof(l.current_page)) {
		page.TotalCount = int64(l.total_count)
		page.PageSize = int64(l.page_size)
		page.CurrentPage = int64(l.current_page)
	}
	return page
}
