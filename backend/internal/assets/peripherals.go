package assets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// TypePeripheral is the linkable type of peripherals.
const TypePeripheral = "peripheral"

// Peripheral is a docking station, monitor, keyboard or headset: the asset lifecycle, optionally attached to an asset.
type Peripheral struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Serial         *string
	ModelID        *uuid.UUID `gorm:"type:uuid"`
	AssetID        *uuid.UUID `gorm:"type:uuid"`
	Status         string
	PurchaseDate   *time.Time `gorm:"type:date"`
	Cost           *string    `gorm:"type:numeric"`
	Currency       *string
	WarrantyMonths *int
	WarrantyEnd    *time.Time `gorm:"->;type:date"`
	SupplierName   string
	LocationID     *uuid.UUID `gorm:"type:uuid"`
	HolderID       *uuid.UUID `gorm:"type:uuid"`
	Remote         bool
	Notes          string
	CustomFields   map[string]any `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits peripherals: every field change is the peripheral's history.
func (Peripheral) AuditInfo() audit.Info { return audit.Info{Entity: TypePeripheral} }

// PeripheralView is a peripheral with the names of what it refers to and its tags.
type PeripheralView struct {
	Peripheral
	ModelName    *string
	BrandName    *string
	Category     *string
	AssetName    *string
	LocationName *string
	HolderName   *string
	Tags         []tags.Ref `gorm:"-"`
}

const peripheralSelect = `peripherals.*, m.name AS model_name, b.name AS brand_name, m.category AS category,
	a.name || coalesce(' (' || a.asset_tag || ')', '') AS asset_name, l.name AS location_name, u.name AS holder_name`

func peripheralQuery(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(peripheralSelect).
		Joins("LEFT JOIN asset_models m ON m.id = peripherals.model_id").
		Joins("LEFT JOIN brands b ON b.id = m.brand_id").
		Joins("LEFT JOIN assets a ON a.id = peripherals.asset_id").
		Joins("LEFT JOIN locations l ON l.id = peripherals.location_id").
		Joins("LEFT JOIN users u ON u.id = peripherals.holder_id")
}

// PeripheralInput is a new peripheral or a merge patch.
type PeripheralInput struct {
	Name, SupplierName, Notes    *string
	Serial, Cost, Currency       Opt[string]
	ModelID, AssetID, LocationID Opt[uuid.UUID]
	PurchaseDate                 Opt[time.Time]
	WarrantyMonths               Opt[int]
	CustomFields                 map[string]any
	TagIDs                       *[]uuid.UUID
	// Imports only: the API moves status and holder through check-out, check-in and transitions.
	Status   *string
	HolderID Opt[uuid.UUID]
	Remote   *bool
}

func peripheralLabel(p Peripheral) string {
	if p.Serial != nil {
		return p.Name + " (" + *p.Serial + ")"
	}
	return p.Name
}

// apply validates the input and copies it onto p, checking references in tx.
func (in *PeripheralInput) apply(tx *gorm.DB, p *Peripheral) (fieldErrors, error) {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("supplier_name", in.SupplierName, 200, false)
	f.text("notes", in.Notes, 10000, false)
	optText(&f, "serial", &in.Serial, 128)
	purchase(&f, &in.Cost, &in.Currency, in.WarrantyMonths, in.PurchaseDate)
	setIf(&p.Name, in.Name)
	setIf(&p.SupplierName, in.SupplierName)
	setIf(&p.Notes, in.Notes)
	for _, o := range []struct {
		in  Opt[string]
		dst **string
	}{{in.Serial, &p.Serial}, {in.Cost, &p.Cost}, {in.Currency, &p.Currency}} {
		if o.in.Set {
			*o.dst = o.in.Ptr()
		}
	}
	if in.WarrantyMonths.Set {
		p.WarrantyMonths = in.WarrantyMonths.Ptr()
	}
	if in.PurchaseDate.Set {
		p.PurchaseDate = in.PurchaseDate.Ptr()
	}
	if (p.Cost == nil) != (p.Currency == nil) {
		f.add("currency", "required_with", "cost and currency go together")
	}
	if in.ModelID.Set {
		p.ModelID = in.ModelID.Ptr()
		if p.ModelID != nil {
			var n int64
			if err := tx.Model(&Model{}).Where("id = ? AND archived_at IS NULL", *p.ModelID).Count(&n).Error; err != nil {
				return f, err
			}
			if n == 0 {
				f.add("model_id", "not_found", "is not an active model of this organisation")
			}
		}
	}
	if in.LocationID.Set {
		p.LocationID = in.LocationID.Ptr()
		if err := activeLocation(tx, p.LocationID, "location_id", &f); err != nil {
			return f, err
		}
	}
	if in.AssetID.Set {
		p.AssetID = in.AssetID.Ptr()
		if p.AssetID != nil {
			var n int64
			if err := tx.Model(&Asset{}).Where("id = ? AND archived_at IS NULL", *p.AssetID).Count(&n).Error; err != nil {
				return f, err
			}
			if n == 0 {
				f.add("asset_id", "not_found", "is not an active asset of this organisation")
			} else if p.HolderID != nil {
				f.add("asset_id", "checked_out", "the peripheral is checked out to someone: check it in before attaching it")
			}
		}
	}
	return f, nil
}

// purchase checks the purchase fields every item shares (cost, currency, warranty, date).
func purchase(f *fieldErrors, cost, currency *Opt[string], warranty Opt[int], date Opt[time.Time]) {
	money(f, "cost", cost, currency)
	if warranty.Set && !warranty.Null && (warranty.V < 0 || warranty.V > 240) {
		f.add("warranty_months", "invalid", "must be between 0 and 240")
	}
	if date.Set && !date.Null && date.V.After(time.Now().AddDate(1, 0, 0)) {
		f.add("purchase_date", "invalid", "is more than a year in the future")
	}
}

// money checks an amount (a decimal string) and its currency (ISO 4217, upper-cased).
func money(f *fieldErrors, field string, amount, currency *Opt[string]) {
	if amount.Set && !amount.Null && !moneyPattern.MatchString(amount.V) {
		f.add(field, "invalid", "must be a decimal amount such as 1299.00")
	}
	if currency.Set && !currency.Null {
		currency.V = strings.ToUpper(strings.TrimSpace(currency.V))
		if !currencyPattern.MatchString(currency.V) {
			f.add("currency", "invalid", "must be an ISO 4217 code such as EUR")
		}
	}
}

func uniquePeripheral(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another peripheral already has this serial.",
			apperr.FieldError{Field: "serial", Code: "taken", Message: "is already used by another peripheral"})
	}
	return err
}

func (s *Service) peripheral(tx *gorm.DB, id uuid.UUID) (PeripheralView, error) {
	var v PeripheralView
	if err := peripheralQuery(tx.Model(&Peripheral{})).Where("peripherals.id = ?", id).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("peripheral")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypePeripheral, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

func lockPeripheral(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Peripheral, error) {
	var p Peripheral
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&p).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return p, apperr.NotFound("peripheral")
		}
		return p, err
	}
	if ifMatch != nil && *ifMatch != p.Version {
		return p, apperr.PreconditionFailed(p.Version)
	}
	return p, nil
}

// GetPeripheral returns one peripheral.
func (s *Service) GetPeripheral(ctx context.Context, id uuid.UUID) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.peripheral(tx, id); return err })
	return v, err
}

// CreatePeripheral adds a peripheral, in stock.
func (s *Service) CreatePeripheral(ctx context.Context, in PeripheralInput) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		id, err := s.createPeripheral(ctx, tx, in)
		if err != nil {
			return err
		}
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

// createPeripheral adds a peripheral in tx: in stock, or (imports only) in the status and with the holder of in.
func (s *Service) createPeripheral(ctx context.Context, tx *gorm.DB, in PeripheralInput) (uuid.UUID, error) {
	p := Peripheral{ID: uuid.Must(uuid.NewV7()), Status: InStock, Version: 1}
	f, err := in.apply(tx, &p)
	if err != nil {
		return p.ID, err
	}
	peripheralCustody(&p, in, &f)
	cf, err := customfields.Apply(tx, TypePeripheral, nil, in.CustomFields, true)
	if err != nil {
		return p.ID, mergeErrors(f, err, "peripheral")
	}
	if err := f.err("peripheral"); err != nil {
		return p.ID, err
	}
	p.CustomFields = cf
	if err := uniquePeripheral(tx.Create(&p).Error); err != nil {
		return p.ID, err
	}
	if err := importedPeripheralCustody(ctx, tx, p, nil); err != nil {
		return p.ID, err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypePeripheral, p.ID, peripheralLabel(p), *in.TagIDs); err != nil {
			return p.ID, err
		}
	}
	return p.ID, nil
}

var peripheralColumns = []string{"name", "serial", "model_id", "asset_id", "purchase_date", "cost", "currency", "warranty_months",
	"supplier_name", "location_id", "notes", "custom_fields", "version"}

// UpdatePeripheral applies a merge patch. Archived peripherals are read-only.
func (s *Service) UpdatePeripheral(ctx context.Context, id uuid.UUID, ifMatch *int64, in PeripheralInput) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := s.updatePeripheral(ctx, tx, id, ifMatch, in); err != nil {
			return err
		}
		var err error
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

func (s *Service) updatePeripheral(ctx context.Context, tx *gorm.DB, id uuid.UUID, ifMatch *int64, in PeripheralInput) error {
	p, err := lockPeripheral(tx, id, ifMatch)
	if err != nil {
		return err
	}
	if p.ArchivedAt != nil {
		return apperr.Conflict("An archived peripheral cannot be changed; restore it first.")
	}
	holder := p.HolderID
	f, err := in.apply(tx, &p)
	if err != nil {
		return err
	}
	peripheralCustody(&p, in, &f)
	if in.CustomFields != nil {
		if p.CustomFields, err = customfields.Apply(tx, TypePeripheral, p.CustomFields, in.CustomFields, false); err != nil {
			return mergeErrors(f, err, "peripheral")
		}
	}
	if err := f.err("peripheral"); err != nil {
		return err
	}
	p.Version++
	cols := peripheralColumns
	if in.Status != nil || in.HolderID.Set || in.Remote != nil {
		cols = append(slices.Clone(cols), "status", "holder_id", "remote")
	}
	if err := uniquePeripheral(tx.Model(&p).Select(cols).Updates(&p).Error); err != nil {
		return err
	}
	if err := importedPeripheralCustody(ctx, tx, p, holder); err != nil {
		return err
	}
	if in.TagIDs != nil {
		if _, err := tags.Set(tx, TypePeripheral, p.ID, peripheralLabel(p), *in.TagIDs); err != nil {
			return err
		}
	}
	return nil
}

// SetPeripheralArchived archives or restores a peripheral; one in use must be checked in first, and a disposed one
// stays archived.
func (s *Service) SetPeripheralArchived(ctx context.Context, id uuid.UUID, archived bool) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPeripheral(tx, id, nil)
		if err != nil {
			return err
		}
		if archived && p.ArchivedAt == nil && p.Status == InUse {
			return apperr.Conflict("The peripheral is checked out: check it in before archiving it.")
		}
		if !archived && p.ArchivedAt != nil && (p.Status == Disposed || p.Status == Sold) {
			return apperr.Conflict("A disposed peripheral stays archived; correct its disposal record instead.")
		}
		if err := uniquePeripheral(setArchived(tx, &p, archived, p.ArchivedAt != nil, p.Version)); err != nil {
			return err
		}
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

// CheckOutPeripheral gives a peripheral in stock, not attached to an asset, to an active member.
func (s *Service) CheckOutPeripheral(ctx context.Context, id uuid.UUID, ifMatch *int64, user uuid.UUID, location *uuid.UUID, remote bool, note string) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPeripheral(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if p.AssetID != nil {
			var asset string
			tx.Raw("SELECT name FROM assets WHERE id = ?", p.AssetID).Scan(&asset)
			return apperr.Conflict(fmt.Sprintf("The peripheral is attached to %s and follows it: detach it before checking it out.", asset))
		}
		if err := checkOutRules(tx, "peripheral", p.Status, p.ArchivedAt, p.HolderID, user, location, note); err != nil {
			return err
		}
		if location != nil {
			p.LocationID = location
		}
		p.Status, p.HolderID, p.Remote, p.Version = InUse, &user, remote, p.Version+1
		if err := tx.Model(&p).Select("status", "holder_id", "remote", "location_id", "version").Updates(&p).Error; err != nil {
			return err
		}
		aid, aname := actor(ctx)
		if err := tx.Create(&Custody{ID: uuid.Must(uuid.NewV7()), PeripheralID: &p.ID, Action: "check_out", UserID: &user,
			LocationID: p.LocationID, Remote: remote, Note: strings.TrimSpace(note), ActorID: aid, ActorName: aname,
			At: time.Now().UTC()}).Error; err != nil {
			return err
		}
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

// CheckInPeripheral takes a peripheral in use back into stock.
func (s *Service) CheckInPeripheral(ctx context.Context, id uuid.UUID, ifMatch *int64, location *uuid.UUID, note string) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPeripheral(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := checkInRules(tx, "peripheral", p.Status, location, note); err != nil {
			return err
		}
		if location != nil {
			p.LocationID = location
		}
		p.Status, p.HolderID, p.Remote, p.Version = InStock, nil, false, p.Version+1
		if err := tx.Model(&p).Select("status", "holder_id", "remote", "location_id", "version").Updates(&p).Error; err != nil {
			return err
		}
		aid, aname := actor(ctx)
		if err := tx.Create(&Custody{ID: uuid.Must(uuid.NewV7()), PeripheralID: &p.ID, Action: "check_in", LocationID: p.LocationID,
			Note: strings.TrimSpace(note), ActorID: aid, ActorName: aname, At: time.Now().UTC()}).Error; err != nil {
			return err
		}
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

// TransitionPeripheral moves a peripheral along the state machine (Transitions).
func (s *Service) TransitionPeripheral(ctx context.Context, id uuid.UUID, ifMatch *int64, to, note string) (PeripheralView, error) {
	var v PeripheralView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPeripheral(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if err := transitionRules("peripheral", p.Status, p.ArchivedAt, to, note); err != nil {
			return err
		}
		p.Status, p.Version = to, p.Version+1
		if err := tx.Model(&p).Select("status", "version").Updates(&p).Error; err != nil {
			return err
		}
		v, err = s.peripheral(tx, id)
		return err
	})
	return v, err
}

// PeripheralFilter narrows the peripherals list.
type PeripheralFilter struct {
	Query                                  string
	Statuses                               []string
	AssetID, HolderID, LocationID, ModelID *uuid.UUID
	TagIDs                                 []uuid.UUID
	CustomFields                           []string
	IncludeArchived                        bool
	Sort, Cursor                           string
	Limit                                  int
}

var peripheralSorts = map[string]string{
	"name": "peripherals.name", "serial": "coalesce(peripherals.serial, '')", "status": "peripherals.status",
	"purchase_date": "coalesce(peripherals.purchase_date, '0001-01-01'::date)",
	"warranty_end":  "coalesce(peripherals.warranty_end, '0001-01-01'::date)", "created_at": "peripherals.created_at",
}

// ListPeripherals returns a keyset page of peripherals.
func (s *Service) ListPeripherals(ctx context.Context, f PeripheralFilter) (db.PageResult[PeripheralView], error) {
	var res db.PageResult[PeripheralView]
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		so, cfKey, err := itemSort(tx, TypePeripheral, "peripherals", f.Sort, peripheralSorts)
		if err != nil {
			return err
		}
		cfs, err := customfields.ParseFilters(tx, TypePeripheral, f.CustomFields)
		if err != nil {
			return err
		}
		q := tx.Model(&Peripheral{})
		if !f.IncludeArchived {
			q = q.Where("peripherals.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(peripherals.name || ' ' || coalesce(peripherals.serial, '')) ILIKE ?", db.Contains(t))
		}
		if len(f.Statuses) > 0 {
			q = q.Where("peripherals.status IN ?", f.Statuses)
		}
		for col, v := range map[string]*uuid.UUID{"peripherals.asset_id": f.AssetID, "peripherals.holder_id": f.HolderID,
			"peripherals.location_id": f.LocationID, "peripherals.model_id": f.ModelID} {
			if v != nil {
				q = q.Where(col+" = ?", *v)
			}
		}
		q = tags.Where(q, "peripherals", TypePeripheral, f.TagIDs)
		q = customfields.Where(q, "peripherals", cfs)
		page, err := db.PageCounted(q, peripheralQuery(q), so, f.Cursor, f.Limit, func(r *PeripheralView) (any, uuid.UUID) {
			if cfKey != nil {
				return cfKey(r.CustomFields), r.ID
			}
			switch strings.TrimPrefix(so.Name, "-") {
			case "serial":
				return str(r.Serial), r.ID
			case "status":
				return r.Status, r.ID
			case "purchase_date":
				return dateKey(r.PurchaseDate), r.ID
			case "warranty_end":
				return dateKey(r.WarrantyEnd), r.ID
			case "created_at":
				return r.CreatedAt.UTC().Format(time.RFC3339Nano), r.ID
			}
			return r.Name, r.ID
		})
		if err != nil {
			return err
		}
		res = page
		return withTags(tx, TypePeripheral, res.Items, func(r *PeripheralView) (uuid.UUID, *[]tags.Ref) { return r.ID, &r.Tags })
	})
	return res, err
}

// itemSort parses a list's sort key: a column of sorts or cf.<key> for a custom field of the type.
func itemSort(tx *gorm.DB, typ, table, key string, sorts map[string]string) (db.Sort, func(map[string]any) any, error) {
	if name := strings.TrimPrefix(key, "-"); strings.HasPrefix(name, "cf.") {
		expr, cfKey, err := customfields.SortExpr(tx, typ, table, strings.TrimPrefix(name, "cf."))
		if err != nil {
			return db.Sort{}, nil, err
		}
		return db.Sort{Name: key, Column: expr, Desc: strings.HasPrefix(key, "-"), IDColumn: table + ".id"}, cfKey, nil
	}
	so, err := db.ParseSort(key, "name", sorts)
	so.IDColumn = table + ".id"
	return so, nil, err
}

// withTags loads the tags of a page of records of typ in one query.
func withTags[T any](tx *gorm.DB, typ string, items []T, of func(*T) (uuid.UUID, *[]tags.Ref)) error {
	ids := make([]uuid.UUID, 0, len(items))
	for i := range items {
		id, _ := of(&items[i])
		ids = append(ids, id)
	}
	byID, err := tags.Of(tx, typ, ids)
	for i := range items {
		id, dst := of(&items[i])
		*dst = byID[id]
	}
	return err
}
