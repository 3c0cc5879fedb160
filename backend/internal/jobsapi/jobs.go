// Package jobsapi serves the background jobs of an organisation: list, detail with progress and errors, cancel and
// retry (SPEC §1.7).
package jobsapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// View is a job as the API shows it.
type View struct {
	ID          int64
	Kind        string
	State       string
	Attempt     int
	MaxAttempts int
	Percent     int
	Message     string
	Errors      []AttemptError
	Metadata    jobs.Metadata
	CreatedAt   time.Time
	ScheduledAt time.Time
	AttemptedAt *time.Time
	FinalizedAt *time.Time
}

// AttemptError is one failed attempt.
type AttemptError struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Error   string    `json:"error"`
}

// Result is the recorded output, if any.
func (v View) Result() *jobs.Result {
	if len(v.Metadata.Output) == 0 {
		return nil
	}
	var r jobs.Result
	if json.Unmarshal(v.Metadata.Output, &r) != nil {
		return nil
	}
	return &r
}

// Service reads and acts on jobs.
type Service struct {
	db   *db.DB
	jobs *jobs.Engine
}

// NewService returns the service.
func NewService(d *db.DB, e *jobs.Engine) *Service { return &Service{db: d, jobs: e} }

// Filter narrows the list.
type Filter struct {
	State, Kind string
	Mine        bool
}

const columns = `j.id, j.kind, j.state::text, j.attempt, j.max_attempts, coalesce(p.percent, CASE WHEN j.state = 'completed' THEN 100 ELSE 0 END),
	coalesce(p.message, ''), coalesce(to_jsonb(j.errors), '[]'::jsonb), j.metadata, j.created_at, j.scheduled_at, j.attempted_at, j.finalized_at`

type row struct {
	View
	errs, md []byte
}

func scanInto(scan func(...any) error) (View, error) {
	var r row
	err := scan(&r.ID, &r.Kind, &r.State, &r.Attempt, &r.MaxAttempts, &r.Percent, &r.Message, &r.errs, &r.md,
		&r.CreatedAt, &r.ScheduledAt, &r.AttemptedAt, &r.FinalizedAt)
	if err != nil {
		return View{}, err
	}
	_ = json.Unmarshal(r.errs, &r.Errors)
	_ = json.Unmarshal(r.md, &r.Metadata)
	if r.Errors == nil {
		r.Errors = []AttemptError{}
	}
	return r.View, nil
}

// seesAll reports whether the principal administers the organisation's jobs (else: only their own).
func seesAll(p *reqctx.Principal, lvl reqctx.Level) bool { return p.Level("administration") >= lvl }

// List returns a page of the organisation's jobs visible to the caller. The cursor is the last id seen.
func (s *Service) List(ctx context.Context, f Filter, sort, cursor string, limit int) ([]View, *string, int64, error) {
	p := reqctx.PrincipalFrom(ctx)
	desc := sort != "created_at"
	if limit <= 0 || limit > db.MaxLimit {
		limit = db.MaxLimit
	}
	var after *int64
	if cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		v, perr := strconv.ParseInt(string(b), 10, 64)
		if err != nil || perr != nil {
			return nil, nil, 0, apperr.Invalid("invalid cursor", apperr.FieldError{Field: "cursor", Code: "invalid",
				Message: "the cursor is malformed; start again from the first page"})
		}
		after = &v
	}
	var (
		out   []View
		total int64
		next  *string
	)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		where := "TRUE"
		args := []any{}
		if f.State != "" {
			where += " AND j.state = ?::river_job_state"
			args = append(args, f.State)
		}
		if f.Kind != "" {
			where += " AND j.kind = ?"
			args = append(args, f.Kind)
		}
		if f.Mine || !seesAll(p, reqctx.LevelRead) {
			where += " AND j.metadata->>'actor_id' = ?"
			args = append(args, p.ID)
		}
		if err := tx.Raw("SELECT count(*) FROM river_job j WHERE "+where, args...).Scan(&total).Error; err != nil {
			return err
		}
		order := "DESC"
		if after != nil {
			if desc {
				where += " AND j.id < ?"
			} else {
				where += " AND j.id > ?"
			}
			args = append(args, *after)
		}
		if !desc {
			order = "ASC"
		}
		rows, err := tx.Raw("SELECT "+columns+" FROM river_job j LEFT JOIN job_progress p ON p.job_id = j.id WHERE "+where+
			" ORDER BY j.id "+order+" LIMIT ?", append(args, limit+1)...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanInto(rows.Scan)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, 0, err
	}
	if len(out) > limit {
		out = out[:limit]
		c := base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(out[limit-1].ID, 10)))
		next = &c
	}
	return out, next, total, nil
}

// Get returns one job the caller may see (404 otherwise).
func (s *Service) Get(ctx context.Context, id int64) (View, error) {
	var v View
	p := reqctx.PrincipalFrom(ctx)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw("SELECT "+columns+" FROM river_job j LEFT JOIN job_progress p ON p.job_id = j.id WHERE j.id = ?", id).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			return apperr.NotFound("job")
		}
		v, err = scanInto(rows.Scan)
		return err
	})
	if err != nil {
		return v, err
	}
	if !seesAll(p, reqctx.LevelRead) && v.Metadata.ActorID != p.ID {
		return View{}, apperr.NotFound("job")
	}
	return v, nil
}

// mayAct reports whether the caller may cancel or retry the job.
func mayAct(p *reqctx.Principal, v View) error {
	if v.Metadata.ActorID == p.ID || seesAll(p, reqctx.LevelWrite) {
		return nil
	}
	return apperr.Forbidden("Only the person who started this job, or an administrator, can do that.")
}

var finished = map[string]bool{"completed": true, "cancelled": true, "discarded": true}

// Cancel stops a job that has not finished.
func (s *Service) Cancel(ctx context.Context, id int64) (View, error) {
	v, err := s.Get(ctx, id)
	if err != nil {
		return v, err
	}
	if err := mayAct(reqctx.PrincipalFrom(ctx), v); err != nil {
		return v, err
	}
	if finished[v.State] {
		return v, apperr.Conflict("The job has already finished (" + v.State + ").")
	}
	if _, err := s.jobs.Client().JobCancel(ctx, id); err != nil {
		return v, err
	}
	return s.Get(ctx, id)
}

// Retry queues a discarded or cancelled job again.
func (s *Service) Retry(ctx context.Context, id int64) (View, error) {
	v, err := s.Get(ctx, id)
	if err != nil {
		return v, err
	}
	if err := mayAct(reqctx.PrincipalFrom(ctx), v); err != nil {
		return v, err
	}
	if v.State != "discarded" && v.State != "cancelled" {
		return v, apperr.Conflict("Only a failed (discarded) or cancelled job can be run again; this one is " + v.State + ".")
	}
	if _, err := s.jobs.Client().JobRetry(ctx, id); err != nil {
		return v, err
	}
	return s.Get(ctx, id)
}
