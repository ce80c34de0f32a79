package milvusjobs

// The exported trampolines through which native callbacks reach Go. This
// file's preamble holds declarations only, as cgo requires of a file with
// //export; the C shims that pass them to the library are in wait.go and
// watcher.go.

/*
#include <stdint.h>
#include <milvus_jobs.h>
*/
import "C"

import "runtime/cgo"

//export mjgoRefreshProgress
func mjgoRefreshProgress(job *C.mj_refresh_job, h C.uintptr_t) {
	s := cgo.Handle(h).Value().(*callbackState)
	defer s.recover()
	if s.onRefresh != nil {
		j := refreshJobFromC(job)
		s.onRefresh(&j)
	}
}

//export mjgoImportProgress
func mjgoImportProgress(job *C.mj_import_job, h C.uintptr_t) {
	s := cgo.Handle(h).Value().(*callbackState)
	defer s.recover()
	if s.onImport != nil {
		j := importJobFromC(job)
		s.onImport(&j)
	}
}

//export mjgoSnapshotProgress
func mjgoSnapshotProgress(job *C.mj_snapshot_job, h C.uintptr_t) {
	s := cgo.Handle(h).Value().(*callbackState)
	defer s.recover()
	if s.onSnapshot != nil {
		j := snapshotJobFromC(job)
		s.onSnapshot(&j)
	}
}

//export mjgoWatchEvent
func mjgoWatchEvent(ev *C.mj_watch_event, h C.uintptr_t) {
	s := cgo.Handle(h).Value().(*callbackState)
	defer s.recover()
	if s.onEvent != nil {
		s.onEvent(watchEventFromC(ev))
	}
}
