// Command quickstart runs a bulk import and an external-collection refresh
// against a Milvus server (or milvus-jobs-devserver) and prints their
// progress until both end. Ctrl-C cancels the calls in flight.
//
//	milvus-jobs-devserver --config tests/data/devserver/config.json \
//	    --data-dir tests/data/devserver/data &       # prints its address
//	go run ./examples/quickstart -uri http://127.0.0.1:PORT
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

func main() {
	uri := flag.String("uri", "http://127.0.0.1:19530", "the server")
	token := flag.String("token", "", "API key or user:password")
	collection := flag.String("collection", "books", "collection to import into")
	files := flag.String("files", "books/part1.json,books/part2.json,books/part3.jsonl", "comma-separated files, one import unit each")
	external := flag.String("external", "books_ext", "external collection to refresh (\"\" to skip)")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	if err := run(ctx, *uri, *token, *collection, strings.Split(*files, ","), *external); err != nil {
		fmt.Fprintln(os.Stderr, err)
		var e *milvusjobs.Error
		if errors.As(err, &e) && e.ServerCode != 0 {
			fmt.Fprintf(os.Stderr, "server code %d, request id %s\n", e.ServerCode, e.RequestID)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, uri, token, collection string, files []string, external string) error {
	client, err := milvusjobs.NewClient(milvusjobs.Options{URI: uri, Token: token})
	if err != nil {
		return err
	}
	defer client.Close()
	fmt.Printf("milvus-jobs %s, server %s\n", milvusjobs.Version(), uri)

	var groups [][]string
	for _, f := range files {
		groups = append(groups, []string{f})
	}
	importID, err := client.BulkImport(ctx, milvusjobs.ImportRequest{CollectionName: collection, Files: groups})
	if err != nil {
		return err
	}
	fmt.Printf("import job %s started\n", importID)
	job, err := client.WaitImport(ctx, importID, nil, func(j *milvusjobs.ImportJob) {
		fmt.Printf("  import %s: %s %d%% (%d/%d rows)\n", j.ID, j.State, j.Progress, j.ImportedRows, j.TotalRows)
	})
	if err != nil {
		return err
	}
	fmt.Printf("import job %s: %s, %d rows in %v\n", job.ID, job.State, job.ImportedRows, job.CompleteTime.Sub(job.CreateTime))

	if external == "" {
		return nil
	}
	refreshID, err := client.RefreshExternalCollection(ctx, milvusjobs.RefreshRequest{CollectionName: external})
	var dup *milvusjobs.Error
	if errors.As(err, &dup) && errors.Is(err, milvusjobs.ErrDuplicateJob) && dup.JobID != 0 {
		fmt.Printf("a refresh of %s is already running (job %d); waiting for it\n", external, dup.JobID)
		refreshID, err = dup.JobID, nil
	}
	if err != nil {
		return err
	}
	fmt.Printf("refresh job %d started\n", refreshID)
	refresh, err := client.WaitRefresh(ctx, refreshID, nil, func(j *milvusjobs.RefreshJob) {
		fmt.Printf("  refresh %d: %s %d%%\n", j.ID, j.State, j.Progress)
	})
	if err != nil {
		return err
	}
	fmt.Printf("refresh job %d: %s from %s in %v\n", refresh.ID, refresh.State, refresh.ExternalSource, refresh.EndTime.Sub(refresh.StartTime))
	return nil
}
