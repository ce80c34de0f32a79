package milvusjobs_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// waitImportState polls GetImportProgress until the job reaches a state in want.
func waitImportState(t *testing.T, c *milvusjobs.Client, id string, want ...milvusjobs.ImportState) *milvusjobs.ImportJob {
	t.Helper()
	var job *milvusjobs.ImportJob
	eventually(t, 20*time.Second, "import job "+id+" to reach "+stateList(want), func() bool {
		var err error
		job, err = c.GetImportProgress(bg(), id)
		if err != nil {
			t.Fatalf("GetImportProgress(%s): %v", id, err)
		}
		for _, s := range want {
			if job.State == s {
				return true
			}
		}
		return false
	})
	return job
}

func stateList(states []milvusjobs.ImportState) string {
	var names []string
	for _, s := range states {
		names = append(names, s.String())
	}
	return strings.Join(names, "|")
}

func TestImportRunsToCompletionWithDetails(t *testing.T) {
	c := sharedClient(t)
	before := time.Now().Add(-2 * time.Second)
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup",
		Files:          [][]string{{"import/rows.json"}, {"import/rows_wrapped.json"}, {"import/rows.csv"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		t.Fatalf("Milvus import ids are decimal: %q", id)
	}
	job := waitImportState(t, c, id, milvusjobs.ImportStateCompleted, milvusjobs.ImportStateFailed)
	if job.ID != id || job.CollectionName != "quick_setup" || job.State != milvusjobs.ImportStateCompleted ||
		job.StateName != "Completed" || job.Progress != 100 || job.ImportedRows != 9 || job.TotalRows != 9 ||
		job.FileSize <= 0 || job.Reason != "" {
		t.Fatalf("job: %+v", job)
	}
	if job.CreateTime.Before(before.Truncate(time.Second)) || job.CompleteTime.Before(job.CreateTime) ||
		job.CreateTimeText == "" || job.CompleteTimeText == "" {
		t.Fatalf("times: %v (%q) .. %v (%q)", job.CreateTime, job.CreateTimeText, job.CompleteTime, job.CompleteTimeText)
	}
	if len(job.Details) != 3 {
		t.Fatalf("details: %+v", job.Details)
	}
	var rows int64
	for _, d := range job.Details {
		if d.State != milvusjobs.ImportFileStateCompleted || d.StateName != "Completed" || d.Progress != 100 ||
			d.FileSize <= 0 || d.CompleteTime.IsZero() || !strings.HasPrefix(d.FileName, "[import/") {
			t.Fatalf("detail: %+v", d)
		}
		rows += d.ImportedRows
	}
	if rows != 9 {
		t.Fatalf("rows over details = %d", rows)
	}

	for _, name := range []string{"quick_setup", ""} {
		jobs, err := c.ListImportJobs(bg(), name)
		if err != nil {
			t.Fatalf("ListImportJobs(%q): %v", name, err)
		}
		found := false
		for _, j := range jobs {
			if j.ID == id {
				found = j.State == milvusjobs.ImportStateCompleted && j.CollectionName == "quick_setup"
			}
		}
		if !found {
			t.Fatalf("ListImportJobs(%q) lacks completed job %s: %+v", name, id, jobs)
		}
	}
}

func TestImportWithOptionsCommitsAndAborts(t *testing.T) {
	c := sharedClient(t)
	req := milvusjobs.ImportRequest{
		CollectionName: "quick_setup",
		Files:          [][]string{{"import/rows.json"}},
		Options:        map[string]string{"auto_commit": "false", "timeout": "300s"},
	}
	toCommit, err := c.BulkImport(bg(), req)
	if err != nil {
		t.Fatal(err)
	}
	toAbort, err := c.BulkImport(bg(), req)
	if err != nil {
		t.Fatal(err)
	}
	job := waitImportState(t, c, toCommit, milvusjobs.ImportStateUncommitted)
	if job.State.IsTerminal() {
		t.Fatal("Uncommitted is not terminal")
	}
	if err := c.CommitImport(bg(), toCommit); err != nil {
		t.Fatal(err)
	}
	waitImportState(t, c, toCommit, milvusjobs.ImportStateCompleted)

	waitImportState(t, c, toAbort, milvusjobs.ImportStateUncommitted)
	if err := c.AbortImport(bg(), toAbort); err != nil {
		t.Fatal(err)
	}
	job = waitImportState(t, c, toAbort, milvusjobs.ImportStateFailed)
	if job.Reason != "aborted by user" {
		t.Fatalf("reason %q", job.Reason)
	}

	// Neither applies to an ended job.
	err = c.CommitImport(bg(), toCommit)
	e := asError(t, err, milvusjobs.ErrInvalidArgument)
	if e.ServerCode != 1100 || e.Op != "CommitImport" {
		t.Fatalf("error fields: %+v", e)
	}
	err = c.AbortImport(bg(), toAbort)
	asError(t, err, milvusjobs.ErrInvalidArgument)
}

func TestImportOfBrokenFileFailsWithReason(t *testing.T) {
	c := sharedClient(t)
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/broken.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	job := waitImportState(t, c, id, milvusjobs.ImportStateFailed)
	if job.Reason == "" || len(job.Details) != 1 || job.Details[0].State != milvusjobs.ImportFileStateFailed {
		t.Fatalf("job: %+v", job)
	}
}

func TestImportErrors(t *testing.T) {
	c := sharedClient(t)
	cases := []struct {
		name string
		req  milvusjobs.ImportRequest
		want error
		code int32
	}{
		{"no collection", milvusjobs.ImportRequest{Files: [][]string{{"import/rows.json"}}}, milvusjobs.ErrInvalidArgument, 0},
		{"no files", milvusjobs.ImportRequest{CollectionName: "quick_setup"}, milvusjobs.ErrInvalidArgument, 0},
		{"empty group", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}, {}}}, milvusjobs.ErrInvalidArgument, 0},
		{"empty path", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{""}}}, milvusjobs.ErrInvalidArgument, 0},
		{"empty option key", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}, Options: map[string]string{"": "x"}}, milvusjobs.ErrInvalidArgument, 0},
		{"NUL in path", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json\x00"}}}, milvusjobs.ErrInvalidArgument, 0},
		{"cloud field on Milvus", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}, VolumeName: "vol"}, milvusjobs.ErrInvalidArgument, 0},
		{"unknown collection", milvusjobs.ImportRequest{CollectionName: "nope", Files: [][]string{{"import/rows.json"}}}, milvusjobs.ErrNotFound, 100},
		{"escaping path", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"../x.json"}}}, milvusjobs.ErrInvalidArgument, 1100},
		{"unknown extension", milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.txt"}}}, milvusjobs.ErrInvalidArgument, 2100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.BulkImport(bg(), tc.req)
			e := asError(t, err, tc.want)
			if e.ServerCode != tc.code || e.Message == "" {
				t.Fatalf("error fields: %+v", e)
			}
			if tc.code == 0 && e.HTTPStatus != 0 {
				t.Fatalf("refused before sending, yet: %+v", e)
			}
		})
	}

	_, err := c.GetImportProgress(bg(), "1")
	e := asError(t, err, milvusjobs.ErrNotFound)
	if e.ServerCode != 2101 || e.HTTPStatus != 200 || e.ServerMessage == "" || e.TraceID == "" {
		t.Fatalf("error fields: %+v", e)
	}
	_, err = c.GetImportProgress(bg(), "")
	asError(t, err, milvusjobs.ErrInvalidArgument)
	_, err = c.GetImportProgress(bg(), "not-a-number")
	asError(t, err, milvusjobs.ErrInvalidArgument)
	asError(t, c.CommitImport(bg(), "1"), milvusjobs.ErrNotFound)
	asError(t, c.AbortImport(bg(), "1"), milvusjobs.ErrNotFound)
	_, err = c.ListImportJobs(bg(), "nope")
	asError(t, err, milvusjobs.ErrNotFound)
}

func TestDatabasePerCallAndPerClient(t *testing.T) {
	c := sharedClient(t)
	req := milvusjobs.ImportRequest{CollectionName: "events", Files: [][]string{{"analytics/events/e1.jsonl"}}}
	_, err := c.BulkImport(bg(), req)
	asError(t, err, milvusjobs.ErrNotFound)
	id, err := c.BulkImport(bg(), req, milvusjobs.WithDatabase("analytics"))
	if err != nil {
		t.Fatal(err)
	}
	inDB := newClient(t, milvusjobs.Options{URI: sharedURI, Database: "analytics"})
	jobs, err := inDB.ListImportJobs(bg(), "events")
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].ID != id {
		t.Fatalf("jobs of analytics.events: %+v", jobs)
	}
	_, err = inDB.ListImportJobs(bg(), "quick_setup")
	asError(t, err, milvusjobs.ErrNotFound)
	_, err = c.ListImportJobs(bg(), "events", milvusjobs.WithDatabase("no_such_db"))
	if e := asError(t, err, milvusjobs.ErrNotFound); e.ServerCode != 800 {
		t.Fatalf("unknown database: %+v", e)
	}
}
