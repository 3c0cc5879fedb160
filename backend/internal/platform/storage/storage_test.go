package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// testStore is the conformance suite every Store implementation passes. Each case uses its own keys, so the store
// may be shared across cases.
func testStore(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()

	t.Run("round trip 5 MiB streamed", func(t *testing.T) {
		const size = 5 << 20
		key := "0191f7c6-aaaa-7000-8000-000000000001/0191f7c6-bbbb-7000-8000-000000000001"
		src := newGenReader(1, size)
		if err := s.Put(ctx, key, src, size, "application/pdf"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if src.maxRead >= 1<<20 {
			t.Errorf("Put asked for %d bytes in one Read: the body should be streamed, not buffered", src.maxRead)
		}
		if got, want := readSum(t, s, key), genSum(1, size); got != want {
			t.Fatalf("read back %s, want %s", got, want)
		}
	})

	t.Run("round trip unknown size", func(t *testing.T) {
		const size = 3<<20 + 17
		key := "org-1/unknown-size"
		if err := s.Put(ctx, key, newGenReader(2, size), -1, ""); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if got, want := readSum(t, s, key), genSum(2, size); got != want {
			t.Fatalf("read back %s, want %s", got, want)
		}
	})

	t.Run("empty object", func(t *testing.T) {
		key := "org-1/empty"
		if err := s.Put(ctx, key, strings.NewReader(""), 0, "text/plain"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if got := readAll(t, s, key); got != "" {
			t.Fatalf("read back %q, want empty", got)
		}
		mustExist(t, s, key, true)
	})

	t.Run("overwrite", func(t *testing.T) {
		key := "org-1/overwrite"
		put(t, s, key, "first version, longer than the second")
		put(t, s, key, "second")
		if got := readAll(t, s, key); got != "second" {
			t.Fatalf("read back %q, want %q", got, "second")
		}
	})

	t.Run("open missing", func(t *testing.T) {
		rc, err := s.Open(ctx, "org-1/never-written")
		if !errors.Is(err, ErrNotFound) {
			if rc != nil {
				rc.Close()
			}
			t.Fatalf("Open missing: err = %v, want ErrNotFound", err)
		}
	})

	t.Run("delete then open", func(t *testing.T) {
		key := "org-1/to-delete"
		put(t, s, key, "bye")
		mustExist(t, s, key, true)
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Open after Delete: err = %v, want ErrNotFound", err)
		}
		mustExist(t, s, key, false)
	})

	t.Run("delete missing", func(t *testing.T) {
		if err := s.Delete(ctx, "org-1/never-written-either"); err != nil {
			t.Fatalf("Delete missing: %v", err)
		}
		if err := s.Delete(ctx, "no-such-org/nothing"); err != nil {
			t.Fatalf("Delete missing under a missing prefix: %v", err)
		}
	})

	t.Run("exists", func(t *testing.T) {
		key := "org-2/exists"
		mustExist(t, s, key, false)
		put(t, s, key, "here")
		mustExist(t, s, key, true)
		mustExist(t, s, "org-2", false) // a key prefix is not an object
	})

	t.Run("invalid keys refused before any I/O", func(t *testing.T) {
		checkInvalidKeysRefused(t, s)
	})

	for _, tc := range []struct {
		name string
		size int64
	}{{"known size", 5 << 20}, {"unknown size", -1}} {
		t.Run("failing reader leaves nothing, "+tc.name, func(t *testing.T) {
			key := "org-3/failing-" + strings.ReplaceAll(tc.name, " ", "-")
			r := &failingReader{r: newGenReader(3, 5<<20), failAfter: 1 << 20}
			err := s.Put(ctx, key, r, tc.size, "application/octet-stream")
			if err == nil {
				t.Fatal("Put with a failing reader succeeded")
			}
			if !errors.Is(err, errReaderBroke) {
				t.Errorf("Put error %v does not wrap the reader's error", err)
			}
			mustExist(t, s, key, false)
			if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Open after failed Put: err = %v, want ErrNotFound", err)
			}
		})
	}

	t.Run("failing overwrite keeps the previous object", func(t *testing.T) {
		key := "org-3/keep-previous"
		put(t, s, key, "previous")
		r := &failingReader{r: newGenReader(4, 2<<20), failAfter: 1 << 20}
		if err := s.Put(ctx, key, r, 2<<20, ""); err == nil {
			t.Fatal("Put with a failing reader succeeded")
		}
		if got := readAll(t, s, key); got != "previous" {
			t.Fatalf("read back %q after a failed overwrite, want %q", got, "previous")
		}
	})

	t.Run("size mismatch refused", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			body string
			size int64
		}{
			{"short", "12345", 10},
			{"long", "1234567890", 5},
			{"long zero", "x", 0},
		} {
			key := "org-3/mismatch-" + strings.ReplaceAll(tc.name, " ", "-")
			err := s.Put(ctx, key, strings.NewReader(tc.body), tc.size, "")
			if !errors.Is(err, ErrSizeMismatch) {
				t.Errorf("%s: Put err = %v, want ErrSizeMismatch", tc.name, err)
			}
			mustExist(t, s, key, false)
		}
	})

	t.Run("cancelled context", func(t *testing.T) {
		key := "org-3/cancelled"
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Put(cctx, key, strings.NewReader("data"), 4, ""); !errors.Is(err, context.Canceled) {
			t.Errorf("Put with a cancelled context: err = %v, want context.Canceled", err)
		}
		mustExist(t, s, key, false)

		// Cancelled mid-stream: the reader cancels the context after the first megabyte and then goes on.
		cctx, cancel = context.WithCancel(ctx)
		defer cancel()
		r := &failingReader{r: newGenReader(5, 3<<20), failAfter: 1 << 20, onFail: cancel}
		if err := s.Put(cctx, key, r, 3<<20, ""); !errors.Is(err, context.Canceled) {
			t.Errorf("Put cancelled mid-stream: err = %v, want context.Canceled", err)
		}
		mustExist(t, s, key, false)
	})

	t.Run("concurrent writers to one key", func(t *testing.T) {
		const writers, size = 4, 256 << 10
		key := "org-4/contended"
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() { errs[i] = s.Put(ctx, key, newGenReader(uint64(100+i), size), size, "") })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("writer %d: %v", i, err)
			}
		}
		got := readSum(t, s, key)
		for i := range writers {
			if got == genSum(uint64(100+i), size) {
				return
			}
		}
		t.Fatal("object is not exactly one writer's body")
	})
}

