package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

type noopArgs struct {
	N int `json:"n"`
}

func (noopArgs) Kind() string { return "bench.noop" }

type noopWorker struct {
	river.WorkerDefaults[noopArgs]
	done chan struct{}
}

func (w *noopWorker) Work(context.Context, *river.Job[noopArgs]) error {
	w.done <- struct{}{}
	return nil
}

// BenchmarkEnqueueOverhead compares a tenant write transaction with and without enqueueing a job in it (same run).
// Report: go test ./internal/platform/jobs -run '^$' -bench EnqueueOverhead -benchtime 2000x
func BenchmarkEnqueueOverhead(b *testing.B) {
	x := setup(b)
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{})
	require.NoError(b, err)
	write := func(tx *gorm.DB, i int) error {
		return tx.Exec("INSERT INTO test_effects (key) VALUES (?)", fmt.Sprintf("%s-%d", uuid.NewString(), i)).Error
	}
	b.Run("write only", func(b *testing.B) {
		for i := range b.N {
			require.NoError(b, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error { return write(tx, i) }))
		}
	})
	b.Run("write + enqueue", func(b *testing.B) {
		for i := range b.N {
			require.NoError(b, x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
				if err := write(tx, i); err != nil {
					return err
				}
				_, err := e.Enqueue(tx, noopArgs{N: i}, nil)
				return err
			}))
		}
	})
}

// BenchmarkEndToEnd measures jobs processed per second with the default worker settings: each job is enqueued in
// its own transaction and counted when its handler has run.
// Report: go test ./internal/platform/jobs -run '^$' -bench EndToEnd -benchtime 2000x
func BenchmarkEndToEnd(b *testing.B) {
	x := setup(b)
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{Workers: true})
	require.NoError(b, err)
	w := &noopWorker{done: make(chan struct{}, 1024)}
	jobs.Register(e, w)
	require.NoError(b, e.Start(context.Background()))
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = e.Stop(ctx)
	})
	b.ResetTimer()
	start := time.Now()
	go func() {
		for i := range b.N {
			_ = x.d.Tx(x.orgCtx(), func(tx *gorm.DB) error {
				_, err := e.Enqueue(tx, noopArgs{N: i}, nil)
				return err
			})
		}
	}()
	for range b.N {
		<-w.done
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "jobs/s")
}
