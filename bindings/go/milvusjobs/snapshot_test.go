package milvusjobs_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// unique names per run: the dev server is shared by the package's tests.
func snapName(prefix string) string {
	return prefix + "_" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

func quickWait() *milvusjobs.WaitOptions {
	return &milvusjobs.WaitOptions{Timeout: 20 * time.Second, InitialInterval: 10 * time.Millisecond, MaxInterval: 20 * time.Millisecond}
}

func TestSnapshotExportThenRestoreWaitsToCompletion(t *testing.T) {
	c := sharedClient(t)
	name := snapName("go_s")
	uri, err := c.ExportSnapshot(bg(), milvusjobs.ExportSnapshotRequest{CollectionName: "books_ext", SnapshotName: name, TargetPath: "s3://bucket/go_exports"})
	if err != nil {
		t.Fatal(err)
	}
	if uri != "s3://bucket/go_exports/"+name+"/metadata.json" {
		t.Fatalf("uri %q", uri)
	}
	if _, err := os.Stat(filepath.Join(world, "data", "bucket", "go_exports", name, "metadata.json")); err != nil {
		t.Fatalf("the metadata file: %v", err)
	}
	target := snapName("go_restored")
	id, err := c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: target, SnapshotURI: uri})
	if err != nil {
		t.Fatal(err)
	}
	if id <= 1<<53 || int64(float64(id)) == id {
		t.Fatalf("id %d is not an id a float64 would corrupt; the test proves nothing", id)
	}
	var seen []int64
	job, err := c.WaitRestoreSnapshot(bg(), id, quickWait(), func(j *milvusjobs.SnapshotJob) { seen = append(seen, j.Progress) })
	if err != nil {
		t.Fatal(err)
	}
	if job.ID != id || job.State != milvusjobs.SnapshotStateCompleted || job.StateName != "RestoreSnapshotCompleted" ||
		job.Progress != 100 || job.SnapshotName != name || job.CollectionName != target || !job.State.IsTerminal() {
		t.Fatalf("job %+v", job)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 100 {
		t.Fatalf("progress seen %v", seen)
	}
	again, err := c.GetRestoreSnapshotProgress(bg(), id)
	if err != nil || again.ID != id {
		t.Fatalf("describe: %+v %v", again, err)
	}
	listed, err := c.ListRestoreSnapshotJobs(bg(), target)
	if err != nil || len(listed) != 1 || listed[0].ID != id {
		t.Fatalf("list: %+v %v", listed, err)
	}
	_, err = c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: target, SnapshotURI: uri})
	e := asError(t, err, milvusjobs.ErrInvalidArgument)
	if !strings.Contains(e.Error(), "already exists") {
		t.Fatalf("message %q", e.Error())
	}
}

func TestSnapshotFailedRestoreReturnsTheJobAndReason(t *testing.T) {
	c := sharedClient(t)
	id, err := c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: snapName("go_missing"), SnapshotURI: "s3://bucket/go_exports/none/metadata.json"})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.WaitRestoreSnapshot(bg(), id, quickWait(), nil)
	asError(t, err, milvusjobs.ErrJobFailed)
	if job == nil || job.State != milvusjobs.SnapshotStateFailed || !strings.Contains(job.Reason, "not found") {
		t.Fatalf("job %+v", job)
	}

	bad := filepath.Join(world, "data", "bucket", "go_exports", "corrupt", "metadata.json")
	if err := os.MkdirAll(filepath.Dir(bad), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"formatVersion": 1, "snapshotName": "x", "collection": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	id, err = c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: snapName("go_corrupt"), SnapshotURI: "s3://bucket/go_exports/corrupt/metadata.json"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WaitRestoreSnapshot(bg(), id, quickWait(), nil)
	e := asError(t, err, milvusjobs.ErrJobFailed)
	if !strings.Contains(e.Error(), "is corrupt") {
		t.Fatalf("message %q", e.Error())
	}

	_, err = c.GetRestoreSnapshotProgress(bg(), 450000000000000001)
	asError(t, err, milvusjobs.ErrNotFound)
}

func TestSnapshotWatcherReportsRestoreJobs(t *testing.T) {
	c := sharedClient(t)
	uri, err := c.ExportSnapshot(bg(), milvusjobs.ExportSnapshotRequest{CollectionName: "quick_setup", SnapshotName: snapName("go_w"), TargetPath: "s3://bucket/go_exports"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.RestoreExternalSnapshot(bg(), milvusjobs.RestoreSnapshotRequest{TargetCollectionName: snapName("go_watched"), SnapshotURI: uri})
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.NewWatcher(&milvusjobs.WatcherOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.AddRestoreSnapshot(id); err != nil {
		t.Fatal(err)
	}
	var last milvusjobs.WatchEvent
	n := 0
	ctx, cancel := context.WithTimeout(bg(), 20*time.Second)
	defer cancel()
	err = w.Run(ctx, func(ev milvusjobs.WatchEvent) {
		n++
		if ev.Kind != milvusjobs.JobKindSnapshotRestore || ev.SnapshotJobID != id {
			t.Errorf("event %+v", ev)
		}
		last = ev
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || !last.Done || last.Err != nil || last.Snapshot == nil || last.Snapshot.State != milvusjobs.SnapshotStateCompleted {
		t.Fatalf("last event %+v", last)
	}
}

func TestSnapshotServerWithoutRoutesIsUnsupported(t *testing.T) {
	c := newClient(t, milvusjobs.Options{URI: newServer(t, "--without-snapshot-jobs")})
	_, err := c.ExportSnapshot(bg(), milvusjobs.ExportSnapshotRequest{CollectionName: "books_ext", SnapshotName: "s", TargetPath: "s3://bucket/x"})
	e := asError(t, err, milvusjobs.ErrUnsupported)
	if !strings.Contains(e.Error(), "needs Milvus >= 3.0") {
		t.Fatalf("message %q", e.Error())
	}
}
