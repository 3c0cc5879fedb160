package software

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/timeline"
)

// EventLicenceExpiring is the reminder before a licence expires.
const EventLicenceExpiring = "assets.licence_expiring"

// HoldingsModule is the key the seats guard is registered under with identity (the assets module's own guard uses
// "assets").
const HoldingsModule = "assets.licences"

// Holdings is the identity archive guard: a member who still holds licence seats cannot be archived.
func Holdings(_ context.Context, tx *gorm.DB, user uuid.UUID) ([]string, error) {
	var n int64
	if err := tx.Model(&Seat{}).Where("user_id = ?", user).Count(&n).Error; err != nil {
		return nil, err
	}
	switch n {
	case 0:
		return nil, nil
	case 1:
		return []string{"1 licence seat"}, nil
	}
	return []string{fmt.Sprintf("%d licence seats", n)}, nil
}

// RegisterNotifications declares the licence expiry event and its rule for the daily expiry scan.
func RegisterNotifications(n *notifications.Service) error {
	if err := n.Events().Register(notifications.Event{Code: EventLicenceExpiring, Module: Module, Name: "Licence expiring",
		Description:     "A software licence reaches its expiry date; reminders on the configured days before. The software's owner is told too.",
		DefaultChannels: []string{"in_app", "email"},
		Placeholders: []notifications.Placeholder{{Name: "label", Description: "The licence and its software", Example: "Microsoft 365 E3 (Microsoft 365)"},
			{Name: "due_date", Description: "The expiry date", Example: "2026-12-31"},
			{Name: "days_left", Description: "Days until then", Example: "30"},
			{Name: "software", Description: "The software", Example: "Microsoft 365"},
			{Name: "seats", Description: "Seats in use and bought", Example: "48 / 50"}}}); err != nil {
		return err
	}
	return n.RegisterExpiry(notifications.ExpiryRule{Event: EventLicenceExpiring,
		Find: func(tx *gorm.DB, from, to time.Time) ([]notifications.Expiring, error) {
			var rows []struct {
				ID        uuid.UUID
				Name      string
				Software  string
				ExpiresOn time.Time
				OwnerID   *uuid.UUID
				Seats     *int
				Used      int64
			}
			err := tx.Raw(`SELECT l.id, l.name, s.name AS software, l.expires_on, s.owner_user_id AS owner_id, l.seats,
					(SELECT count(*) FROM licence_seats ls WHERE ls.licence_id = l.id) AS used
				FROM licences l JOIN software s ON s.id = l.software_id
				WHERE l.archived_at IS NULL AND l.expires_on >= ? AND l.expires_on < ?`, from, to).Scan(&rows).Error
			out := make([]notifications.Expiring, 0, len(rows))
			for _, r := range rows {
				seats := fmt.Sprintf("%d / unlimited", r.Used)
				if r.Seats != nil {
					seats = fmt.Sprintf("%d / %d", r.Used, *r.Seats)
				}
				e := notifications.Expiring{EntityType: TypeLicence, EntityID: r.ID.String(), Label: r.Name + " (" + r.Software + ")",
					Link: "/assets/licences/" + r.ID.String(), DueAt: r.ExpiresOn,
					Data: map[string]string{"software": r.Software, "seats": seats}}
				if r.OwnerID != nil {
					e.Owners = []uuid.UUID{*r.OwnerID}
				}
				out = append(out, e)
			}
			return out, err
		}})
}

// RegisterTimeline names the software and groups that licences and software refer to in their timelines' diffs.
func RegisterTimeline(t *timeline.Service) {
	t.Name("software", "name", "software_id")
	t.Name("groups", "name", "owner_group_id")
}
