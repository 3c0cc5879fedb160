package assets

import (
	"context"
	"errors"
	"fmt"
	"regexp"
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
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// Opt is an optional, nullable field of a patch.
type Opt[T any] = patch.Opt[T]

// Some is a value that was sent.
func Some[T any](v T) Opt[T] { return patch.Some(v) }

// AssetInput is a new asset or a merge patch.
type AssetInput struct {
	Name, SupplierName, Comments *string
	AssetTag, Serial             Opt[string]
	ModelID, LocationID          Opt[uuid.UUID]
	Critical, Virtual            *bool
	PurchaseDate                 Opt[time.Time]
	Cost, Currency               Opt[string]
	WarrantyMonths               Opt[int]
	CustomFields                 map[string]any
	TagIDs                       *[]uuid.UUID
	// Imports only: the API moves status and holder through check-out, check-in and transitions.
	Status   *string
	HolderID Opt[uuid.UUID]
	Remote   *bool
}

var (
	moneyPattern    = regexp.MustCompile(`^\d{1,12}(\.\d{1,2})?$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

func optText(f *fieldErrors, field string, o *Opt[string], max int) {
	if !o.Set || o.Null {
		return
	}
	o.V = strings.TrimSpace(o.V)
	if o.V == "" {
		o.Null = true // an empty tag or serial is no tag or serial
		return
	}
	if len([]rune(o.V)) > max {
		f.add(field, "too_long", fmt.Sprintf("is longer than %d characters", max))
	}
}

func (in *AssetInput) check() fieldErrors {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("supplier_name", in.SupplierName, 200, false)
	f.text("comments", in.Comments, 10000, false)
	optText(&f, "asset_tag", &in.AssetTag, 64)
	optText(&f, "serial", &in.Serial, 128)
	purchase(&f, &in.Cost, &in.Currency, in.WarrantyMonths, Opt[time.Time]{})
	return f
}

// apply copies the input onto a, checks references in tx and returns field errors.
func (s *Service) apply(tx *gorm.DB, a *Asset, in AssetInput, f *fieldErrors) error {
	setIf(&a.Name, in.Name)
	setIf(&a.SupplierName, in.SupplierName)
	setIf(&a.Comments, in.Comments)
	setIf(&a.Critical, in.Critical)
	setIf(&a.Virtual, in.Virtual)
	if in.AssetTag.Set {
		a.AssetTag = in.AssetTag.Ptr()
	}
	if in.Serial.Set {
		a.Serial = in.Serial.Ptr()
	}
	if in.Cost.Set {
		a.Cost = in.Cost.Ptr()
	}
	if in.Currency.Set {
		a.Currency = in.Currency.Ptr()
	}
	if in.WarrantyMonths.Set {
		a.WarrantyMonths = in.WarrantyMonths.Ptr()
	}
	if in.PurchaseDate.Set {
		a.PurchaseDate = in.PurchaseDate.Ptr()
		if a.PurchaseDate != nil && a.PurchaseDate.After(time.Now().AddDate(1, 0, 0)) {
			f.add("purchase_date", "invalid", "is more than a year in the future")
		}
	}
	if (a.Cost == nil) != (a.Currency == nil) {
		f.add("currency", "required_with", "cost and currency go together")
	}
	if in.ModelID.Set {
		a.ModelID = in.ModelID.Ptr()
		if a.ModelID != nil {
			var n int64
			if err := tx.Model(&Model{}).Where("id = ? AND archived_at IS NULL", *a.ModelID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				f.add("model_id", "not_found", "is not an active model of this organisation")
			}
		}
	}
	if in.LocationID.Set {
		a.LocationID = in.LocationID.Ptr()
		if err := activeLocation(tx, a.LocationID, "location_id", f); err != nil {
			return err
		}
	}
	return nil
}

func activeLocation(tx *gorm.DB, id *uuid.UUID, field string, f *fieldErrors) error {
	if id == nil {
		return nil
	}
	var n int64
	if err := tx.Model(&Location{}).Where("id = ? AND archived_at IS NULL", *id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		f.add(field, "not_found", "is not an active location of this organisation")
	}
	return nil
}

func uniqueAsset(err error) error {
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		return err
	}
	field := "asset_tag"
	if strings.Contains(err.Error(), "serial") {
		field = "serial"
	}
	return apperr.Conflict("Another asset already has this "+strings.ReplaceAll(field, "_", " ")+".",
		apperr.FieldError{Field: field, Code: "taken", Message: "is already used by another asset"})
}

const assetSelect = `assets.*, m.name AS model_name, b.id AS brand_id, b.name AS brand_name, m.category AS category,
	l.name AS location_name, u.name AS holder_name`

func assetQuery(tx *gorm.DB) *gorm.DB { return withNames(tx.Model(&Asset{})) }

// withNames adds the names an asset shows (model, brand, location, holder) to a query over assets.
func withNames(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(assetSelect).
		Joins("LEFT JOIN asset_models m ON m.id = assets.model_id").
		Joins("LEFT JOIN brands b ON b.id = m.brand_id").
		Joins("LEFT JOIN locations l ON l.id = assets.location_id").
		Joins("LEFT JOIN users u ON u.id = assets.holder_id")
}

// AssetView is an asset with its names and tags.
type AssetView struct {
	AssetRow
	Tags []tags.Ref
}

func (s *Service) asset(tx *gorm.DB, id uuid.UUID) (AssetView, error) {
	var v AssetView
	if err := assetQuery(tx).Where("assets.id = ?", id).Take(&v.AssetRow).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("asset")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeAsset, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

// GetAsset returns one asset.
func (s *Service) GetAsset(ctx context.Context, id uuid.UUID) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.asset(tx, id); return err })
	return v, err
}

func label(a Asset) string {
	if a.AssetTag != nil {
		return a.Name + " (" + *a.AssetTag + ")"
	}
	return a.Name
}

// CreateAsset adds an asset, in stock.
func (s *Service) CreateAsset(ctx context.Context, in AssetInput) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.createIn(ctx, tx, in)
		if err != nil {
			return err
		}
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

// createIn adds an asset in tx: in stock, or (imports only) in the status and with the holder in.Status/in.HolderID.
func (s *Service) createIn(ctx context.Context, tx *gorm.DB, in AssetInput) (uuid.UUID, error) {
	f := in.check()
	a := Asset{ID: uuid.Must(uuid.NewV7()), Status: InStock, Version: 1}
	if err := s.apply(tx, &a, in, &f); err != nil {
		return a.ID, err
	}
	if err := custodyOf(tx, &a, in, &f); err != nil {
		return a.ID, err
	}
	cf, err := customfields.Apply(tx, TypeAsset, nil, in.CustomFields, true)
	if err != nil {
		return a.ID, mergeErrors(f, err, "asset")
	}
	if err := f.err("asset"); err != nil {
		return a.ID, err
	}
	a.CustomFields = cf
	if err := uniqueAsset(tx.Create(&a).Error); err != nil {
		return a.ID, err
	}
	if err := importedCustody(ctx, tx, a, nil); err != nil {
		return a.ID, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeAsset, a.ID, label(a), *in.TagIDs); err != nil {
			return a.ID, err
		}
	}
	return a.ID, nil
}

// custodyOf applies an imported status and holder (the API changes them only by check-out, check-in and
// transitions): the pair must be consistent, and disposal stays with its workflow.
func custodyOf(_ *gorm.DB, a *Asset, in AssetInput, f *fieldErrors) error {
	importCustody("asset", &a.Status, &a.HolderID, &a.Remote, in.Status, in.HolderID, in.Remote, f)
	return nil
}

// importCustody sets an item's status, holder and remote flag from an import row and checks they agree.
func importCustody(what string, status *string, holder **uuid.UUID, remote *bool, inStatus *string, inHolder Opt[uuid.UUID], inRemote *bool, f *fieldErrors) {
	if inStatus == nil && !inHolder.Set {
		return
	}
	if inStatus != nil {
		switch *inStatus {
		case InStock, InUse, InRepair, AwaitingDisposal:
			*status = *inStatus
		case Disposed, Sold:
			f.add("status", "invalid", "disposed and sold items go through the disposal workflow")
			return
		default:
			f.add("status", "invalid", "must be in_stock, in_use, in_repair or awaiting_disposal")
			return
		}
	}
	if inHolder.Set {
		*holder = inHolder.Ptr()
		if *holder == nil {
			*remote = false
		}
	}
	if inRemote != nil {
		*remote = *inRemote
	}
	switch {
	case *status == InUse && *holder == nil:
		f.add("holder_id", "required", withArticle(what)+" in use has a holder")
	case *status != InUse && *holder != nil:
		f.add("holder_id", "not_allowed", "only "+withArticle(what)+" in use has a holder")
	case *remote && *holder == nil:
		f.add("remote", "not_allowed", "only "+withArticle(what)+" with a holder is remote")
	}
}

// importedCustody logs a holder change made by an import in the custody log, like a check-out or check-in.
func importedCustody(ctx context.Context, tx *gorm.DB, a Asset, before *uuid.UUID) error {
	return logImportedCustody(ctx, tx, Custody{AssetID: &a.ID}, a.HolderID, before, a.LocationID, a.Remote)
}

func importedPeripheralCustody(ctx context.Context, tx *gorm.DB, p Peripheral, before *uuid.UUID) error {
	return logImportedCustody(ctx, tx, Custody{PeripheralID: &p.ID}, p.HolderID, before, p.LocationID, p.Remote)
}

func peripheralCustody(p *Peripheral, in PeripheralInput, f *fieldErrors) {
	importCustody("peripheral", &p.Status, &p.HolderID, &p.Remote, in.Status, in.HolderID, in.Remote, f)
	if p.AssetID != nil && p.HolderID != nil {
		f.add("holder_id", "not_allowed", "a peripheral attached to an asset follows it and has no holder of its own")
	}
}

func logImportedCustody(ctx context.Context, tx *gorm.DB, c Custody, holder, before, location *uuid.UUID, remote bool) error {
	if (holder == nil && before == nil) || (holder != nil && before != nil && *holder == *before) {
		return nil
	}
	c.ID, c.Action, c.LocationID, c.Note, c.At = uuid.Must(uuid.NewV7()), "check_in", location, "Imported", time.Now().UTC()
	c.ActorID, c.ActorName = actor(ctx)
	if holder != nil {
		c.Action, c.UserID, c.Remote = "check_out", holder, remote
	}
	return tx.Create(&c).Error
}

// mergeErrors folds the custom field errors into the request's other field errors (one 422 listing everything).
func mergeErrors(f fieldErrors, err error, what string) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Kind == apperr.KindUnprocessable {
		return apperr.Unprocessable("The "+what+" is not valid.", append(f, ae.Fields...)...)
	}
	return err
}

func (s *Service) lockAsset(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Asset, error) {
	var a Asset
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&a).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return a, apperr.NotFound("asset")
		}
		return a, err
	}
	if ifMatch != nil && *ifMatch != a.Version {
		return a, apperr.PreconditionFailed(a.Version)
	}
	return a, nil
}

var assetColumns = []string{"name", "asset_tag", "serial", "model_id", "critical", "virtual", "purchase_date", "cost", "currency",
	"warranty_months", "supplier_name", "location_id", "comments", "custom_fields", "version"}

// UpdateAsset applies a merge patch. Archived assets are read-only.
func (s *Service) UpdateAsset(ctx context.Context, id uuid.UUID, ifMatch *int64, in AssetInput) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := s.updateIn(ctx, tx, id, ifMatch, in); err != nil {
			return err
		}
		var err error
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

func (s *Service) updateIn(ctx context.Context, tx *gorm.DB, id uuid.UUID, ifMatch *int64, in AssetInput) error {
	f := in.check()
	a, err := s.lockAsset(tx, id, ifMatch)
	if err != nil {
		return err
	}
	if a.ArchivedAt != nil {
		return apperr.Conflict("An archived asset cannot be changed; restore it first.")
	}
	if err := s.apply(tx, &a, in, &f); err != nil {
		return err
	}
	holder := a.HolderID
	if err := custodyOf(tx, &a, in, &f); err != nil {
		return err
	}
	if in.CustomFields != nil {
		cf, err := customfields.Apply(tx, TypeAsset, a.CustomFields, in.CustomFields, false)
		if err != nil {
			return mergeErrors(f, err, "asset")
		}
		a.CustomFields = cf
	}
	if err := f.err("asset"); err != nil {
		return err
	}
	a.Version++
	cols := assetColumns
	if in.Status != nil || in.HolderID.Set || in.Remote != nil {
		cols = append(slices.Clone(cols), "status", "holder_id", "remote")
	}
	if err := uniqueAsset(tx.Model(&a).Select(cols).Updates(&a).Error); err != nil {
		return err
	}
	if err := importedCustody(ctx, tx, a, holder); err != nil {
		return err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypeAsset, a.ID, label(a), *in.TagIDs); err != nil {
			return err
		}
	}
	return nil
}

// SetAssetArchived archives or restores an asset; an asset in use must be checked in first.
func (s *Service) SetAssetArchived(ctx context.Context, id uuid.UUID, archived bool) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		a, err := s.lockAsset(tx, id, nil)
		if err != nil {
			return err
		}
		if archived && a.ArchivedAt == nil && a.Status == InUse {
			return apperr.Conflict("The asset is checked out: check it in before archiving it.")
		}
		if !archived && a.ArchivedAt != nil && (a.Status == Disposed || a.Status == Sold) {
			return apperr.Conflict("A disposed asset stays archived; correct its disposal record instead.")
		}
		if err := uniqueAsset(setArchived(tx, &a, archived, a.ArchivedAt != nil, a.Version)); err != nil {
			return err
		}
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

func actor(ctx context.Context) (string, string) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil {
		return "system", "System"
	}
	return p.ID, p.Name
}

// CheckOut gives an asset in stock to an active member.
func (s *Service) CheckOut(ctx context.Context, id uuid.UUID, ifMatch *int64, user uuid.UUID, location *uuid.UUID, remote bool, note string) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		a, err := s.lockAsset(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := checkOutRules(tx, "asset", a.Status, a.ArchivedAt, a.HolderID, user, location, note); err != nil {
			return err
		}
		if location != nil {
			a.LocationID = location
		}
		a.Status, a.HolderID, a.Remote, a.Version = InUse, &user, remote, a.Version+1
		if err := tx.Model(&a).Select("status", "holder_id", "remote", "location_id", "version").Updates(&a).Error; err != nil {
			return err
		}
		aid, aname := actor(ctx)
		if err := tx.Create(&Custody{ID: uuid.Must(uuid.NewV7()), AssetID: &a.ID, Action: "check_out", UserID: &user,
			LocationID: a.LocationID, Remote: remote, Note: strings.TrimSpace(note), ActorID: aid, ActorName: aname,
			At: time.Now().UTC()}).Error; err != nil {
			return err
		}
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

// CheckIn takes an asset in use back into stock.
func (s *Service) CheckIn(ctx context.Context, id uuid.UUID, ifMatch *int64, location *uuid.UUID, note string) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		a, err := s.lockAsset(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := checkInRules(tx, "asset", a.Status, location, note); err != nil {
			return err
		}
		if location != nil {
			a.LocationID = location
		}
		a.Status, a.HolderID, a.Remote, a.Version = InStock, nil, false, a.Version+1
		if err := tx.Model(&a).Select("status", "holder_id", "remote", "location_id", "version").Updates(&a).Error; err != nil {
			return err
		}
		aid, aname := actor(ctx)
		if err := tx.Create(&Custody{ID: uuid.Must(uuid.NewV7()), AssetID: &a.ID, Action: "check_in", LocationID: a.LocationID,
			Note: strings.TrimSpace(note), ActorID: aid, ActorName: aname, At: time.Now().UTC()}).Error; err != nil {
			return err
		}
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

// Transition moves an asset along the state machine (Transitions).
func (s *Service) Transition(ctx context.Context, id uuid.UUID, ifMatch *int64, to, note string) (AssetView, error) {
	var v AssetView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		a, err := s.lockAsset(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := transitionRules("asset", a.Status, a.ArchivedAt, to, note); err != nil {
			return err
		}
		a.Status, a.Version = to, a.Version+1
		if err := tx.Model(&a).Select("status", "version").Updates(&a).Error; err != nil {
			return err
		}
		v, err = s.asset(tx, id)
		return err
	})
	return v, err
}

// AssetFilter narrows the fleet.
type AssetFilter struct {
	Query                                  string
	Statuses                               []string
	LocationID, ModelID, BrandID, HolderID *uuid.UUID
	Critical, Remote                       *bool
	Supplier                               string
	NoLocation                             bool
	WarrantyFrom, WarrantyTo               *time.Time
	TagIDs                                 []uuid.UUID
	CustomFields                           []string
	IncludeArchived                        bool
	Sort, Cursor                           string
	Limit                                  int
}

var assetSorts = map[string]string{
	"name": "assets.name", "asset_tag": "coalesce(assets.asset_tag, '')", "status": "assets.status",
	"purchase_date": "coalesce(assets.purchase_date, '0001-01-01'::date)",
	"warranty_end":  "coalesce(assets.warranty_end, '0001-01-01'::date)", "created_at": "assets.created_at",
}

func dateKey(t *time.Time) string {
	if t == nil {
		return "0001-01-01"
	}
	return t.Format(time.DateOnly)
}

// ListAssets returns a keyset page of assets.
func (s *Service) ListAssets(ctx context.Context, f AssetFilter) (db.PageResult[AssetView], error) {
	var res db.PageResult[AssetView]
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var so db.Sort
		var cfKey func(map[string]any) any
		if name := strings.TrimPrefix(f.Sort, "-"); strings.HasPrefix(name, "cf.") {
			expr, key, err := customfields.SortExpr(tx, TypeAsset, "assets", strings.TrimPrefix(name, "cf."))
			if err != nil {
				return err
			}
			so = db.Sort{Name: f.Sort, Column: expr, Desc: strings.HasPrefix(f.Sort, "-"), IDColumn: "assets.id"}
			cfKey = key
		} else {
			var err error
			if so, err = db.ParseSort(f.Sort, "name", assetSorts); err != nil {
				return err
			}
			so.IDColumn = "assets.id"
		}
		cfs, err := customfields.ParseFilters(tx, TypeAsset, f.CustomFields)
		if err != nil {
			return err
		}
		q := tx.Model(&Asset{})
		if !f.IncludeArchived {
			q = q.Where("assets.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(assets.name || ' ' || coalesce(assets.asset_tag, '') || ' ' || coalesce(assets.serial, '')) ILIKE ?", db.Contains(t))
		}
		if len(f.Statuses) > 0 {
			q = q.Where("assets.status IN ?", f.Statuses)
		}
		for col, v := range map[string]*uuid.UUID{"assets.location_id": f.LocationID, "assets.model_id": f.ModelID,
			"assets.holder_id": f.HolderID} {
			if v != nil {
				q = q.Where(col+" = ?", *v)
			}
		}
		if f.BrandID != nil {
			q = q.Where("assets.model_id IN (SELECT id FROM asset_models WHERE brand_id = ?)", *f.BrandID)
		}
		if f.Critical != nil {
			q = q.Where("assets.critical = ?", *f.Critical)
		}
		if f.Remote != nil {
			q = q.Where("assets.remote = ?", *f.Remote)
		}
		if t := strings.TrimSpace(f.Supplier); t != "" {
			q = q.Where("lower(assets.supplier_name) = lower(?)", t)
		}
		if f.NoLocation {
			q = q.Where("assets.location_id IS NULL")
		}
		if f.WarrantyFrom != nil {
			q = q.Where("assets.warranty_end >= ?", f.WarrantyFrom.Format(time.DateOnly))
		}
		if f.WarrantyTo != nil {
			q = q.Where("assets.warranty_end <= ?", f.WarrantyTo.Format(time.DateOnly))
		}
		q = tags.Where(q, "assets", TypeAsset, f.TagIDs)
		q = customfields.Where(q, "assets", cfs)
		page, err := db.PageCounted(q, withNames(q), so, f.Cursor, f.Limit, func(r *AssetRow) (any, uuid.UUID) {
			name := strings.TrimPrefix(so.Name, "-")
			switch {
			case cfKey != nil:
				return cfKey(r.CustomFields), r.ID
			case name == "asset_tag":
				if r.AssetTag == nil {
					return "", r.ID
				}
				return *r.AssetTag, r.ID
			case name == "status":
				return r.Status, r.ID
			case name == "purchase_date":
				return dateKey(r.PurchaseDate), r.ID
			case name == "warranty_end":
				return dateKey(r.WarrantyEnd), r.ID
			case name == "created_at":
				return r.CreatedAt.UTC().Format(time.RFC3339Nano), r.ID
			}
			return r.Name, r.ID
		})
		if err != nil {
			return err
		}
		res.Total, res.NextCursor = page.Total, page.NextCursor
		ids := make([]uuid.UUID, 0, len(page.Items))
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
		byID, err := tags.Of(tx, TypeAsset, ids)
		if err != nil {
			return err
		}
		res.Items = make([]AssetView, 0, len(page.Items))
		for _, r := range page.Items {
			res.Items = append(res.Items, AssetView{AssetRow: r, Tags: byID[r.ID]})
		}
		return nil
	})
	return res, err
}
