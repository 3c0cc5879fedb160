package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envGetter(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestFromEnvLocal(t *testing.T) {
	ctx := context.Background()

	t.Run("default directory", func(t *testing.T) {
		t.Chdir(t.TempDir())
		s, err := FromEnv(ctx, envGetter(nil))
		if err != nil {
			t.Fatal(err)
		}
		l, ok := s.(*Local)
		if !ok {
			t.Fatalf("got %T, want *Local", s)
		}
		if !strings.HasSuffix(filepath.ToSlash(l.Dir()), "/"+DefaultLocalDir) {
			t.Fatalf("dir %q, want …/%s", l.Dir(), DefaultLocalDir)
		}
		if _, err := os.Stat(DefaultLocalDir); err != nil {
			t.Fatalf("default directory not created: %v", err)
		}
	})

	t.Run("explicit", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "store")
		s, err := FromEnv(ctx, envGetter(map[string]string{"OPSDECK_STORAGE": "Local", "OPSDECK_STORAGE_DIR": dir}))
		if err != nil {
			t.Fatal(err)
		}
		if got := s.(*Local).Dir(); got != dir {
			t.Fatalf("dir %q, want %q", got, dir)
		}
	})

	t.Run("unusable directory names the variable", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := FromEnv(ctx, envGetter(map[string]string{"OPSDECK_STORAGE_DIR": file}))
		if err == nil || !strings.Contains(err.Error(), "OPSDECK_STORAGE_DIR") {
			t.Fatalf("err = %v, want one naming OPSDECK_STORAGE_DIR", err)
		}
	})

	t.Run("unknown backend", func(t *testing.T) {
		_, err := FromEnv(ctx, envGetter(map[string]string{"OPSDECK_STORAGE": "gcs"}))
		if err == nil || !strings.Contains(err.Error(), "OPSDECK_STORAGE") {
			t.Fatalf("err = %v, want one naming OPSDECK_STORAGE", err)
		}
	})
}

func TestFromEnvS3(t *testing.T) {
	ctx := context.Background()
	f := newFakeS3(t, false) // plain HTTP: FromEnv has no way to pass the test server's certificate
	full := map[string]string{
		"OPSDECK_STORAGE":       "s3",
		"OPSDECK_S3_ENDPOINT":   f.srv.URL,
		"OPSDECK_S3_REGION":     "us-east-1",
		"OPSDECK_S3_BUCKET":     testBucket,
		"OPSDECK_S3_ACCESS_KEY": testAccessKey,
		"OPSDECK_S3_SECRET_KEY": testSecretKey,
		"OPSDECK_S3_PATH_STYLE": "true",
		"OPSDECK_S3_PREFIX":     "env-prefix",
	}
	with := func(changes map[string]string) map[string]string {
		m := make(map[string]string, len(full))
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}

	t.Run("complete", func(t *testing.T) {
		s, err := FromEnv(ctx, envGetter(full))
		if err != nil {
			t.Fatal(err)
		}
		s3, ok := s.(*S3)
		if !ok {
			t.Fatalf("got %T, want *S3", s)
		}
		if s3.prefix != "env-prefix/" {
			t.Errorf("prefix %q, want env-prefix/", s3.prefix)
		}
		put(t, s, "org/from-env", "ok")
		if got := readAll(t, s, "org/from-env"); got != "ok" {
			t.Fatalf("read back %q", got)
		}
	})

	t.Run("missing variables are named", func(t *testing.T) {
		_, err := FromEnv(ctx, envGetter(with(map[string]string{"OPSDECK_S3_BUCKET": "", "OPSDECK_S3_SECRET_KEY": ""})))
		if err == nil {
			t.Fatal("no error")
		}
		for _, name := range []string{"OPSDECK_S3_BUCKET", "OPSDECK_S3_SECRET_KEY"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
		}
		if strings.Contains(err.Error(), "OPSDECK_S3_ENDPOINT") {
			t.Errorf("error %q names a variable that is set", err)
		}
	})

	for _, tc := range []struct{ name, value string }{
		{"OPSDECK_S3_PATH_STYLE", "sometimes"},
		{"OPSDECK_S3_ENDPOINT", "ftp://example.com"},
		{"OPSDECK_S3_PREFIX", "a b"},
	} {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			_, err := S3ConfigFromEnv(envGetter(with(map[string]string{tc.name: tc.value})))
			if err == nil || !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("err = %v, want one naming %s", err, tc.name)
			}
		})
	}

	t.Run("wrong bucket fails at start-up without the secret", func(t *testing.T) {
		_, err := FromEnv(ctx, envGetter(with(map[string]string{"OPSDECK_S3_BUCKET": "missing-bucket"})))
		if err == nil || strings.Contains(err.Error(), testSecretKey) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestEnvVarsDocumentEveryVariable(t *testing.T) {
	read := map[string]bool{}
	get := func(name string) string { read[name] = true; return "" }
	_, _ = S3ConfigFromEnv(get)
	_, _ = FromEnv(context.Background(), func(name string) string {
		read[name] = true
		if name == "OPSDECK_STORAGE_DIR" {
			return t.TempDir()
		}
		return ""
	})
	documented := map[string]bool{}
	for _, v := range EnvVars {
		documented[v.Name] = true
	}
	for name := range read {
		if !documented[name] {
			t.Errorf("%s is read but not in EnvVars", name)
		}
	}
	for name := range documented {
		if !read[name] {
			t.Errorf("%s is in EnvVars but never read", name)
		}
	}
}
