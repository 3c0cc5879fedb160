// Package files keeps the files jobs produce (exports, reports) for download: written once by the job, read by the
// person who started it or an administrator, removed after FileTTL.
package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// FileTTL is how long a produced file stays downloadable.
const FileTTL = 7 * 24 * time.Hour

// MaxSize bounds one file (the database keeps it; larger exports wait for the storage interface).
const MaxSize = 512 << 20

// File is a produced file's description.
type File struct {
	ID          uuid.UUID
	Name        string
	ContentType string
	Size        int64
	SHA256      []byte
	CreatedBy   string
	ExpiresAt   time.Time
}

// Store keeps files.
type Store struct {
	db   *db.DB
	jobs *jobs.Engine
}

// NewStore returns the store.
func NewStore(d *db.DB, e *jobs.Engine) *Store { return &Store{db: d, jobs: e} }

// PutResult stores what the current job made and records it as the job's result (a link to download it, and the
// summary). Call it at the end of a job's Work.
func (s *Store) PutResult(ctx context.Context, name, contentType string, r io.Reader, summary map[string]any) (File, error) {
	job := jobs.Current(ctx)
	if job == nil {
		return File{}, errors.New("files: PutResult outside a job")
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, MaxSize+1))
	if err != nil {
		return File{}, err
	}
	if n > MaxSize {
		return File{}, river.JobCancel(fmt.Errorf("the file is larger than %d MiB", MaxSize>>20))
	}
	sum := sha256.Sum256(buf.Bytes())
	var starter jobs.Metadata
	_ = json.Unmarshal(job.Metadata, &starter)
	f := File{ID: uuid.Must(uuid.NewV7()), Name: name, ContentType: contentType, Size: n, SHA256: sum[:],
		CreatedBy: starter.ActorID, ExpiresAt: time.Now().Add(FileTTL).UTC()}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO job_files (id, organization_id, job_id, name, content_type, size, sha256, data, created_by, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, reqctx.OrganizationID(ctx), job.ID, f.Name, f.ContentType, f.Size,
			f.SHA256, buf.Bytes(), f.CreatedBy, f.ExpiresAt).Error
	})
	if err != nil {
		return f, err
	}
	if summary == nil {
		summary = map[string]any{}
	}
	summary["file_name"], summary["size"] = f.Name, f.Size
	return f, s.jobs.SetResult(ctx, jobs.Result{Href: "/api/v1/files/" + f.ID.String(), Summary: summary})
}

// Open returns a file the caller may download: theirs, or any of the organisation's with administration read.
func (s *Store) Open(ctx context.Context, id uuid.UUID) (File, []byte, error) {
	var (
		f    File
		data []byte
	)
	p := reqctx.PrincipalFrom(ctx)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT id, name, content_type, size, sha256, created_by, expires_at, data FROM job_files
			WHERE id = ? AND expires_at > now()`, id).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			return apperr.NotFound("file")
		}
		return rows.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedBy, &f.ExpiresAt, &data)
	})
	if err != nil {
		return f, nil, err
	}
	if f.CreatedBy != p.ID && p.Level("administration") < reqctx.LevelRead {
		return File{}, nil, apperr.NotFound("file")
	}
	return f, data, nil
}

// Sweep removes expired files (daily schedule).
func (s *Store) Sweep(ctx context.Context) (int64, error) {
	tag, err := s.db.Pool.Exec(ctx, "DELETE FROM job_files WHERE expires_at < now()")
	return tag.RowsAffected(), err
}

// SweepArgs is the daily removal of expired files.
type SweepArgs struct {
	Period time.Time `json:"period" river:"unique"`
}

// Kind names the job.
func (SweepArgs) Kind() string { return "files.sweep" }

// InsertOpts makes the sweep of one period unique.
func (SweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SweepWorker removes expired files.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	S *Store
}

// Work sweeps.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	n, err := w.S.Sweep(ctx)
	if err != nil {
		return err
	}
	return w.S.jobs.SetResult(ctx, jobs.Result{Summary: map[string]any{"deleted": n}})
}

// SweepSchedule runs the sweep every day at 03:15 UTC.
func SweepSchedule() jobs.Schedule {
	return jobs.Schedule{Name: "files-sweep", Spec: "15 3 * * *",
		Args: func(_ uuid.UUID, period time.Time) river.JobArgs { return SweepArgs{Period: period} }}
}
