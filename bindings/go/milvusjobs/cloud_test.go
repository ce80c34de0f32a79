package milvusjobs_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/milvus-jobs/milvus-jobs/bindings/go/milvusjobs"
)

const (
	cloudKey       = "cloud-key-0123456789"
	cloudCluster   = "inxx-dev0000000000001"
	cloudLegacy    = "inxx-legacy000000001"
	cloudProject   = "proj-dev000000000001"
	cloudRegion    = "aws-us-west-2"
	cloudAccessKey = "AKIAGOBINDINGTEST01"
	cloudSecretKey = "go-binding-secret-key"
)

// cloudServer starts the dev server in Zilliz Cloud mode (--cloud FILE).
func cloudServer(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "cloud.json")
	config := `{"apiKeys":["` + cloudKey + `"],
  "clusters":[{"clusterId":"` + cloudCluster + `"},{"clusterId":"` + cloudLegacy + `","responseShape":"legacy"}],
  "projects":[{"projectId":"` + cloudProject + `","regionId":"` + cloudRegion + `"}],
  "buckets":{"secure":{"accessKey":"` + cloudAccessKey + `","secretKey":"` + cloudSecretKey + `"}}}`
	if err := os.WriteFile(file, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := startDevServer("", "--cloud", file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	return srv.uri
}

func cloudClient(t *testing.T, uri string, target milvusjobs.Options) *milvusjobs.Client {
	t.Helper()
	target.URI = uri
	target.Token = cloudKey
	target.Deployment = milvusjobs.DeploymentZillizCloud
	return newClient(t, target)
}

func TestCloudImportLifecycle(t *testing.T) {
	uri := cloudServer(t)
	c := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudCluster})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{
		CollectionName: "quick_setup",
		Files:          [][]string{{"s3://import/rows.json"}, {"s3://import/rows.csv"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "job-") {
		t.Fatalf("cloud job id %q", id)
	}
	job, err := c.WaitImport(bg(), id, fastWait, nil)
	if err != nil {
		t.Fatal(err)
	}
	if job.State != milvusjobs.ImportStateCompleted || job.Progress != 100 || job.ImportedRows != 7 ||
		job.FileName != "s3://import/rows.json" || len(job.Details) != 2 || job.Details[1].FileName != "s3://import/rows.csv" {
		t.Fatalf("job: %+v", job)
	}

	// A folder URL expands to every file under it, one detail each.
	folder, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"s3://import/many/"}}})
	if err != nil {
		t.Fatal(err)
	}
	job, err = c.WaitImport(bg(), folder, fastWait, nil)
	if err != nil || len(job.Details) != 8 {
		t.Fatalf("folder import: %+v, %v", job, err)
	}

	// Two-phase: commit and abort.
	twoPhase := milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"s3://import/rows.json"}},
		Options: map[string]string{"auto_commit": "false"}}
	toCommit, err := c.BulkImport(bg(), twoPhase)
	if err != nil {
		t.Fatal(err)
	}
	toAbort, err := c.BulkImport(bg(), twoPhase)
	if err != nil {
		t.Fatal(err)
	}
	if job, err := c.WaitImport(bg(), toCommit, fastWait, nil); err != nil || job.State != milvusjobs.ImportStateUncommitted {
		t.Fatalf("before commit: %+v, %v", job, err)
	}
	if err := c.CommitImport(bg(), toCommit); err != nil {
		t.Fatal(err)
	}
	if job, err := c.WaitImport(bg(), toCommit, fastWait, nil); err != nil || job.State != milvusjobs.ImportStateCompleted {
		t.Fatalf("after commit: %+v, %v", job, err)
	}
	if err := c.AbortImport(bg(), toAbort); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitImport(bg(), toAbort, fastWait, nil); !errors.Is(err, milvusjobs.ErrJobFailed) {
		t.Fatalf("aborted job: %v", err)
	}

	// The list walks every page; refresh is not a cloud operation.
	jobs, err := c.ListImportJobs(bg(), "quick_setup")
	if err != nil || len(jobs) != 4 {
		t.Fatalf("ListImportJobs: %d jobs, %v", len(jobs), err)
	}
	_, err = c.RefreshExternalCollection(bg(), milvusjobs.RefreshRequest{CollectionName: "books_ext"})
	asError(t, err, milvusjobs.ErrUnsupported)
}

func TestCloudPagedList(t *testing.T) {
	uri := cloudServer(t)
	c := cloudClient(t, uri, milvusjobs.Options{CloudProjectID: cloudProject, CloudRegionID: cloudRegion})
	ids := map[string]bool{}
	for i := 0; i < 5; i++ {
		id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"s3://import/rows.json"}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	seen := map[string]bool{}
	for p := int64(1); ; p++ {
		page, err := c.ListImportJobsPage(bg(), milvusjobs.ImportListRequest{CollectionName: "quick_setup", PageSize: 2, CurrentPage: p})
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != 5 || page.PageSize != 2 || page.CurrentPage != p {
			t.Fatalf("page %d: total %d, size %d, current %d", p, page.TotalCount, page.PageSize, page.CurrentPage)
		}
		for _, j := range page.Jobs {
			seen[j.ID] = true
		}
		if p*page.PageSize >= page.TotalCount {
			if len(page.Jobs) != 1 {
				t.Fatalf("last page has %d jobs", len(page.Jobs))
			}
			break
		}
		if len(page.Jobs) != 2 {
			t.Fatalf("page %d has %d jobs", p, len(page.Jobs))
		}
	}
	for id := range ids {
		if !seen[id] {
			t.Fatalf("job %s on no page", id)
		}
	}
	all, err := c.ListImportJobs(bg(), "")
	if err != nil || len(all) != 5 {
		t.Fatalf("ListImportJobs: %d jobs, %v", len(all), err)
	}
	// Jobs belong to their target: the cluster sees none of the project's.
	other := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudCluster})
	for id := range ids {
		_, err := other.GetImportProgress(bg(), id)
		if e := asError(t, err, milvusjobs.ErrNotFound); e.ServerCode != 90144 {
			t.Fatalf("another target's job: %+v", e)
		}
		break
	}
}

