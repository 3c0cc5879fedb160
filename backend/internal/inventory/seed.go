package inventory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// flagNotes are what people write when an asset is not quite as expected.
var flagNotes = []string{
	"Found in meeting room 2.14",
	"Screen cracked, reported to IT",
	"Found at reception, not at the holder's desk",
	"Asset tag label peeling off, re-labelled",
	"With another employee than the recorded holder",
	"In the storage cupboard, not in the rack",
}

// SeedDemo gives an organisation three campaigns over its fleet: a completed one last quarter (mostly verified, a few
// flagged, a few missing), an open one at the main site about half done, and an open one not started. ctx must be
// scoped to the organisation; people are its members (the checkers). It does nothing when campaigns exist or the
// organisation has no assets, and reports how many campaigns it made.
func (s *Service) SeedDemo(ctx context.Context, people []uuid.UUID) (int, error) {
	var n, assets int64
	var sites []struct {
		ID   uuid.UUID
		Name string
	}
	type person struct {
		ID   uuid.UUID
		Name string
	}
	var checkers []person
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Campaign{}).Count(&n).Error; err != nil {
			return err
		}
		if err := tx.Table("assets").Where("archived_at IS NULL AND NOT virtual").Count(&assets).Error; err != nil {
			return err
		}
		// The busiest physical site first.
		if err := tx.Raw(`SELECT l.id, l.name FROM locations l JOIN assets a ON a.location_id = l.id AND a.archived_at IS NULL
			WHERE l.archived_at IS NULL AND l.physical GROUP BY l.id, l.name ORDER BY count(*) DESC, l.name LIMIT 2`).Scan(&sites).Error; err != nil {
			return err
		}
		if len(people) > 0 {
			return tx.Raw("SELECT id, name FROM users WHERE id IN ? ORDER BY email LIMIT 3", people).Scan(&checkers).Error
		}
		return nil
	})
	if err != nil || n > 0 || assets == 0 || len(sites) == 0 {
		return 0, err
	}
	org := reqctx.OrganizationID(ctx)
	as := func(i int) context.Context {
		if len(checkers) == 0 {
			return ctx
		}
		p := checkers[i%len(checkers)]
		return reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: p.ID.String(), Kind: reqctx.KindUser, Name: p.Name, OrganizationID: org})
	}
	str := func(v string) *string { return &v }
	rng := rand.New(rand.NewPCG(7, 2026))
	today := time.Now().UTC()
	// Last quarter: its first and last days.
	qStart := time.Date(today.Year(), time.Month((int(today.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	qEnd := qStart.AddDate(0, 3, -1)
	quarter := fmt.Sprintf("Q%d %d", (int(qStart.Month())-1)/3+1, qStart.Year())

	// 1. Completed last quarter, over the whole fleet.
	done, err := s.CreateCampaign(as(0), CampaignInput{Name: str("Full physical inventory " + quarter),
		Notes: str("Quarterly inventory of every physical asset, all sites (ISO 27001 A.5.9)."), DueOn: &qEnd, DueOnSet: true})
	if err != nil {
		return 0, fmt.Errorf("demo campaign: %w", err)
	}
	items, err := s.allItems(ctx, done.ID)
	if err != nil {
		return 0, err
	}
	for i, a := range items {
		switch r := rng.IntN(100); {
		case r < 4: // never found: missing at completion
		case r < 10:
			_, err = s.Check(as(i), done.ID, a, ResultFlagged, flagNotes[rng.IntN(len(flagNotes))])
		default:
			_, err = s.Check(as(i), done.ID, a, ResultVerified, "")
		}
		if err != nil {
			return 0, fmt.Errorf("demo check: %w", err)
		}
	}
	if _, err := s.Complete(as(1), done.ID, nil); err != nil {
		return 0, fmt.Errorf("demo completion: %w", err)
	}
	// Back-date it into last quarter (demo data only: the audit rows keep the seeding time).
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		span := qEnd.Sub(qStart) - 72*time.Hour
		if err := tx.Exec(`UPDATE inventory_items SET checked_at = ?::timestamptz + (random() * ?::bigint) * interval '1 microsecond'
			WHERE organization_id = ? AND campaign_id = ? AND checked_at IS NOT NULL`,
			qStart.Add(48*time.Hour), span.Microseconds(), org, done.ID).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE inventory_campaigns SET created_at = ?, updated_at = ?, completed_at = ?
			WHERE organization_id = ? AND id = ?`, qStart.Add(9*time.Hour), qEnd.Add(16*time.Hour), qEnd.Add(16*time.Hour),
			org, done.ID).Error
	})
	if err != nil {
		return 0, err
	}

	// 2. Open at the main site, about half done.
	due := today.AddDate(0, 0, 14)
	half, err := s.CreateCampaign(as(0), CampaignInput{Name: str(sites[0].Name + " spot check"), LocationID: &sites[0].ID,
		Notes: str("Walk-through floor by floor; scan the asset tag labels."), DueOn: &due, DueOnSet: true})
	if err != nil {
		return 1, fmt.Errorf("demo campaign: %w", err)
	}
	if items, err = s.allItems(ctx, half.ID); err != nil {
		return 1, err
	}
	for i, a := range items {
		if rng.IntN(100) >= 50 {
			continue
		}
		if rng.IntN(100) < 8 {
			_, err = s.Check(as(i), half.ID, a, ResultFlagged, flagNotes[rng.IntN(len(flagNotes))])
		} else {
			_, err = s.Check(as(i), half.ID, a, ResultVerified, "")
		}
		if err != nil {
			return 1, fmt.Errorf("demo check: %w", err)
		}
	}

	// 3. Open, not started.
	site := sites[len(sites)-1]
	later := today.AddDate(0, 1, 0)
	if _, err := s.CreateCampaign(as(2), CampaignInput{Name: str(site.Name + " annual inventory"), LocationID: &site.ID,
		Notes: str("Racks and spares; coordinate access with the site manager."), DueOn: &later, DueOnSet: true}); err != nil {
		return 2, fmt.Errorf("demo campaign: %w", err)
	}
	return 3, nil
}

func (s *Service) allItems(ctx context.Context, id uuid.UUID) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&Item{}).Where("campaign_id = ?", id).Order("asset_id").Pluck("asset_id", &out).Error
	})
	return out, err
}
