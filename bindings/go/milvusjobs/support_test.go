package milvusjobs_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// devserverPath finds milvus-jobs-devserver: $MJ_DEVSERVER, else
// milvus-jobs-devserver on PATH (tools/install.sh puts it there), else the
// build trees of this checkout (build/, then build-release/). It says which
// it used, so a run against a stale binary shows.
func devserverPath() (string, error) {
	const name = "milvus-jobs-devserver"
	if p := os.Getenv("MJ_DEVSERVER"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	var tried []string
	if root, ok := repoRoot(); ok {
		for _, tree := range []string{"build", "build-release"} {
			p := filepath.Join(root, tree, "tools", "devserver", name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
			tried = append(tried, p)
		}
	}
	return "", fmt.Errorf("no %s: set MJ_DEVSERVER to it, put it on PATH (tools/install.sh installs it), "+
		"or build it in this checkout (tried %s)", name, strings.Join(tried, ", "))
}

// repoRoot is the checkout this package sits in: the directory above that
// has include/milvus_jobs.h. False when the package is not in a checkout.
func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "include", "milvus_jobs.h")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

var (
	world     string // the sample world's directory (config.json, data/)
	sharedURI string // a dev server every test may use (no token, no delay)
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "milvusjobs-go-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := writeSampleWorld(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	world = dir
	bin, err := devserverPath()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "milvusjobs tests: dev server %s; native library %s\n", bin, milvusjobs.Version())
	srv, err := startDevServer(filepath.Join(dir, "shared-state"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.stop()
	sharedURI = srv.uri
	return m.Run()
}

// writeSampleWorld writes the data and config the tests use, like
// tests/integration/support.cpp's write_sample_world.
func writeSampleWorld(dir string) error {
	files := map[string]string{
		"data/bucket/books/part-0.parquet": strings.Repeat("p", 1000),
		"data/bucket/books/part-1.parquet": strings.Repeat("p", 2000),
		"data/bucket/books/notes.txt":      "not a data file",
		"data/bucket/books_v2/a.parquet":   strings.Repeat("p", 500),
		"data/bucket/books_v2/b.parquet":   strings.Repeat("p", 700),
		"data/bucket/books_v2/c.parquet":   strings.Repeat("p", 900),
		"data/import/rows.json":            `[{"id":1,"title":"a"},{"id":2,"title":"b"},{"id":3,"title":"c"}]`,
		"data/import/rows_wrapped.json":    `{"rows":[{"id":4},{"id":5}]}`,
		"data/import/rows.csv":             "id,title\n1,plain\n2,\"with, comma\"\n3,\"with\nnewline\"\n4,last\n",
		"data/import/broken.json":          `[{"id":1},`,
		"data/analytics/events/e1.jsonl":   "{\"id\":1}\n{\"id\":2}\n",
		"config.json": `{"databases":["empty_db"],"collections":[
  {"name":"books_ext","externalSource":"s3://bucket/books","externalSpec":"{\"format\":\"parquet\"}"},
  {"name":"slow_ext","externalSource":"s3://bucket/books_v2","externalSpec":"{\"format\":\"parquet\"}"},
  {"name":"lonely_ext","externalSource":""},
  {"name":"gone_ext","externalSource":"s3://bucket/nowhere","externalSpec":"{\"format\":\"parquet\"}"},
  {"name":"quick_setup"},
  {"name":"concurrent"},
  {"dbName":"analytics","name":"events"}
]}`,
	}
	for i := 0; i < 8; i++ {
		files[fmt.Sprintf("data/import/many/part%d.jsonl", i)] = strings.Repeat("{\"id\":1}\n", 10+i)
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

type devServer struct {
	uri string
	cmd *exec.Cmd
}

// startDevServer runs milvus-jobs-devserver on the sample world, on port 0,
// and reads its address from the line it prints.
func startDevServer(stateDir string, extra ...string) (*devServer, error) {
	bin, err := devserverPath()
	if err != nil {
		return nil, err
	}
	args := []string{"--port", "0", "--config", filepath.Join(world, "config.json"), "--data-dir", filepath.Join(world, "data")}
	if stateDir != "" {
		args = append(args, "--state-dir", stateDir)
	}
	args = append(args, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	dieWithParent(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = r.WriteTo(discard{})
	}()
	select {
	case line := <-lines:
		const prefix = "milvus-jobs-devserver listening on "
		if !strings.HasPrefix(line, prefix) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, fmt.Errorf("dev server printed %q, expected %q...", line, prefix)
		}
		return &devServer{uri: strings.TrimSpace(strings.TrimPrefix(line, prefix)), cmd: cmd}, nil
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("dev server did not print its address within 20s")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func (s *devServer) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// newServer starts a dev server for one test, stopped when the test ends.
func newServer(t *testing.T, extra ...string) string {
	t.Helper()
	srv, err := startDevServer(t.TempDir(), extra...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	return srv.uri
}

// newClient makes a client on uri, closed when the test ends.
func newClient(t *testing.T, opts milvusjobs.Options) *milvusjobs.Client {
	t.Helper()
	c, err := milvusjobs.NewClient(opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func sharedClient(t *testing.T) *milvusjobs.Client {
	return newClient(t, milvusjobs.Options{URI: sharedURI})
}

// blackhole is a TCP server on loopback that accepts connections and never
// answers: every call to it blocks until its deadline or cancellation.
func blackhole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
	})
	return "http://" + ln.Addr().String()
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

// asError asserts err is an *milvusjobs.Error of the category.
func asError(t *testing.T, err error, want error) *milvusjobs.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", want)
	}
	var e *milvusjobs.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *milvusjobs.Error", err, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("error %v (category %s): want %v", err, e.Category.Name(), want)
	}
	return e
}

// eventually polls cond every 20ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func bg() context.Context { return context.Background() }
