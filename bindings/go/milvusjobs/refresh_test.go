package milvusjobs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// waitRefreshEnd polls GetRefreshExternalCollectionProgress until the job ends.
func waitRefreshEnd(t *testing.T, c *milvusjobs.Client, id int64) *milvusjobs.RefreshJob {
	t.Helper()
	var job *milvusjobs.RefreshJob
	eventually(t, 20*time.Second, "the refresh to end", func() bool {
		var err error
		job, err = c.GetRefreshExternalCollectionProgress(bg(), id)
		if err != nil {
			t.Fatalf("GetRefreshExternalCollectionProgress(%d): %v", id, err)
		}
		return job.State.IsTerminal()
	})
	return job
}

func TestRefreshRunsToCompletion(t *testing.T) {
	c := sharedClient(t)
	before := time.Now().Add(-time.Second)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	if err != nil {
		t.Fatal(err)
	}
	// Dev server refresh ids start above 2^53, where a float64 loses digits.
	if id <= 1<<53 || int64(float64(id)) == id {
		t.Fatalf("id %d is not an id a float64 would corrupt; the test proves nothing", id)
	}
	job := waitRefreshEnd(t, c, id)
	if job.ID != id || job.CollectionName != "books_ext" || job.State != milvusjobs.RefreshStateCompleted ||
		job.StateName != "RefreshCompleted" || job.Progress != 100 || job.Reason != "" ||
		job.ExternalSource != "s3://bucket/books" || !strings.Contains(job.ExternalSpec, "parquet") {
		t.Fatalf("job: %+v", job)
	}
	if job.StartTime.Before(before) || job.EndTime.Before(job.StartTime) || job.StartTime.Location() != time.UTC {
		t.Fatalf("times: start %v end %v", job.StartTime, job.EndTime)
	}

	for _, name := range []string{"books_ext", ""} {
		jobs, err := c.ListRefreshExternalCollectionJobs(bg(), name)
		if err != nil {
			t.Fatalf("ListRefreshExternalCollectionJobs(%q): %v", name, err)
		}
		found := false
		for _, j := range jobs {
			if j.ID == id {
				found = j.CollectionName == "books_ext" && j.State == milvusjobs.RefreshStateCompleted
			}
		}
		if !found {
			t.Fatalf("ListRefreshExternalCollectionJobs(%q) = %+v lacks completed job %d", name, jobs, id)
		}
	}
}

func TestRefreshWithNewSourceAndSpec(t *testing.T) {
	c := sharedClient(t)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{
		CollectionName: "lonely_ext",
		ExternalSource: "s3://bucket/books_v2",
		ExternalSpec:   `{"format":"parquet"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	job := waitRefreshEnd(t, c, id)
	if job.State != milvusjobs.RefreshStateCompleted || job.ExternalSource != "s3://bucket/books_v2" {
		t.Fatalf("job: %+v", job)
	}
}

func TestRefreshOfMissingDirectoryFailsWithReason(t *testing.T) {
	c := sharedClient(t)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "gone_ext"})
	if err != nil {
		t.Fatal(err)
	}
	job := waitRefreshEnd(t, c, id)
	if job.State != milvusjobs.RefreshStateFailed || job.Reason == "" || job.EndTime.IsZero() {
		t.Fatalf("job: %+v", job)
	}
}

func TestRefreshIDAbove2To53RoundTripsExactly(t *testing.T) {
	c := sharedClient(t)
	const id = 1<<53 + 1
	_, err := c.GetRefreshExternalCollectionProgress(bg(), id)
	e := asError(t, err, milvusjobs.ErrNotFound)
	if !strings.Contains(e.ServerMessage, "9007199254740993") {
		t.Fatalf("the server saw another id: %q", e.ServerMessage)
	}
}

func TestRefreshErrors(t *testing.T) {
	c := sharedClient(t)
	cases := []struct {
		name string
		req  milvusjobs.RefreshRequest
		want error
		code int32 // 0: refused before sending
	}{
		{"no collection", milvusjobs.RefreshRequest{}, milvusjobs.ErrInvalidArgument, 0},
		{"source without spec", milvusjobs.RefreshRequest{CollectionName: "books_ext", ExternalSource: "s3://bucket/x"}, milvusjobs.ErrInvalidArgument, 0},
		{"bad spec", milvusjobs.RefreshRequest{CollectionName: "books_ext", ExternalSource: "s3://bucket/x", ExternalSpec: `{"format":"csv"}`}, milvusjobs.ErrInvalidArgument, 0},
		{"unknown collection", milvusjobs.RefreshRequest{CollectionName: "nope"}, milvusjobs.ErrNotFound, 100},
		{"not external", milvusjobs.RefreshRequest{CollectionName: "quick_setup"}, milvusjobs.ErrInvalidArgument, 1100},
		{"NUL in name", milvusjobs.RefreshRequest{CollectionName: "books\x00ext"}, milvusjobs.ErrInvalidArgument, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.RefreshExternalCollection(bg(), tc.req)
			e := asError(t, err, tc.want)
			if e.ServerCode != tc.code || e.Message == "" || e.Op != "RefreshExternalCollection" {
				t.Fatalf("error fields: %+v", e)
			}
			if tc.code == 0 && (e.HTTPStatus != 0 || e.Attempts != 0) {
				t.Fatalf("refused before sending, yet: %+v", e)
			}
			if tc.code != 0 && (e.HTTPStatus != 200 || e.RequestID == "" || e.Retriable) {
				t.Fatalf("server error fields: %+v", e)
			}
		})
	}
	_, err := c.GetRefreshExternalCollectionProgress(bg(), 0)
	asError(t, err, milvusjobs.ErrInvalidArgument)
	_, err = c.ListRefreshExternalCollectionJobs(bg(), "nope")
	asError(t, err, milvusjobs.ErrNotFound)
	_, err = c.ListRefreshExternalCollectionJobs(bg(), "quick_setup")
	asError(t, err, milvusjobs.ErrInvalidArgument)
}

func TestDuplicateRefreshNamesTheRunningJob(t *testing.T) {
	uri := newServer(t, "--work-delay-ms", "300")
	c := newClient(t, milvusjobs.Options{URI: uri})
	first, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "slow_ext"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "slow_ext"})
	e := asError(t, err, milvusjobs.ErrDuplicateJob)
	if e.ServerCode != 703 || e.JobID != first || e.Hint != milvusjobs.HintPollRunningJob {
		t.Fatalf("error fields: %+v (first job %d)", e, first)
	}
	// The id is the integer every refresh call takes: poll the running job
	// with it, and wait for it.
	job, err := c.GetRefreshExternalCollectionProgress(bg(), e.JobID)
	if err != nil || job.ID != first || job.CollectionName != "slow_ext" {
		t.Fatalf("GetRefreshExternalCollectionProgress(Error.JobID %d): %+v %v", e.JobID, job, err)
	}
	job, err = c.WaitRefresh(bg(), e.JobID, fastWait, nil)
	if err != nil || job.ID != first || job.State != milvusjobs.RefreshStateCompleted {
		t.Fatalf("WaitRefresh(Error.JobID %d): %+v %v", e.JobID, job, err)
	}
}
