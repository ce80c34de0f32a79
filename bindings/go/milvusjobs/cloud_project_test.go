package milvusjobs_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// Zilliz Cloud with a project target: one client runs a refresh through the
// project endpoint and an import through the control plane, against one dev
// server in cloud mode, which plays both endpoints on one port (the client's
// CloudProjectEndpoint is the dev server's address).

const snapshotID = "3051729675574597004" // above 2^53

func writeVolumeFiles(t *testing.T) {
	t.Helper()
	for name, content := range map[string]string{
		"data/volumes/vol1/books/part-0.parquet":            strings.Repeat("p", 1000),
		"data/volumes/vol1/lake/books/data/00000-0.parquet": strings.Repeat("p", 300),
		"data/volumes/vol1/import/rows.json":                `[{"id":1},{"id":2},{"id":3}]`,
	} {
		p := filepath.Join(world, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func projectClient(t *testing.T, uri string) *milvusjobs.Client {
	return cloudClient(t, uri, milvusjobs.Options{
		CloudProjectID:       cloudProject,
		CloudRegionID:        cloudRegion,
		CloudProjectEndpoint: uri,
	})
}

func TestCloudProjectClientRunsARefreshAndAnImport(t *testing.T) {
	writeVolumeFiles(t)
	uri := cloudServer(t)
	c := projectClient(t, uri)
	refreshID, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{
		CollectionName: "books_ext", ExternalSource: "volume://vol1/books/", ExternalSpec: `{"format":"parquet"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	importID, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup", VolumeName: "vol1", Files: [][]string{{"import/rows.json"}},
	})
	if err != nil || !strings.HasPrefix(importID, "job-") {
		t.Fatalf("BulkImport: %q, %v", importID, err)
	}
	wait := &milvusjobs.WaitOptions{Timeout: 20 * time.Second, InitialInterval: 20 * time.Millisecond, MaxInterval: 50 * time.Millisecond}
	refresh, err := c.WaitRefresh(bg(), refreshID, wait, nil)
	if err != nil || refresh.State != milvusjobs.RefreshStateCompleted || refresh.ExternalSource != "volume://vol1/books/" {
		t.Fatalf("WaitRefresh: %+v, %v", refresh, err)
	}
	imported, err := c.WaitImport(bg(), importID, wait, nil)
	if err != nil || imported.State != milvusjobs.ImportStateCompleted || imported.ImportedRows != 3 {
		t.Fatalf("WaitImport: %+v, %v", imported, err)
	}
	refreshes, err := c.ListRefreshExternalCollectionJobs(bg(), "books_ext")
	if err != nil || len(refreshes) == 0 || refreshes[0].ID != refreshID {
		t.Fatalf("ListRefreshExternalCollectionJobs: %+v, %v", refreshes, err)
	}
	imports, err := c.ListImportJobs(bg(), "quick_setup")
	if err != nil || len(imports) != 1 || imports[0].ID != importID {
		t.Fatalf("ListImportJobs: %+v, %v", imports, err)
	}

	// One watcher, one job of each family.
	r2, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{
		CollectionName: "books_ext", ExternalSource: "volume://vol1/books/", ExternalSpec: `{"format":"parquet"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	i2, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", VolumeName: "vol1", Files: [][]string{{"import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.NewWatcher(&milvusjobs.WatcherOptions{Interval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.AddRefresh(r2); err != nil {
		t.Fatal(err)
	}
	if err := w.AddImport(i2); err != nil {
		t.Fatal(err)
	}
	var refreshState milvusjobs.RefreshState
	var importState milvusjobs.ImportState
	ctx, cancel := context.WithTimeout(bg(), 20*time.Second)
	defer cancel()
	if err := w.Run(ctx, func(ev milvusjobs.WatchEvent) {
		if ev.Err != nil {
			t.Errorf("watch event: %v", ev.Err)
			return
		}
		if ev.Refresh != nil {
			refreshState = ev.Refresh.State
		}
		if ev.Import != nil {
			importState = ev.Import.State
		}
	}); err != nil {
		t.Fatal(err)
	}
	if refreshState != milvusjobs.RefreshStateCompleted || importState != milvusjobs.ImportStateCompleted {
		t.Fatalf("watcher: refresh %v, import %v", refreshState, importState)
	}
}

func TestCloudProjectSnapshotIDKeepsEveryDigit(t *testing.T) {
	writeVolumeFiles(t)
	uri := cloudServer(t)
	c := projectClient(t, uri)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{
		CollectionName: "books_ext", ExternalSource: "volume://vol1/lake/books/",
		ExternalSpec: `{"format":"iceberg-table","snapshot_id":` + snapshotID + `}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.WaitRefresh(bg(), id, &milvusjobs.WaitOptions{Timeout: 20 * time.Second, InitialInterval: 20 * time.Millisecond}, nil)
	if err != nil || !strings.Contains(job.ExternalSpec, `"snapshot_id":"`+snapshotID+`"`) {
		t.Fatalf("%+v, %v", job, err)
	}
}

func TestCloudClusterClientNamesTheOptionsForRefresh(t *testing.T) {
	uri := cloudServer(t)
	c := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudCluster})
	_, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	e := asError(t, err, milvusjobs.ErrUnsupported)
	if e.Hint != milvusjobs.HintSetCloudProject || !strings.Contains(e.Error(), "Options.CloudProjectID") ||
		strings.Contains(e.Error(), "cloud_project_id") {
		t.Fatalf("%+v: %v", e, e)
	}
	_, err = milvusjobs.NewClient(milvusjobs.Options{
		URI: uri, Token: cloudKey, Deployment: milvusjobs.DeploymentZillizCloud,
		CloudProjectID: cloudProject, CloudRegionID: cloudRegion, CloudProjectEndpoint: "https://{project}.example",
	})
	asError(t, err, milvusjobs.ErrInvalidArgument)
}
