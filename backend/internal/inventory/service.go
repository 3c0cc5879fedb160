package inventory

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Service holds the campaigns' rules.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// fieldErrors collects validation failures of one request.
type fieldErrors []apperr.FieldError

func (f *fieldErrors) add(field, code, msg string) {
	*f = append(*f, apperr.FieldError{Field: field, Code: code, Message: msg})
}

func (f fieldErrors) err(what string) error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Unprocessable("The "+what+" is not valid.", f...)
}

// text trims s and checks its length (1..max when required, else 0..max).
func (f *fieldErrors) text(field string, s *string, max int, required bool) {
	if s == nil {
		return
	}
	*s = strings.TrimSpace(*s)
	n := len([]rune(*s))
	if required && n == 0 {
		f.add(field, "required", "is required")
	} else if n > max {
		f.add(field, "too_long", "is longer than the limit")
	}
}

func actor(ctx context.Context) (string, string) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil {
		return "system", "System"
	}
	return p.ID, p.Name
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// campaignSelect reads a campaign with its scope's name and its counts: one aggregate per campaign (FILTER clauses
// over the campaign's items, an index range on inventory_items_campaign_result_idx), inside the same statement.
const campaignSelect = `inventory_campaigns.*, l.name AS location_name, c.total, c.pending, c.verified, c.flagged, c.missing`

func withCounts(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(campaignSelect).
		Joins("LEFT JOIN locations l ON l.id = inventory_campaigns.location_id").
		Joins(`CROSS JOIN LATERAL (SELECT count(*) AS total,
			count(*) FILTER (WHERE i.result = 'pending') AS pending,
			count(*) FILTER (WHERE i.result = 'verified') AS verified,
			count(*) FILTER (WHERE i.result = 'flagged') AS flagged,
			count(*) FILTER (WHERE i.result = 'missing') AS missing
			FROM inventory_items i WHERE i.campaign_id = inventory_campaigns.id) c`)
}

func (s *Service) campaign(tx *gorm.DB, id uuid.UUID) (Campaign, error) {
	var c Campaign
	err := withCounts(tx.Model(&Campaign{})).Where("inventory_campaigns.id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, apperr.NotFound("inventory campaign")
	}
	return c, err
}

// lock reads the campaign row FOR UPDATE: checks, edits and completion of one campaign are serialised, so no check
// lands after the completion that turned the pending items into missing ones.
func (s *Service) lock(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Campaign, error) {
	var c Campaign
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&c).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return c, apperr.NotFound("inventory campaign")
		}
		return c, err
	}
	if ifMatch != nil && *ifMatch != c.Version {
		return c, apperr.PreconditionFailed(c.Version)
	}
	return c, nil
}

// GetCampaign returns one campaign with its counts.
func (s *Service) GetCampaign(ctx context.Context, id uuid.UUID) (Campaign, error) {
	var c Campaign
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { c, err = s.campaign(tx, id); return err })
	return c, err
}

// CampaignInput is a new campaign or a merge patch (nil: unchanged; DueOnSet with a nil DueOn clears the date).
type CampaignInput struct {
	Name, Notes *string
	LocationID  *uuid.UUID // creation only
	DueOn       *time.Time
	DueOnSet    bool
}

func (in *CampaignInput) check() fieldErrors {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("notes", in.Notes, 5000, false)
	if in.DueOn != nil && (in.DueOn.Year() < 2000 || in.DueOn.Year() > 2200) {
		f.add("due_on", "invalid", "is not a plausible date")
	}
	return f
}

func (in CampaignInput) apply(c *Campaign) {
	if in.Name != nil {
		c.Name = *in.Name
	}
	if in.Notes != nil {
		c.Notes = *in.Notes
	}
	if in.DueOnSet {
		c.DueOn = in.DueOn
	}
}

