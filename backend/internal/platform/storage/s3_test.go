package storage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
)

const (
	testBucket    = "opsdeck-test"
	testAccessKey = "TESTACCESSKEY"
	testSecretKey = "s3cr3t-Do-Not-Leak-9f8e7d6c5b4a"
)

// fakeS3 is an in-process S3 server (gofakes3 with its in-memory backend) behind a real HTTP listener.
type fakeS3 struct {
	srv      *httptest.Server
	backend  *s3mem.Backend
	requests atomic.Int64
}

// newFakeS3 starts the server with TLS (as S3 is used in production) or plain HTTP. Over plain HTTP minio-go signs
// bodies in aws-chunked streaming mode, which gofakes3 decodes for single PUTs but not for multipart parts.
func newFakeS3(t *testing.T, useTLS bool) *fakeS3 {
	t.Helper()
	f := &fakeS3{backend: s3mem.New()}
	if err := f.backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	faker := gofakes3.New(f.backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	handler := faker.Server()
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		handler.ServeHTTP(w, r)
	})
	if useTLS {
		f.srv = httptest.NewTLSServer(counted)
	} else {
		f.srv = httptest.NewServer(counted)
	}
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeS3) config(prefix string) S3Config {
	return S3Config{
		Endpoint:     f.srv.URL,
		Region:       "us-east-1",
		Bucket:       testBucket,
		AccessKey:    testAccessKey,
		SecretKey:    testSecretKey,
		UsePathStyle: true,
		Prefix:       prefix,
		Transport:    f.srv.Client().Transport, // trusts the test server's certificate
	}
}

func (f *fakeS3) store(t *testing.T, prefix string) *S3 {
	t.Helper()
	s, err := NewS3(context.Background(), f.config(prefix))
	if err != nil {
		t.Fatalf("NewS3: %v", err)
	}
	return s
}

func TestS3(t *testing.T) {
	f := newFakeS3(t, true)
	s := f.store(t, "/opsdeck/")
	testStore(t, s)

	ctx := context.Background()
	t.Run("prefix and content type reach the bucket", func(t *testing.T) {
		put(t, s, "org-s3/typed", "hello")
		info, err := s.client.StatObject(ctx, testBucket, "opsdeck/org-s3/typed", minio.StatObjectOptions{})
		if err != nil {
			t.Fatalf("object not stored under the prefix: %v", err)
		}
		if info.ContentType != "text/plain" || info.Size != 5 {
			t.Fatalf("stored content type %q size %d, want text/plain 5", info.ContentType, info.Size)
		}
	})

	t.Run("multipart with several parts", func(t *testing.T) {
		// Past one 16 MiB part: 20 MiB of unknown size makes two parts; a failure after the first part was
		// uploaded must abort the upload (checked below) and store nothing.
		const size = 20 << 20
		if err := s.Put(ctx, "org-s3/multipart", newGenReader(7, size), -1, ""); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if got, want := readSum(t, s, "org-s3/multipart"), genSum(7, size); got != want {
			t.Fatalf("read back %s, want %s", got, want)
		}
		r := &failingReader{r: newGenReader(8, size), failAfter: 18 << 20}
		if err := s.Put(ctx, "org-s3/multipart-failed", r, -1, ""); !errors.Is(err, errReaderBroke) {
			t.Fatalf("Put with a reader failing in the second part: err = %v", err)
		}
		mustExist(t, s, "org-s3/multipart-failed", false)
	})

	t.Run("failed multipart uploads are aborted", func(t *testing.T) {
		var left []string
		for u := range s.client.ListIncompleteUploads(ctx, testBucket, "", true) {
			if u.Err != nil {
				t.Fatalf("list incomplete uploads: %v", u.Err)
			}
			left = append(left, u.Key)
		}
		if len(left) > 0 {
			t.Fatalf("incomplete multipart uploads left: %v", left)
		}
	})
}

func TestS3PlainHTTP(t *testing.T) {
	f := newFakeS3(t, false)
	s := f.store(t, "")
	if !strings.HasPrefix(f.srv.URL, "http://") {
		t.Fatalf("server URL %s", f.srv.URL)
	}
	// Single streamed PUTs with aws-chunked signing (what minio-go sends without TLS).
	const size = 5 << 20
	if err := s.Put(context.Background(), "org/plain", newGenReader(9, size), size, ""); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if got, want := readSum(t, s, "org/plain"), genSum(9, size); got != want {
		t.Fatalf("read back %s, want %s", got, want)
	}
	put(t, s, "org/small", "small")
	if got := readAll(t, s, "org/small"); got != "small" {
		t.Fatalf("read back %q", got)
	}
}

