package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// The crash test runs a worker in a child process (this test binary, re-executed) and kills it with SIGKILL while
// the job is running: no deferred code, no graceful stop, the connection just drops.
const crashChildEnv = "OPSDECK_JOBS_CRASH_CHILD"

func TestMain(m *testing.M) {
	if url := os.Getenv(crashChildEnv); url != "" {
		os.Exit(crashChild(url, os.Getenv("CRASH_BLOCK") == "1"))
	}
	os.Exit(m.Run())
}

// slowEffectArgs makes an idempotent effect (a row keyed by the job's key); a run of a blocking child marks that it
// started, then waits to be killed.
type slowEffectArgs struct {
	Key string `json:"key"`
}

func (slowEffectArgs) Kind() string { return "test.slow_effect" }

type slowEffectWorker struct {
	river.WorkerDefaults[slowEffectArgs]
	d     *db.DB
	block bool
}

func (w *slowEffectWorker) Work(ctx context.Context, j *river.Job[slowEffectArgs]) error {
	if _, err := w.d.Pool.Exec(ctx, "INSERT INTO test_runs (key, pid) VALUES ($1, $2)", j.Args.Key, os.Getpid()); err != nil {
		return err
	}
	if w.block {
		<-ctx.Done() // killed before this returns
		return ctx.Err()
	}
	_, err := w.d.Pool.Exec(ctx, "INSERT INTO test_effects (key) VALUES ($1) ON CONFLICT DO NOTHING", j.Args.Key)
	return err
}

func crashChild(url string, block bool) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	d, err := db.Open(ctx, url, db.Options{MaxConns: 8})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	e, err := jobs.New(d, slog.New(slog.NewTextHandler(os.Stderr, nil)), jobs.Options{Workers: true,
		FetchPollInterval: 100 * time.Millisecond, RescueAfter: 2 * time.Second, NoSchedules: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	jobs.Register(e, &slowEffectWorker{d: d, block: block})
	if err := e.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	<-ctx.Done()
	return 0
}

func TestKilledWorkerProcessLeavesItsJobToRunAgainOnce(t *testing.T) {
	t.Parallel()
	x := setup(t)
	url := testkit.DatabaseURLOf(t, x.d)
	_, err := x.d.Pool.Exec(context.Background(), "CREATE TABLE test_runs (key text NOT NULL, pid integer NOT NULL, at timestamptz NOT NULL DEFAULT now())")
	require.NoError(t, err)
	child := func(block bool) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+url, fmt.Sprintf("CRASH_BLOCK=%d", map[bool]int{true: 1}[block]))
		out := &testkit.SyncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		require.NoError(t, cmd.Start())
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("child %d output:\n%s", cmd.Process.Pid, out.String())
			}
		})
		return cmd
	}
	runs := func() (n int) {
		require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM test_runs WHERE key = 'k'").Scan(&n))
		return n
	}

	first := child(true)
	e, _ := x.engine(t, jobs.Options{}) // enqueue only
	var id int64
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		var err error
		id, err = e.Enqueue(tx, slowEffectArgs{Key: "k"}, nil)
		return err
	}))
	require.Eventually(t, func() bool { return runs() == 1 }, 20*time.Second, 50*time.Millisecond, "the first worker took the job")
	require.NoError(t, first.Process.Signal(syscall.SIGKILL))
	_ = first.Wait()
	var state string
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT state FROM river_job WHERE id = $1", id).Scan(&state))
	assert.Equal(t, "running", state, "the killed worker could not record anything")

	child(false) // restart: the job is rescued once it has been running for RescueAfter, then runs to the end
	require.Eventually(t, func() bool {
		_ = x.d.Pool.QueryRow(context.Background(), "SELECT state FROM river_job WHERE id = $1", id).Scan(&state)
		return state == "completed"
	}, 60*time.Second, 100*time.Millisecond, "the job never completed after the restart")
	assert.Equal(t, 2, runs(), "it ran again, once")
	var effects, attempt int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM test_effects WHERE key = 'k'").Scan(&effects))
	assert.Equal(t, 1, effects, "its effect happened once")
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT attempt FROM river_job WHERE id = $1", id).Scan(&attempt))
	assert.Equal(t, 2, attempt)
}
