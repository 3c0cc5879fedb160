// Package pgdiscover finds a PostgreSQL server for OpsDeck, as DESIGN §4 describes: DATABASE_URL if set, else the
// local server on 127.0.0.1:5432, else a private cluster under the data directory started with initdb/pg_ctl. The same
// discovery serves `make run`, `opsdeck serve` and the test harness.
package pgdiscover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Source says where the server came from.
type Source string

const (
	SourceEnv     Source = "DATABASE_URL"
	SourceLocal   Source = "local server on 127.0.0.1:5432"
	SourcePrivate Source = "private cluster"
)

// Server is a reachable PostgreSQL server.
type Server struct {
	// AdminURL connects to the server's maintenance database with a role that may create databases.
	AdminURL string
	Source   Source
}

// PrivatePort is the port of the private cluster (not 5432, to never clash with a system server).
const PrivatePort = 55432

// LocalURL is the conventional local server.
const LocalURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=2"

// ErrNoPostgres explains what to install when no server can be found or started.
var ErrNoPostgres = errors.New("no PostgreSQL available: set DATABASE_URL to a postgres:// URL, or run a server on " +
	"127.0.0.1:5432 that accepts user postgres, or install the PostgreSQL server binaries (initdb, pg_ctl; on Debian: " +
	"apt-get install postgresql) so OpsDeck can start a private cluster")

// FindServer locates a server without using DATABASE_URL (callers check it first).
func FindServer(ctx context.Context, dataDir string, log *slog.Logger) (*Server, error) {
	if reachable(ctx, LocalURL) {
		return &Server{AdminURL: LocalURL, Source: SourceLocal}, nil
	}
	u, err := StartPrivate(ctx, dataDir, PrivatePort, log)
	if err != nil {
		return nil, err
	}
	return &Server{AdminURL: u, Source: SourcePrivate}, nil
}

// DatabaseURL resolves the application database: DATABASE_URL as given, or database `name` on a discovered server,
// created when missing.
func DatabaseURL(ctx context.Context, envURL, dataDir, name string, log *slog.Logger) (string, Source, error) {
	if envURL != "" {
		return envURL, SourceEnv, nil
	}
	srv, err := FindServer(ctx, dataDir, log)
	if err != nil {
		return "", "", err
	}
	if err := EnsureDatabase(ctx, srv.AdminURL, name); err != nil {
		return "", "", err
	}
	return WithDatabase(srv.AdminURL, name), srv.Source, nil
}

// WithDatabase returns url pointing at database name.
func WithDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

// EnsureDatabase creates database name when it does not exist.
func EnsureDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func reachable(ctx context.Context, u string) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return false
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx) == nil
}

// binDir finds initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin (newest version first).
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if fileExists(filepath.Join(d, "initdb")) && fileExists(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

func versionOf(dir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return v
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// StartPrivate initialises (once) and starts a cluster under dataDir/postgres listening on 127.0.0.1:port and a socket
// in the same directory, and returns its admin URL. Test clusters trade durability for speed only when
// OPSDECK_PG_FAST=1.
func StartPrivate(ctx context.Context, dataDir string, port int, log *slog.Logger) (string, error) {
	bin, err := binDir()
	if err != nil {
		return "", err
	}
	base, err := filepath.Abs(filepath.Join(dataDir, "postgres"))
	if err != nil {
		return "", err
	}
	pgdata := filepath.Join(base, "data")
	privURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=2", port)
	if reachable(ctx, privURL) {
		return privURL, nil
	}
	asPostgres := os.Geteuid() == 0 // initdb refuses to run as root (STACK trap 10)
	run := func(name string, args ...string) error {
		cmdline := append([]string{filepath.Join(bin, name)}, args...)
		if asPostgres {
			cmdline = append([]string{"runuser", "-u", "postgres", "--"}, cmdline...)
		}
		cmd := exec.CommandContext(ctx, cmdline[0], cmdline[1:]...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", err
	}
	if asPostgres {
		pgUser, err := user.Lookup("postgres")
		if err != nil {
			return "", fmt.Errorf("running as root needs a 'postgres' system user to own the private cluster: %w", err)
		}
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(base, uid, gid); err != nil {
			return "", err
		}
	}
	if !fileExists(filepath.Join(pgdata, "PG_VERSION")) {
		log.Info("initialising a private PostgreSQL cluster", "path", pgdata)
		if err := run("initdb", "-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"); err != nil {
			return "", err
		}
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s", port, base)
	if os.Getenv("OPSDECK_PG_FAST") == "1" {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	log.Info("starting the private PostgreSQL cluster", "path", pgdata, "port", port)
	if err := run("pg_ctl", "-D", pgdata, "-l", filepath.Join(base, "postgres.log"), "-o", opts, "-w", "start"); err != nil {
		return "", err
	}
	if !reachable(ctx, privURL) {
		return "", fmt.Errorf("private cluster started but does not answer on port %d; see %s", port,
			filepath.Join(base, "postgres.log"))
	}
	return privURL, nil
}

// StopPrivate stops a private cluster started by StartPrivate (fast shutdown).
func StopPrivate(ctx context.Context, dataDir string) error {
	bin, err := binDir()
	if err != nil {
		return err
	}
	base, err := filepath.Abs(filepath.Join(dataDir, "postgres"))
	if err != nil {
		return err
	}
	args := []string{filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(base, "data"), "-m", "fast", "-w", "stop"}
	if os.Geteuid() == 0 {
		args = append([]string{"runuser", "-u", "postgres", "--"}, args...)
	}
	out, err := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
