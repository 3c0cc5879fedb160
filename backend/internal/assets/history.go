package assets

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// ListCustody returns a page of an asset's custody log.
func (s *Service) ListCustody(ctx context.Context, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[Custody], error) {
	var res db.PageResult[Custody]
	so, err := db.ParseSort(sortKey, "-at", map[string]string{"at": "asset_custody.at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := find[Asset](tx, id, "asset"); err != nil {
			return err
		}
		q := tx.Model(&Custody{}).Select("asset_custody.*, u.name AS user_name, l.name AS location_name").
			Joins("LEFT JOIN users u ON u.id = asset_custody.user_id").
			Joins("LEFT JOIN locations l ON l.id = asset_custody.location_id").
			Where("asset_custody.asset_id = ?", id)
		res, err = db.Page(q, so, cursor, limit, func(c *Custody) (any, uuid.UUID) { return c.At.UTC().Format(time.RFC3339Nano), c.ID })
		return err
	})
	return res, err
}

// TimelineEntry is one line of an entity's history.
type TimelineEntry struct {
	ID        uuid.UUID `gorm:"type:uuid"`
	At        time.Time
	Kind      string
	ActorName string
	Summary   string
	Changes   json.RawMessage `gorm:"type:jsonb"`
}

var auditKinds = map[string]string{"create": "created", "update": "changed", "archive": "archived", "restore": "restored", "delete": "deleted"}

// Timeline merges an asset's audit trail (creation, every field change with its actor, tags, archive, restore) with
// its custody log (check-outs and check-ins with their notes), its maintenance and its disposal, one keyset page at a
// time.
func (s *Service) Timeline(ctx context.Context, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[TimelineEntry], error) {
	return s.timeline(ctx, TypeAsset, id, sortKey, cursor, limit)
}

// PeripheralTimeline is Timeline for a peripheral.
func (s *Service) PeripheralTimeline(ctx context.Context, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[TimelineEntry], error) {
	return s.timeline(ctx, TypePeripheral, id, sortKey, cursor, limit)
}

func (s *Service) timeline(ctx context.Context, typ string, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[TimelineEntry], error) {
	var res db.PageResult[TimelineEntry]
	so, err := db.ParseSort(sortKey, "-at", map[string]string{"at": "t.at"})
	if err != nil {
		return res, err
	}
	col := "asset_id" // the item's column in custody, maintenance and disposals
	if typ == TypePeripheral {
		col = "peripheral_id"
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if typ == TypePeripheral {
			if _, err := find[Peripheral](tx, id, "peripheral"); err != nil {
				return err
			}
		} else if _, err := find[Asset](tx, id, "asset"); err != nil {
			return err
		}
		union := tx.Table(`(
			SELECT e.id, e.occurred_at AS at, e.action AS kind, e.actor_name, '' AS summary, e.changes
			FROM audit_events e WHERE e.entity_type = ? AND e.entity_id = ?
			UNION ALL
			SELECT c.id, c.at, c.action, c.actor_name,
				CASE c.action WHEN 'check_out' THEN 'Checked out to ' || coalesce(u.name, 'someone') ||
					CASE WHEN c.remote THEN ' (remote)' ELSE '' END || coalesce(' at ' || l.name, '')
				ELSE 'Checked in' || coalesce(' at ' || l.name, '') END || coalesce(': ' || nullif(c.note, ''), ''),
				NULL::jsonb
			FROM asset_custody c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN locations l ON l.id = c.location_id
			WHERE c.`+col+` = ?
			UNION ALL
			SELECT m.id, m.performed_on::timestamp AT TIME ZONE 'UTC', 'maintenance', coalesce(u.name, ''),
				upper(left(m.type, 1)) || replace(substr(m.type, 2), '_', ' ') || ' (' || replace(m.status, '_', ' ') || '): ' || m.title, NULL::jsonb
			FROM maintenance_logs m LEFT JOIN users u ON u.id = m.assignee_id
			WHERE m.`+col+` = ? AND m.archived_at IS NULL
			UNION ALL
			SELECT d.id, d.created_at, 'disposal', d.recorded_by_name,
				CASE d.method WHEN 'sold' THEN 'Sold' ELSE 'Disposed of (' || d.method || ')' END || ' on ' || d.disposed_on ||
				coalesce(' to ' || nullif(d.partner_name, ''), ''), NULL::jsonb
			FROM disposals d WHERE d.`+col+` = ?) AS t`, typ, id.String(), id, id, id)
		res, err = db.Page(union, so, cursor, limit, func(e *TimelineEntry) (any, uuid.UUID) {
			return e.At.UTC().Format(time.RFC3339Nano), e.ID
		})
		if err != nil {
			return err
		}
		if err := readableChanges(tx, res.Items); err != nil {
			return err
		}
		for i := range res.Items {
			e := &res.Items[i]
			if k, ok := auditKinds[e.Kind]; ok {
				e.Kind = k
				e.Summary = summarise(e.Kind, e.Changes)
			} else if e.Kind != "check_out" && e.Kind != "check_in" && e.Kind != "maintenance" && e.Kind != "disposal" {
				e.Kind = "event"
			}
		}
		return nil
	})
	return res, err
}

