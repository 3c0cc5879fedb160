package auditlog

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/docs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// ExportArgs is an audit-trail export run as a job.
type ExportArgs struct {
	Format string `json:"format"`
	Filter Filter `json:"filter"`
}

// Kind names the job.
func (ExportArgs) Kind() string { return "audit.export" }

// StartExport records the export in the audit trail and queues the job, in one transaction.
func (s *Service) StartExport(ctx context.Context, e *jobs.Engine, f Filter, format string) (int64, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := audit.Record(tx, audit.Entry{Action: "export", EntityType: "audit_event", Changes: map[string]any{
			"format": [2]any{nil, format}, "filter": [2]any{nil, f.describe()}}}); err != nil {
			return err
		}
		var err error
		id, err = e.Enqueue(tx, ExportArgs{Format: format, Filter: f}, &river.InsertOpts{MaxAttempts: 3})
		return err
	})
	return id, err
}

// ExportWorker writes the export file, reporting progress every 1,000 rows.
type ExportWorker struct {
	river.WorkerDefaults[ExportArgs]
	S     *Service
	Jobs  *jobs.Engine
	Files *files.Store
}

var exportColumns = []docs.Column{{Title: "seq", Type: docs.Integer}, {Title: "occurred_at", Type: docs.DateTime},
	{Title: "actor_type"}, {Title: "actor_id"}, {Title: "actor_name"}, {Title: "action"}, {Title: "entity_type"},
	{Title: "entity_id"}, {Title: "entity_label"}, {Title: "request_id"}, {Title: "client_ip"}, {Title: "user_agent"},
	{Title: "changes", Width: 60}, {Title: "hash"}}

// Work exports.
func (w *ExportWorker) Work(ctx context.Context, job *river.Job[ExportArgs]) error {
	a := job.Args
	var total int64
	var buf bytes.Buffer
	written := 0
	err := w.S.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := a.Filter.apply(tx.Model(&audit.Event{})).Count(&total).Error; err != nil {
			return err
		}
		rows, err := a.Filter.apply(tx.Model(&audit.Event{})).Order("audit_events.occurred_at DESC, audit_events.id DESC").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		events := func(yield func(audit.Event, error) bool) {
			for rows.Next() {
				var e audit.Event
				if err := tx.ScanRows(rows, &e); err != nil {
					yield(e, err)
					return
				}
				written++
				if written%1000 == 0 {
					_ = w.Jobs.Progress(ctx, int(int64(written)*95/max(total, 1)), fmt.Sprintf("%d of %d events", written, total))
				}
				if !yield(e, nil) {
					return
				}
			}
			if err := rows.Err(); err != nil {
				yield(audit.Event{}, err)
			}
		}
		return writeExport(&buf, a.Format, events)
	})
	if err != nil {
		return err
	}
	name := "audit-" + time.Now().UTC().Format("20060102T150405Z") + "." + a.Format
	ct := map[string]string{"csv": "text/csv", "jsonl": "application/x-ndjson",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[a.Format]
	_, err = w.Files.PutResult(ctx, name, ct, &buf, map[string]any{"events": written})
	return err
}

func writeExport(w io.Writer, format string, events func(func(audit.Event, error) bool)) error {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		for e, err := range events {
			if err != nil {
				return err
			}
			if err := enc.Encode(ToAPI(e)); err != nil {
				return err
			}
		}
		return nil
	}
	rows := func(yield func(docs.Row, error) bool) {
		for e, err := range events {
			if err != nil {
				yield(nil, err)
				return
			}
			var seq any
			if e.Seq != nil {
				seq = *e.Seq
			}
			if !yield(docs.Row{seq, e.OccurredAt.UTC(), e.ActorType, e.ActorID, e.ActorName, e.Action, e.EntityType,
				e.EntityID, e.EntityLabel, e.RequestID, e.ClientIP, e.UserAgent, string(e.Changes), hex.EncodeToString(e.Hash)}, nil) {
				return
			}
		}
	}
	t := docs.Table{Name: "Audit trail", Columns: exportColumns, Rows: rows}
	if format == "xlsx" {
		return docs.WriteXLSX(w, docs.XLSXOptions{}, t)
	}
	return docs.WriteCSV(w, t, docs.CSVOptions{})
}

// StartAuditExport implements POST /audit-events/export-jobs.
func (h *AuditLogHandler) StartAuditExport(ctx context.Context, req api.StartAuditExportRequestObject) (api.StartAuditExportResponseObject, error) {
	b := req.Body
	f := Filter{Query: deref(b.Q), EntityType: deref(b.EntityType), EntityID: deref(b.EntityId), ActorID: deref(b.ActorId),
		Action: deref(b.Action), From: b.From, To: b.To}
	id, err := h.svc.StartExport(ctx, h.jobs, f, string(b.Format))
	if err != nil {
		return nil, err
	}
	return api.StartAuditExport202JSONResponse{JobId: id}, nil
}
