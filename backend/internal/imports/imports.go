// Package imports runs the import and export files of SPEC §1.8 as jobs: an upload becomes an import (dry run or
// apply) whose report the web application shows line by line; an export writes the same columns as CSV or XLSX.
// Entities register here; the row rules live in their modules (tabular.Importer).
package imports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/docs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
	"github.com/opsdeck/opsdeck/backend/internal/platform/transfer"
)

// Entity is a kind of record with an import and an export.
type Entity struct {
	Name     string // "asset"
	Label    string // "Assets" (file names)
	Module   string // permission: read to export, write to import
	Importer func(ctx context.Context) tabular.Importer
	Columns  func(ctx context.Context) ([]tabular.Column, error)
	// Export streams the records of the scope: it calls start once with the column names, then the returned function
	// per row.
	Export func(ctx context.Context, scope transfer.ExportScope, start func(cols []string) (func(row []string) error, error), progress func(int)) (int, error)
}

// Service holds the registered entities.
type Service struct {
	db       *db.DB
	jobs     *jobs.Engine
	files    *files.Store
	entities map[string]Entity
}

// NewService returns the service.
func NewService(d *db.DB, e *jobs.Engine, f *files.Store) *Service {
	return &Service{db: d, jobs: e, files: f, entities: map[string]Entity{}}
}

// Register adds an entity.
func (s *Service) Register(e Entity) { s.entities[e.Name] = e }

// RegisterFile adds an entity whose file is declared with package transfer; label names it in file names.
func RegisterFile[E any](s *Service, name, label, module string, f *transfer.File[E]) {
	s.Register(Entity{Name: name, Label: label, Module: module,
		Importer: func(ctx context.Context) tabular.Importer { return transfer.NewImporter(ctx, f) },
		Columns:  transfer.ColumnsOf(s.db, f), Export: transfer.ExportOf(s.db, f)})
}

func (s *Service) entity(ctx context.Context, name string, lv reqctx.Level) (Entity, error) {
	e, ok := s.entities[name]
	if !ok {
		return e, apperr.Unprocessable("Unknown kind of record.", apperr.FieldError{Field: "entity", Code: "invalid", Message: name + " has no import or export"})
	}
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || (p.Kind != reqctx.KindSystem && p.Level(e.Module) < lv) {
		return e, apperr.Forbidden(fmt.Sprintf("This needs %s on %s.", lv, e.Module))
	}
	return e, nil
}

// Columns returns an entity's file columns.
func (s *Service) Columns(ctx context.Context, name string) ([]tabular.Column, error) {
	e, err := s.entity(ctx, name, reqctx.LevelRead)
	if err != nil {
		return nil, err
	}
	return e.Columns(ctx)
}

// Import is an uploaded file and, once run, its report.
type Import struct {
	ID         uuid.UUID `gorm:"type:uuid;primaryKey"`
	Entity     string
	Format     string
	FileName   string
	Size       int64
	DryRun     bool
	State      string
	Report     *json.RawMessage `gorm:"type:jsonb"`
	JobID      *int64
	CreatedBy  string
	CreatedAt  time.Time
	FinishedAt *time.Time
}

// MaxUpload bounds an uploaded file (the HTTP layer enforces OPSDECK_UPLOAD_LIMIT_BYTES before this).
const MaxUpload = 50 << 20

