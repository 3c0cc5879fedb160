package organizations

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/validate"
)

// Service holds the organisation rules.
type Service struct {
	db      *db.DB
	created []func(tx *gorm.DB, org uuid.UUID) error
}

// NewService returns the organisation service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// OnCreate registers work that must happen in the transaction creating an organisation (e.g. its built-in roles), so
// other modules extend creation without this package knowing them.
func (s *Service) OnCreate(fn func(tx *gorm.DB, org uuid.UUID) error) {
	s.created = append(s.created, fn)
}

// Current returns the caller's active organisation.
func (s *Service) Current(ctx context.Context) (Organization, error) {
	var o Organization
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Take(&o).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return o, apperr.NotFound("organisation")
	}
	o.normalize()
	return o, err
}

// Patch is a merge patch of the editable fields: nil means "leave as it is".
type Patch struct {
	Name       *string
	Country    *string
	Identifier *string
	Settings   *SettingsPatch
}

// SettingsPatch is a merge patch of the settings; arrays and nested objects are replaced whole (RFC 7396).
type SettingsPatch struct {
	LegalName    *string
	TaxID        *string
	Domains      *[]string
	LogoURL      *string
	Timezone     *string
	BaseCurrency *string
	RiskMatrix   *RiskMatrix
	Retention    *Retention
	RequireMFA   *bool
	TermsVersion *string
	TermsURL     *string
}

// Update applies a merge patch to the caller's organisation. ifMatch, when not nil, must equal the current version.
func (s *Service) Update(ctx context.Context, ifMatch *int64, p Patch) (Organization, error) {
	var o Organization
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&o).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("organisation")
			}
			return err
		}
		o.normalize()
		if ifMatch != nil && *ifMatch != o.Version {
			return apperr.PreconditionFailed(o.Version)
		}
		p.apply(&o)
		if err := validate.Struct(o); err != nil {
			return err
		}
		o.Version++
		o.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond) // PostgreSQL keeps microseconds
		res := tx.Model(&o).Select("name", "country", "identifier", "settings", "updated_at", "version").Updates(&o)
		if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
			return apperr.Conflict("Another organisation already uses this identifier.",
				apperr.FieldError{Field: "identifier", Code: "taken", Message: "is already used by another organisation"})
		}
		return res.Error
	})
	return o, err
}

func (p Patch) apply(o *Organization) {
	set(&o.Name, p.Name, strings.TrimSpace)
	set(&o.Country, p.Country, nil)
	set(&o.Identifier, p.Identifier, nil)
	if sp := p.Settings; sp != nil {
		st := &o.Settings
		set(&st.LegalName, sp.LegalName, strings.TrimSpace)
		set(&st.TaxID, sp.TaxID, strings.TrimSpace)
		set(&st.LogoURL, sp.LogoURL, strings.TrimSpace)
		set(&st.Timezone, sp.Timezone, nil)
		set(&st.BaseCurrency, sp.BaseCurrency, nil)
		if sp.Domains != nil {
			st.Domains = append([]string{}, (*sp.Domains)...)
		}
		if sp.RiskMatrix != nil {
			st.RiskMatrix = *sp.RiskMatrix
		}
		if sp.Retention != nil {
			st.Retention = *sp.Retention
		}
		if sp.RequireMFA != nil {
			st.RequireMFA = *sp.RequireMFA
		}
		set(&st.TermsVersion, sp.TermsVersion, strings.TrimSpace)
		set(&st.TermsURL, sp.TermsURL, strings.TrimSpace)
	}
}

func set(dst *string, v *string, clean func(string) string) {
	if v == nil {
		return
	}
	if clean != nil {
		*dst = clean(*v)
		return
	}
	*dst = *v
}

// ListFilter narrows the platform list.
type ListFilter struct {
	Query  string
	Kind   string
	Sort   string
	Cursor string
	Limit  int
}

var sorts = map[string]string{"name": "organizations.name", "slug": "organizations.slug", "created_at": "organizations.created_at"}

// List returns a page of every organisation of the deployment (platform scope: profiles only, no business data).
func (s *Service) List(ctx context.Context, f ListFilter) (db.PageResult[Organization], error) {
	var res db.PageResult[Organization]
	sort, err := db.ParseSort(f.Sort, "name", sorts)
	if err != nil {
		return res, err
	}
	err = s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Organization{}).Where("organizations.archived_at IS NULL")
		if f.Kind != "" {
			q = q.Where("organizations.kind = ?", f.Kind)
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(organizations.name || ' ' || organizations.slug || ' ' || organizations.identifier) ILIKE ?",
				db.Contains(t))
		}
		res, err = db.Page(q, sort, f.Cursor, f.Limit, func(o *Organization) (any, uuid.UUID) {
			switch sort.Column {
			case "organizations.slug":
				return o.Slug, o.ID
			case "organizations.created_at":
				return o.CreatedAt.Format(time.RFC3339Nano), o.ID
			}
			return o.Name, o.ID
		})
		return err
	})
	for i := range res.Items {
		res.Items[i].normalize()
	}
	return res, err
}

var (
	slugPattern       = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	identifierPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,15}$`)
)

// Check fills a new organisation's defaults and validates it, without storing it.
func Check(o *Organization) error {
	if o.ID == uuid.Nil {
		o.ID = uuid.Must(uuid.NewV7())
	}
	if o.Settings.Timezone == "" {
		o.Settings = DefaultSettings()
	}
	for _, arr := range []*db.TextArray{&o.EntityCategories, &o.Sectors, &o.EnabledModules} {
		if *arr == nil {
			*arr = db.TextArray{}
		}
	}
	o.Version = 1
	if err := validate.Struct(o); err != nil {
		return err
	}
	if !slugPattern.MatchString(o.Slug) || !identifierPattern.MatchString(o.Identifier) {
		return apperr.Unprocessable("Slug or identifier is malformed.",
			apperr.FieldError{Field: "slug", Code: "invalid_format", Message: "lowercase letters, digits and hyphens"},
			apperr.FieldError{Field: "identifier", Code: "invalid_format", Message: "capital letters, digits and hyphens, 2 to 16"})
	}
	return nil
}

// Create adds an organisation (platform scope). Used by seeding now and by platform administration later.
func (s *Service) Create(ctx context.Context, o *Organization) error {
	if err := Check(o); err != nil {
		return err
	}
	return s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		err := tx.Create(o).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return apperr.Conflict("An organisation with this slug or identifier already exists.")
		}
		if err != nil {
			return err
		}
		for _, fn := range s.created {
			if err := fn(tx, o.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// Count returns how many live organisations the deployment holds (platform scope).
func (s *Service) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&Organization{}).Where("archived_at IS NULL").Count(&n).Error
	})
	return n, err
}

// Get reads one organisation at platform scope (for platform administration).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Organization, error) {
	var o Organization
	err := s.db.PlatformTx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", id).Take(&o).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return o, apperr.NotFound("organisation")
	}
	o.normalize()
	return o, err
}
