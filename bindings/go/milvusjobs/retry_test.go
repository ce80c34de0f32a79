package milvusjobs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

var fastRetries = milvusjobs.Options{MaxAttempts: 3, RetryInitialBackoff: 5 * time.Millisecond, RetryMaxBackoff: 20 * time.Millisecond}

func retryClient(t *testing.T, uri string) *milvusjobs.Client {
	o := fastRetries
	o.URI = uri
	return newClient(t, o)
}

func TestReadsAreRetriedThroughServerUnavailable(t *testing.T) {
	c := retryClient(t, newServer(t, "--faults", "import/describe=503:0*2"))
	// Two 503s, then the real answer: "no such job".
	_, err := c.GetImportProgress(bg(), "1")
	e := asError(t, err, milvusjobs.ErrNotFound)
	if e.Attempts != 3 || e.ServerCode != 2101 {
		t.Fatalf("error fields: %+v", e)
	}
}

func TestRetriesStopAtMaxAttempts(t *testing.T) {
	c := retryClient(t, newServer(t, "--faults", "import/list=503:0*0,import/create=503:0*0,external_collection/list=429:0*0"))
	_, err := c.ListImportJobs(bg(), "")
	e := asError(t, err, milvusjobs.ErrServer)
	if e.Attempts != 3 || e.HTTPStatus != 503 || !e.Retriable {
		t.Fatalf("error fields: %+v", e)
	}
	_, err = c.ListImportJobs(bg(), "", milvusjobs.WithMaxAttempts(1))
	if e := asError(t, err, milvusjobs.ErrServer); e.Attempts != 1 {
		t.Fatalf("WithMaxAttempts(1): %+v", e)
	}
	_, err = c.ListRefreshExternalCollectionJobs(bg(), "")
	if e := asError(t, err, milvusjobs.ErrRateLimited); e.Attempts != 3 || e.HTTPStatus != 429 || e.ServerCode != 1807 {
		t.Fatalf("rate limited: %+v", e)
	}
	// A create that reached the server is never sent twice.
	_, err = c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	if e := asError(t, err, milvusjobs.ErrServer); e.Attempts != 1 || e.Retriable {
		t.Fatalf("create: %+v", e)
	}
}

func TestMalformedAnswersAreProtocolErrors(t *testing.T) {
	c := retryClient(t, newServer(t, "--faults", "import/describe=not-json*0,external_collection/describe=wrong-types*0"))
	_, err := c.GetImportProgress(bg(), "1")
	asError(t, err, milvusjobs.ErrProtocol)
	id, err := c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	if err != nil {
		t.Fatal(err)
	}
	// The real answer, with every string and number of the other JSON type.
	_, err = c.GetRefreshExternalCollectionProgress(bg(), id)
	if e := asError(t, err, milvusjobs.ErrProtocol); e.TraceID == "" || !strings.Contains(e.Message, "malformed") {
		t.Fatalf("wrong types: %#v", *e)
	}
}

func TestResponseBounds(t *testing.T) {
	uri := newServer(t)
	c := newClient(t, milvusjobs.Options{URI: uri})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	waitImportState(t, c, id, milvusjobs.ImportStateCompleted)
	small := newClient(t, milvusjobs.Options{URI: uri, MaxResponseBytes: 64, MaxListResponseBytes: 64})
	_, err = small.GetImportProgress(bg(), id)
	asError(t, err, milvusjobs.ErrProtocol)
	_, err = small.ListImportJobs(bg(), "")
	asError(t, err, milvusjobs.ErrProtocol)
	// The list bound is its own: a describe-sized bound does not apply to lists.
	listOnly := newClient(t, milvusjobs.Options{URI: uri, MaxResponseBytes: 64})
	if _, err := listOnly.ListImportJobs(bg(), ""); err != nil {
		t.Fatalf("ListImportJobs under a 64-byte describe bound: %v", err)
	}
}