// CreateCampaign opens a campaign and, in the same transaction, snapshots its scope: every active, physical (not
// virtual) asset — at the location when one is given — becomes a pending item expected at its current location.
// A scope without assets gives an empty campaign (allowed: it can be completed at once, as evidence of a check).
func (s *Service) CreateCampaign(ctx context.Context, in CampaignInput) (Campaign, error) {
	f := in.check()
	if in.Name == nil {
		f.add("name", "required", "is required")
	}
	aid, aname := actor(ctx)
	c := Campaign{ID: uuid.Must(uuid.NewV7()), Status: StatusOpen, CreatedBy: aid, CreatedByName: aname, Version: 1,
		LocationID: in.LocationID}
	in.DueOnSet = true
	in.apply(&c)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if c.LocationID != nil {
			var n int64
			if err := tx.Table("locations").Where("id = ? AND archived_at IS NULL", *c.LocationID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				f.add("location_id", "not_found", "is not an active location of this organisation")
			}
		}
		if err := f.err("inventory campaign"); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		// One set-based statement: the snapshot is consistent with the moment the campaign opened. Raw SQL skips
		// the GORM tenant scope, so the organisation is named here (and row-level security applies anyway).
		org := reqctx.OrganizationID(ctx)
		q := `INSERT INTO inventory_items (organization_id, campaign_id, asset_id, location_id)
			SELECT a.organization_id, ?, a.id, a.location_id FROM assets a
			WHERE a.organization_id = ? AND a.archived_at IS NULL AND NOT a.virtual`
		args := []any{c.ID, org}
		if c.LocationID != nil {
			q += " AND a.location_id = ?"
			args = append(args, *c.LocationID)
		}
		res := tx.Exec(q, args...)
		if res.Error != nil {
			return res.Error
		}
		if err := audit.Record(tx, audit.Entry{Action: "snapshot", EntityType: TypeCampaign, EntityID: c.ID.String(),
			EntityLabel: c.Name, Changes: map[string]any{"assets": res.RowsAffected}}); err != nil {
			return err
		}
		var err error
		c, err = s.campaign(tx, c.ID)
		return err
	})
	return c, err
}

// UpdateCampaign applies a merge patch of the name, due date and notes. Completed and archived campaigns are
// read-only.
func (s *Service) UpdateCampaign(ctx context.Context, id uuid.UUID, ifMatch *int64, in CampaignInput) (Campaign, error) {
	f := in.check()
	var c Campaign
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if c, err = s.lock(tx, id, ifMatch); err != nil {
			return err
		}
		if c.Status == StatusCompleted {
			return apperr.Conflict("A completed inventory campaign is read-only.")
		}
		if c.ArchivedAt != nil {
			return apperr.Conflict("An archived inventory campaign cannot be changed; restore it first.")
		}
		if err := f.err("inventory campaign"); err != nil {
			return err
		}
		in.apply(&c)
		c.Version++
		if err := tx.Model(&c).Select("name", "due_on", "notes", "version").Updates(&c).Error; err != nil {
			return err
		}
		c, err = s.campaign(tx, id)
		return err
	})
	return c, err
}

// SetArchived archives or restores a campaign (completed ones too: archiving hides, it does not change results).
func (s *Service) SetArchived(ctx context.Context, id uuid.UUID, archived bool) (Campaign, error) {
	var c Campaign
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if c, err = s.lock(tx, id, nil); err != nil {
			return err
		}
		if archived != (c.ArchivedAt != nil) {
			var at any
			if archived {
				at = now()
			}
			if err := tx.Model(&c).Updates(map[string]any{"archived_at": at, "version": c.Version + 1}).Error; err != nil {
				return err
			}
		}
		c, err = s.campaign(tx, id)
		return err
	})
	return c, err
}

