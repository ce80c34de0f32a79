package milvusjobs_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

// slogRecorder is a slog.Handler that keeps every record.
type slogRecorder struct {
	mu      sync.Mutex
	records []slog.Record
	level   slog.Level
}

func (r *slogRecorder) Enabled(_ context.Context, l slog.Level) bool { return l >= r.level }
func (r *slogRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}
func (r *slogRecorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *slogRecorder) WithGroup(string) slog.Handler      { return r }

func attr(rec slog.Record, key string) string {
	out := ""
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			out = a.Value.String()
			return false
		}
		return true
	})
	return out
}

func TestSlogReceivesRequestsFailuresAndConnections(t *testing.T) {
	uri := newServer(t, "--token", "root:go-t0ken-secret")
	rec := &slogRecorder{level: slog.LevelDebug}
	c := newClient(t, milvusjobs.Options{URI: uri, Token: "root:go-t0ken-secret", Logger: slog.New(rec)})
	if _, err := c.ListImportJobs(bg(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetImportProgress(bg(), "987654321"); !errors.Is(err, milvusjobs.ErrNotFound) {
		t.Fatalf("want not found, got %v", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	events := map[string]slog.Level{}
	for _, r := range rec.records {
		events[attr(r, "event")] = r.Level
		if strings.Contains(r.Message, "go-t0ken-secret") {
			t.Fatalf("a record carries the token: %s", r.Message)
		}
		if !strings.HasPrefix(attr(r, "request_id"), "mj-") || !strings.HasPrefix(attr(r, "route"), "/v2/vectordb/jobs/") {
			t.Fatalf("record without ids: %s %v", r.Message, r)
		}
	}
	if events["request"] != slog.LevelInfo || events["failed"] != slog.LevelError || events["connection"] != slog.LevelDebug {
		t.Fatalf("events: %v", events)
	}
}

func TestSlogLevelDecidesWhatIsProduced(t *testing.T) {
	rec := &slogRecorder{level: slog.LevelError}
	c := newClient(t, milvusjobs.Options{URI: sharedURI, Logger: slog.New(rec)})
	if _, err := c.ListImportJobs(bg(), ""); err != nil {
		t.Fatal(err)
	}
	if len(rec.records) != 0 {
		t.Fatalf("a success is Info, below Error: %d records", len(rec.records))
	}
}

func TestStatsAndPerCallHeaders(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "requests.log")
	uri := newServer(t, "--request-log", log)
	c := newClient(t, milvusjobs.Options{URI: uri})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	const trace = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"
	if _, err := c.GetImportProgress(bg(), id, milvusjobs.WithHeader("traceparent", trace)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetImportProgress(bg(), "4444444"); !errors.Is(err, milvusjobs.ErrNotFound) {
		t.Fatalf("want not found, got %v", err)
	}
	st, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Requests != 3 || st.Attempts != 3 || st.Retries() != 0 || st.BytesSent <= 0 || st.BytesReceived <= 0 ||
		st.ConnectionsOpened+st.ConnectionsReused != 3 ||
		st.Answers[milvusjobs.CategoryOK] != 2 || st.Answers[milvusjobs.CategoryNotFound] != 1 {
		t.Fatalf("stats: %+v", st)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), trace) != 1 {
		t.Fatalf("the traceparent goes with its one call: %s", data)
	}
	if _, err := c.GetImportProgress(bg(), id, milvusjobs.WithHeader("traceparent", "a\r\nX: y")); !errors.Is(err, milvusjobs.ErrInvalidArgument) {
		t.Fatalf("CR LF in a header: %v", err)
	}
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func TestMutualTLSAndServerName(t *testing.T) {
	d := t.TempDir()
	p := func(f string) string { return filepath.Join(d, f) }
	for _, ca := range []string{"ca", "other-ca"} {
		runTool(t, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN="+ca,
			"-keyout", p(ca+".key"), "-out", p(ca+".pem"))
	}
	_ = os.WriteFile(p("server.ext"), []byte("subjectAltName=IP:127.0.0.1,DNS:milvus.test\n"), 0o600)
	_ = os.WriteFile(p("client.ext"), []byte("extendedKeyUsage=clientAuth\n"), 0o600)
	for _, c := range [][3]string{{"server", "ca", "server.ext"}, {"client", "ca", "client.ext"}, {"stranger", "other-ca", "client.ext"}} {
		runTool(t, "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN="+c[0], "-keyout", p(c[0]+".key"), "-out", p(c[0]+".csr"))
		runTool(t, "openssl", "x509", "-req", "-in", p(c[0]+".csr"), "-CA", p(c[1]+".pem"), "-CAkey", p(c[1]+".key"),
			"-CAcreateserial", "-days", "2", "-extfile", p(c[2]), "-out", p(c[0]+".pem"))
	}
	uri := newServer(t, "--tls-cert", p("server.pem"), "--tls-key", p("server.key"), "--tls-client-ca", p("ca.pem"))
	ok := newClient(t, milvusjobs.Options{URI: uri, TLSCAFile: p("ca.pem"), TLSClientCertFile: p("client.pem"),
		TLSClientKeyFile: p("client.key"), TLSServerName: "milvus.test"})
	if _, err := ok.ListImportJobs(bg(), ""); err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]milvusjobs.Options{
		"requires a client certificate": {URI: uri, TLSCAFile: p("ca.pem")},
		"refused the client certificate": {URI: uri, TLSCAFile: p("ca.pem"), TLSClientCertFile: p("stranger.pem"),
			TLSClientKeyFile: p("stranger.key")},
		"does not name": {URI: uri, TLSCAFile: p("ca.pem"), TLSClientCertFile: p("client.pem"),
			TLSClientKeyFile: p("client.key"), TLSServerName: "other.test"},
	} {
		c := newClient(t, opts)
		_, err := c.ListImportJobs(bg(), "")
		if !errors.Is(err, milvusjobs.ErrTLS) || !strings.Contains(err.Error(), name) {
			t.Fatalf("%s: got %v", name, err)
		}
	}
}

func TestProxyThroughTinyproxy(t *testing.T) {
	if _, err := exec.LookPath("tinyproxy"); err != nil {
		t.Fatal("tinyproxy is not installed: run tools/bootstrap.sh")
	}
	d := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	conf := filepath.Join(d, "tinyproxy.conf")
	_ = os.WriteFile(conf, []byte("Port "+strconv.Itoa(port)+"\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\n"+
		"LogFile \""+filepath.Join(d, "tp.log")+"\"\nAllow 127.0.0.1\nBasicAuth go g0-proxy-pw\n"), 0o600)
	cmd := exec.Command("tinyproxy", "-d", "-c", conf)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	addr := "127.0.0.1:" + strconv.Itoa(port)
	eventually(t, 10*time.Second, "tinyproxy listening", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	})
	good := newClient(t, milvusjobs.Options{URI: sharedURI, Proxy: "http://go:g0-proxy-pw@" + addr})
	if _, err := good.ListImportJobs(bg(), ""); err != nil {
		t.Fatal(err)
	}
	bad := newClient(t, milvusjobs.Options{URI: sharedURI, Proxy: "http://go:wr0ng-pw@" + addr})
	_, err = bad.ListImportJobs(bg(), "")
	if !errors.Is(err, milvusjobs.ErrTransport) || !strings.Contains(err.Error(), "wants credentials") || strings.Contains(err.Error(), "wr0ng-pw") {
		t.Fatalf("refused by the proxy: %v", err)
	}
	direct := newClient(t, milvusjobs.Options{URI: sharedURI, Proxy: "http://go:wr0ng-pw@" + addr, NoProxy: "127.0.0.1"})
	if _, err := direct.ListImportJobs(bg(), ""); err != nil {
		t.Fatalf("NoProxy: %v", err)
	}
}