func TestCloudVolumeAndStorageCredentials(t *testing.T) {
	for name, content := range map[string]string{
		"data/volumes/vol1/rows.json": `[{"id":1},{"id":2}]`,
		"data/secure/rows.json":       `[{"id":1}]`,
	} {
		p := filepath.Join(world, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	uri := cloudServer(t)
	c := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudCluster})
	id, err := c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", VolumeName: "vol1", Files: [][]string{{"rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	if job, err := c.WaitImport(bg(), id, fastWait, nil); err != nil || job.ImportedRows != 2 {
		t.Fatalf("volume import: %+v, %v", job, err)
	}

	secure := milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"s3://secure/rows.json"}}}
	_, err = c.BulkImport(bg(), secure)
	asError(t, err, milvusjobs.ErrInvalidArgument)
	wrongID := secure
	wrongID.AccessKey, wrongID.SecretKey = "AKIAWRONGKEYID000001", cloudSecretKey
	_, err = c.BulkImport(bg(), wrongID)
	e := asError(t, err, milvusjobs.ErrInvalidArgument)
	if strings.Contains(e.Error(), "AKIAWRONGKEYID000001") || strings.Contains(e.ServerMessage, "AKIAWRONGKEYID000001") {
		t.Fatalf("the access key id leaked: %+v", e)
	}
	secure.AccessKey, secure.SecretKey, secure.SessionToken = cloudAccessKey, cloudSecretKey, "session"
	id, err = c.BulkImport(bg(), secure)
	if err != nil {
		t.Fatal(err)
	}
	if job, err := c.WaitImport(bg(), id, fastWait, nil); err != nil || job.ImportedRows != 1 {
		t.Fatalf("credentialed import: %+v, %v", job, err)
	}
}

func TestCloudLegacyAnswersAndErrors(t *testing.T) {
	uri := cloudServer(t)
	legacy := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudLegacy})
	id, err := legacy.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "quick_setup", Files: [][]string{{"s3://import/rows.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	job, err := legacy.WaitImport(bg(), id, fastWait, nil)
	if err != nil || job.State != milvusjobs.ImportStateCompleted || job.Progress != 100 {
		t.Fatalf("older answer shape: %+v, %v", job, err)
	}

	badKey := newClient(t, milvusjobs.Options{URI: uri, Token: "not-a-key", Deployment: milvusjobs.DeploymentZillizCloud, CloudClusterID: cloudCluster})
	_, err = badKey.ListImportJobs(bg(), "")
	if e := asError(t, err, milvusjobs.ErrUnauthenticated); e.ServerCode != 21119 || strings.Contains(e.Error(), "not-a-key") {
		t.Fatalf("wrong API key: %+v", e)
	}
	unknown := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: "inxx-nosuchcluster0001"})
	_, err = unknown.ListImportJobs(bg(), "")
	if e := asError(t, err, milvusjobs.ErrNotFound); e.ServerCode != 80020 {
		t.Fatalf("unknown cluster: %+v", e)
	}
	c := cloudClient(t, uri, milvusjobs.Options{CloudClusterID: cloudCluster})
	_, err = c.BulkImport(bg(), milvusjobs.ImportRequest{CollectionName: "nope", Files: [][]string{{"s3://import/rows.json"}}})
	if e := asError(t, err, milvusjobs.ErrNotFound); e.ServerCode != 90001 {
		t.Fatalf("unknown collection: %+v", e)
	}
	_, err = c.GetImportProgress(bg(), "job-00000000000000000000ff")
	asError(t, err, milvusjobs.ErrNotFound)
	_, err = c.ListImportJobsPage(bg(), milvusjobs.ImportListRequest{PageSize: 101})
	asError(t, err, milvusjobs.ErrInvalidArgument)
}

func TestCloudOptionsAreChecked(t *testing.T) {
	cases := map[string]milvusjobs.Options{
		"cloud target on Milvus":   {URI: sharedURI, CloudClusterID: cloudCluster},
		"cloud without target":     {Token: cloudKey, Deployment: milvusjobs.DeploymentZillizCloud},
		"cluster and project both": {Token: cloudKey, Deployment: milvusjobs.DeploymentZillizCloud, CloudClusterID: cloudCluster, CloudProjectID: cloudProject, CloudRegionID: cloudRegion},
		"project without region":   {Token: cloudKey, Deployment: milvusjobs.DeploymentZillizCloud, CloudProjectID: cloudProject},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := milvusjobs.NewClient(opts)
			if c != nil {
				c.Close()
			}
			asError(t, err, milvusjobs.ErrInvalidArgument)
		})
	}
	// The default cloud URI needs no URI option; nothing is sent here.
	c, err := milvusjobs.NewClient(milvusjobs.Options{Token: cloudKey, Deployment: milvusjobs.DeploymentZillizCloud, CloudClusterID: cloudCluster, ConnectTimeout: time.Second})
	if err != nil {
		t.Fatalf("a cloud client on the default URI: %v", err)
	}
	c.Close()
}
