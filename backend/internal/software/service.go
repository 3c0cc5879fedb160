package software

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/patch"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/secrets"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// KeyPurpose is the secrets purpose label of licence keys: their AES key is derived for this use only.
const KeyPurpose = "licence-keys"

// Service holds the catalogue's and the licences' rules.
type Service struct {
	db   *db.DB
	keys *secrets.Keyring
}

// NewService returns the service; secretKey is the deployment secret (OPSDECK_SECRET_KEY) the licence keys are
// encrypted with, previous ones still decrypt during a rotation.
func NewService(d *db.DB, secretKey string, previous ...string) (*Service, error) {
	kr, err := secrets.NewKeyring(KeyPurpose, secretKey, previous...)
	if err != nil {
		return nil, fmt.Errorf("licence keys: %w", err)
	}
	return &Service{db: d, keys: kr}, nil
}

// Opt is an optional, nullable field of a patch.
type Opt[T any] = patch.Opt[T]

// Some is a value that was sent.
func Some[T any](v T) Opt[T] { return patch.Some(v) }

// Null is a field sent as null.
func Null[T any]() Opt[T] { return patch.Null[T]() }

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
		f.add(field, "too_long", fmt.Sprintf("is longer than %d characters", max))
	}
}

// mergeErrors folds custom field errors into the request's other field errors (one 422 listing everything).
func mergeErrors(f fieldErrors, err error, what string) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Kind == apperr.KindUnprocessable {
		return apperr.Unprocessable("The "+what+" is not valid.", append(f, ae.Fields...)...)
	}
	return err
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func actorName(ctx context.Context) string {
	if p := reqctx.PrincipalFrom(ctx); p != nil {
		return p.Name
	}
	return "System"
}

// today is the organisation's current day for the derived status (UTC: good enough for yearly licences).
const today = "(now() AT TIME ZONE 'UTC')::date"

func activeMember(tx *gorm.DB, id uuid.UUID) (bool, error) {
	var n int64
	err := tx.Table("memberships").Where("user_id = ? AND status = 'active'", id).Count(&n).Error
	return n > 0, err
}

// ---- software ----

// SoftwareInput is a new software or a merge patch (nil / unset: unchanged).
type SoftwareInput struct {
	Name, Publisher, Category, SupplierName, Website, Notes *string
	OwnerUserID, OwnerGroupID                               Opt[uuid.UUID]
	CustomFields                                            map[string]any
	TagIDs                                                  *[]uuid.UUID
}

func (in *SoftwareInput) check() fieldErrors {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("publisher", in.Publisher, 200, false)
	f.text("supplier_name", in.SupplierName, 200, false)
	f.text("notes", in.Notes, 10000, false)
	if in.Category != nil && !slices.Contains(Categories, *in.Category) {
		f.add("category", "invalid", "must be one of "+strings.Join(Categories, ", "))
	}
	if in.Website != nil {
		w := strings.TrimSpace(*in.Website)
		in.Website = &w
		if u, err := url.Parse(w); w != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			f.add("website", "invalid", "must be an http(s) URL")
		} else if len(w) > 500 {
			f.add("website", "too_long", "is longer than 500 characters")
		}
	}
	return f
}

// apply copies the input onto sw and checks the owners in tx (only when they change: a kept owner stays valid).
func (in SoftwareInput) apply(tx *gorm.DB, sw *Software, f *fieldErrors) error {
	setIf(&sw.Name, in.Name)
	setIf(&sw.Publisher, in.Publisher)
	setIf(&sw.Category, in.Category)
	setIf(&sw.SupplierName, in.SupplierName)
	setIf(&sw.Website, in.Website)
	setIf(&sw.Notes, in.Notes)
	if in.OwnerUserID.Set {
		before := sw.OwnerUserID
		sw.OwnerUserID = in.OwnerUserID.Ptr()
		if sw.OwnerUserID != nil && (before == nil || *before != *sw.OwnerUserID) {
			ok, err := activeMember(tx, *sw.OwnerUserID)
			if err != nil {
				return err
			}
			if !ok {
				f.add("owner_user_id", "not_found", "is not an active member of this organisation")
			}
		}
	}
	if in.OwnerGroupID.Set {
		before := sw.OwnerGroupID
		sw.OwnerGroupID = in.OwnerGroupID.Ptr()
		if sw.OwnerGroupID != nil && (before == nil || *before != *sw.OwnerGroupID) {
			var n int64
			if err := tx.Table("groups").Where("id = ? AND archived_at IS NULL", *sw.OwnerGroupID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				f.add("owner_group_id", "not_found", "is not an active group of this organisation")
			}
		}
	}
	return nil
}