var invalidKeys = []string{
	"",
	"../x",
	"org/../../etc/passwd",
	"/abs",
	"org/",
	"org//x",
	"a b",
	"org/.hidden",
	".",
	"org/x\x00",
	"org\\x",
	"org/é",
	strings.Repeat("k", MaxKeyLength+1),
}

// checkInvalidKeysRefused calls every operation with every invalid key: each must fail with ErrInvalidKey without
// reading the body.
func checkInvalidKeysRefused(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	for _, key := range invalidKeys {
		name := fmt.Sprintf("%.20q", key)
		body := readerFunc(func([]byte) (int, error) {
			t.Errorf("%s: Put read the body of an invalid key", name)
			return 0, io.EOF
		})
		if err := s.Put(ctx, key, body, 1, ""); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: Put err = %v, want ErrInvalidKey", name, err)
		}
		if rc, err := s.Open(ctx, key); !errors.Is(err, ErrInvalidKey) {
			if rc != nil {
				rc.Close()
			}
			t.Errorf("%s: Open err = %v, want ErrInvalidKey", name, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: Delete err = %v, want ErrInvalidKey", name, err)
		}
		if ok, err := s.Exists(ctx, key); !errors.Is(err, ErrInvalidKey) || ok {
			t.Errorf("%s: Exists = %v, %v, want false, ErrInvalidKey", name, ok, err)
		}
	}
}

func TestValidateKey(t *testing.T) {
	for _, key := range []string{
		"0191f7c6-aaaa-7000-8000-000000000001/0191f7c6-bbbb-7000-8000-000000000002",
		"a",
		"org_1/report.v2.pdf",
		"a/b/c",
		strings.Repeat("k", MaxKeyLength),
	} {
		if err := ValidateKey(key); err != nil {
			t.Errorf("ValidateKey(%q) = %v, want nil", key, err)
		}
	}
	for _, key := range append(invalidKeys, "a..b", "a/..", "a/./b") {
		if err := ValidateKey(key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("ValidateKey(%.20q) = %v, want ErrInvalidKey", key, err)
		}
	}
}

