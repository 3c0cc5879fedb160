// Package jobs is the durable background job engine: River on PostgreSQL (the only broker), jobs enqueued in the
// same transaction as the change that causes them, workers in `opsdeck serve` (and `opsdeck worker` for scale-out),
// schedules that fire once per period across every instance, and per-organisation fairness. See ADR 0009.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Metadata is what OpsDeck stores with every job (River's metadata column): who caused it and for which
// organisation, so that the job acts with the same scope and the API can show it to the right people.
type Metadata struct {
	OrganizationID uuid.UUID `json:"organization_id,omitempty"`
	ActorID        string    `json:"actor_id,omitempty"`
	ActorKind      string    `json:"actor_kind,omitempty"`
	ActorName      string    `json:"actor_name,omitempty"`
	RequestID      string    `json:"request_id,omitempty"`
	// Output is River's recorded output (river.RecordOutput), e.g. a result link.
	Output json.RawMessage `json:"output,omitempty"`
}

// Options tune the engine.
type Options struct {
	// Workers runs job workers in this process (otherwise it only enqueues).
	Workers bool
	// Concurrency is the number of jobs worked at once by this process (default 10).
	Concurrency int
	// PerOrganization caps the jobs of one organisation running at once in this process (default: half the
	// concurrency, at least 1), so that one tenant's burst cannot starve the others: over the cap, a job is snoozed.
	PerOrganization int
	// MaxAttempts before a job is discarded (default 8; retries back off exponentially).
	MaxAttempts int
	// FetchPollInterval is how often idle workers look for jobs besides notifications (default 1 s; tests lower it).
	FetchPollInterval time.Duration
	// FetchCooldown is the shortest time between two fetches (default 20 ms; River's 100 ms caps throughput at
	// ten fetches a second).
	FetchCooldown time.Duration
	// ScheduleTick is how often schedules are checked (default 30 s).
	ScheduleTick time.Duration
	// NoSchedules runs workers without firing schedules (tests that count jobs).
	NoSchedules bool
	// RescueAfter is how long a job may stay running before it counts as abandoned by a crashed worker and runs
	// again (default 45 min; jobs time out after 30 min).
	RescueAfter time.Duration
	// RetryPolicy replaces River's default backoff (attempt⁴ seconds) — for tests.
	RetryPolicy river.ClientRetryPolicy
}

// Engine enqueues and works jobs.
type Engine struct {
	db     *db.DB
	log    *slog.Logger
	opt    Options
	sqlDB  *sql.DB
	insert *river.Client[*sql.Tx] // enqueues inside GORM transactions
	client *river.Client[pgx.Tx]  // works jobs (and cancels/retries them)

	workers   *river.Workers
	fair      *fairness
	schedules []Schedule
	onFailed  []func(context.Context, Failed) error
	startOnce sync.Once
	stop      context.CancelFunc
	done      chan struct{}
}

// New builds the engine. Register workers and schedules before Start.
func New(d *db.DB, log *slog.Logger, opt Options) (*Engine, error) {
	if opt.Concurrency <= 0 {
		opt.Concurrency = 10
	}
	if opt.PerOrganization <= 0 {
		opt.PerOrganization = max(1, opt.Concurrency/2)
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 8
	}
	if opt.FetchPollInterval <= 0 {
		opt.FetchPollInterval = time.Second
	}
	if opt.FetchCooldown <= 0 {
		opt.FetchCooldown = 20 * time.Millisecond
	}
	if opt.ScheduleTick <= 0 {
		opt.ScheduleTick = 30 * time.Second
	}
	if opt.RescueAfter <= 0 {
		opt.RescueAfter = 45 * time.Minute
	}
	e := &Engine{db: d, log: log, opt: opt, workers: river.NewWorkers(), fair: newFairness(opt.PerOrganization),
		sqlDB: stdlib.OpenDBFromPool(d.Pool)}
	var err error
	if e.insert, err = river.NewClient(riverdatabasesql.New(e.sqlDB), &river.Config{MaxAttempts: opt.MaxAttempts, Logger: log}); err != nil {
		return nil, fmt.Errorf("jobs: insert client: %w", err)
	}
	cfg := &river.Config{MaxAttempts: opt.MaxAttempts, Logger: log, Workers: e.workers,
		FetchPollInterval: opt.FetchPollInterval, FetchCooldown: opt.FetchCooldown, WorkerMiddleware: []rivertype.WorkerMiddleware{&scopeMiddleware{e: e}},
		JobTimeout: min(30*time.Minute, opt.RescueAfter), RescueStuckJobsAfter: opt.RescueAfter, RetryPolicy: opt.RetryPolicy,
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour, CancelledJobRetentionPeriod: 30 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 90 * 24 * time.Hour}
	if opt.Workers {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.Concurrency}}
	}
	// Workers are added to e.workers by Register before Start; River reads the registry when it works jobs.
	if e.client, err = river.NewClient(riverpgxv5.New(d.Pool), cfg); err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	return e, nil
}