// summarise names what changed ("Changed status, location_id").
func summarise(kind string, changes json.RawMessage) string {
	var m map[string]any
	_ = json.Unmarshal(changes, &m)
	switch kind {
	case "created":
		return "Created"
	case "archived":
		return "Archived"
	case "restored":
		return "Restored"
	case "deleted":
		return "Deleted"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "version" && k != "updated_at" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "Changed"
	}
	return "Changed " + strings.Join(keys, ", ")
}

// internalColumns never show in a timeline: they are bookkeeping, not history.
var internalColumns = map[string]bool{"id": true, "organization_id": true, "created_at": true, "updated_at": true, "version": true}

// referenceColumns name what an id in a diff refers to; the timeline shows its name instead of the id.
var referenceColumns = map[string]string{"location_id": "locations", "model_id": "asset_models", "holder_id": "users",
	"asset_id": "assets", "assignee_id": "users"}

// readableChanges drops bookkeeping columns from the entries' diffs and replaces the ids of locations, models,
// people and assets by their names (one query per page).
func readableChanges(tx *gorm.DB, entries []TimelineEntry) error {
	diffs := make([]map[string]any, len(entries))
	ids := map[string]bool{}
	for i, e := range entries {
		if len(e.Changes) == 0 || json.Unmarshal(e.Changes, &diffs[i]) != nil {
			continue
		}
		for k, v := range diffs[i] {
			if internalColumns[k] {
				delete(diffs[i], k)
				continue
			}
			if _, ok := referenceColumns[k]; ok {
				for _, x := range pairOf(v) {
					if id, ok := x.(string); ok {
						if _, err := uuid.Parse(id); err == nil {
							ids[id] = true
						}
					}
				}
			}
		}
	}
	names := map[string]string{}
	if len(ids) > 0 {
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		var rows []struct{ ID, Name string }
		if err := tx.Raw(`SELECT id::text, name FROM locations WHERE id::text IN @ids
			UNION ALL SELECT id::text, name FROM asset_models WHERE id::text IN @ids
			UNION ALL SELECT id::text, name FROM users WHERE id::text IN @ids
			UNION ALL SELECT id::text, name || coalesce(' (' || asset_tag || ')', '') FROM assets WHERE id::text IN @ids`,
			map[string]any{"ids": list}).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			names[r.ID] = r.Name
		}
	}
	for i := range entries {
		if diffs[i] == nil {
			continue
		}
		for k, v := range diffs[i] {
			if _, ok := referenceColumns[k]; !ok {
				continue
			}
			pair := pairOf(v)
			for j, x := range pair {
				if id, ok := x.(string); ok && names[id] != "" {
					pair[j] = names[id]
				}
			}
			if len(pair) == 1 {
				diffs[i][k] = pair[0]
			}
		}
		entries[i].Changes, _ = json.Marshal(diffs[i])
	}
	return nil
}

// pairOf reads a diff value: [before, after] (a creation's value is the value alone).
func pairOf(v any) []any {
	if p, ok := v.([]any); ok && len(p) == 2 {
		return p
	}
	return []any{v}
}
