package jobs_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

type tickArgs struct {
	Scope  uuid.UUID `json:"scope"`
	Period time.Time `json:"period"`
}

func (tickArgs) Kind() string { return "test.tick" }

func tickSchedule(spec string, perOrg bool, catchUp int) jobs.Schedule {
	return jobs.Schedule{Name: "tick", Spec: spec, PerOrganization: perOrg, CatchUp: catchUp,
		Args: func(scope uuid.UUID, p time.Time) river.JobArgs { return tickArgs{Scope: scope, Period: p} }}
}

func periods(t *testing.T, x env) []time.Time {
	t.Helper()
	rows, err := x.d.Pool.Query(context.Background(), "SELECT (args->>'period')::timestamptz FROM river_job WHERE kind = 'test.tick' ORDER BY 1")
	require.NoError(t, err)
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var p time.Time
		require.NoError(t, rows.Scan(&p))
		out = append(out, p.UTC())
	}
	return out
}

func TestSchedulesFireOncePerPeriodAcrossInstances(t *testing.T) {
	t.Parallel()
	x := setup(t)
	instances := make([]*jobs.Engine, 4)
	for i := range instances {
		e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{})
		require.NoError(t, err)
		require.NoError(t, e.AddSchedule(tickSchedule("0 6 * * *", false, 1)))
		instances[i] = e
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for _, e := range instances {
		wg.Go(func() {
			for range 3 {
				assert.NoError(t, e.FireDue(context.Background(), now))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, []time.Time{time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}, periods(t, x), "fired once for today's period")

	// The next day's period fires once too.
	require.NoError(t, instances[1].FireDue(context.Background(), now.Add(24*time.Hour)))
	require.NoError(t, instances[2].FireDue(context.Background(), now.Add(24*time.Hour)))
	assert.Len(t, periods(t, x), 2)
}

func TestMissedPeriodsAreCaughtUpAtStart(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{})
	require.NoError(t, err)
	require.NoError(t, e.AddSchedule(tickSchedule("0 6 * * *", false, 3)))
	day := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
	require.NoError(t, e.FireDue(context.Background(), day))
	// Everything was down for five days: the last three missed periods (CatchUp) fire, none is skipped within it.
	require.NoError(t, e.FireDue(context.Background(), day.Add(5*24*time.Hour)))
	got := periods(t, x)
	require.Len(t, got, 4)
	assert.Equal(t, time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC), got[1])
	assert.Equal(t, time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC), got[3])
}

func TestPerOrganisationSchedulesUseTheOrganisationsTimezone(t *testing.T) {
	t.Parallel()
	x := setup(t)
	_, err := x.d.Pool.Exec(context.Background(), `UPDATE organizations SET settings = jsonb_set(settings, '{timezone}', '"Europe/Paris"') WHERE id = $1`, x.org)
	require.NoError(t, err)
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{})
	require.NoError(t, err)
	require.NoError(t, e.AddSchedule(tickSchedule("30 2 * * *", true, 1)))
	require.NoError(t, e.FireDue(context.Background(), time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)))
	got := periods(t, x)
	require.Len(t, got, 1)
	assert.Equal(t, time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC), got[0], "02:30 in Paris (UTC+1 in November)")
	var scope string
	require.NoError(t, x.d.Pool.QueryRow(context.Background(), "SELECT metadata->>'organization_id' FROM river_job").Scan(&scope))
	assert.Equal(t, x.org.String(), scope, "the job runs in the organisation's scope")
}

func TestBadScheduleSpecIsRefused(t *testing.T) {
	t.Parallel()
	x := setup(t)
	e, err := jobs.New(x.d, slog.New(slog.DiscardHandler), jobs.Options{})
	require.NoError(t, err)
	assert.Error(t, e.AddSchedule(tickSchedule("every day", false, 1)))
}
