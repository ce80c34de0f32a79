package milvusjobs

/*
#include <stdlib.h>
#include <milvus_jobs.h>
*/
import "C"

import "unsafe"

// CreateOutcome tells how a create's job id was had (BulkImportWithOutcome,
// RefreshExternalCollectionWithOutcome). When a create's answer is lost after
// the request may have reached the server, the library finds out whether it
// started a job instead of retrying blindly (unless
// ClientOptions.DisableCreateReconciliation is set).
type CreateOutcome struct {
	// Recovered is true when the id was found by reconciliation: the first
	// attempt started the job and its answer was lost.
	Recovered bool
	// Attempts is the number of create requests sent (or tried).
	Attempts int
}

// newOutcome allocates an mj_create_outcome in C memory (cgo passes no Go
// pointer to a struct the library writes); outcomeOf copies and frees it.
func newOutcome() *C.mj_create_outcome {
	out := (*C.mj_create_outcome)(C.calloc(1, C.size_t(unsafe.Sizeof(C.mj_create_outcome{}))))
	out.struct_size = C.uint32_t(unsafe.Sizeof(*out))
	return out
}

func outcomeOf(out *C.mj_create_outcome) CreateOutcome {
	defer C.free(unsafe.Pointer(out))
	return CreateOutcome{Recovered: out.recovered != 0, Attempts: int(out.attempts)}
}
