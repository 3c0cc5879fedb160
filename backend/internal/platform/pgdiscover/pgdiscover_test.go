package pgdiscover

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestPrivateClusterLifecycle starts a real private cluster with initdb/pg_ctl, creates a database in it, restarts it
// (reusing the initialised data directory) and stops it.
func TestPrivateClusterLifecycle(t *testing.T) {
	if _, err := binDir(); err != nil {
		t.Fatalf("PostgreSQL server binaries are required for this test: %v", err)
	}
	dir := t.TempDir()
	// The cluster runs as the postgres user when we are root: it must be able to reach the directory.
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		require.NoError(t, os.Chmod(d, 0o755))
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	port := freePort(t)
	t.Setenv("OPSDECK_PG_FAST", "1")
	url, err := StartPrivate(ctx, dir, port, log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = StopPrivate(context.Background(), dir) })
	assert.FileExists(t, filepath.Join(dir, "postgres", "data", "PG_VERSION"))

	require.NoError(t, EnsureDatabase(ctx, url, "opsdeck"))
	require.NoError(t, EnsureDatabase(ctx, url, "opsdeck"), "idempotent")
	conn, err := pgx.Connect(ctx, WithDatabase(url, "opsdeck"))
	require.NoError(t, err)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&one))
	conn.Close(ctx)

	require.NoError(t, StopPrivate(ctx, dir))
	url2, err := StartPrivate(ctx, dir, port, log)
	require.NoError(t, err, "restart reuses the data directory")
	assert.Equal(t, url, url2)
	conn, err = pgx.Connect(ctx, WithDatabase(url2, "opsdeck"))
	require.NoError(t, err, "the database survived the restart")
	conn.Close(ctx)
}

func TestDatabaseURLPrefersEnvironment(t *testing.T) {
	u, src, err := DatabaseURL(context.Background(), "postgres://u@db.example:5432/x", "/nonexistent", "opsdeck",
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	assert.Equal(t, SourceEnv, src)
	assert.Equal(t, "postgres://u@db.example:5432/x", u)
}

func TestWithDatabaseKeepsParameters(t *testing.T) {
	assert.Equal(t, "postgres://u@h:1/other?sslmode=disable",
		WithDatabase("postgres://u@h:1/postgres?sslmode=disable", "other"))
}

func TestNoPostgresErrorSaysWhatToInstall(t *testing.T) {
	assert.Contains(t, ErrNoPostgres.Error(), "DATABASE_URL")
	assert.Contains(t, ErrNoPostgres.Error(), "apt-get install postgresql")
}