// Check records the result of one asset of an open campaign (again to correct it), stamped with the time and the
// person, and writes an audit entry on the campaign.
func (s *Service) Check(ctx context.Context, id, assetID uuid.UUID, result, note string) (ItemRow, error) {
	var f fieldErrors
	note = strings.TrimSpace(note)
	if result != ResultVerified && result != ResultFlagged {
		f.add("result", "invalid", "must be verified or flagged")
	}
	if result == ResultFlagged && note == "" {
		f.add("note", "required", "say what is wrong when flagging an asset")
	}
	if len([]rune(note)) > 2000 {
		f.add("note", "too_long", "is longer than 2000 characters")
	}
	var row ItemRow
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		c, err := s.lock(tx, id, nil)
		if err != nil {
			return err
		}
		if c.ArchivedAt != nil {
			return apperr.Conflict("The inventory campaign is archived; restore it first.")
		}
		if c.Status == StatusCompleted {
			return apperr.Conflict("The inventory campaign is completed: its results are final.")
		}
		var it Item
		if err := tx.Where("campaign_id = ? AND asset_id = ?", id, assetID).Take(&it).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("asset in this inventory campaign")
			}
			return err
		}
		if err := f.err("check"); err != nil {
			return err
		}
		aid, aname := actor(ctx)
		at := now()
		before := it
		if err := tx.Model(&Item{}).Where("campaign_id = ? AND asset_id = ?", id, assetID).Updates(map[string]any{
			"result": result, "note": note, "checked_at": at, "checked_by": aid, "checked_by_name": aname}).Error; err != nil {
			return err
		}
		if row, err = s.item(tx, id, assetID); err != nil {
			return err
		}
		changes := map[string]any{"asset_id": assetID.String(), "asset": assetLabel(row), "result": []any{before.Result, result}}
		if before.Note != note {
			changes["note"] = []any{before.Note, note}
		}
		return audit.Record(tx, audit.Entry{Action: "check", EntityType: TypeCampaign, EntityID: id.String(),
			EntityLabel: c.Name, Changes: changes})
	})
	return row, err
}

func assetLabel(r ItemRow) string {
	if r.AssetTag != nil {
		return r.AssetName + " (" + *r.AssetTag + ")"
	}
	return r.AssetName
}

// Complete stamps an open campaign completed (time and person) and records every item still pending as missing,
// in one UPDATE under the campaign's row lock.
func (s *Service) Complete(ctx context.Context, id uuid.UUID, ifMatch *int64) (Campaign, error) {
	var c Campaign
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if c, err = s.lock(tx, id, ifMatch); err != nil {
			return err
		}
		if c.ArchivedAt != nil {
			return apperr.Conflict("The inventory campaign is archived; restore it first.")
		}
		if c.Status == StatusCompleted {
			return apperr.Conflict("The inventory campaign is already completed.")
		}
		res := tx.Model(&Item{}).Where("campaign_id = ? AND result = ?", id, ResultPending).Update("result", ResultMissing)
		if res.Error != nil {
			return res.Error
		}
		aid, aname := actor(ctx)
		at := now()
		c.Status, c.CompletedAt, c.CompletedBy, c.CompletedByName, c.Version = StatusCompleted, &at, &aid, &aname, c.Version+1
		if err := tx.Model(&c).Select("status", "completed_at", "completed_by", "completed_by_name", "version").Updates(&c).Error; err != nil {
			return err
		}
		if c, err = s.campaign(tx, id); err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Action: "complete", EntityType: TypeCampaign, EntityID: id.String(),
			EntityLabel: c.Name, Changes: map[string]any{"total": c.Total, "verified": c.Verified, "flagged": c.Flagged,
				"missing": c.Missing, "marked_missing": res.RowsAffected}})
	})
	return c, err
}

