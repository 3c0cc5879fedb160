package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// effectArgs makes an effect that must happen once: a row keyed by the job's key (the idempotent handler pattern).
type effectArgs struct {
	Key   string `json:"key"`
	Block bool   `json:"block"`
	Fail  int    `json:"fail"` // fail this many attempts first
}

func (effectArgs) Kind() string { return "test.effect" }

type effectWorker struct {
	river.WorkerDefaults[effectArgs]
	d       *db.DB
	e       *jobs.Engine
	started chan int64
	runs    atomic.Int32
	orgs    sync.Map // key → organisation seen in the job's context
}

func (w *effectWorker) Work(ctx context.Context, j *river.Job[effectArgs]) error {
	w.runs.Add(1)
	w.orgs.Store(j.Args.Key, reqctx.OrganizationID(ctx))
	if w.started != nil {
		w.started <- j.ID
	}
	if j.Args.Block {
		<-ctx.Done()
		return ctx.Err()
	}
	if j.Attempt <= j.Args.Fail {
		return errors.New("planned failure")
	}
	if err := w.e.Progress(ctx, 50, "half way"); err != nil {
		return err
	}
	_, err := w.d.Pool.Exec(ctx, "INSERT INTO test_effects (key) VALUES ($1) ON CONFLICT DO NOTHING", j.Args.Key)
	if err != nil {
		return err
	}
	return w.e.SetResult(ctx, jobs.Result{Summary: map[string]any{"key": j.Args.Key}})
}

type immediateRetry struct{}

func (immediateRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(50 * time.Millisecond)
}

type env struct {
	d   *db.DB
	org uuid.UUID
	w   *effectWorker
}

func setup(t testing.TB) env {
	t.Helper()
	d := testkit.DB(t)
	ctx := context.Background()
	_, err := d.Pool.Exec(ctx, "CREATE TABLE test_effects (key text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())")
	require.NoError(t, err)
	o := organizations.Organization{Name: "Acme", Slug: "acme", Kind: "operator", Identifier: "ACME"}
	require.NoError(t, organizations.NewService(d).Create(ctx, &o))
	return env{d: d, org: o.ID}
}

func (x env) engine(t *testing.T, opt jobs.Options) (*jobs.Engine, *effectWorker) {
	t.Helper()
	opt.FetchPollInterval = 100 * time.Millisecond
	if opt.RetryPolicy == nil {
		opt.RetryPolicy = immediateRetry{}
	}
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), opt)
	require.NoError(t, err)
	w := &effectWorker{d: x.d, e: e}
	jobs.Register(e, w)
	return e, w
}

func start(t *testing.T, e *jobs.Engine) {
	t.Helper()
	require.NoError(t, e.Start(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		_ = e.Stop(ctx)
	})
}

func (x env) orgCtx() context.Context {
	return reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "u1", Kind: reqctx.KindUser, Name: "Olivia", OrganizationID: x.org})
}

func waitState(t *testing.T, d *db.DB, id int64, want string) {
	t.Helper()
	require.Eventually(t, func() bool {
		var st string
		_ = d.Pool.QueryRow(context.Background(), "SELECT state FROM river_job WHERE id = $1", id).Scan(&st)
		return st == want
	}, 10*time.Second, 20*time.Millisecond, "job %d never reached %s", id, want)
}

func TestEnqueueIsTransactional(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, w := x.engine(t, jobs.Options{Workers: true})
	start(t, e)

	// Rolled back: no job.
	err := x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		if _, err := e.Enqueue(tx, effectArgs{Key: "rolled-back"}, nil); err != nil {
			return err
		}
		return errors.New("the change fails")
	})
	require.Error(t, err)
	var n int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM river_job").Scan(&n))
	assert.Zero(t, n)

	// Committed: the job runs, in the organisation's scope, and records progress and result.
	var id int64
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		id, err = e.Enqueue(tx, effectArgs{Key: "committed"}, nil)
		return err
	}))
	waitState(t, x.d, id, "completed")
	org, _ := w.orgs.Load("committed")
	assert.Equal(t, x.org, org)
	var pct int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT percent FROM job_progress WHERE job_id = $1", id).Scan(&pct))
	assert.Equal(t, 100, pct)
	var actor, output string
	require.NoError(t, x.d.Pool.QueryRow(context.Background(),
		"SELECT metadata->>'actor_id', metadata->'output'->'summary'->>'key' FROM river_job WHERE id = $1", id).Scan(&actor, &output))
	assert.Equal(t, "u1", actor)
	assert.Equal(t, "committed", output)
}

