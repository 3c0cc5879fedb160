package assets

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/timeline"
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

// RegisterTimeline adds the domain history of assets and peripherals — custody (check-outs and check-ins with their
// notes), maintenance and disposal — to their timelines, and names the places, models and assets in diffs.
func RegisterTimeline(t *timeline.Service) {
	t.Name("locations", "name", "location_id")
	t.Name("asset_models", "name", "model_id")
	t.Name("assets", "name || coalesce(' (' || asset_tag || ')', '')", "asset_id")
	for typ, col := range map[string]string{TypeAsset: "asset_id", TypePeripheral: "peripheral_id"} {
		t.AddSource(typ, `SELECT c.id, c.at, c.action, c.actor_name,
				CASE c.action WHEN 'check_out' THEN 'Checked out to ' || coalesce(u.name, 'someone') ||
					CASE WHEN c.remote THEN ' (remote)' ELSE '' END || coalesce(' at ' || l.name, '')
				ELSE 'Checked in' || coalesce(' at ' || l.name, '') END || coalesce(': ' || nullif(c.note, ''), ''),
				NULL::jsonb
			FROM asset_custody c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN locations l ON l.id = c.location_id
			WHERE c.`+col+` = ?`)
		t.AddSource(typ, `SELECT m.id, m.performed_on::timestamp AT TIME ZONE 'UTC', 'maintenance', coalesce(u.name, ''),
				upper(left(m.type, 1)) || replace(substr(m.type, 2), '_', ' ') || ' (' || replace(m.status, '_', ' ') || '): ' || m.title, NULL::jsonb
			FROM maintenance_logs m LEFT JOIN users u ON u.id = m.assignee_id
			WHERE m.`+col+` = ? AND m.archived_at IS NULL`)
		t.AddSource(typ, `SELECT d.id, d.created_at, 'disposal', d.recorded_by_name,
				CASE d.method WHEN 'sold' THEN 'Sold' ELSE 'Disposed of (' || d.method || ')' END || ' on ' || d.disposed_on ||
				coalesce(' to ' || nullif(d.partner_name, ''), ''), NULL::jsonb
			FROM disposals d WHERE d.`+col+` = ?`)
	}
}
