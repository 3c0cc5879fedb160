package assets

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Service holds the module's rules.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

func find[T any](tx *gorm.DB, id uuid.UUID, what string) (T, error) {
	var row T
	err := tx.Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row, apperr.NotFound(what)
	}
	return row, err
}

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

func duplicate(err error, field, what string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another "+what+" already has this "+field+".",
			apperr.FieldError{Field: field, Code: "taken", Message: "is already used"})
	}
	return err
}

// setArchived archives or restores row (by id), bumping its version; guard may refuse.
func setArchived[T any](tx *gorm.DB, row *T, archived, isArchived bool, version int64) error {
	if archived == isArchived {
		return nil
	}
	var at any
	if archived {
		at = time.Now().UTC().Truncate(time.Microsecond)
	}
	return tx.Model(row).Updates(map[string]any{"archived_at": at, "version": version + 1}).Error
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// LocationInput is a new location or a patch (nil: unchanged).
type LocationInput struct {
	Name, AddressLine1, AddressLine2, PostalCode, City, Country, Timezone, Notes *string
	Physical                                                                     *bool
	CustomFields                                                                 map[string]any
}

func (in *LocationInput) check(creating bool) fieldErrors {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("address_line1", in.AddressLine1, 200, false)
	f.text("address_line2", in.AddressLine2, 200, false)
	f.text("postal_code", in.PostalCode, 20, false)
	f.text("city", in.City, 100, false)
	f.text("notes", in.Notes, 5000, false)
	if in.Country != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.Country))
		in.Country = &c
		if c != "" && !countryPattern.MatchString(c) {
			f.add("country", "invalid", "must be an ISO 3166-1 alpha-2 code such as BE")
		}
	}
	if in.Timezone != nil {
		tz := strings.TrimSpace(*in.Timezone)
		in.Timezone = &tz
		if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
			f.add("timezone", "invalid", "must be an IANA timezone such as Europe/Brussels")
		}
	}
	return f
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (in LocationInput) apply(l *Location) {
	setIf(&l.Name, in.Name)
	setIf(&l.AddressLine1, in.AddressLine1)
	setIf(&l.AddressLine2, in.AddressLine2)
	setIf(&l.PostalCode, in.PostalCode)
	setIf(&l.City, in.City)
	setIf(&l.Country, in.Country)
	setIf(&l.Timezone, in.Timezone)
	setIf(&l.Notes, in.Notes)
	setIf(&l.Physical, in.Physical)
}

const locationSelect = "locations.*, (SELECT count(*) FROM assets a WHERE a.location_id = locations.id AND a.archived_at IS NULL) AS asset_count"

func (s *Service) location(tx *gorm.DB, id uuid.UUID) (Location, error) {
	var l Location
	err := tx.Model(&Location{}).Select(locationSelect).Where("locations.id = ?", id).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return l, apperr.NotFound("location")
	}
	return l, err
}

// GetLocation returns one location.
func (s *Service) GetLocation(ctx context.Context, id uuid.UUID) (Location, error) {
	var l Location
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { l, err = s.location(tx, id); return err })
	return l, err
}

// CreateLocation adds a location.
func (s *Service) CreateLocation(ctx context.Context, in LocationInput) (Location, error) {
	var l Location
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { l, err = s.createLocation(tx, in); return err })
	return l, err
}

func (s *Service) createLocation(tx *gorm.DB, in LocationInput) (Location, error) {
	if err := in.check(true).err("location"); err != nil {
		return Location{}, err
	}
	l := Location{ID: uuid.Must(uuid.NewV7()), Timezone: "UTC", Physical: true, Version: 1}
	in.apply(&l)
	cf, err := customfields.Apply(tx, TypeLocation, nil, in.CustomFields, true)
	if err != nil {
		return l, err
	}
	l.CustomFields = cf
	if err := duplicate(tx.Create(&l).Error, "name", "location"); err != nil {
		return l, err
	}
	return s.location(tx, l.ID)
}

