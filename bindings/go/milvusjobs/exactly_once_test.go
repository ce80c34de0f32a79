package milvusjobs_test

import (
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// A create whose answer is lost after the dev server started the job (each
// fault below) returns that job, flagged Recovered; exactly one job exists.
func TestLostImportAnswerReturnsTheOneJobItStarted(t *testing.T) {
	for _, fault := range []string{"drop-after", "late:2000", "reset"} {
		t.Run(fault, func(t *testing.T) {
			uri := newServer(t, "--faults", "import/create="+fault)
			c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 600 * time.Millisecond, MaxAttempts: 1})
			id, outcome, err := c.BulkImportWithOutcome(bg(), milvusjobs.ImportRequest{
				CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
			if err != nil {
				t.Fatalf("BulkImportWithOutcome: %v", err)
			}
			if !outcome.Recovered || outcome.Attempts != 1 {
				t.Errorf("outcome = %+v, want recovered after 1 attempt", outcome)
			}
			jobs, err := c.ListImportJobs(bg(), "quick_setup")
			if err != nil || len(jobs) != 1 || jobs[0].ID != id {
				t.Errorf("jobs = %+v (%v), want exactly %s", jobs, err, id)
			}
		})
	}
}

func TestLostRefreshAnswerReturnsTheRunningJob(t *testing.T) {
	for _, fault := range []string{"drop-after", "late:2000", "reset"} {
		t.Run(fault, func(t *testing.T) {
			uri := newServer(t, "--work-delay-ms", "300", "--faults", "external_collection/refresh="+fault)
			c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 600 * time.Millisecond, MaxAttempts: 1})
			id, outcome, err := c.RefreshExternalCollectionWithOutcome(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
			if err != nil {
				t.Fatalf("RefreshExternalCollectionWithOutcome: %v", err)
			}
			if !outcome.Recovered || outcome.Attempts != 2 {
				t.Errorf("outcome = %+v, want recovered after 2 attempts", outcome)
			}
			jobs, err := c.ListRefreshExternalCollectionJobs(bg(), "books_ext")
			if err != nil || len(jobs) != 1 || jobs[0].ID != id {
				t.Errorf("jobs = %+v (%v), want exactly %d", jobs, err, id)
			}
		})
	}
}

func TestIdenticalImportJustBeforeIsAmbiguousWithBothCandidates(t *testing.T) {
	uri := newServer(t, "--faults", "import/create=delay:0,import/create=drop-after")
	c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 600 * time.Millisecond, MaxAttempts: 1})
	req := milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}}
	first, outcome, err := c.BulkImportWithOutcome(bg(), req)
	if err != nil || outcome.Recovered || outcome.Attempts != 1 {
		t.Fatalf("first import: %q %+v %v", first, outcome, err)
	}
	_, _, err = c.BulkImportWithOutcome(bg(), req)
	if !errors.Is(err, milvusjobs.ErrAmbiguous) {
		t.Fatalf("err = %v, want ErrAmbiguous", err)
	}
	e := asError(t, err, milvusjobs.ErrAmbiguous)
	if e.Category != milvusjobs.CategoryAmbiguous || e.Category.Name() != "MJ_EAMBIGUOUS" {
		t.Errorf("category %v", e.Category)
	}
	jobs, err := c.ListImportJobs(bg(), "quick_setup")
	if err != nil || len(jobs) != 2 {
		t.Fatalf("jobs = %+v (%v)", jobs, err)
	}
	want := []string{jobs[0].ID, jobs[1].ID}
	got := append([]string(nil), e.Candidates...)
	sort.Strings(want)
	sort.Strings(got)
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("candidates = %v, want %v", got, want)
	}
}

func TestReconciliationOffReturnsTheTimeout(t *testing.T) {
	uri := newServer(t, "--faults", "import/create=late:2000")
	c := newClient(t, milvusjobs.Options{URI: uri, RequestTimeout: 600 * time.Millisecond, MaxAttempts: 1,
		DisableCreateReconciliation: true})
	_, outcome, err := c.BulkImportWithOutcome(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	e := asError(t, err, milvusjobs.ErrTimeout)
	if e.Retriable || len(e.Candidates) != 0 || outcome.Recovered || outcome.Attempts != 1 {
		t.Errorf("error %+v, outcome %+v", e, outcome)
	}
}