// CampaignFilter narrows the campaign list.
type CampaignFilter struct {
	Query, Status   string
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

var campaignSorts = map[string]string{
	"name": "inventory_campaigns.name", "created_at": "inventory_campaigns.created_at",
	"due_on": "coalesce(inventory_campaigns.due_on, '9999-12-31'::date)",
}

// ListCampaigns returns a keyset page of campaigns with their counts.
func (s *Service) ListCampaigns(ctx context.Context, f CampaignFilter) (db.PageResult[Campaign], error) {
	var res db.PageResult[Campaign]
	so, err := db.ParseSort(f.Sort, "-created_at", campaignSorts)
	if err != nil {
		return res, err
	}
	so.IDColumn = "inventory_campaigns.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Campaign{})
		if !f.IncludeArchived {
			q = q.Where("inventory_campaigns.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("inventory_campaigns.name ILIKE ?", db.Contains(t))
		}
		if f.Status != "" {
			q = q.Where("inventory_campaigns.status = ?", f.Status)
		}
		res, err = db.PageCounted(q, withCounts(q), so, f.Cursor, f.Limit, func(c *Campaign) (any, uuid.UUID) {
			switch strings.TrimPrefix(so.Name, "-") {
			case "name":
				return c.Name, c.ID
			case "due_on":
				if c.DueOn == nil {
					return "9999-12-31", c.ID
				}
				return c.DueOn.Format(time.DateOnly), c.ID
			}
			return c.CreatedAt.UTC().Format(time.RFC3339Nano), c.ID
		})
		return err
	})
	return res, err
}

const itemSelect = `inventory_items.*, a.name AS asset_name, a.asset_tag, a.serial, l.name AS location_name, u.name AS holder_name`

func itemNames(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(itemSelect).
		Joins("LEFT JOIN locations l ON l.id = inventory_items.location_id").
		Joins("LEFT JOIN users u ON u.id = a.holder_id")
}

func (s *Service) item(tx *gorm.DB, id, assetID uuid.UUID) (ItemRow, error) {
	var r ItemRow
	err := itemNames(tx.Model(&Item{}).Joins("JOIN assets a ON a.id = inventory_items.asset_id")).
		Where("inventory_items.campaign_id = ? AND inventory_items.asset_id = ?", id, assetID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, apperr.NotFound("asset in this inventory campaign")
	}
	return r, err
}

// ItemFilter narrows a campaign's items.
type ItemFilter struct {
	Query        string
	Results      []string
	Sort, Cursor string
	Limit        int
}

var itemSorts = map[string]string{
	"asset_name": "a.name",
	"checked_at": "coalesce(inventory_items.checked_at, '0001-01-01T00:00:00Z'::timestamptz)",
}

// ListItems returns a keyset page of a campaign's items with the asset's names, where it should be and who holds it.
func (s *Service) ListItems(ctx context.Context, id uuid.UUID, f ItemFilter) (db.PageResult[ItemRow], error) {
	var res db.PageResult[ItemRow]
	so, err := db.ParseSort(f.Sort, "asset_name", itemSorts)
	if err != nil {
		return res, err
	}
	so.IDColumn = "inventory_items.asset_id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.lockless(tx, id); err != nil {
			return err
		}
		q := tx.Model(&Item{}).Joins("JOIN assets a ON a.id = inventory_items.asset_id").
			Where("inventory_items.campaign_id = ?", id)
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(a.name || ' ' || coalesce(a.asset_tag, '') || ' ' || coalesce(a.serial, '')) ILIKE ?", db.Contains(t))
		}
		if len(f.Results) > 0 {
			q = q.Where("inventory_items.result IN ?", slices.Compact(slices.Sorted(slices.Values(f.Results))))
		}
		res, err = db.PageCounted(q, itemNames(q), so, f.Cursor, f.Limit, func(r *ItemRow) (any, uuid.UUID) {
			if strings.TrimPrefix(so.Name, "-") == "checked_at" {
				if r.CheckedAt == nil {
					return "0001-01-01T00:00:00Z", r.AssetID
				}
				return r.CheckedAt.UTC().Format(time.RFC3339Nano), r.AssetID
			}
			return r.AssetName, r.AssetID
		})
		return err
	})
	return res, err
}

// lockless checks that the campaign exists in the organisation (404 otherwise) without locking it.
func (s *Service) lockless(tx *gorm.DB, id uuid.UUID) (Campaign, error) {
	var c Campaign
	err := tx.Where("id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, apperr.NotFound("inventory campaign")
	}
	return c, err
}
