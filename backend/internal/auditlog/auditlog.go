// Package auditlog serves the audit trail to people (SPEC §1.4): the filtered list, an entity's history and the CSV /
// JSON Lines export. The trail itself is written by internal/platform/audit.
package auditlog

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/csvx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Filter selects audit events.
type Filter struct {
	Query      string
	EntityType string
	EntityID   string
	ActorID    string
	Action     string
	From, To   *time.Time
}

func (f Filter) apply(q *gorm.DB) *gorm.DB {
	if f.EntityType != "" {
		q = q.Where("audit_events.entity_type = ?", f.EntityType)
	}
	if f.EntityID != "" {
		q = q.Where("audit_events.entity_id = ?", f.EntityID)
	}
	if f.ActorID != "" {
		q = q.Where("audit_events.actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("audit_events.action = ?", f.Action)
	}
	if f.From != nil {
		q = q.Where("audit_events.occurred_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("audit_events.occurred_at < ?", f.To.UTC())
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		q = q.Where("(audit_events.entity_label || ' ' || audit_events.actor_name || ' ' || audit_events.entity_type || ' ' || audit_events.action) ILIKE ?",
			db.Contains(t))
	}
	return q
}

// Service reads the trail of the caller's organisation.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

var sorts = map[string]string{"occurred_at": "audit_events.occurred_at"}

// List returns one page, newest first unless sort says otherwise.
func (s *Service) List(ctx context.Context, f Filter, sort, cursor string, limit int) (db.PageResult[audit.Event], error) {
	var res db.PageResult[audit.Event]
	so, err := db.ParseSort(sort, "-occurred_at", sorts)
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		res, err = db.Page(f.apply(tx.Model(&audit.Event{})), so, cursor, limit, func(e *audit.Event) (any, uuid.UUID) {
			return e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ID
		})
		return err
	})
	return res, err
}

// RecordExport writes the access event of an export, committed before any row leaves the server.
func (s *Service) RecordExport(ctx context.Context, f Filter, format string) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		return audit.Record(tx, audit.Entry{Action: "export", EntityType: "audit_event", Changes: map[string]any{
			"format": [2]any{nil, format}, "filter": [2]any{nil, f.describe()}}})
	})
}

// Export writes every matching event to w as CSV or JSON Lines, newest first, streaming rows from one cursor.
func (s *Service) Export(ctx context.Context, f Filter, format string, w io.Writer) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		rows, err := f.apply(tx.Model(&audit.Event{})).Order("audit_events.occurred_at DESC, audit_events.id DESC").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		var cw *csvx.Writer
		enc := json.NewEncoder(w)
		if format == "csv" {
			cw = csvx.NewWriter(w)
			if err := cw.Write(csvHeader); err != nil {
				return err
			}
		}
		for rows.Next() {
			var e audit.Event
			if err := tx.ScanRows(rows, &e); err != nil {
				return err
			}
			if cw != nil {
				if err := cw.Write(csvRecord(e)); err != nil {
					return err
				}
				continue
			}
			if err := enc.Encode(ToAPI(e)); err != nil {
				return err
			}
		}
		if cw != nil {
			return cw.Flush()
		}
		return rows.Err()
	})
}

func (f Filter) describe() map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"q": f.Query, "entity_type": f.EntityType, "entity_id": f.EntityID,
		"actor_id": f.ActorID, "action": f.Action} {
		if v != "" {
			out[k] = v
		}
	}
	if f.From != nil {
		out["from"] = f.From.UTC().Format(time.RFC3339)
	}
	if f.To != nil {
		out["to"] = f.To.UTC().Format(time.RFC3339)
	}
	return out
}

var csvHeader = []string{"seq", "occurred_at", "actor_type", "actor_id", "actor_name", "action", "entity_type",
	"entity_id", "entity_label", "request_id", "client_ip", "user_agent", "changes", "hash"}

func csvRecord(e audit.Event) []string {
	seq := ""
	if e.Seq != nil {
		seq = strconv.FormatInt(*e.Seq, 10)
	}
	return []string{seq, e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ActorType, e.ActorID, e.ActorName, e.Action,
		e.EntityType, e.EntityID, e.EntityLabel, e.RequestID, e.ClientIP, e.UserAgent, string(e.Changes),
		hex.EncodeToString(e.Hash)}
}

// ToAPI maps an event to its API form.
func ToAPI(e audit.Event) api.AuditEvent {
	out := api.AuditEvent{
		Id: e.ID, OccurredAt: e.OccurredAt.UTC(), Action: e.Action, EntityType: e.EntityType, EntityId: e.EntityID,
		EntityLabel: e.EntityLabel, RequestId: e.RequestID, ClientIp: e.ClientIP, UserAgent: e.UserAgent,
		Actor: api.AuditActor{Type: api.AuditActorType(e.ActorType), Id: e.ActorID, Name: e.ActorName},
		Hash:  hex.EncodeToString(e.Hash), Changes: map[string][]interface{}{},
	}
	if e.Seq != nil {
		out.Seq = *e.Seq
	}
	var changes map[string][]any
	if err := json.Unmarshal(e.Changes, &changes); err == nil && changes != nil {
		out.Changes = changes
	}
	return out
}
