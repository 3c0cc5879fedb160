package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Schedule is a periodic job declared in code.
type Schedule struct {
	// Name identifies the schedule (stable: it keys the record of fired periods).
	Name string
	// Spec is a standard five-field cron expression ("0 6 * * *": every day at 06:00) or a descriptor (@daily,
	// @hourly, @every 15m), evaluated in the organisation's timezone for per-organisation schedules, UTC otherwise.
	Spec string
	// PerOrganization fires once per period for every active organisation (the job runs in its scope).
	PerOrganization bool
	// Args builds the job for one scope (the organisation, or uuid.Nil) and period (the period's start, in UTC). Unique
	// jobs must include the scope in their unique args.
	Args func(scope uuid.UUID, period time.Time) river.JobArgs
	// CatchUp is how many missed periods are fired after downtime (default 1: the most recent).
	CatchUp int

	sched cron.Schedule
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// AddSchedule declares a periodic job. Call before Start.
func (e *Engine) AddSchedule(s Schedule) error {
	sched, err := cronParser.Parse(s.Spec)
	if err != nil {
		return fmt.Errorf("jobs: schedule %s: %w", s.Name, err)
	}
	if s.CatchUp <= 0 {
		s.CatchUp = 1
	}
	s.sched = sched
	e.schedules = append(e.schedules, s)
	return nil
}

// duePeriods returns the starts of the periods that began after `after` and up to now (at most limit, the latest),
// oldest first. Without a previous run, only the current period is due.
func duePeriods(s cron.Schedule, after *time.Time, now time.Time, loc *time.Location, limit int) []time.Time {
	now = now.In(loc)
	// Look back over about limit+1 periods (twice the gap between the next two activations, for irregular specs such
	// as "first of the month"), or since the last fired period when that is more recent.
	next := s.Next(now)
	gap := s.Next(next).Sub(next)
	if gap <= 0 {
		gap = 24 * time.Hour
	}
	from := now.Add(-2 * time.Duration(limit+1) * gap)
	if after != nil && after.After(from) {
		from = after.In(loc)
	}
	var starts []time.Time
	for t := s.Next(from); !t.After(now); t = s.Next(t) {
		starts = append(starts, t.UTC())
	}
	keep := limit
	if after == nil {
		keep = 1 // never fired: only the current period
	}
	if len(starts) > keep {
		starts = starts[len(starts)-keep:]
	}
	return starts
}

// runSchedules checks every schedule at start (catching up a period missed while everything was down) and then
// every tick, on every instance; the schedule_runs primary key makes each period fire once across all of them.
func (e *Engine) runSchedules(ctx context.Context) {
	t := time.NewTicker(e.opt.ScheduleTick)
	defer t.Stop()
	for {
		if err := e.FireDue(ctx, time.Now()); err != nil && ctx.Err() == nil {
			e.log.Error("schedules", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

type scope struct {
	id uuid.UUID
	tz string
}

// FireDue enqueues the job of every period that is due and not yet fired, for every schedule and scope.
func (e *Engine) FireDue(ctx context.Context, now time.Time) error {
	var orgs []scope
	loaded := false
	for _, s := range e.schedules {
		scopes := []scope{{id: uuid.Nil, tz: "UTC"}}
		if s.PerOrganization {
			if !loaded {
				rows, err := e.db.Pool.Query(ctx, `SELECT id, coalesce(settings->>'timezone', 'UTC') FROM organizations WHERE archived_at IS NULL`)
				if err != nil {
					return err
				}
				for rows.Next() {
					var sc scope
					if err := rows.Scan(&sc.id, &sc.tz); err != nil {
						rows.Close()
						return err
					}
					orgs = append(orgs, sc)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
				loaded = true
			}
			scopes = orgs
		}
		for _, sc := range scopes {
			if err := e.fireScope(ctx, s, sc, now); err != nil {
				return fmt.Errorf("schedule %s: %w", s.Name, err)
			}
		}
	}
	return nil
}

func (e *Engine) fireScope(ctx context.Context, s Schedule, sc scope, now time.Time) error {
	loc, err := time.LoadLocation(sc.tz)
	if err != nil {
		loc = time.UTC
	}
	var last *time.Time
	if err := e.db.Pool.QueryRow(ctx, "SELECT max(period_start) FROM schedule_runs WHERE schedule = $1 AND scope_id = $2",
		s.Name, sc.id).Scan(&last); err != nil {
		return err
	}
	for _, period := range duePeriods(s.sched, last, now, loc, s.CatchUp) {
		sysCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "schedule:" + s.Name, Kind: reqctx.KindSystem,
			Name: "Schedule " + s.Name, OrganizationID: sc.id})
		err := e.db.PlatformTx(sysCtx, func(tx *gorm.DB) error {
			res := tx.Exec(`INSERT INTO schedule_runs (schedule, scope_id, period_start, job_id) VALUES (?, ?, ?, 0)
				ON CONFLICT DO NOTHING`, s.Name, sc.id, period)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error // another instance fired this period
			}
			id, err := e.Enqueue(tx, s.Args(sc.id, period), nil)
			if err != nil {
				return err
			}
			return tx.Exec("UPDATE schedule_runs SET job_id = ? WHERE schedule = ? AND scope_id = ? AND period_start = ?",
				id, s.Name, sc.id, period).Error
		})
		if err != nil {
			return err
		}
	}
	return nil
}
