package software

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

func seatQuery(tx *gorm.DB) *gorm.DB {
	return tx.Model(&Seat{}).Select("licence_seats.*, u.name AS user_name, a.name || coalesce(' (' || a.asset_tag || ')', '') AS asset_name").
		Joins("LEFT JOIN users u ON u.id = licence_seats.user_id").
		Joins("LEFT JOIN assets a ON a.id = licence_seats.asset_id")
}

// ListSeats returns a page of a licence's seats.
func (s *Service) ListSeats(ctx context.Context, licence uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[Seat], error) {
	var res db.PageResult[Seat]
	so, err := db.ParseSort(sortKey, "-assigned_at", map[string]string{"assigned_at": "licence_seats.assigned_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Licence{}).Where("id = ?", licence).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("licence")
		}
		res, err = db.Page(seatQuery(tx).Where("licence_seats.licence_id = ?", licence), so, cursor, limit,
			func(st *Seat) (any, uuid.UUID) { return st.AssignedAt.UTC().Format(time.RFC3339Nano), st.ID })
		return err
	})
	return res, err
}

// SeatInput gives a seat to exactly one of a member and an asset.
type SeatInput struct {
	UserID, AssetID *uuid.UUID
	Note            string
}

func holderLabel(st Seat) string {
	if st.UserName != nil {
		return *st.UserName
	}
	if st.AssetName != nil {
		return *st.AssetName
	}
	return ""
}

// bump changes the licence's version (its seats changed) and audits the seat change on the licence.
func bump(tx *gorm.DB, l *Licence, action string, before, after any) error {
	l.Version++
	if err := tx.Model(l).Select("version").Updates(l).Error; err != nil {
		return err
	}
	return audit.Record(tx, audit.Entry{Action: action, EntityType: TypeLicence, EntityID: l.ID.String(), EntityLabel: l.Name,
		Changes: map[string]any{"seat": [2]any{before, after}}})
}

// AssignSeat gives a seat of an active, unexpired licence that has one free to an active member or an active asset.
func (s *Service) AssignSeat(ctx context.Context, licence uuid.UUID, ifMatch *int64, in SeatInput) (Seat, error) {
	var out Seat
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		l, err := s.lockLicence(tx, licence, ifMatch)
		if err != nil {
			return err
		}
		var f fieldErrors
		switch {
		case in.UserID == nil && in.AssetID == nil:
			f.add("user_id", "required", "give a person (user_id) or an asset (asset_id)")
		case in.UserID != nil && in.AssetID != nil:
			f.add("asset_id", "not_allowed", "a seat goes to a person or to an asset, not both")
		case in.UserID != nil:
			ok, err := activeMember(tx, *in.UserID)
			if err != nil {
				return err
			}
			if !ok {
				f.add("user_id", "not_found", "is not an active member of this organisation")
			}
		default:
			var n int64
			if err := tx.Table("assets").Where("id = ? AND archived_at IS NULL AND status NOT IN ('disposed', 'sold')", *in.AssetID).
				Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				f.add("asset_id", "not_found", "is not an active asset of this organisation")
			}
		}
		in.Note = strings.TrimSpace(in.Note)
		if len([]rune(in.Note)) > 500 {
			f.add("note", "too_long", "is longer than 500 characters")
		}
		if err := f.err("seat"); err != nil {
			return err
		}
		if l.ArchivedAt != nil {
			return apperr.Conflict("The licence is archived: restore it before assigning seats.")
		}
		if l.ExpiresOn != nil && l.ExpiresOn.Format(time.DateOnly) < time.Now().UTC().Format(time.DateOnly) {
			return apperr.Conflict(fmt.Sprintf("The licence expired on %s: renew it before assigning seats.", l.ExpiresOn.Format(time.DateOnly)))
		}
		used, err := countSeats(tx, licence)
		if err != nil {
			return err
		}
		if l.Seats != nil && used >= int64(*l.Seats) {
			return apperr.Conflict(fmt.Sprintf("Every seat of this licence is taken (%d of %d): release one or add seats.", used, *l.Seats))
		}
		st := Seat{ID: uuid.Must(uuid.NewV7()), LicenceID: licence, UserID: in.UserID, AssetID: in.AssetID, Note: in.Note,
			AssignedAt: time.Now().UTC().Truncate(time.Microsecond), AssignedByName: actorName(ctx)}
		if err := tx.Create(&st).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				field := "user_id"
				if in.AssetID != nil {
					field = "asset_id"
				}
				return apperr.Conflict("This holder already has a seat of this licence.",
					apperr.FieldError{Field: field, Code: "taken", Message: "already holds a seat of this licence"})
			}
			return err
		}
		if err := seatQuery(tx).Where("licence_seats.id = ?", st.ID).Take(&out).Error; err != nil {
			return err
		}
		return bump(tx, &l, ActionAssignSeat, nil, holderLabel(out))
	})
	return out, err
}

// ReleaseSeat frees a seat of a licence.
func (s *Service) ReleaseSeat(ctx context.Context, licence, seat uuid.UUID, ifMatch *int64) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		l, err := s.lockLicence(tx, licence, nil)
		if err != nil {
			return err
		}
		var st Seat
		if err := seatQuery(tx).Where("licence_seats.id = ? AND licence_seats.licence_id = ?", seat, licence).Take(&st).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("seat")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != l.Version {
			return apperr.PreconditionFailed(l.Version)
		}
		if err := tx.Where("id = ?", seat).Delete(&Seat{}).Error; err != nil {
			return err
		}
		return bump(tx, &l, ActionReleaseSeat, holderLabel(st), nil)
	})
}
