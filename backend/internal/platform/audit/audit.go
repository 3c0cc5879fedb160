// Package audit is OpsDeck's audit trail (SPEC §1.4): every insert, update, archive/restore and delete of an auditable
// model writes one row in the same transaction, through GORM callbacks registered on every connection; explicit
// entries (access events, denials, authentication events) use Record. The database keeps the table append-only and
// seals each row into a per-organisation hash chain at commit (migration 00003); Verify proves the chain.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Event is one audit row.
type Event struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Seq            *int64
	OccurredAt     time.Time
	ActorType      string
	ActorID        string
	ActorName      string
	Action         string
	EntityType     string
	EntityID       string
	EntityLabel    string
	RequestID      string
	ClientIP       string
	UserAgent      string
	Changes        json.RawMessage `gorm:"type:jsonb"`
	PrevHash       []byte
	Hash           []byte
}

// TableName pins the table.
func (Event) TableName() string { return "audit_events" }

// Info describes how a model is audited.
type Info struct {
	// Entity is the entity type name in the log (e.g. "organization", "asset").
	Entity string
	// LabelColumn is the column whose value is the human label (default "name").
	LabelColumn string
	// OrgColumn is the column holding the organisation (default "organization_id").
	OrgColumn string
	// PlatformChain puts the entity's events in the platform chain (deployment-wide entities such as users).
	PlatformChain bool
	// Redact lists columns whose values never enter the log; a change is still recorded as "[redacted]".
	Redact []string
	// Ignore lists columns whose changes are bookkeeping (updated_at and version always are).
	Ignore []string
}

// Auditable is implemented by every model whose changes are audited.
type Auditable interface{ AuditInfo() Info }

// Redacted replaces secret values in diffs.
const Redacted = "[redacted]"

// Actions written by the callbacks.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionDelete  = "delete"
	ActionArchive = "archive"
	ActionRestore = "restore"
)

// PlatformOrg is the chain of deployment-scope events (no organisation).
var PlatformOrg = uuid.Nil

// Entry is an explicit audit entry (access event, denial, authentication event, membership change).
type Entry struct {
	// Organization is the chain the entry belongs to; uuid.Nil takes the organisation active in the context, or the
	// platform chain when there is none.
	Organization uuid.UUID
	Action       string
	EntityType   string
	EntityID     string
	EntityLabel  string
	Changes      map[string]any
}

// Record writes an explicit entry in tx (the caller's transaction, so it commits or rolls back with the change).
func Record(tx *gorm.DB, e Entry) error {
	ctx := tx.Statement.Context
	org := e.Organization
	if org == uuid.Nil {
		org = reqctx.OrganizationID(ctx)
	}
	changes, err := json.Marshal(nonNilMap(e.Changes))
	if err != nil {
		return fmt.Errorf("audit: changes: %w", err)
	}
	ev := newEvent(ctx, org, e.Action, e.EntityType, e.EntityID, e.EntityLabel, changes)
	return insert(tx, []Event{ev})
}

func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func newEvent(ctx context.Context, org uuid.UUID, action, entity, id, label string, changes json.RawMessage) Event {
	ev := Event{
		ID: uuid.Must(uuid.NewV7()), OrganizationID: org, OccurredAt: time.Now().UTC().Truncate(time.Microsecond),
		Action: action, EntityType: entity, EntityID: id, EntityLabel: truncate(label, 500), Changes: changes,
		RequestID: reqctx.RequestID(ctx),
	}
	c := reqctx.ClientFrom(ctx)
	ev.ClientIP, ev.UserAgent = truncate(c.IP, 64), truncate(c.UserAgent, 500)
	if p := reqctx.PrincipalFrom(ctx); p != nil {
		ev.ActorType, ev.ActorID, ev.ActorName = string(p.Kind), truncate(p.ID, 200), truncate(p.Name, 200)
	} else {
		ev.ActorType = "anonymous"
	}
	return ev
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	for len(string(r)) > n {
		r = r[:len(r)-1]
	}
	return string(r)
}

// insert writes events on the caller's connection without re-entering the audit callbacks. The tenant scope stamps the
// organisation inside tenant transactions; platform transactions keep the organisation each event names.
func insert(tx *gorm.DB, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	err := tx.Session(&gorm.Session{NewDB: true, Context: tx.Statement.Context}).Create(&events).Error
	if err != nil {
		return fmt.Errorf("audit: write: %w", err)
	}
	return nil
}

// ErrUnauditedBulk is returned for a bulk write on an auditable model that cannot be attributed to rows.
var ErrUnauditedBulk = errors.New("audit: bulk write on an audited table without a WHERE clause")
