package milvusjobs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// exampleBinary returns the quickstart example: the one test.sh built into
// $MJ_GO_EXAMPLES, else one this test builds with the go command running it.
func exampleBinary(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("MJ_GO_EXAMPLES"); dir != "" {
		return filepath.Join(dir, "quickstart")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatalf("no go command to build the example with (GOROOT %q, PATH): %v", runtime.GOROOT(), err)
		}
	}
	out := filepath.Join(t.TempDir(), "quickstart")
	cmd := exec.Command(goBin, "build", "-o", out, "./examples/quickstart")
	cmd.Dir = ".." // the module's root
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/quickstart: %v\n%s", err, msg)
	}
	return out
}

// The quickstart example runs against a dev server to the end.
func TestQuickstartExampleRuns(t *testing.T) {
	bin := exampleBinary(t)
	uri := newServer(t, "--work-delay-ms", "20")
	cmd := exec.Command(bin, "-uri", uri, "-collection", "quick_setup",
		"-files", "import/rows.json,import/rows.csv", "-external", "books_ext", "-timeout", "60s")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quickstart failed after %v: %v\n%s", time.Since(start), err, out)
	}
	for _, want := range []string{"import job ", ": Completed, 7 rows", "refresh job ", ": RefreshCompleted from s3://bucket/books"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
}
