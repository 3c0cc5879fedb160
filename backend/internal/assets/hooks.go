package assets

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/notifications"
)

// EventWarrantyEnding is the reminder before an asset's warranty ends.
const EventWarrantyEnding = "assets.warranty_ending"

// Holdings is the identity archive guard: a member who still holds assets or peripherals cannot be archived.
func Holdings(_ context.Context, tx *gorm.DB, user uuid.UUID) ([]string, error) {
	var held struct{ Assets, Peripherals int64 }
	if err := tx.Raw(`SELECT (SELECT count(*) FROM assets WHERE holder_id = @u AND archived_at IS NULL) AS assets,
		(SELECT count(*) FROM peripherals WHERE holder_id = @u AND archived_at IS NULL) AS peripherals`,
		map[string]any{"u": user}).Scan(&held).Error; err != nil {
		return nil, err
	}
	var out []string
	for _, c := range []struct {
		n           int64
		one, plural string
	}{{held.Assets, "asset", "assets"}, {held.Peripherals, "peripheral", "peripherals"}} {
		switch {
		case c.n == 1:
			out = append(out, "1 "+c.one)
		case c.n > 1:
			out = append(out, fmt.Sprintf("%d %s", c.n, c.plural))
		}
	}
	return out, nil
}

// RegisterNotifications declares the module's events and expiry rules.
func RegisterNotifications(n *notifications.Service) error {
	if err := n.Events().Register(notifications.Event{Code: EventWarrantyEnding, Module: Module, Name: "Asset warranty ending",
		Description:     "An asset's warranty ends (purchase date + warranty months); reminders on the configured days before.",
		DefaultChannels: []string{"in_app", "email"},
		Placeholders: []notifications.Placeholder{{Name: "label", Description: "The asset", Example: "Latitude 7440 (AC-0001)"},
			{Name: "due_date", Description: "The last day of the warranty", Example: "2026-12-31"},
			{Name: "days_left", Description: "Days until then", Example: "30"},
			{Name: "holder", Description: "Who holds the asset", Example: "Alice Martin"}}}); err != nil {
		return err
	}
	return n.RegisterExpiry(notifications.ExpiryRule{Event: EventWarrantyEnding,
		Find: func(tx *gorm.DB, from, to time.Time) ([]notifications.Expiring, error) {
			var rows []struct {
				ID          uuid.UUID
				Label       string
				WarrantyEnd time.Time
				HolderID    *uuid.UUID
				Holder      string
			}
			err := tx.Raw(`SELECT a.id, a.name || coalesce(' (' || a.asset_tag || ')', '') AS label, a.warranty_end, a.holder_id,
					coalesce(u.name, '') AS holder
				FROM assets a LEFT JOIN users u ON u.id = a.holder_id
				WHERE a.archived_at IS NULL AND a.warranty_end >= ? AND a.warranty_end < ?`, from, to).Scan(&rows).Error
			out := make([]notifications.Expiring, 0, len(rows))
			for _, r := range rows {
				e := notifications.Expiring{EntityType: TypeAsset, EntityID: r.ID.String(), Label: r.Label,
					Link: "/assets/" + r.ID.String(), DueAt: r.WarrantyEnd, Data: map[string]string{"holder": r.Holder}}
				out = append(out, e)
			}
			return out, err
		}})
}