// UpdateLocation applies a patch.
func (s *Service) UpdateLocation(ctx context.Context, id uuid.UUID, ifMatch *int64, in LocationInput) (Location, error) {
	var l Location
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { l, err = s.updateLocation(tx, id, ifMatch, in); return err })
	return l, err
}

func (s *Service) updateLocation(tx *gorm.DB, id uuid.UUID, ifMatch *int64, in LocationInput) (Location, error) {
	if err := in.check(false).err("location"); err != nil {
		return Location{}, err
	}
	l, err := find[Location](tx, id, "location")
	if err != nil {
		return l, err
	}
	if ifMatch != nil && *ifMatch != l.Version {
		return l, apperr.PreconditionFailed(l.Version)
	}
	if l.ArchivedAt != nil {
		return l, apperr.Conflict("An archived location cannot be changed; restore it first.")
	}
	in.apply(&l)
	if in.CustomFields != nil {
		if l.CustomFields, err = customfields.Apply(tx, TypeLocation, l.CustomFields, in.CustomFields, false); err != nil {
			return l, err
		}
	}
	l.Version++
	if err := duplicate(tx.Model(&l).Select("name", "address_line1", "address_line2", "postal_code", "city", "country",
		"timezone", "physical", "notes", "custom_fields", "version").Updates(&l).Error, "name", "location"); err != nil {
		return l, err
	}
	return s.location(tx, id)
}

// SetLocationArchived archives (only without active assets) or restores a location.
func (s *Service) SetLocationArchived(ctx context.Context, id uuid.UUID, archived bool) (Location, error) {
	var l Location
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if l, err = s.location(tx, id); err != nil {
			return err
		}
		if archived && l.ArchivedAt == nil && l.AssetCount > 0 {
			return apperr.Conflict("Assets are still at this location: move them first.")
		}
		if err := duplicate(setArchived(tx, &l, archived, l.ArchivedAt != nil, l.Version), "name", "location"); err != nil {
			return err
		}
		l, err = s.location(tx, id)
		return err
	})
	return l, err
}

// ListFilter is the common filter of the module's simple lists.
type ListFilter struct {
	Query           string
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
	Country         string
	Physical        *bool
	BrandID         *uuid.UUID
	Category        string
}

func nameOrCreated(table string) map[string]string {
	return map[string]string{"name": table + ".name", "created_at": table + ".created_at"}
}

func pageKey(so db.Sort, name string, created time.Time, id uuid.UUID) (any, uuid.UUID) {
	if strings.HasSuffix(so.Column, ".created_at") {
		return created.UTC().Format(time.RFC3339Nano), id
	}
	return name, id
}

// ListLocations returns a page of locations.
func (s *Service) ListLocations(ctx context.Context, f ListFilter) (db.PageResult[Location], error) {
	var res db.PageResult[Location]
	so, err := db.ParseSort(f.Sort, "name", nameOrCreated("locations"))
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Location{}).Select(locationSelect)
		if !f.IncludeArchived {
			q = q.Where("locations.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(locations.name || ' ' || locations.city) ILIKE ?", db.Contains(t))
		}
		if f.Country != "" {
			q = q.Where("locations.country = ?", f.Country)
		}
		if f.Physical != nil {
			q = q.Where("locations.physical = ?", *f.Physical)
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(l *Location) (any, uuid.UUID) { return pageKey(so, l.Name, l.CreatedAt, l.ID) })
		return err
	})
	return res, err
}

// BrandInput is a new brand or a patch.
type BrandInput struct{ Name, Website, Notes *string }

func (in *BrandInput) check() error {
	var f fieldErrors
	f.text("name", in.Name, 100, true)
	f.text("notes", in.Notes, 2000, false)
	if in.Website != nil {
		w := strings.TrimSpace(*in.Website)
		in.Website = &w
		if u, err := url.Parse(w); w != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			f.add("website", "invalid", "must be an http(s) URL")
		}
	}
	return f.err("brand")
}

const brandSelect = "brands.*, (SELECT count(*) FROM asset_models m WHERE m.brand_id = brands.id AND m.archived_at IS NULL) AS model_count"