func TestS3InvalidKeysSendNoRequest(t *testing.T) {
	f := newFakeS3(t, true)
	s := f.store(t, "")
	before := f.requests.Load()
	checkInvalidKeysRefused(t, s)
	if n := f.requests.Load() - before; n != 0 {
		t.Fatalf("invalid keys caused %d requests to the server", n)
	}
}

func TestS3ErrorsHideSecret(t *testing.T) {
	f := newFakeS3(t, true)
	ctx := context.Background()
	noSecret := func(t *testing.T, what string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		if strings.Contains(err.Error(), testSecretKey) || strings.Contains(fmt.Sprintf("%+v", err), testSecretKey) {
			t.Fatalf("%s: error leaks the secret key: %v", what, err)
		}
		t.Logf("%s: %v", what, err)
	}

	t.Run("wrong bucket at start-up", func(t *testing.T) {
		cfg := f.config("")
		cfg.Bucket = "no-such-bucket"
		_, err := NewS3(ctx, cfg)
		noSecret(t, "NewS3", err)
		if !strings.Contains(err.Error(), "no-such-bucket") {
			t.Errorf("error does not name the bucket: %v", err)
		}
	})

	t.Run("bucket gone after start-up", func(t *testing.T) {
		s := f.store(t, "")
		s.bucket = "vanished-bucket" // as if it had been deleted since start-up
		noSecret(t, "Put", s.Put(ctx, "org/x", strings.NewReader("x"), 1, ""))
		noSecret(t, "Put unknown size", s.Put(ctx, "org/x", strings.NewReader("x"), -1, ""))
		_, err := s.Open(ctx, "org/x")
		noSecret(t, "Open", err)
		if errors.Is(err, ErrNotFound) {
			t.Errorf("Open in a missing bucket reported a missing object: %v", err)
		}
		if code := s3Code(err); code != "NoSuchBucket" {
			t.Errorf("Open error code %q, want NoSuchBucket (the client error stays reachable)", code)
		}
	})

	t.Run("unreachable endpoint", func(t *testing.T) {
		cfg := f.config("")
		cfg.Endpoint = "https://" + testSecretKey + ".invalid"
		cctx, cancel := context.WithCancel(ctx)
		cancel() // no retries against a name that never resolves
		_, err := NewS3(cctx, cfg)
		noSecret(t, "NewS3 unreachable", err)
	})

	t.Run("scrub", func(t *testing.T) {
		s := &S3{bucket: testBucket, secret: testSecretKey}
		err := s.wrap("put", "org/x", fmt.Errorf("transport said %s", testSecretKey))
		noSecret(t, "wrap", err)
		if !strings.Contains(err.Error(), "[redacted]") {
			t.Errorf("secret not replaced: %v", err)
		}
	})
}

func TestNewS3RefusesBadConfig(t *testing.T) {
	f := newFakeS3(t, true)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(*S3Config)
	}{
		{"empty endpoint", func(c *S3Config) { c.Endpoint = "" }},
		{"credentials in endpoint", func(c *S3Config) { c.Endpoint = "https://user:" + testSecretKey + "@example.com" }},
		{"path in endpoint", func(c *S3Config) { c.Endpoint = "https://example.com/bucket" }},
		{"other scheme", func(c *S3Config) { c.Endpoint = "ftp://example.com" }},
		{"empty bucket", func(c *S3Config) { c.Bucket = "" }},
		{"no access key", func(c *S3Config) { c.AccessKey = "" }},
		{"no secret key", func(c *S3Config) { c.SecretKey = "" }},
		{"bad prefix", func(c *S3Config) { c.Prefix = "a/../b" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := f.config("")
			tc.edit(&cfg)
			before := f.requests.Load()
			_, err := NewS3(ctx, cfg)
			if err == nil {
				t.Fatal("NewS3 accepted the configuration")
			}
			if strings.Contains(err.Error(), testSecretKey) {
				t.Fatalf("error leaks the secret key: %v", err)
			}
			if f.requests.Load() != before {
				t.Error("a refused configuration still contacted the server")
			}
		})
	}
}

func TestParseS3Endpoint(t *testing.T) {
	for _, tc := range []struct {
		in     string
		host   string
		secure bool
	}{
		{"s3.eu-west-3.amazonaws.com", "s3.eu-west-3.amazonaws.com", true},
		{"https://minio.example.com:9000", "minio.example.com:9000", true},
		{"http://127.0.0.1:9000/", "127.0.0.1:9000", false},
		{"garage.local:3900", "garage.local:3900", true},
	} {
		host, secure, err := parseS3Endpoint(tc.in)
		if err != nil || host != tc.host || secure != tc.secure {
			t.Errorf("parseS3Endpoint(%q) = %q, %v, %v; want %q, %v", tc.in, host, secure, err, tc.host, tc.secure)
		}
	}
}