func nameTaken(err error, what string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another active "+what+" already has this name.",
			apperr.FieldError{Field: "name", Code: "taken", Message: "is already used"})
	}
	return err
}

const softwareSelect = `software.*, u.name AS owner_user_name, g.name AS owner_group_name,
	(SELECT count(*) FROM licences l WHERE l.software_id = software.id AND l.archived_at IS NULL) AS licence_count`

func softwareNames(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(softwareSelect).
		Joins("LEFT JOIN users u ON u.id = software.owner_user_id").
		Joins("LEFT JOIN groups g ON g.id = software.owner_group_id")
}

// SoftwareView is a software with its names, counts and tags.
type SoftwareView struct {
	SoftwareRow
	Tags []tags.Ref
}

func (s *Service) software(tx *gorm.DB, id uuid.UUID) (SoftwareView, error) {
	var v SoftwareView
	if err := softwareNames(tx.Model(&Software{})).Where("software.id = ?", id).Take(&v.SoftwareRow).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("software")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeSoftware, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

func (s *Service) lockSoftware(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Software, error) {
	var sw Software
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&sw).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return sw, apperr.NotFound("software")
		}
		return sw, err
	}
	if ifMatch != nil && *ifMatch != sw.Version {
		return sw, apperr.PreconditionFailed(sw.Version)
	}
	return sw, nil
}

// GetSoftware returns one software.
func (s *Service) GetSoftware(ctx context.Context, id uuid.UUID) (SoftwareView, error) {
	var v SoftwareView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.software(tx, id); return err })
	return v, err
}

// CreateSoftware adds a product to the catalogue.
func (s *Service) CreateSoftware(ctx context.Context, in SoftwareInput) (SoftwareView, error) {
	var v SoftwareView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.createSoftware(ctx, tx, in)
		if err != nil {
			return err
		}
		v, err = s.software(tx, id)
		return err
	})
	return v, err
}

// createSoftware is CreateSoftware in the caller's transaction (imports); it returns the id.
func (s *Service) createSoftware(ctx context.Context, tx *gorm.DB, in SoftwareInput) (uuid.UUID, error) {
	f := in.check()
	sw := Software{ID: uuid.Must(uuid.NewV7()), Category: "other", Version: 1}
	if err := in.apply(tx, &sw, &f); err != nil {
		return uuid.Nil, err
	}
	cf, err := customfields.Apply(tx, TypeSoftware, nil, in.CustomFields, true)
	if err != nil {
		return uuid.Nil, mergeErrors(f, err, "software")
	}
	if err := f.err("software"); err != nil {
		return uuid.Nil, err
	}
	sw.CustomFields = cf
	if err := nameTaken(tx.Create(&sw).Error, "software"); err != nil {
		return uuid.Nil, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeSoftware, sw.ID, sw.Name, *in.TagIDs); err != nil {
			return uuid.Nil, err
		}
	}
	return sw.ID, nil
}

// UpdateSoftware applies a merge patch; archived software is read-only.
func (s *Service) UpdateSoftware(ctx context.Context, id uuid.UUID, ifMatch *int64, in SoftwareInput) (SoftwareView, error) {
	var v SoftwareView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.updateSoftware(ctx, tx, id, ifMatch, in)
		if err != nil {
			return err
		}
		v, err = s.software(tx, id)
		return err
	})
	return v, err
}

// updateSoftware is UpdateSoftware in the caller's transaction (imports); it returns the id.
func (s *Service) updateSoftware(ctx context.Context, tx *gorm.DB, id uuid.UUID, ifMatch *int64, in SoftwareInput) (uuid.UUID, error) {
	f := in.check()
	sw, err := s.lockSoftware(tx, id, ifMatch)
	if err != nil {
		return uuid.Nil, err
	}
	if sw.ArchivedAt != nil {
		return uuid.Nil, apperr.Conflict("An archived software cannot be changed; restore it first.")
	}
	if err := in.apply(tx, &sw, &f); err != nil {
		return uuid.Nil, err
	}
	if in.CustomFields != nil {
		cf, err := customfields.Apply(tx, TypeSoftware, sw.CustomFields, in.CustomFields, false)
		if err != nil {
			return uuid.Nil, mergeErrors(f, err, "software")
		}
		sw.CustomFields = cf
	}
	if err := f.err("software"); err != nil {
		return uuid.Nil, err
	}
	sw.Version++
	if err := nameTaken(tx.Model(&sw).Select("name", "publisher", "category", "owner_user_id", "owner_group_id",
		"supplier_name", "website", "notes", "custom_fields", "version").Updates(&sw).Error, "software"); err != nil {
		return uuid.Nil, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeSoftware, sw.ID, sw.Name, *in.TagIDs); err != nil {
			return uuid.Nil, err
		}
	}
	return id, nil
}

