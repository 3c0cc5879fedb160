// Package testkit is OpsDeck's test harness: a real PostgreSQL database per test (cloned from a template migrated once
// per migration set), the real HTTP server started in-process, and generated-client API access as a chosen principal
// with every response validated against openapi.yaml. No mocks of our own storage.
package testkit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/pgdiscover"
	"github.com/opsdeck/opsdeck/backend/migrations"
)

var (
	tmplOnce  sync.Once
	tmplErr   error
	adminURL  string
	tmplName  string
	srvSource pgdiscover.Source
)

// RepoRoot is the repository root (the directory holding go.work).
func RepoRoot() string {
	dir, _ := os.Getwd()
	for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return d
		}
	}
	return dir
}

// server finds PostgreSQL like the binary does: DATABASE_URL (its server, maintenance database), else 127.0.0.1:5432,
// else a private throwaway cluster under .data/test-postgres with durability off.
func server(ctx context.Context) (string, pgdiscover.Source, error) {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return pgdiscover.WithDatabase(u, "postgres"), pgdiscover.SourceEnv, nil
	}
	os.Setenv("OPSDECK_PG_FAST", "1")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("OPSDECK_TEST_PG") == "private" {
		// A private cluster with durability off even when a system server runs: creating and dropping a database
		// per test costs milliseconds there instead of seconds on a server that fsyncs its checkpoints.
		// Without the server binaries, fall back to the usual discovery.
		if u, err := startPrivateLocked(ctx, filepath.Join(RepoRoot(), ".data", "test"), log); err == nil {
			return u, pgdiscover.SourcePrivate, nil
		}
	}
	srv, err := pgdiscover.FindServer(ctx, filepath.Join(RepoRoot(), ".data", "test"), log)
	if err != nil {
		return "", "", err
	}
	return srv.AdminURL, srv.Source, nil
}

// migrationsHash names the template after the migration set, so a changed migration gets a fresh template and an
// unchanged one is reused across runs and packages.
func migrationsHash() (string, error) {
	h := sha256.New()
	var names []string
	if err := fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	}); err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	// Go migrations are not files: their versions stand for them.
	for _, m := range migrations.Go() {
		fmt.Fprintf(h, "go:%d", m.Version)
	}
	fmt.Fprintf(h, "river:%d", migrations.RiverSchemaVersion)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func prepareTemplate(ctx context.Context) error {
	var err error
	adminURL, srvSource, err = server(ctx)
	if err != nil {
		return err
	}
	hash, err := migrationsHash()
	if err != nil {
		return err
	}
	tmplName = "opsdeck_tmpl_" + hash
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("testkit: connect %s: %w", pgdiscover.Source(srvSource), err)
	}
	defer conn.Close(ctx)
	// Several test binaries (packages) run at once: one builds the template, the others wait for it.
	lockKey := int64(binary.BigEndian.Uint64([]byte("opsdeckT")))
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", lockKey) //nolint:errcheck
	var ready bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`,
		tmplName).Scan(&ready); err != nil {
		return err
	}
	if ready {
		return nil
	}
	// A half-built template from an interrupted run is not marked datistemplate: rebuild it.
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{tmplName}.Sanitize()+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{tmplName}.Sanitize()); err != nil {
		return err
	}
	d, err := db.Open(ctx, pgdiscover.WithDatabase(adminURL, tmplName), db.Options{MaxConns: 2})
	if err != nil {
		return err
	}
	_, err = d.Migrate(ctx)
	d.Close()
	if err != nil {
		return fmt.Errorf("testkit: migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{tmplName}.Sanitize()+" WITH IS_TEMPLATE true"); err != nil {
		return err
	}
	// Drop templates of older migration sets.
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'opsdeck\_tmpl\_%' AND datname <> $1`, tmplName)
	if err != nil {
		return err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range old {
		_, _ = conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{n}.Sanitize()+" WITH IS_TEMPLATE false")
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{n}.Sanitize()+" WITH (FORCE)")
	}
	return nil
}

// DatabaseURL returns the URL of a fresh, migrated database private to this test, dropped when the test ends.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	tmplOnce.Do(func() { tmplErr = prepareTemplate(ctx) })
	if tmplErr != nil {
		t.Fatalf("testkit: no test database: %v", tmplErr)
	}
	name := "opsdeck_t_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:20]
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY",
		pgx.Identifier{name}.Sanitize(), pgx.Identifier{tmplName}.Sanitize())); err != nil {
		t.Fatalf("testkit: clone template: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	return pgdiscover.WithDatabase(adminURL, name)
}

// DB opens a fresh migrated database for this test.
func DB(t testing.TB) *db.DB {
	t.Helper()
	url := DatabaseURL(t)
	d, err := db.Open(context.Background(), url, db.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("testkit: open: %v", err)
	}
	urls.Store(d, url)
	t.Cleanup(d.Close)
	return d
}

var urls sync.Map // *db.DB → URL, for tests that run the CLI on the same database

// DatabaseURLOf returns the URL of a database opened by DB.
func DatabaseURLOf(t testing.TB, d *db.DB) string {
	u, ok := urls.Load(d)
	if !ok {
		t.Fatalf("testkit: database not opened by testkit.DB")
	}
	return u.(string)
}

// privateTestPort is the test cluster's port (next to the development cluster's).
const privateTestPort = pgdiscover.PrivatePort + 1

// startPrivateLocked starts (or finds) the private test cluster under an exclusive file lock, since the test
// processes of several packages start together.
func startPrivateLocked(ctx context.Context, dataDir string, log *slog.Logger) (string, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(filepath.Join(dataDir, "cluster.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }()
	return pgdiscover.StartPrivate(ctx, dataDir, privateTestPort, log)
}