func (s *Service) brand(tx *gorm.DB, id uuid.UUID) (Brand, error) {
	var b Brand
	err := tx.Model(&Brand{}).Select(brandSelect).Where("brands.id = ?", id).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return b, apperr.NotFound("brand")
	}
	return b, err
}

// GetBrand returns one brand.
func (s *Service) GetBrand(ctx context.Context, id uuid.UUID) (Brand, error) {
	var b Brand
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { b, err = s.brand(tx, id); return err })
	return b, err
}

// CreateBrand adds a brand.
func (s *Service) CreateBrand(ctx context.Context, in BrandInput) (Brand, error) {
	var b Brand
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { b, err = s.createBrand(tx, in); return err })
	return b, err
}

func (s *Service) createBrand(tx *gorm.DB, in BrandInput) (Brand, error) {
	if err := in.check(); err != nil {
		return Brand{}, err
	}
	b := Brand{ID: uuid.Must(uuid.NewV7()), Version: 1}
	setIf(&b.Name, in.Name)
	setIf(&b.Website, in.Website)
	setIf(&b.Notes, in.Notes)
	if err := duplicate(tx.Create(&b).Error, "name", "brand"); err != nil {
		return b, err
	}
	return s.brand(tx, b.ID)
}

// UpdateBrand applies a patch.
func (s *Service) UpdateBrand(ctx context.Context, id uuid.UUID, ifMatch *int64, in BrandInput) (Brand, error) {
	if err := in.check(); err != nil {
		return Brand{}, err
	}
	var b Brand
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if b, err = find[Brand](tx, id, "brand"); err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != b.Version {
			return apperr.PreconditionFailed(b.Version)
		}
		setIf(&b.Name, in.Name)
		setIf(&b.Website, in.Website)
		setIf(&b.Notes, in.Notes)
		b.Version++
		if err := duplicate(tx.Model(&b).Select("name", "website", "notes", "version").Updates(&b).Error, "name", "brand"); err != nil {
			return err
		}
		b, err = s.brand(tx, id)
		return err
	})
	return b, err
}

// SetBrandArchived archives (only without active models) or restores a brand.
func (s *Service) SetBrandArchived(ctx context.Context, id uuid.UUID, archived bool) (Brand, error) {
	var b Brand
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if b, err = s.brand(tx, id); err != nil {
			return err
		}
		if archived && b.ArchivedAt == nil && b.ModelCount > 0 {
			return apperr.Conflict("The brand still has active models: archive them first.")
		}
		if err := setArchived(tx, &b, archived, b.ArchivedAt != nil, b.Version); err != nil {
			return err
		}
		b, err = s.brand(tx, id)
		return err
	})
	return b, err
}

// ListBrands returns a page of brands.
func (s *Service) ListBrands(ctx context.Context, f ListFilter) (db.PageResult[Brand], error) {
	var res db.PageResult[Brand]
	so, err := db.ParseSort(f.Sort, "name", nameOrCreated("brands"))
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Brand{}).Select(brandSelect)
		if !f.IncludeArchived {
			q = q.Where("brands.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("brands.name ILIKE ?", db.Contains(t))
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(b *Brand) (any, uuid.UUID) { return pageKey(so, b.Name, b.CreatedAt, b.ID) })
		return err
	})
	return res, err
}

// ModelInput is a new model or a patch (the brand is fixed at creation).
type ModelInput struct {
	BrandID               *uuid.UUID
	Name, Category, Notes *string
}

func (in *ModelInput) check() error {
	var f fieldErrors
	f.text("name", in.Name, 100, true)
	f.text("notes", in.Notes, 2000, false)
	if in.Category != nil && !slices.Contains(Categories, *in.Category) {
		f.add("category", "invalid", "must be one of "+strings.Join(Categories, ", "))
	}
	return f.err("model")
}

const modelSelect = `asset_models.*, b.name AS brand_name,
	(SELECT count(*) FROM assets a WHERE a.model_id = asset_models.id AND a.archived_at IS NULL) AS asset_count`

