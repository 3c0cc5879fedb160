package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

const (
	localDirMode  = 0o700
	localFileMode = 0o600
	// localTempPrefix starts with "." so it can never equal a valid key segment (see ValidateKey).
	localTempPrefix = ".tmp-"
)

// Local stores objects as files under a directory, one file per key ("<org>/<id>" becomes dir/<org>/<id>). It does not
// keep the content type: the database holds it with the file's other metadata.
type Local struct {
	dir string
}

var _ Store = (*Local)(nil)

// NewLocal returns a Store keeping files under dir, which is created (mode 0700) if missing.
func NewLocal(dir string) (*Local, error) {
	if dir == "" {
		return nil, errors.New("storage: local directory is empty")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("storage: local directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, localDirMode); err != nil {
		return nil, fmt.Errorf("storage: create local directory: %w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("storage: open local directory: %w", err)
	}
	_ = root.Close()
	return &Local{dir: abs}, nil
}

// Dir is the absolute directory the files live in.
func (l *Local) Dir() string { return l.dir }

// openRoot confines every access to l.dir: os.Root refuses paths and symlinks that lead outside it. It is opened per
// operation so that Local needs no Close.
func (l *Local) openRoot() (*os.Root, error) {
	root, err := os.OpenRoot(l.dir)
	if err != nil {
		return nil, fmt.Errorf("storage: open local directory: %w", err)
	}
	return root, nil
}

// Put writes the body to a temporary file next to the target, fsyncs it, renames it over the target and fsyncs the
// directory, so the object appears whole or not at all.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (err error) {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := l.openRoot()
	if err != nil {
		return err
	}
	defer root.Close()

	dir := path.Dir(key)
	if dir != "." {
		if err := root.MkdirAll(dir, localDirMode); err != nil {
			return fmt.Errorf("storage: put %q: create directory: %w", key, err)
		}
	}
	tmpName, tmp, err := createTemp(root, dir)
	if err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = root.Remove(tmpName)
		}
	}()

	if _, err = io.Copy(tmp, newExactReader(ctx, r, size)); err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("storage: put %q: sync: %w", key, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("storage: put %q: close: %w", key, err)
	}
	if err = root.Rename(tmpName, key); err != nil {
		return fmt.Errorf("storage: put %q: rename: %w", key, err)
	}
	// The rename is only durable once the directory entry is on disk. The file is complete either way, so a failed
	// directory sync is not worth failing the upload for.
	if d, derr := root.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// createTemp creates a new empty file with mode 0600 in dir (relative to root). os.Root has no CreateTemp, so this
// picks random names and relies on O_EXCL.
func createTemp(root *os.Root, dir string) (string, *os.File, error) {
	for range 10 {
		var b [12]byte
		_, _ = rand.Read(b[:])
		name := path.Join(dir, localTempPrefix+hex.EncodeToString(b[:]))
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, localFileMode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("create temporary file: %w", err)
		}
		return name, f, nil
	}
	return "", nil, errors.New("create temporary file: no free name")
}

// Open opens the object's file for reading.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	root, err := l.openRoot()
	if err != nil {
		return nil, err
	}
	defer root.Close() // the opened file stays valid after its root is closed
	f, err := root.Open(key)
	if err != nil {
		if isNotExist(err) {
			return nil, fmt.Errorf("storage: open %q: %w", key, ErrNotFound)
		}
		return nil, fmt.Errorf("storage: open %q: %w", key, err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("storage: open %q: %w", key, err)
	}
	if !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("storage: open %q: %w", key, ErrNotFound)
	}
	return f, nil
}

// Delete removes the object's file; a missing file is fine. Emptied directories are kept: they are per organisation
// and will be reused.
func (l *Local) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := l.openRoot()
	if err != nil {
		return err
	}
	defer root.Close()
	info, err := root.Lstat(key)
	if err != nil {
		if isNotExist(err) {
			return nil
		}
		return fmt.Errorf("storage: delete %q: %w", key, err)
	}
	if !info.Mode().IsRegular() {
		return nil // a directory is not an object; never remove one through a key
	}
	if err := root.Remove(key); err != nil && !isNotExist(err) {
		return fmt.Errorf("storage: delete %q: %w", key, err)
	}
	return nil
}

// Exists reports whether a regular file is stored under key.
func (l *Local) Exists(ctx context.Context, key string) (bool, error) {
	if err := ValidateKey(key); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	root, err := l.openRoot()
	if err != nil {
		return false, err
	}
	defer root.Close()
	info, err := root.Lstat(key)
	if err != nil {
		if isNotExist(err) {
			return false, nil
		}
		return false, fmt.Errorf("storage: exists %q: %w", key, err)
	}
	return info.Mode().IsRegular(), nil
}

// isNotExist also treats "a path component is a file" (ENOTDIR, e.g. key "a/b" when "a" is an object) as missing.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
