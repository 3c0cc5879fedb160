package auditlog

import (
	"context"
	"io"
	"time"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// AuditLogHandler implements the audit-trail operations of the generated strict server interface.
type AuditLogHandler struct {
	svc  *Service
	jobs *jobs.Engine
}

// NewHandler returns the handler.
func NewHandler(svc *Service, e *jobs.Engine) *AuditLogHandler {
	return &AuditLogHandler{svc: svc, jobs: e}
}

func filterOf(q *string, entityType, entityID, actorID, action *string, from, to *time.Time) Filter {
	return Filter{Query: deref(q), EntityType: deref(entityType), EntityID: deref(entityID), ActorID: deref(actorID),
		Action: deref(action), From: from, To: to}
}

// ListAuditEvents implements GET /audit-events.
func (h *AuditLogHandler) ListAuditEvents(ctx context.Context, req api.ListAuditEventsRequestObject) (api.ListAuditEventsResponseObject, error) {
	p := req.Params
	limit, sort, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	page, err := h.svc.List(ctx, filterOf(p.Q, p.EntityType, p.EntityId, p.ActorId, p.Action, p.From, p.To),
		sort, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListAuditEvents200JSONResponse{Items: make([]api.AuditEvent, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, e := range page.Items {
		out.Items = append(out.Items, ToAPI(e))
	}
	return out, nil
}

// ExportAuditEvents implements GET /audit-events/export: the body streams from the database as it is written.
func (h *AuditLogHandler) ExportAuditEvents(ctx context.Context, req api.ExportAuditEventsRequestObject) (api.ExportAuditEventsResponseObject, error) {
	p := req.Params
	format := "csv"
	if p.Format != nil {
		format = string(*p.Format)
	}
	f := filterOf(p.Q, p.EntityType, p.EntityId, p.ActorId, p.Action, p.From, p.To)
	if err := h.svc.RecordExport(ctx, f, format); err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(h.svc.Export(ctx, f, format, pw)) }()
	name := "audit-" + time.Now().UTC().Format("20060102T150405Z")
	if format == "jsonl" {
		return api.ExportAuditEvents200ApplicationxNdjsonResponse{Body: pr,
			Headers: api.ExportAuditEvents200ResponseHeaders{ContentDisposition: `attachment; filename="` + name + `.jsonl"`}}, nil
	}
	return api.ExportAuditEvents200TextcsvResponse{Body: pr,
		Headers: api.ExportAuditEvents200ResponseHeaders{ContentDisposition: `attachment; filename="` + name + `.csv"`}}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