func (s *Service) model(tx *gorm.DB, id uuid.UUID) (Model, error) {
	var m Model
	err := tx.Model(&Model{}).Select(modelSelect).Joins("JOIN brands b ON b.id = asset_models.brand_id").
		Where("asset_models.id = ?", id).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return m, apperr.NotFound("model")
	}
	return m, err
}

// GetModel returns one model.
func (s *Service) GetModel(ctx context.Context, id uuid.UUID) (Model, error) {
	var m Model
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { m, err = s.model(tx, id); return err })
	return m, err
}

// CreateModel adds a model to an active brand.
func (s *Service) CreateModel(ctx context.Context, in ModelInput) (Model, error) {
	var m Model
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { m, err = s.createModel(tx, in); return err })
	return m, err
}

func (s *Service) createModel(tx *gorm.DB, in ModelInput) (Model, error) {
	if err := in.check(); err != nil {
		return Model{}, err
	}
	m := Model{ID: uuid.Must(uuid.NewV7()), BrandID: *in.BrandID, Category: "other", Version: 1}
	setIf(&m.Name, in.Name)
	setIf(&m.Category, in.Category)
	setIf(&m.Notes, in.Notes)
	b, err := find[Brand](tx, m.BrandID, "brand")
	if err != nil || b.ArchivedAt != nil {
		return m, apperr.Unprocessable("The model is not valid.", apperr.FieldError{Field: "brand_id", Code: "not_found",
			Message: "is not an active brand of this organisation"})
	}
	if err := duplicate(tx.Create(&m).Error, "name", "model of this brand"); err != nil {
		return m, err
	}
	return s.model(tx, m.ID)
}

// UpdateModel applies a patch.
func (s *Service) UpdateModel(ctx context.Context, id uuid.UUID, ifMatch *int64, in ModelInput) (Model, error) {
	var m Model
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { m, err = s.updateModel(tx, id, ifMatch, in); return err })
	return m, err
}

func (s *Service) updateModel(tx *gorm.DB, id uuid.UUID, ifMatch *int64, in ModelInput) (Model, error) {
	if err := in.check(); err != nil {
		return Model{}, err
	}
	m, err := find[Model](tx, id, "model")
	if err != nil {
		return m, err
	}
	if ifMatch != nil && *ifMatch != m.Version {
		return m, apperr.PreconditionFailed(m.Version)
	}
	setIf(&m.Name, in.Name)
	setIf(&m.Category, in.Category)
	setIf(&m.Notes, in.Notes)
	m.Version++
	if err := duplicate(tx.Model(&m).Select("name", "category", "notes", "version").Updates(&m).Error, "name", "model of this brand"); err != nil {
		return m, err
	}
	return s.model(tx, id)
}

// SetModelArchived archives (only without active assets) or restores a model.
func (s *Service) SetModelArchived(ctx context.Context, id uuid.UUID, archived bool) (Model, error) {
	var m Model
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if m, err = s.model(tx, id); err != nil {
			return err
		}
		if archived && m.ArchivedAt == nil && m.AssetCount > 0 {
			return apperr.Conflict("Active assets use this model.")
		}
		if err := setArchived(tx, &m, archived, m.ArchivedAt != nil, m.Version); err != nil {
			return err
		}
		m, err = s.model(tx, id)
		return err
	})
	return m, err
}

// ListModels returns a page of models.
func (s *Service) ListModels(ctx context.Context, f ListFilter) (db.PageResult[Model], error) {
	var res db.PageResult[Model]
	so, err := db.ParseSort(f.Sort, "name", nameOrCreated("asset_models"))
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Model{}).Select(modelSelect).Joins("JOIN brands b ON b.id = asset_models.brand_id")
		if !f.IncludeArchived {
			q = q.Where("asset_models.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(asset_models.name || ' ' || b.name) ILIKE ?", db.Contains(t))
		}
		if f.BrandID != nil {
			q = q.Where("asset_models.brand_id = ?", *f.BrandID)
		}
		if f.Category != "" {
			q = q.Where("asset_models.category = ?", f.Category)
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(m *Model) (any, uuid.UUID) { return pageKey(so, m.Name, m.CreatedAt, m.ID) })
		return err
	})
	return res, err
}
