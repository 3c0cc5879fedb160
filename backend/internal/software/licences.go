package software

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// ActionRevealKey is the audit action of a licence key read.
const ActionRevealKey = "reveal_key"

// Audit actions of seats, recorded on their licence.
const (
	ActionAssignSeat  = "assign_seat"
	ActionReleaseSeat = "release_seat"
)

var (
	moneyPattern    = regexp.MustCompile(`^\d{1,12}(\.\d{1,2})?$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// LicenceInput is a new licence or a merge patch. Key is write-only: null (or blank) removes the key.
type LicenceInput struct {
	SoftwareID                *uuid.UUID // creation only
	Name, SupplierName, Notes *string
	Key                       Opt[string]
	Seats                     Opt[int]
	ExpiresOn, PurchaseDate   Opt[time.Time]
	Cost, Currency            Opt[string]
	CustomFields              map[string]any
	TagIDs                    *[]uuid.UUID
}

func (in *LicenceInput) check() fieldErrors {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("supplier_name", in.SupplierName, 200, false)
	f.text("notes", in.Notes, 10000, false)
	if in.Key.Set && !in.Key.Null {
		in.Key.V = strings.TrimSpace(in.Key.V)
		if in.Key.V == "" {
			in.Key.Null = true
		} else if len([]rune(in.Key.V)) > 4000 {
			f.add("licence_key", "too_long", "is longer than 4000 characters")
		}
	}
	if in.Seats.Set && !in.Seats.Null && (in.Seats.V < 1 || in.Seats.V > 1000000) {
		f.add("seats", "invalid", "must be between 1 and 1000000, or null for unlimited")
	}
	if in.Cost.Set && !in.Cost.Null && !moneyPattern.MatchString(in.Cost.V) {
		f.add("cost", "invalid", "must be a decimal amount such as 1299.00")
	}
	if in.Currency.Set && !in.Currency.Null {
		in.Currency.V = strings.ToUpper(strings.TrimSpace(in.Currency.V))
		if !currencyPattern.MatchString(in.Currency.V) {
			f.add("currency", "invalid", "must be an ISO 4217 code such as EUR")
		}
	}
	return f
}

// keyHint shows the last 4 characters of a key, masked; short keys (under 8 characters) show nothing.
func keyHint(key string) string {
	r := []rune(key)
	if len(r) < 8 {
		return ""
	}
	return "••••" + string(r[len(r)-4:])
}

// keyAAD binds a sealed key to its organisation and licence: copied onto another row it does not decrypt.
func keyAAD(org, id uuid.UUID) []byte {
	return []byte("licences.key_sealed:" + org.String() + ":" + id.String())
}

// apply copies the input onto l (sealing the key) and checks the cross-field rules.
func (s *Service) apply(l *Licence, in LicenceInput, f *fieldErrors) error {
	setIf(&l.Name, in.Name)
	setIf(&l.SupplierName, in.SupplierName)
	setIf(&l.Notes, in.Notes)
	if in.Seats.Set {
		l.Seats = in.Seats.Ptr()
	}
	if in.ExpiresOn.Set {
		l.ExpiresOn = in.ExpiresOn.Ptr()
	}
	if in.PurchaseDate.Set {
		l.PurchaseDate = in.PurchaseDate.Ptr()
	}
	if in.Cost.Set {
		l.Cost = in.Cost.Ptr()
	}
	if in.Currency.Set {
		l.Currency = in.Currency.Ptr()
	}
	if (l.Cost == nil) != (l.Currency == nil) {
		f.add("currency", "required_with", "cost and currency go together")
	}
	if l.ExpiresOn != nil && l.PurchaseDate != nil && l.ExpiresOn.Before(*l.PurchaseDate) {
		f.add("expires_on", "invalid", "is before the purchase date")
	}
	if in.Key.Set {
		if in.Key.Null {
			l.KeySealed, l.KeyHint = nil, ""
		} else {
			sealed, err := s.keys.Encrypt([]byte(in.Key.V), keyAAD(l.OrganizationID, l.ID))
			if err != nil {
				return err
			}
			l.KeySealed, l.KeyHint = &sealed, keyHint(in.Key.V)
		}
	}
	return nil
}

// seatsUsed and statusExpr derive a licence's seats in use and status in SQL (lists filter on them).
const (
	seatsUsed  = "(SELECT count(*) FROM licence_seats ls WHERE ls.licence_id = licences.id)"
	statusExpr = "CASE WHEN licences.expires_on < " + today + " THEN 'expired' " +
		"WHEN licences.seats IS NOT NULL AND " + seatsUsed + " >= licences.seats THEN 'in_use' ELSE 'available' END"
	licenceSelect = "licences.*, sw.name AS software_name, " + seatsUsed + " AS seats_used, " + statusExpr + " AS status"
)

func licenceJoin(q *gorm.DB) *gorm.DB {
	return q.Joins("JOIN software sw ON sw.id = licences.software_id")
}

// LicenceView is a licence with its names, seats in use, status and tags.
type LicenceView struct {
	LicenceRow
	Tags []tags.Ref
}

func (s *Service) licence(tx *gorm.DB, id uuid.UUID) (LicenceView, error) {
	var v LicenceView
	if err := licenceJoin(tx.Model(&Licence{})).Select(licenceSelect).Where("licences.id = ?", id).Take(&v.LicenceRow).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("licence")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeLicence, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

func (s *Service) lockLicence(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Licence, error) {
	var l Licence
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&l).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return l, apperr.NotFound("licence")
		}
		return l, err
	}
	if ifMatch != nil && *ifMatch != l.Version {
		return l, apperr.PreconditionFailed(l.Version)
	}
	return l, nil
}

func countSeats(tx *gorm.DB, licence uuid.UUID) (int64, error) {
	var n int64
	err := tx.Model(&Seat{}).Where("licence_id = ?", licence).Count(&n).Error
	return n, err
}

// GetLicence returns one licence.
func (s *Service) GetLicence(ctx context.Context, id uuid.UUID) (LicenceView, error) {
	var v LicenceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.licence(tx, id); return err })
	return v, err
}

// CreateLicence adds a licence to an active software.
func (s *Service) CreateLicence(ctx context.Context, in LicenceInput) (LicenceView, error) {
	var v LicenceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.createLicence(ctx, tx, in)
		if err != nil {
			return err
		}
		v, err = s.licence(tx, id)
		return err
	})
	return v, err
}

// createLicence is CreateLicence in the caller's transaction (imports); it returns the id.
func (s *Service) createLicence(ctx context.Context, tx *gorm.DB, in LicenceInput) (uuid.UUID, error) {
	f := in.check()
	l := Licence{ID: uuid.Must(uuid.NewV7()), OrganizationID: reqctx.OrganizationID(ctx), Version: 1}
	if in.SoftwareID == nil {
		f.add("software_id", "required", "is required")
	} else {
		l.SoftwareID = *in.SoftwareID
		var n int64
		if err := tx.Model(&Software{}).Where("id = ? AND archived_at IS NULL", l.SoftwareID).Count(&n).Error; err != nil {
			return uuid.Nil, err
		}
		if n == 0 {
			f.add("software_id", "not_found", "is not an active software of this organisation")
		}
	}
	if err := s.apply(&l, in, &f); err != nil {
		return uuid.Nil, err
	}
	cf, err := customfields.Apply(tx, TypeLicence, nil, in.CustomFields, true)
	if err != nil {
		return uuid.Nil, mergeErrors(f, err, "licence")
	}
	if err := f.err("licence"); err != nil {
		return uuid.Nil, err
	}
	l.CustomFields = cf
	if err := tx.Create(&l).Error; err != nil {
		return uuid.Nil, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeLicence, l.ID, l.Name, *in.TagIDs); err != nil {
			return uuid.Nil, err
		}
	}
	return l.ID, nil
}

// UpdateLicence applies a merge patch; archived licences are read-only, and seats cannot drop below those in use.
func (s *Service) UpdateLicence(ctx context.Context, id uuid.UUID, ifMatch *int64, in LicenceInput) (LicenceView, error) {
	var v LicenceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.updateLicence(ctx, tx, id, ifMatch, in)
		if err != nil {
			return err
		}
		v, err = s.licence(tx, id)
		return err
	})
	return v, err
}

// updateLicence is UpdateLicence in the caller's transaction (imports); it returns the id.
func (s *Service) updateLicence(ctx context.Context, tx *gorm.DB, id uuid.UUID, ifMatch *int64, in LicenceInput) (uuid.UUID, error) {
	f := in.check()
	l, err := s.lockLicence(tx, id, ifMatch)
	if err != nil {
		return uuid.Nil, err
	}
	if l.ArchivedAt != nil {
		return uuid.Nil, apperr.Conflict("An archived licence cannot be changed; restore it first.")
	}
	if err := s.apply(&l, in, &f); err != nil {
		return uuid.Nil, err
	}
	if in.Seats.Set && l.Seats != nil {
		used, err := countSeats(tx, id)
		if err != nil {
			return uuid.Nil, err
		}
		if int64(*l.Seats) < used {
			f.add("seats", "below_used", fmt.Sprintf("%d seats are assigned: release some first", used))
		}
	}
	if in.CustomFields != nil {
		cf, err := customfields.Apply(tx, TypeLicence, l.CustomFields, in.CustomFields, false)
		if err != nil {
			return uuid.Nil, mergeErrors(f, err, "licence")
		}
		l.CustomFields = cf
	}
	if err := f.err("licence"); err != nil {
		return uuid.Nil, err
	}
	l.Version++
	if err := tx.Model(&l).Select("name", "key_sealed", "key_hint", "seats", "expires_on", "purchase_date", "cost",
		"currency", "supplier_name", "notes", "custom_fields", "version").Updates(&l).Error; err != nil {
		return uuid.Nil, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeLicence, l.ID, l.Name, *in.TagIDs); err != nil {
			return uuid.Nil, err
		}
	}
	return id, nil
}

// SetLicenceArchived archives (only without assigned seats) or restores (only under an active software) a licence.
func (s *Service) SetLicenceArchived(ctx context.Context, id uuid.UUID, archived bool) (LicenceView, error) {
	var v LicenceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		l, err := s.lockLicence(tx, id, nil)
		if err != nil {
			return err
		}
		if archived != (l.ArchivedAt != nil) {
			if archived {
				used, err := countSeats(tx, id)
				if err != nil {
					return err
				}
				if used > 0 {
					return apperr.Conflict(fmt.Sprintf("%d seat(s) of this licence are assigned: release them first.", used))
				}
			} else {
				var n int64
				if err := tx.Model(&Software{}).Where("id = ? AND archived_at IS NULL", l.SoftwareID).Count(&n).Error; err != nil {
					return err
				}
				if n == 0 {
					return apperr.Conflict("The licence's software is archived: restore the software first.")
				}
			}
			if err := setArchived(tx, &l, archived, l.Version); err != nil {
				return err
			}
		}
		v, err = s.licence(tx, id)
		return err
	})
	return v, err
}

// RevealKey decrypts a licence's key; every read is audited (without the key).
func (s *Service) RevealKey(ctx context.Context, id uuid.UUID) (string, error) {
	var key string
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var l Licence
		if err := tx.Where("id = ?", id).Take(&l).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("licence")
			}
			return err
		}
		if l.KeySealed == nil {
			return apperr.Conflict("This licence has no key.")
		}
		// Reading a secret needs a person who signed in within the last minutes (SPEC §1.2), not only a valid token.
		if p := reqctx.PrincipalFrom(ctx); p == nil || p.Kind != reqctx.KindUser || p.AuthTime.IsZero() ||
			time.Since(p.AuthTime) > identity.RecentAuthWindow {
			return apperr.ReauthenticationRequired("Sign in again: reading a licence key needs a sign-in within the last 10 minutes.")
		}
		plain, err := s.keys.Decrypt(*l.KeySealed, keyAAD(l.OrganizationID, l.ID))
		if err != nil {
			return fmt.Errorf("licence %s key: %w", l.ID, err)
		}
		key = string(plain)
		return audit.Record(tx, audit.Entry{Action: ActionRevealKey, EntityType: TypeLicence, EntityID: l.ID.String(),
			EntityLabel: l.Name, Changes: map[string]any{"key_hint": l.KeyHint}})
	})
	return key, err
}

// LicenceFilter narrows the licences.
type LicenceFilter struct {
	Query           string
	SoftwareID      *uuid.UUID
	Statuses        []string
	ExpiresBefore   *time.Time
	TagIDs          []uuid.UUID
	CustomFields    []string
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

var licenceSorts = map[string]string{"name": "licences.name", "created_at": "licences.created_at",
	"expires_on": "coalesce(licences.expires_on, '9999-12-31'::date)"}

// ListLicences returns a keyset page of licences; the derived status is filtered in SQL.
func (s *Service) ListLicences(ctx context.Context, f LicenceFilter) (db.PageResult[LicenceView], error) {
	var res db.PageResult[LicenceView]
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		so, cfKey, err := sortOf(tx, f.Sort, TypeLicence, "licences", licenceSorts)
		if err != nil {
			return err
		}
		cfs, err := customfields.ParseFilters(tx, TypeLicence, f.CustomFields)
		if err != nil {
			return err
		}
		q := licenceJoin(tx.Model(&Licence{}))
		if !f.IncludeArchived {
			q = q.Where("licences.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(licences.name || ' ' || sw.name) ILIKE ?", db.Contains(t))
		}
		if f.SoftwareID != nil {
			q = q.Where("licences.software_id = ?", *f.SoftwareID)
		}
		if len(f.Statuses) > 0 {
			q = q.Where("("+statusExpr+") IN ?", f.Statuses)
		}
		if f.ExpiresBefore != nil {
			q = q.Where("licences.expires_on <= ?", f.ExpiresBefore.Format(time.DateOnly))
		}
		q = tags.Where(q, "licences", TypeLicence, f.TagIDs)
		q = customfields.Where(q, "licences", cfs)
		page, err := db.PageCounted(q, q.Session(&gorm.Session{}).Select(licenceSelect), so, f.Cursor, f.Limit, func(r *LicenceRow) (any, uuid.UUID) {
			switch strings.TrimPrefix(so.Name, "-") {
			case "expires_on":
				if r.ExpiresOn == nil {
					return "9999-12-31", r.ID
				}
				return r.ExpiresOn.Format(time.DateOnly), r.ID
			case "created_at":
				return r.CreatedAt.UTC().Format(time.RFC3339Nano), r.ID
			case "name":
				return r.Name, r.ID
			}
			return cfKey(r.CustomFields), r.ID
		})
		if err != nil {
			return err
		}
		res.Total, res.NextCursor = page.Total, page.NextCursor
		ids := make([]uuid.UUID, 0, len(page.Items))
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
		byID, err := tags.Of(tx, TypeLicence, ids)
		if err != nil {
			return err
		}
		res.Items = make([]LicenceView, 0, len(page.Items))
		for _, r := range page.Items {
			res.Items = append(res.Items, LicenceView{LicenceRow: r, Tags: byID[r.ID]})
		}
		return nil
	})
	return res, err
}
