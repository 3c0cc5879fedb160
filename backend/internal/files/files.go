// Package files keeps the files jobs produce (exports, reports) for download: written once by the job to the storage
// backend (local disk or S3), indexed in job_files, read by the person who started it or an administrator, removed
// after FileTTL.
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
	"github.com/opsdeck/opsdeck/backend/internal/platform/storage"
)

// FileTTL is how long a produced file stays downloadable.
const FileTTL = 7 * 24 * time.Hour

// MaxSize bounds one file.
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
	db      *db.DB
	jobs    *jobs.Engine
	objects storage.Store
}

// NewStore returns the store, keeping the files' bytes in objects.
func NewStore(d *db.DB, e *jobs.Engine, objects storage.Store) *Store {
	return &Store{db: d, jobs: e, objects: objects}
}

// PutResult stores what the current job made and records it as the job's result (a link to download it, and the
// summary). Call it at the end of a job's Work.
func (s *Store) PutResult(ctx context.Context, name, contentType string, r io.Reader, summary map[string]any) (File, error) {
	job := jobs.Current(ctx)
	if job == nil {
		return File{}, errors.New("files: PutResult outside a job")
	}
	f := File{ID: uuid.Must(uuid.NewV7()), Name: name, ContentType: contentType, CreatedBy: "", ExpiresAt: time.Now().Add(FileTTL).UTC()}
	org := reqctx.OrganizationID(ctx)
	key := "job-files/" + org.String() + "/" + f.ID.String()
	// Streamed to the store, hashed and counted on the way; a file over the limit is refused and removed.
	h := sha256.New()
	counted := &countingReader{r: io.LimitReader(r, MaxSize+1)}
	if err := s.objects.Put(ctx, key, io.TeeReader(counted, h), -1, contentType); err != nil {
		return File{}, fmt.Errorf("files: store %s: %w", name, err)
	}
	if counted.n > MaxSize {
		_ = s.objects.Delete(context.WithoutCancel(ctx), key)
		return File{}, river.JobCancel(fmt.Errorf("the file is larger than %d MiB", MaxSize>>20))
	}
	var starter jobs.Metadata
	_ = json.Unmarshal(job.Metadata, &starter)
	f.Size, f.SHA256, f.CreatedBy = counted.n, h.Sum(nil), starter.ActorID
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO job_files (id, organization_id, job_id, name, content_type, size, sha256, storage_key, created_by, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, org, job.ID, f.Name, f.ContentType, f.Size,
			f.SHA256, key, f.CreatedBy, f.ExpiresAt).Error
	})
	if err != nil {
		_ = s.objects.Delete(context.WithoutCancel(ctx), key)
		return f, err
	}
	if summary == nil {
		summary = map[string]any{}
	}
	summary["file_name"], summary["size"] = f.Name, f.Size
	return f, s.jobs.SetResult(ctx, jobs.Result{Href: "/api/v1/files/" + f.ID.String(), Summary: summary})
}

// Open returns a file the caller may download (theirs, or any of the organisation's with administration read) and
// its body, which the caller closes.
func (s *Store) Open(ctx context.Context, id uuid.UUID) (File, io.ReadCloser, error) {
	var (
		f    File
		data []byte
		key  *string
	)
	p := reqctx.PrincipalFrom(ctx)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT id, name, content_type, size, sha256, created_by, expires_at, data, storage_key FROM job_files
			WHERE id = ? AND expires_at > now()`, id).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			return apperr.NotFound("file")
		}
		return rows.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedBy, &f.ExpiresAt, &data, &key)
	})
	if err != nil {
		return f, nil, err
	}
	if f.CreatedBy != p.ID && p.Level("administration") < reqctx.LevelRead {
		return File{}, nil, apperr.NotFound("file")
	}
	if key == nil { // written before files moved to the storage backend
		return f, io.NopCloser(bytes.NewReader(data)), nil
	}
	body, err := s.objects.Open(ctx, *key)
	if errors.Is(err, storage.ErrNotFound) {
		return File{}, nil, apperr.NotFound("file")
	}
	return f, body, err
}

// Sweep removes expired files: their rows, then their objects (an object left by a failed delete is retried by the
// next sweep only if its row remains, so the rows go last).
func (s *Store) Sweep(ctx context.Context) (int64, error) {
	rows, err := s.db.Pool.Query(ctx, "SELECT id, storage_key FROM job_files WHERE expires_at < now()")
	if err != nil {
		return 0, err
	}
	type expired struct {
		id  uuid.UUID
		key *string
	}
	var list []expired
	for rows.Next() {
		var e expired
		if err := rows.Scan(&e.id, &e.key); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var n int64
	for _, e := range list {
		if e.key != nil {
			if err := s.objects.Delete(ctx, *e.key); err != nil {
				return n, err
			}
		}
		tag, err := s.db.Pool.Exec(ctx, "DELETE FROM job_files WHERE id = $1", e.id)
		if err != nil {
			return n, err
		}
		n += tag.RowsAffected()
	}
	return n, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
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
