package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Current returns the job being worked in ctx (nil outside a job).
func Current(ctx context.Context) *rivertype.JobRow {
	j, _ := ctx.Value(jobKey{}).(*rivertype.JobRow)
	return j
}

// Progress records how far the current job is (0–100) with a short message, for the job API and the SPA's job
// monitor. Outside a job it does nothing.
func (e *Engine) Progress(ctx context.Context, percent int, message string) error {
	j := Current(ctx)
	if j == nil {
		return nil
	}
	percent = min(max(percent, 0), 100)
	if len(message) > 500 {
		message = strings.ToValidUTF8(message[:500], "")
	}
	var md Metadata
	_ = json.Unmarshal(j.Metadata, &md)
	var org any
	if md.OrganizationID != uuid.Nil {
		org = md.OrganizationID
	}
	_, err := e.db.Pool.Exec(ctx, `INSERT INTO job_progress (job_id, organization_id, percent, message) VALUES ($1, $2, $3, $4)
		ON CONFLICT (job_id) DO UPDATE SET percent = EXCLUDED.percent, message = EXCLUDED.message, updated_at = now()`,
		j.ID, org, percent, message)
	return err
}

// Result is what a finished job hands back: a link to download what it made and/or a short summary.
type Result struct {
	Href    string         `json:"href,omitempty"`
	Summary map[string]any `json:"summary,omitempty"`
}

// SetResult records the current job's result (River's recorded output) and its progress as 100 %.
func (e *Engine) SetResult(ctx context.Context, r Result) error {
	if Current(ctx) == nil {
		return errors.New("jobs: SetResult outside a job")
	}
	if err := river.RecordOutput(ctx, r); err != nil {
		return err
	}
	return e.Progress(ctx, 100, "done")
}
