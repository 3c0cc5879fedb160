// Package storage keeps the bytes of attachments and produced files (exports, reports) outside PostgreSQL, on local
// disk by default or in any S3-compatible object store (SPEC §1.6).
//
// Why this shape: the database holds the file's metadata and an opaque key we generate ("<org-uuid>/<uuid>"); the
// store only maps keys to bytes. Four operations are all attachments need, so the interface stays small enough that
// both backends pass one conformance suite (storage_test.go). Bodies are always streamed: Put copies from the reader
// in bounded chunks and Open returns a reader, so a large upload never sits in memory whole.
//
//   - Local writes each object to a temporary file in the target directory, fsyncs it and renames it into place, so a
//     reader never sees a half-written file and a failed upload leaves nothing behind. All access goes through an
//     os.Root, so even a symlink planted inside the directory cannot make a key escape it.
//   - S3 uses minio-go v7: a small client that speaks plain S3 (signature v4, path or virtual-host addressing) and so
//     works with AWS S3, MinIO, Ceph RGW, Garage and others, without pulling in the whole AWS SDK. A body of known
//     size up to 16 MiB goes out as one streamed PUT; larger or unknown sizes use multipart upload with one 16 MiB
//     part buffered at a time, aborted on error so no object appears.
//
// Keys are validated before any I/O (see ValidateKey): they come from us, so anything unusual is a bug or an attack.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
)

// Store keeps objects addressed by opaque keys. Implementations are safe for concurrent use.
type Store interface {
	// Put stores the body read from r under key, replacing any object already there. size is the exact body length,
	// or -1 when unknown; a body of a different length than announced is refused. Either the whole body is stored or,
	// on any error, the previous object (if any) is left as it was.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns the object's body; the caller closes it. A missing key gives an error matching ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the object. Deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Exists reports whether an object is stored under key.
	Exists(ctx context.Context, key string) (bool, error)
}

var (
	// ErrNotFound is returned (wrapped) when no object is stored under a key.
	ErrNotFound = errors.New("storage: object not found")
	// ErrInvalidKey is returned (wrapped) for a key that ValidateKey refuses.
	ErrInvalidKey = errors.New("storage: invalid key")
	// ErrSizeMismatch is returned (wrapped) when Put's body is shorter or longer than the size announced.
	ErrSizeMismatch = errors.New("storage: body size does not match the announced size")
)

// MaxKeyLength is the longest key accepted, in bytes.
const MaxKeyLength = 200

// ValidateKey checks that key is one we could have generated: 1 to MaxKeyLength characters from [A-Za-z0-9/_.-], no
// leading or trailing "/", no empty segment, no "..", and no segment starting with "." (so no "." or ".." segments,
// no hidden files, and no clash with Local's temporary files).
func ValidateKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	if len(key) > MaxKeyLength {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidKey, MaxKeyLength)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '.'
		if !ok {
			return fmt.Errorf("%w: character %q at offset %d not allowed", ErrInvalidKey, c, i)
		}
	}
	if strings.Contains(key, "..") {
		return fmt.Errorf("%w: contains \"..\"", ErrInvalidKey)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" {
			return fmt.Errorf("%w: leading, trailing or doubled \"/\"", ErrInvalidKey)
		}
		if seg[0] == '.' {
			return fmt.Errorf("%w: segment starts with \".\"", ErrInvalidKey)
		}
	}
	return nil
}

// exactReader passes r through and makes the announced size binding: it fails with ErrSizeMismatch as soon as the
// body turns out shorter or longer than size. The check for extra bytes happens before the last announced byte is
// handed on, so a consumer that stops reading at size bytes (as S3 clients do) still sees the error and aborts the
// upload. With size < 0 it only adds context cancellation.
type exactReader struct {
	ctx       context.Context
	r         io.Reader
	remaining int64 // bytes still expected; unused when size < 0
	known     bool
	err       error // sticky; only touched by the reading goroutine
	// failure mirrors err for other goroutines: an HTTP transport may still be reading the body in its own goroutine
	// when the upload call has already returned.
	failure atomic.Pointer[error]
}

func (e *exactReader) fail(err error) error {
	e.err = err
	if err != io.EOF {
		e.failure.Store(&err)
	}
	return err
}

// Failure is the error the body failed with (not io.EOF), or nil; safe to call from any goroutine.
func (e *exactReader) Failure() error {
	if p := e.failure.Load(); p != nil {
		return *p
	}
	return nil
}

func newExactReader(ctx context.Context, r io.Reader, size int64) *exactReader {
	return &exactReader{ctx: ctx, r: r, remaining: size, known: size >= 0}
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if err := e.ctx.Err(); err != nil {
		return 0, e.fail(err)
	}
	if !e.known {
		n, err := e.r.Read(p)
		if err != nil && err != io.EOF {
			e.fail(err)
		}
		return n, err
	}
	if e.remaining == 0 {
		return 0, e.probeEnd()
	}
	if int64(len(p)) > e.remaining {
		p = p[:e.remaining]
	}
	n, err := e.r.Read(p)
	e.remaining -= int64(n)
	switch {
	case err == io.EOF && e.remaining > 0:
		return n, e.fail(fmt.Errorf("%w: body ended %d bytes early", ErrSizeMismatch, e.remaining))
	case err != nil && err != io.EOF:
		return n, e.fail(err)
	}
	if e.remaining == 0 {
		if perr := e.probeEnd(); perr != io.EOF {
			return 0, perr
		}
		return n, nil
	}
	return n, nil
}

// probeEnd reads one byte past the announced size: io.EOF means the body had exactly the announced length.
func (e *exactReader) probeEnd() error {
	var one [1]byte
	_, err := io.ReadFull(e.r, one[:])
	switch err {
	case nil:
		return e.fail(fmt.Errorf("%w: body is longer than announced", ErrSizeMismatch))
	case io.EOF:
		return e.fail(io.EOF) // later reads keep answering io.EOF without touching r again
	default:
		return e.fail(err)
	}
}