// Upload reads the multipart form (entity, dry_run, file), stores the file and queues its import.
func (s *Service) Upload(ctx context.Context, form *multipart.Reader) (Import, error) {
	var (
		entity, name string
		dryRun       = true
		data         []byte
	)
	for {
		part, err := form.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Import{}, apperr.Invalid("The upload is not a valid multipart form.")
		}
		switch part.FormName() {
		case "entity", "dry_run":
			b, _ := io.ReadAll(io.LimitReader(part, 100))
			v := strings.TrimSpace(string(b))
			if part.FormName() == "entity" {
				entity = v
			} else if dryRun, err = strconv.ParseBool(v); err != nil {
				return Import{}, apperr.Invalid("dry_run must be true or false", apperr.FieldError{Field: "dry_run", Code: "invalid", Message: "must be true or false"})
			}
		case "file":
			name = path.Base(strings.ReplaceAll(part.FileName(), "\\", "/"))
			if data, err = io.ReadAll(io.LimitReader(part, MaxUpload+1)); err != nil {
				return Import{}, apperr.Invalid("The file could not be read.")
			}
			if len(data) > MaxUpload {
				return Import{}, echo.NewHTTPError(http.StatusRequestEntityTooLarge, "The file is larger than 50 MiB.")
			}
		}
		_ = part.Close()
	}
	e, err := s.entity(ctx, entity, reqctx.LevelWrite)
	if err != nil {
		return Import{}, err
	}
	if data == nil {
		return Import{}, apperr.Unprocessable("No file was sent.", apperr.FieldError{Field: "file", Code: "required", Message: "is required"})
	}
	if name == "" || name == "." || name == "/" {
		name = "upload"
	}
	format := tabular.CSV
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		format = tabular.XLSX
	}
	sum := sha256.Sum256(data)
	p := reqctx.PrincipalFrom(ctx)
	im := Import{ID: uuid.Must(uuid.NewV7()), Entity: e.Name, Format: format, FileName: truncate(name, 255), Size: int64(len(data)),
		DryRun: dryRun, State: "queued", CreatedBy: p.ID}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO imports (id, organization_id, entity, format, file_name, size, sha256, data, dry_run, created_by)
			VALUES (?, opsdeck_current_org(), ?, ?, ?, ?, ?, ?, ?, ?)`, im.ID, im.Entity, im.Format, im.FileName, im.Size, sum[:], data,
			im.DryRun, im.CreatedBy).Error; err != nil {
			return err
		}
		id, err := s.jobs.Enqueue(tx, ImportArgs{Import: im.ID}, nil)
		if err != nil {
			return err
		}
		im.JobID = &id
		return tx.Exec("UPDATE imports SET job_id = ? WHERE id = ?", id, im.ID).Error
	})
	return im, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Get returns an import; the person who uploaded it, or a reader of the entity's module, may see it.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Import, error) {
	var im Import
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		err := tx.Raw(`SELECT id, entity, format, file_name, size, dry_run, state, report, job_id, created_by, created_at, finished_at
			FROM imports WHERE id = ?`, id).Scan(&im).Error
		if err == nil && im.ID == uuid.Nil {
			return apperr.NotFound("import")
		}
		return err
	})
	if err != nil {
		return im, err
	}
	if _, err := s.entity(ctx, im.Entity, reqctx.LevelRead); err != nil {
		return Import{}, apperr.NotFound("import")
	}
	return im, nil
}

// ImportArgs is the job of one import.
type ImportArgs struct {
	Import uuid.UUID `json:"import_id"`
}

// Kind names the job.
func (ImportArgs) Kind() string { return "imports.run" }

// ImportWorker runs imports.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	S *Service
}

// Timeout allows large files.
func (w *ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 30 * time.Minute }

// Work reads the stored file and runs it.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	s := w.S
	var row struct {
		Entity, Format string
		DryRun         bool
		Data           []byte
		State          string
	}
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw("SELECT entity, format, dry_run, data, state FROM imports WHERE id = ?", job.Args.Import).Scan(&row).Error
	}); err != nil {
		return err
	}
	if row.Data == nil {
		return river.JobCancel(errors.New("the import's file is gone (it has run already)"))
	}
	e, ok := s.entities[row.Entity]
	if !ok {
		return river.JobCancel(fmt.Errorf("unknown entity %q", row.Entity))
	}
	_ = s.setState(ctx, job.Args.Import, "running", nil)
	estimate := bytes.Count(row.Data, []byte("\n"))
	rd, err := tabular.Open(row.Format, bytes.NewReader(row.Data), int64(len(row.Data)))
	var rep tabular.Report
	if err != nil {
		rep = tabular.Report{DryRun: row.DryRun, ErrorCount: 1, Errors: []tabular.RowError{{Line: 1, Message: err.Error()}}}
	} else {
		defer rd.Close()
		rep, err = tabular.Run(ctx, s.db, rd, e.Importer(ctx), row.DryRun, func(n int) {
			pct := 50
			if estimate > 0 {
				pct = min(99, n*100/estimate)
			}
			_ = s.jobs.Progress(ctx, pct, fmt.Sprintf("%d rows read", n))
		})
		if err != nil {
			_ = s.setState(ctx, job.Args.Import, "failed", nil)
			return err
		}
	}
	if err := s.setState(ctx, job.Args.Import, "done", &rep); err != nil {
		return err
	}
	return s.jobs.SetResult(ctx, jobs.Result{Href: "/api/v1/imports/" + job.Args.Import.String(), Summary: map[string]any{
		"rows": rep.Rows, "created": rep.Created, "updated": rep.Updated, "unchanged": rep.Unchanged,
		"errors": rep.ErrorCount, "applied": rep.Applied, "dry_run": rep.DryRun}})
}

func (s *Service) setState(ctx context.Context, id uuid.UUID, state string, rep *tabular.Report) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		if rep == nil {
			return tx.Exec("UPDATE imports SET state = ? WHERE id = ?", state, id).Error
		}
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		return tx.Exec("UPDATE imports SET state = ?, report = ?, data = NULL, finished_at = now() WHERE id = ?", state, string(b), id).Error
	})
}

// ExportArgs is an export job.
type ExportArgs struct {
	Entity          string      `json:"entity"`
	Format          string      `json:"format"`
	IncludeArchived bool        `json:"include_archived,omitempty"`
	IDs             []uuid.UUID `json:"ids,omitempty"` // only these records
}

// Kind names the job.
func (ExportArgs) Kind() string { return "exports.run" }

// StartExport queues an export.
func (s *Service) StartExport(ctx context.Context, a ExportArgs) (int64, error) {
	if _, err := s.entity(ctx, a.Entity, reqctx.LevelRead); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		id, err = s.jobs.Enqueue(tx, a, nil)
		return err
	})
	return id, err
}

// ExportWorker writes exports.
type ExportWorker struct {
	river.WorkerDefaults[ExportArgs]
	S *Service
}

// Timeout allows large exports.
func (w *ExportWorker) Timeout(*river.Job[ExportArgs]) time.Duration { return 30 * time.Minute }

// Work writes the file and makes it the job's result.
func (w *ExportWorker) Work(ctx context.Context, job *river.Job[ExportArgs]) error {
	s := w.S
	e, ok := s.entities[job.Args.Entity]
	if !ok {
		return river.JobCancel(fmt.Errorf("unknown entity %q", job.Args.Entity))
	}
	var buf bytes.Buffer
	var n int
	var err error
	progress := func(n int) { _ = s.jobs.Progress(ctx, 50, fmt.Sprintf("%d rows written", n)) }
	name := fmt.Sprintf("%s-%s.%s", strings.ToLower(e.Label), time.Now().UTC().Format("20060102-1504"), job.Args.Format)
	ct := "text/csv; charset=utf-8"
	switch job.Args.Format {
	case tabular.XLSX:
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		x, xerr := docs.NewXLSXWriter(&buf, docs.XLSXOptions{})
		if xerr != nil {
			return xerr
		}
		n, err = e.Export(ctx, transfer.ExportScope{IncludeArchived: job.Args.IncludeArchived, IDs: job.Args.IDs}, func(cols []string) (func([]string) error, error) {
			sheet, err := x.AddSheet(e.Label, textColumns(cols))
			if err != nil {
				return nil, err
			}
			return func(row []string) error { return sheet.WriteRow(textRow(row)) }, nil
		}, progress)
		if err == nil {
			err = x.Close()
		}
	default:
		var c *docs.CSVWriter
		n, err = e.Export(ctx, transfer.ExportScope{IncludeArchived: job.Args.IncludeArchived, IDs: job.Args.IDs}, func(cols []string) (func([]string) error, error) {
			var err error
			c, err = docs.NewCSVWriter(&buf, textColumns(cols), docs.CSVOptions{BOM: true})
			if err != nil {
				return nil, err
			}
			return func(row []string) error { return c.WriteRow(textRow(row)) }, nil
		}, progress)
		if err == nil && c != nil {
			err = c.Close()
		}
	}
	if err != nil {
		return err
	}
	_, err = s.files.PutResult(ctx, name, ct, &buf, map[string]any{"rows": n, "entity": e.Name, "format": job.Args.Format})
	return err
}

func textColumns(names []string) []docs.Column {
	out := make([]docs.Column, len(names))
	for i, n := range names {
		out[i] = docs.Column{Title: n}
	}
	return out
}

func textRow(row []string) docs.Row {
	out := make(docs.Row, len(row))
	for i, v := range row {
		out[i] = v
	}
	return out
}
