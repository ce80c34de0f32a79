package milvusjobs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// recorder is an HTTP server on loopback that records each request and
// answers with a fixed body per path: it shows what the binding's options
// and requests become on the wire.
type recorder struct {
	mu      sync.Mutex
	headers []http.Header
	bodies  []map[string]any
	paths   []string
	answers map[string]string
}

func newRecorder(t *testing.T, answers map[string]string) (*recorder, string) {
	r := &recorder{answers: answers}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var doc map[string]any
		_ = json.Unmarshal(body, &doc)
		r.mu.Lock()
		r.headers = append(r.headers, req.Header.Clone())
		r.bodies = append(r.bodies, doc)
		r.paths = append(r.paths, req.URL.Path)
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, r.answers[req.URL.Path])
	}))
	t.Cleanup(srv.Close)
	return r, srv.URL
}

func TestOptionsAndRequestsReachTheWire(t *testing.T) {
	rec, uri := newRecorder(t, map[string]string{
		"/v2/vectordb/jobs/import/create":                `{"code":0,"data":{"jobId":"42"}}`,
		"/v2/vectordb/jobs/import/list":                  `{"code":0,"data":{"records":[]}}`,
		"/v2/vectordb/jobs/external_collection/refresh":  `{"code":0,"data":{"jobId":9007199254740993}}`,
		"/v2/vectordb/jobs/external_collection/describe": `{"code":0,"data":{"jobId":9007199254740993,"collectionName":"c","state":"RefreshFutureState","progress":5,"startTime":1790000000123}}`,
	})
	c := newClient(t, milvusjobs.Options{
		URI:          uri,
		Token:        "root:Milvus",
		Database:     "books_db",
		UserAgent:    "milvusjobs-go-test/1",
		ExtraHeaders: http.Header{"X-Team": {"search"}, "X-Trace": {"a"}},
	})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "books",
		PartitionName:  "p1",
		Files:          [][]string{{"a.parquet"}, {"b/1.npy", "b/2.npy"}},
		Options:        map[string]string{"timeout": "300s", "auto_commit": "false"},
	})
	if err != nil || id != "42" {
		t.Fatalf("BulkImport: %q, %v", id, err)
	}
	if _, err := c.ListImportJobs(bg(), "books", milvusjobs.WithDatabase("other_db")); err != nil {
		t.Fatal(err)
	}
	rid, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "c", ExternalSource: "s3://b/p", ExternalSpec: `{"format":"parquet"}`})
	if err != nil || rid != 1<<53+1 {
		t.Fatalf("refresh id %d (want %d), %v", rid, int64(1<<53+1), err)
	}
	job, err := c.GetRefreshExternalCollectionProgress(bg(), rid)
	if err != nil {
		t.Fatal(err)
	}
	if job.ID != 1<<53+1 || job.State != milvusjobs.RefreshStateUnknown || job.StateName != "RefreshFutureState" ||
		job.StartTime.UnixMilli() != 1790000000123 || !job.EndTime.IsZero() {
		t.Fatalf("job: %+v", job)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.headers) != 4 {
		t.Fatalf("%d requests: %v", len(rec.headers), rec.paths)
	}
	for _, h := range rec.headers {
		if h.Get("Authorization") != "Bearer root:Milvus" || h.Get("User-Agent") != "milvusjobs-go-test/1" ||
			h.Get("X-Team") != "search" || h.Get("X-Trace") != "a" {
			t.Fatalf("headers: %v", h)
		}
	}
	if rec.headers[0].Get("DB-Name") != "books_db" || rec.headers[1].Get("DB-Name") != "other_db" {
		t.Fatalf("DB-Name: %q, %q", rec.headers[0].Get("DB-Name"), rec.headers[1].Get("DB-Name"))
	}
	create := rec.bodies[0]
	wantFiles := []any{[]any{"a.parquet"}, []any{"b/1.npy", "b/2.npy"}}
	wantOptions := map[string]any{"timeout": "300s", "auto_commit": "false"}
	if create["collectionName"] != "books" || create["partitionName"] != "p1" || create["dbName"] != "books_db" ||
		!reflect.DeepEqual(create["files"], wantFiles) || !reflect.DeepEqual(create["options"], wantOptions) {
		t.Fatalf("create body: %v", create)
	}
	if list := rec.bodies[1]; list["collectionName"] != "books" || list["dbName"] != "other_db" {
		t.Fatalf("list body: %v", list)
	}
	if refresh := rec.bodies[2]; refresh["externalSource"] != "s3://b/p" || refresh["externalSpec"] != `{"format":"parquet"}` {
		t.Fatalf("refresh body: %v", refresh)
	}
}