// SetSoftwareArchived archives (only without active licences) or restores a software.
func (s *Service) SetSoftwareArchived(ctx context.Context, id uuid.UUID, archived bool) (SoftwareView, error) {
	var v SoftwareView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		sw, err := s.lockSoftware(tx, id, nil)
		if err != nil {
			return err
		}
		if archived == (sw.ArchivedAt != nil) {
			v, err = s.software(tx, id)
			return err
		}
		if archived {
			var n int64
			if err := tx.Model(&Licence{}).Where("software_id = ? AND archived_at IS NULL", id).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return apperr.Conflict(fmt.Sprintf("The software still has %d active licence(s): archive them first.", n))
			}
		}
		if err := nameTaken(setArchived(tx, &sw, archived, sw.Version), "software"); err != nil {
			return err
		}
		v, err = s.software(tx, id)
		return err
	})
	return v, err
}

func setArchived[T any](tx *gorm.DB, row *T, archived bool, version int64) error {
	var at any
	if archived {
		at = time.Now().UTC().Truncate(time.Microsecond)
	}
	return tx.Model(row).Updates(map[string]any{"archived_at": at, "version": version + 1}).Error
}

// SoftwareFilter narrows the catalogue.
type SoftwareFilter struct {
	Query                     string
	Categories                []string
	OwnerUserID, OwnerGroupID *uuid.UUID
	TagIDs                    []uuid.UUID
	CustomFields              []string
	IncludeArchived           bool
	Sort, Cursor              string
	Limit                     int
}

var softwareSorts = map[string]string{"name": "software.name", "publisher": "software.publisher", "created_at": "software.created_at"}

// sortOf parses a sort parameter, custom fields (cf.<key>) included; key gives a row's cursor value for it.
func sortOf(tx *gorm.DB, param, entityType, table string, allowed map[string]string) (db.Sort, func(map[string]any) any, error) {
	if name := strings.TrimPrefix(param, "-"); strings.HasPrefix(name, "cf.") {
		expr, key, err := customfields.SortExpr(tx, entityType, table, strings.TrimPrefix(name, "cf."))
		if err != nil {
			return db.Sort{}, nil, err
		}
		return db.Sort{Name: param, Column: expr, Desc: strings.HasPrefix(param, "-"), IDColumn: table + ".id"}, key, nil
	}
	so, err := db.ParseSort(param, "name", allowed)
	so.IDColumn = table + ".id"
	return so, nil, err
}

// ListSoftware returns a keyset page of the catalogue.
func (s *Service) ListSoftware(ctx context.Context, f SoftwareFilter) (db.PageResult[SoftwareView], error) {
	var res db.PageResult[SoftwareView]
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		so, cfKey, err := sortOf(tx, f.Sort, TypeSoftware, "software", softwareSorts)
		if err != nil {
			return err
		}
		cfs, err := customfields.ParseFilters(tx, TypeSoftware, f.CustomFields)
		if err != nil {
			return err
		}
		q := tx.Model(&Software{})
		if !f.IncludeArchived {
			q = q.Where("software.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(software.name || ' ' || software.publisher) ILIKE ?", db.Contains(t))
		}
		if len(f.Categories) > 0 {
			q = q.Where("software.category IN ?", f.Categories)
		}
		if f.OwnerUserID != nil {
			q = q.Where("software.owner_user_id = ?", *f.OwnerUserID)
		}
		if f.OwnerGroupID != nil {
			q = q.Where("software.owner_group_id = ?", *f.OwnerGroupID)
		}
		q = tags.Where(q, "software", TypeSoftware, f.TagIDs)
		q = customfields.Where(q, "software", cfs)
		page, err := db.PageCounted(q, softwareNames(q), so, f.Cursor, f.Limit, func(r *SoftwareRow) (any, uuid.UUID) {
			switch strings.TrimPrefix(so.Name, "-") {
			case "publisher":
				return r.Publisher, r.ID
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
		byID, err := tags.Of(tx, TypeSoftware, ids)
		if err != nil {
			return err
		}
		res.Items = make([]SoftwareView, 0, len(page.Items))
		for _, r := range page.Items {
			res.Items = append(res.Items, SoftwareView{SoftwareRow: r, Tags: byID[r.ID]})
		}
		return nil
	})
	return res, err
}
