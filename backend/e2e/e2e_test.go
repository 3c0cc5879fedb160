//go:build e2e

// Package e2e runs the built opsdeck binary the way a user does — seed, serve — on a fresh database, and drives the
// web application in Debian's Chromium through the Playwright smoke test in frontend/e2e.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestE2E(t *testing.T) {
	bin := os.Getenv("OPSDECK_BIN")
	require.NotEmpty(t, bin, "set OPSDECK_BIN to the built binary (make e2e does)")
	dbURL := testkit.DatabaseURL(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	env := append(os.Environ(), "OPSDECK_ENV=development", "DATABASE_URL="+dbURL, "OPSDECK_HTTP_ADDR="+addr,
		"OPSDECK_PUBLIC_URL=http://"+addr)

	seed := exec.Command(bin, "seed", "--demo")
	seed.Env = env
	out, err := seed.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "3 organisation(s) created")

	var logs bytes.Buffer
	serve := exec.Command(bin, "serve")
	serve.Env = env
	serve.Stdout, serve.Stderr = &logs, &logs
	start := time.Now()
	require.NoError(t, serve.Start())
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	t.Cleanup(func() {
		if serve.ProcessState == nil {
			_ = serve.Process.Kill()
		}
	})
	base := "http://" + addr
	var ready time.Duration
	for time.Since(start) < 30*time.Second {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				ready = time.Since(start)
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	require.NotZero(t, ready, "server never became ready; logs:\n%s", logs.String())
	t.Logf("start to /readyz 200 on a migrated database: %s", ready.Round(time.Millisecond))
	if f := os.Getenv("OPSDECK_E2E_REPORT"); f != "" {
		_ = os.WriteFile(f, []byte(fmt.Sprintf("start_to_ready_ms=%d\n", ready.Milliseconds())), 0o644)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	npm := exec.CommandContext(ctx, "npm", "run", "--silent", "e2e")
	npm.Dir = filepath.Join(testkit.RepoRoot(), "frontend")
	npm.Env = append(os.Environ(), "OPSDECK_E2E_BASE_URL="+base)
	var npmOut bytes.Buffer
	npm.Stdout, npm.Stderr = &npmOut, &npmOut
	err = npm.Run()
	t.Log(npmOut.String())
	require.NoError(t, err, "Playwright smoke test failed")

	// Graceful shutdown on SIGTERM.
	require.NoError(t, serve.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		assert.NoError(t, err, "serve should exit cleanly on SIGTERM")
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20s of SIGTERM")
	}
	assert.Contains(t, logs.String(), "shutting down")
	assert.False(t, strings.Contains(logs.String(), `"log.level":"error"`), "server logged errors:\n%s", logs.String())
}