func TestTenantTransactionsSeeOnlyTheirJobs(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, _ := x.engine(t, jobs.Options{})
	other := organizations.Organization{Name: "Other", Slug: "other", Kind: "operator", Identifier: "OTHER"}
	require.NoError(t, organizations.NewService(x.d).Create(context.Background(), &other))
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		_, err := e.Enqueue(tx, effectArgs{Key: "mine"}, nil)
		return err
	}))
	var seen int64
	require.NoError(t, x.d.TxFor(x.orgCtx(), other.ID, func(tx *gorm.DB) error {
		return tx.Raw("SELECT count(*) FROM river_job").Scan(&seen).Error
	}))
	assert.Zero(t, seen, "row-level security on river_job")
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		return tx.Raw("SELECT count(*) FROM river_job").Scan(&seen).Error
	}))
	assert.EqualValues(t, 1, seen)
	// A tenant transaction cannot enqueue a job for another organisation.
	err := x.d.TxFor(x.orgCtx(), other.ID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO river_job (args, kind, max_attempts, metadata, priority, queue, state)
			VALUES ('{}', 'x', 1, jsonb_build_object('organization_id', ?::text), 1, 'default', 'available')`, x.org.String()).Error
	})
	assert.Error(t, err)
}

func TestRetriesThenDiscardsAndRetryOnDemand(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, w := x.engine(t, jobs.Options{Workers: true, MaxAttempts: 3})
	start(t, e)
	var flaky, dead int64
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		var err error
		if flaky, err = e.Enqueue(tx, effectArgs{Key: "flaky", Fail: 2}, nil); err != nil {
			return err
		}
		dead, err = e.Enqueue(tx, effectArgs{Key: "dead", Fail: 99}, nil)
		return err
	}))
	waitState(t, x.d, flaky, "completed")
	waitState(t, x.d, dead, "discarded")
	var errs int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT cardinality(errors) FROM river_job WHERE id = $1", dead).Scan(&errs))
	assert.Equal(t, 3, errs, "every attempt's error is kept")
	before := w.runs.Load()
	_, err := e.Client().JobRetry(context.Background(), dead)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return w.runs.Load() > before }, 5*time.Second, 20*time.Millisecond)
}

func TestUniqueJobsAreEnqueuedOnce(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, _ := x.engine(t, jobs.Options{})
	var a, b int64
	opts := func() *river.InsertOpts {
		return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		var err error
		if a, err = e.Enqueue(tx, effectArgs{Key: "once"}, opts()); err != nil {
			return err
		}
		b, err = e.Enqueue(tx, effectArgs{Key: "once"}, opts())
		return err
	}))
	assert.Equal(t, a, b)
}

// A worker killed mid-job (kill -9) leaves its job "running" with nobody working it. After the rescue delay another
// worker runs it again; the handler's effect is idempotent, so it happens once.
func TestJobAbandonedByACrashedWorkerRunsAgainOnce(t *testing.T) {
	t.Parallel()
	x := setup(t)
	var id int64
	e0, _ := x.engine(t, jobs.Options{})
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		var err error
		id, err = e0.Enqueue(tx, effectArgs{Key: "crash"}, nil)
		return err
	}))
	// What the crashed worker left behind: the job taken (attempt 1, running), its effect possibly half-done.
	_, err := x.d.Pool.Exec(context.Background(), `UPDATE river_job SET state = 'running', attempt = 1,
		attempted_at = now() - interval '10 minutes', attempted_by = ARRAY['crashed-worker'] WHERE id = $1`, id)
	require.NoError(t, err)
	_, err = x.d.Pool.Exec(context.Background(), "INSERT INTO test_effects (key) VALUES ('crash')")
	require.NoError(t, err)

	e, w := x.engine(t, jobs.Options{Workers: true, RescueAfter: time.Second})
	start(t, e)
	waitState(t, x.d, id, "completed")
	assert.EqualValues(t, 1, w.runs.Load(), "run again exactly once")
	var n int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM test_effects WHERE key = 'crash'").Scan(&n))
	assert.Equal(t, 1, n, "the effect happened once")
}

func TestOneOrganisationCannotTakeEveryWorker(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, w := x.engine(t, jobs.Options{Workers: true, Concurrency: 4, PerOrganization: 2})
	w.started = make(chan int64, 100)
	start(t, e)
	other := organizations.Organization{Name: "Small", Slug: "small", Kind: "operator", Identifier: "SMALL"}
	require.NoError(t, organizations.NewService(x.d).Create(context.Background(), &other))
	// The big tenant enqueues many blocking jobs; the small one a single quick job that must still run.
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		for i := range 10 {
			if _, err := e.Enqueue(tx, effectArgs{Key: "big-" + string(rune('a'+i)), Block: true}, nil); err != nil {
				return err
			}
		}
		return nil
	}))
	smallCtx := reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "u2", Kind: reqctx.KindUser, OrganizationID: other.ID})
	var small int64
	require.NoError(t, x.d.Tx(smallCtx, func(tx *gorm.DB) error {
		var err error
		small, err = e.Enqueue(tx, effectArgs{Key: "small"}, nil)
		return err
	}))
	waitState(t, x.d, small, "completed")
	var running int
	require.NoError(t, x.d.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM river_job WHERE state = 'running' AND metadata->>'organization_id' = $1", x.org.String()).Scan(&running))
	assert.LessOrEqual(t, running, 2, "the big tenant holds at most its share")
}

func TestFailureHookRunsOnceWhenTheLastAttemptFails(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, _ := x.engine(t, jobs.Options{Workers: true, MaxAttempts: 2})
	var (
		mu    sync.Mutex
		calls []jobs.Failed
	)
	e.OnFailed(func(_ context.Context, f jobs.Failed) error {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, f)
		return nil
	})
	start(t, e)
	var id int64
	require.NoError(t, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
		var err error
		id, err = e.Enqueue(tx, effectArgs{Key: "doomed", Fail: 99}, nil)
		return err
	}))
	waitState(t, x.d, id, "discarded")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, calls, 1, "not on the first (retried) attempt, once on the last")
	assert.Equal(t, id, calls[0].ID)
	assert.Equal(t, "u1", calls[0].Metadata.ActorID)
	assert.Equal(t, x.org, calls[0].Metadata.OrganizationID)
	assert.Contains(t, calls[0].Error, "planned failure")
}
