package storage

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files") // NewLocal creates it
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	testStore(t, s)

	t.Run("no temporary files left behind", func(t *testing.T) {
		// The suite above ran failing, cancelled and mismatched uploads: none may leave a file.
		var leftovers []string
		walk(t, dir, func(p string, d fs.DirEntry) {
			if strings.HasPrefix(d.Name(), localTempPrefix) {
				leftovers = append(leftovers, p)
			}
		})
		if len(leftovers) > 0 {
			t.Fatalf("temporary files left behind: %v", leftovers)
		}
	})

	t.Run("modes 0600 and 0700", func(t *testing.T) {
		put(t, s, "org-mode/a/b", "x")
		var files int
		walk(t, dir, func(p string, d fs.DirEntry) {
			info, err := d.Info()
			if err != nil {
				t.Fatal(err)
			}
			want := fs.FileMode(0o600)
			if d.IsDir() {
				want = 0o700 | fs.ModeDir
			} else {
				files++
			}
			if info.Mode() != want {
				t.Errorf("%s: mode %v, want %v", p, info.Mode(), want)
			}
		})
		if files == 0 {
			t.Fatal("no files found")
		}
	})

	t.Run("file sits at dir/key", func(t *testing.T) {
		put(t, s, "org-path/obj", "content")
		b, err := os.ReadFile(filepath.Join(dir, "org-path", "obj"))
		if err != nil || string(b) != "content" {
			t.Fatalf("ReadFile = %q, %v", b, err)
		}
	})
}

func TestLocalInvalidKeysTouchNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkInvalidKeysRefused(t, s)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Fatalf("invalid keys created %d entries in the directory", len(entries))
	}
}

func TestLocalConfinedToDir(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "files")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("do not read"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A symlink planted inside the storage directory must not let a valid-looking key escape it.
	if err := os.Symlink(outside, filepath.Join(dir, "evil")); err != nil {
		t.Fatal(err)
	}
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if rc, err := s.Open(ctx, "evil/secret"); err == nil {
		rc.Close()
		t.Fatal("Open followed a symlink out of the storage directory")
	}
	if err := s.Put(ctx, "evil/planted", strings.NewReader("x"), 1, ""); err == nil {
		t.Fatal("Put followed a symlink out of the storage directory")
	}
	if _, err := os.Stat(filepath.Join(outside, "planted")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("file written outside the storage directory (stat err %v)", err)
	}
	if err := s.Delete(ctx, "evil/secret"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Logf("Delete through symlink: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Fatalf("Delete removed a file outside the storage directory: %v", err)
	}
}

func TestLocalKeyAgainstDirectory(t *testing.T) {
	s, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	put(t, s, "org/file", "x")
	// "org" is a directory, not an object.
	if _, err := s.Open(ctx, "org"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of a directory: err = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "org"); err != nil {
		t.Errorf("Delete of a directory: %v", err)
	}
	mustExist(t, s, "org/file", true)
	// "org/file/x" goes through a file: missing, not an error.
	mustExist(t, s, "org/file/x", false)
	if _, err := s.Open(ctx, "org/file/x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open under a file: err = %v, want ErrNotFound", err)
	}
}

func TestNewLocal(t *testing.T) {
	if _, err := NewLocal(""); err == nil {
		t.Error("NewLocal(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLocal(file); err == nil {
		t.Error("NewLocal on a regular file succeeded")
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(s.Dir())
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("created directory: %v, %v", info, err)
	}
}

func walk(t *testing.T, dir string, fn func(string, fs.DirEntry)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			fn(p, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