// Register adds the worker of one job kind. Call before Start.
func Register[T river.JobArgs](e *Engine, w river.Worker[T]) {
	river.AddWorker(e.workers, w)
}

// Enqueue inserts a job in tx, the transaction of the change that causes it: rolled back, there is no job; committed,
// the job is never lost. The job carries the organisation and actor of the context.
func (e *Engine) Enqueue(tx *gorm.DB, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return 0, errors.New("jobs: Enqueue needs a transaction (db.Tx, db.TxFor or db.PlatformTx)")
	}
	ctx := tx.Statement.Context
	if opts == nil {
		opts = &river.InsertOpts{}
	}
	md := MetadataFrom(ctx)
	b, err := json.Marshal(md)
	if err != nil {
		return 0, err
	}
	opts.Metadata = b
	res, err := e.insert.InsertTx(ctx, sqlTx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// MetadataFrom describes the context's organisation and actor.
func MetadataFrom(ctx context.Context) Metadata {
	md := Metadata{OrganizationID: reqctx.OrganizationID(ctx), RequestID: reqctx.RequestID(ctx)}
	if p := reqctx.PrincipalFrom(ctx); p != nil {
		md.ActorID, md.ActorKind, md.ActorName = p.ID, string(p.Kind), p.Name
	}
	return md
}

// Start runs the workers and the scheduler (when Options.Workers), until Stop.
func (e *Engine) Start(ctx context.Context) error {
	if !e.opt.Workers {
		return nil
	}
	if err := e.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	if e.opt.NoSchedules {
		return nil
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e.stop, e.done = cancel, make(chan struct{})
	go func() {
		defer close(e.done)
		e.runSchedules(sctx)
	}()
	return nil
}

// Stop finishes running jobs (up to ctx's deadline) and stops the scheduler.
func (e *Engine) Stop(ctx context.Context) error {
	if e.stop != nil {
		e.stop()
		<-e.done
	}
	var err error
	if e.client != nil && e.opt.Workers {
		// Running jobs finish within ctx's deadline; past it they are cancelled (and retried later).
		if err = e.client.Stop(ctx); err != nil && ctx.Err() != nil {
			cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = e.client.StopAndCancel(cctx)
		}
	}
	_ = e.sqlDB.Close()
	return err
}

// Client is the River client that works jobs (for cancel and retry).
func (e *Engine) Client() *river.Client[pgx.Tx] { return e.client }

type jobKey struct{}

// scopeMiddleware runs each job as a system principal of the job's organisation (so db.Tx and audit rows are scoped
// and attributed to the job), applies per-organisation fairness, and makes the job reachable for progress reports.
type scopeMiddleware struct {
	river.MiddlewareDefaults
	e *Engine
}

func (m *scopeMiddleware) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	var md Metadata
	_ = json.Unmarshal(job.Metadata, &md)
	if md.OrganizationID != uuid.Nil {
		if !m.e.fair.acquire(md.OrganizationID) {
			return river.JobSnooze(time.Second)
		}
		defer m.e.fair.release(md.OrganizationID)
	}
	p := &reqctx.Principal{ID: fmt.Sprintf("job:%d", job.ID), Kind: reqctx.KindSystem, Name: "Job " + job.Kind,
		OrganizationID: md.OrganizationID}
	ctx = reqctx.WithPrincipal(ctx, p)
	if md.RequestID != "" {
		ctx = reqctx.WithRequestID(ctx, md.RequestID)
	}
	ctx = context.WithValue(ctx, jobKey{}, job)
	err := doInner(ctx)
	var cancelled *rivertype.JobCancelError
	var snoozed *rivertype.JobSnoozeError
	if err != nil && job.Attempt >= job.MaxAttempts && !errors.As(err, &cancelled) && !errors.As(err, &snoozed) {
		f := Failed{ID: job.ID, Kind: job.Kind, Attempt: job.Attempt, Error: err.Error(), Metadata: md}
		for _, fn := range m.e.onFailed {
			if herr := fn(context.WithoutCancel(ctx), f); herr != nil {
				m.e.log.Error("jobs: failure hook", "job", job.ID, "error", herr)
			}
		}
	}
	return err
}

// Failed describes a job that failed its last attempt (it is discarded).
type Failed struct {
	ID       int64
	Kind     string
	Attempt  int
	Error    string
	Metadata Metadata
}

// OnFailed registers fn to run when a job fails its last attempt (e.g. to tell whoever started it).
func (e *Engine) OnFailed(fn func(context.Context, Failed) error) {
	e.onFailed = append(e.onFailed, fn)
}

// fairness counts the running jobs of each organisation in this process.
type fairness struct {
	mu      sync.Mutex
	limit   int
	running map[uuid.UUID]int
}

func newFairness(limit int) *fairness { return &fairness{limit: limit, running: map[uuid.UUID]int{}} }

func (f *fairness) acquire(org uuid.UUID) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running[org] >= f.limit {
		return false
	}
	f.running[org]++
	return true
}

func (f *fairness) release(org uuid.UUID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running[org]--; f.running[org] <= 0 {
		delete(f.running, org)
	}
}