func TestExactReader(t *testing.T) {
	ctx := context.Background()
	read := func(body string, size int64, chunk int) (string, error) {
		e := newExactReader(ctx, &chunkReader{r: strings.NewReader(body), n: chunk}, size)
		var out bytes.Buffer
		buf := make([]byte, 3)
		for {
			n, err := e.Read(buf)
			out.Write(buf[:n])
			if err == io.EOF {
				return out.String(), nil
			}
			if err != nil {
				return out.String(), err
			}
		}
	}
	for _, tc := range []struct {
		body  string
		size  int64
		chunk int
		want  error
	}{
		{"hello", 5, 1, nil},
		{"hello", 5, 10, nil},
		{"hello", -1, 2, nil},
		{"", 0, 1, nil},
		{"hello", 4, 1, ErrSizeMismatch},
		{"hello", 6, 1, ErrSizeMismatch},
		{"hello", 3, 10, ErrSizeMismatch},
		{"x", 0, 1, ErrSizeMismatch},
	} {
		got, err := read(tc.body, tc.size, tc.chunk)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("body %q size %d: err = %v, want %v", tc.body, tc.size, err, tc.want)
		}
		if tc.want == nil && got != tc.body {
			t.Errorf("body %q size %d: read %q", tc.body, tc.size, got)
		}
		// A consumer that stops after the announced size must already have seen the error for a longer body.
		if tc.size >= 0 && int64(len(tc.body)) > tc.size && int64(len(got)) >= tc.size && tc.size > 0 {
			t.Errorf("body %q size %d: all %d announced bytes were handed on before the error", tc.body, tc.size, len(got))
		}
	}
}

// --- helpers -----------------------------------------------------------------------------------------------------

func put(t *testing.T, s Store, key, body string) {
	t.Helper()
	if err := s.Put(context.Background(), key, strings.NewReader(body), int64(len(body)), "text/plain"); err != nil {
		t.Fatalf("Put %q: %v", key, err)
	}
}

func readAll(t *testing.T, s Store, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open %q: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return string(b)
}

// readSum streams the object through SHA-256, so big bodies are never held in memory by the test either.
func readSum(t *testing.T, s Store, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open %q: %v", key, err)
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func mustExist(t *testing.T, s Store, key string, want bool) {
	t.Helper()
	got, err := s.Exists(context.Background(), key)
	if err != nil {
		t.Fatalf("Exists %q: %v", key, err)
	}
	if got != want {
		t.Fatalf("Exists %q = %v, want %v", key, got, want)
	}
}

// genReader yields size deterministic pseudo-random bytes and records the largest single Read asked of it.
type genReader struct {
	src       *rand.ChaCha8
	remaining int64
	maxRead   int
}

func newGenReader(seed uint64, size int64) *genReader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return &genReader{src: rand.NewChaCha8(s), remaining: size}
}

func (g *genReader) Read(p []byte) (int, error) {
	g.maxRead = max(g.maxRead, len(p))
	if g.remaining == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.remaining {
		p = p[:g.remaining]
	}
	n, _ := g.src.Read(p)
	g.remaining -= int64(n)
	return n, nil
}

func genSum(seed uint64, size int64) string {
	h := sha256.New()
	if _, err := io.Copy(h, newGenReader(seed, size)); err != nil {
		panic(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

var errReaderBroke = errors.New("test reader broke")

// failingReader passes failAfter bytes through, then fails with errReaderBroke. With onFail set it calls onFail
// once at that point instead and goes on passing data through (to cancel a context mid-stream).
type failingReader struct {
	r         io.Reader
	failAfter int64
	read      int64
	onFail    func()
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.read >= f.failAfter {
		if f.onFail == nil {
			return 0, errReaderBroke
		}
		f.onFail()
		f.onFail = func() {}
		return f.r.Read(p)
	}
	if int64(len(p)) > f.failAfter-f.read {
		p = p[:f.failAfter-f.read]
	}
	n, err := f.r.Read(p)
	f.read += int64(n)
	return n, err
}

// chunkReader returns at most n bytes per Read.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
