package assets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// TypeDisposal is the linkable type of disposal records (the certificate is attached to it).
const TypeDisposal = "disposal"

// DisposalMethods are the ways an item leaves the organisation; sold makes it sold, every other one disposed.
var DisposalMethods = []string{"recycled", "destroyed", "donated", "sold", "returned", "lost"}

// Disposal records how an asset or a peripheral left the organisation.
type Disposal struct {
	ID                uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID    uuid.UUID  `gorm:"type:uuid"`
	AssetID           *uuid.UUID `gorm:"type:uuid"`
	PeripheralID      *uuid.UUID `gorm:"type:uuid"`
	DisposedOn        time.Time  `gorm:"type:date"`
	Method            string
	PartnerName       string
	Price             *string `gorm:"type:numeric"`
	Currency          *string
	CertificateNumber string
	Notes             string
	RecordedBy        string
	RecordedByName    string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int64
}

// AuditInfo audits disposals.
func (Disposal) AuditInfo() audit.Info { return audit.Info{Entity: TypeDisposal} }

// DisposalChange is one correction of a recorded disposal, with its reason.
type DisposalChange struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	DisposalID     uuid.UUID `gorm:"type:uuid"`
	Reason         string
	Changes        json.RawMessage `gorm:"type:jsonb"`
	ActorID        string
	ActorName      string
	At             time.Time
}

// DisposalView is a disposal with its item's kind and name.
type DisposalView struct {
	Disposal
	ItemKind string
	ItemName string
}

const disposalSelect = `disposals.*, CASE WHEN disposals.asset_id IS NOT NULL THEN 'asset' ELSE 'peripheral' END AS item_kind,
	coalesce(a.name || coalesce(' (' || a.asset_tag || ')', ''), p.name || coalesce(' (' || p.serial || ')', ''), '') AS item_name`

func disposalQuery(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(disposalSelect).
		Joins("LEFT JOIN assets a ON a.id = disposals.asset_id").
		Joins("LEFT JOIN peripherals p ON p.id = disposals.peripheral_id")
}

// DisposalInput is a new disposal or a correction (with its reason).
type DisposalInput struct {
	AssetID, PeripheralID               *uuid.UUID
	DisposedOn                          *time.Time
	Method, Partner, Certificate, Notes *string
	Price, Currency                     Opt[string]
	Reason                              *string
}

func (in *DisposalInput) apply(d *Disposal) fieldErrors {
	var f fieldErrors
	oneOf(&f, "method", in.Method, DisposalMethods)
	f.text("partner_name", in.Partner, 200, false)
	f.text("certificate_number", in.Certificate, 100, false)
	f.text("notes", in.Notes, 5000, false)
	money(&f, "price", &in.Price, &in.Currency)
	if in.DisposedOn != nil && in.DisposedOn.After(time.Now()) {
		f.add("disposed_on", "invalid", "is in the future: record a disposal once it happened")
	}
	setIf(&d.DisposedOn, in.DisposedOn)
	setIf(&d.Method, in.Method)
	setIf(&d.PartnerName, in.Partner)
	setIf(&d.CertificateNumber, in.Certificate)
	setIf(&d.Notes, in.Notes)
	if in.Price.Set {
		d.Price = in.Price.Ptr()
	}
	if in.Currency.Set {
		d.Currency = in.Currency.Ptr()
	}
	if (d.Price == nil) != (d.Currency == nil) {
		f.add("currency", "required_with", "price and currency go together")
	}
	if d.Method != "sold" && d.Price != nil {
		f.add("price", "not_allowed", "only a sale has a price")
	}
	return f
}

func statusAfter(method string) string {
	if method == "sold" {
		return Sold
	}
	return Disposed
}

func (s *Service) disposal(tx *gorm.DB, id uuid.UUID) (DisposalView, error) {
	var v DisposalView
	if err := disposalQuery(tx.Model(&Disposal{})).Where("disposals.id = ?", id).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("disposal")
		}
		return v, err
	}
	return v, nil
}

// GetDisposal returns one disposal.
func (s *Service) GetDisposal(ctx context.Context, id uuid.UUID) (DisposalView, error) {
	var v DisposalView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.disposal(tx, id); return err })
	return v, err
}

// disposeItem moves the item (asset or peripheral) to its disposed status and archives it; an item checked out must
// be checked in first.
func disposeItem(tx *gorm.DB, d Disposal) error {
	if d.AssetID != nil {
		a, err := lockItem[Asset](tx, *d.AssetID, "asset")
		if err != nil {
			return err
		}
		if err := disposable("asset", a.Status); err != nil {
			return err
		}
		return markDisposed(tx, &a, d.Method, a.ArchivedAt, a.Version)
	}
	p, err := lockItem[Peripheral](tx, *d.PeripheralID, "peripheral")
	if err != nil {
		return err
	}
	if err := disposable("peripheral", p.Status); err != nil {
		return err
	}
	return markDisposed(tx, &p, d.Method, p.ArchivedAt, p.Version)
}

func lockItem[T any](tx *gorm.DB, id uuid.UUID, what string) (T, error) {
	var row T
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row, apperr.Unprocessable("The disposal is not valid.", apperr.FieldError{Field: what + "_id", Code: "not_found",
			Message: "is not " + withArticle(what) + " of this organisation"})
	}
	return row, err
}

func disposable(what, status string) error {
	switch status {
	case InUse:
		return apperr.Conflict(fmt.Sprintf("The %s is checked out: check it in before recording its disposal.", what))
	case Disposed, Sold:
		return apperr.Conflict(fmt.Sprintf("The %s has already been disposed of.", what))
	}
	return nil
}

func markDisposed[T any](tx *gorm.DB, row *T, method string, archivedAt *time.Time, version int64) error {
	changes := map[string]any{"status": statusAfter(method), "version": version + 1}
	if archivedAt == nil {
		changes["archived_at"] = time.Now().UTC().Truncate(time.Microsecond)
	}
	return tx.Model(row).Updates(changes).Error
}

// CreateDisposal records the disposal of an asset or a peripheral: the item becomes disposed (or sold) and archived.
func (s *Service) CreateDisposal(ctx context.Context, in DisposalInput) (DisposalView, error) {
	var v DisposalView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		aid, aname := actor(ctx)
		d := Disposal{ID: uuid.Must(uuid.NewV7()), AssetID: in.AssetID, PeripheralID: in.PeripheralID, RecordedBy: aid,
			RecordedByName: aname, Version: 1}
		f := in.apply(&d)
		if (in.AssetID == nil) == (in.PeripheralID == nil) {
			f.add("asset_id", "one_of", "name exactly one of asset_id and peripheral_id")
		}
		if err := f.err("disposal"); err != nil {
			return err
		}
		if err := disposeItem(tx, d); err != nil {
			return err
		}
		if err := tx.Create(&d).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("This item already has a disposal record.")
			}
			return err
		}
		var err error
		v, err = s.disposal(tx, d.ID)
		return err
	})
	return v, err
}

func datePtrString(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.DateOnly)
}

func strOrNil(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// disposalFields are the correctable fields as they appear in the history.
func disposalFields(d Disposal) map[string]any {
	return map[string]any{"disposed_on": d.DisposedOn.Format(time.DateOnly), "method": d.Method, "partner_name": d.PartnerName,
		"price": strOrNil(d.Price), "currency": strOrNil(d.Currency), "certificate_number": d.CertificateNumber, "notes": d.Notes}
}

// UpdateDisposal corrects a recorded disposal: the reason is required and the change is kept in its history; moving
// between sold and another method moves the item's status with it.
func (s *Service) UpdateDisposal(ctx context.Context, id uuid.UUID, ifMatch *int64, in DisposalInput) (DisposalView, error) {
	var v DisposalView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var d Disposal
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&d).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("disposal")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != d.Version {
			return apperr.PreconditionFailed(d.Version)
		}
		before := disposalFields(d)
		method := d.Method
		f := in.apply(&d)
		f.text("reason", in.Reason, 1000, true)
		if in.Reason == nil {
			f.add("reason", "required", "say why the disposal record is corrected")
		}
		if err := f.err("correction"); err != nil {
			return err
		}
		after := disposalFields(d)
		changes := map[string]any{}
		for k, b := range before {
			if fmt.Sprint(b) != fmt.Sprint(after[k]) {
				changes[k] = []any{b, after[k]}
			}
		}
		if len(changes) == 0 {
			return apperr.Unprocessable("The correction changes nothing.", apperr.FieldError{Field: "reason", Code: "no_change",
				Message: "no field of the disposal differs from what is recorded"})
		}
		d.Version++
		if err := tx.Model(&d).Select("disposed_on", "method", "partner_name", "price", "currency", "certificate_number", "notes",
			"version").Updates(&d).Error; err != nil {
			return err
		}
		if statusAfter(method) != statusAfter(d.Method) {
			if err := restatus(tx, d); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(changes)
		aid, aname := actor(ctx)
		if err := tx.Create(&DisposalChange{ID: uuid.Must(uuid.NewV7()), DisposalID: d.ID, Reason: strings.TrimSpace(*in.Reason),
			Changes: raw, ActorID: aid, ActorName: aname, At: time.Now().UTC()}).Error; err != nil {
			return err
		}
		var err error
		v, err = s.disposal(tx, id)
		return err
	})
	return v, err
}

// restatus moves a disposed item between disposed and sold after its disposal's method changed.
func restatus(tx *gorm.DB, d Disposal) error {
	if d.AssetID != nil {
		a, err := lockItem[Asset](tx, *d.AssetID, "asset")
		if err != nil {
			return err
		}
		return tx.Model(&a).Updates(map[string]any{"status": statusAfter(d.Method), "version": a.Version + 1}).Error
	}
	p, err := lockItem[Peripheral](tx, *d.PeripheralID, "peripheral")
	if err != nil {
		return err
	}
	return tx.Model(&p).Updates(map[string]any{"status": statusAfter(d.Method), "version": p.Version + 1}).Error
}

// DisposalHistory returns the corrections of a disposal, newest first.
func (s *Service) DisposalHistory(ctx context.Context, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[DisposalChange], error) {
	var res db.PageResult[DisposalChange]
	so, err := db.ParseSort(sortKey, "-at", map[string]string{"at": "disposal_changes.at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "disposal_changes.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := find[Disposal](tx, id, "disposal"); err != nil {
			return err
		}
		res, err = db.Page(tx.Model(&DisposalChange{}).Where("disposal_changes.disposal_id = ?", id), so, cursor, limit,
			func(c *DisposalChange) (any, uuid.UUID) { return c.At.UTC().Format(time.RFC3339Nano), c.ID })
		return err
	})
	return res, err
}

// DisposalFilter narrows the disposal register.
type DisposalFilter struct {
	Query                 string
	AssetID, PeripheralID *uuid.UUID
	Methods               []string
	ItemKind              string
	From, To              *time.Time
	Sort, Cursor          string
	Limit                 int
}

// ListDisposals returns a keyset page of the disposal register.
func (s *Service) ListDisposals(ctx context.Context, f DisposalFilter) (db.PageResult[DisposalView], error) {
	var res db.PageResult[DisposalView]
	so, err := db.ParseSort(f.Sort, "-disposed_on", map[string]string{"disposed_on": "disposals.disposed_on", "created_at": "disposals.created_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "disposals.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Disposal{})
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where(`(disposals.partner_name || ' ' || disposals.certificate_number || ' ' || coalesce(
				(SELECT a.name || ' ' || coalesce(a.asset_tag, '') || ' ' || coalesce(a.serial, '') FROM assets a WHERE a.id = disposals.asset_id),
				(SELECT p.name || ' ' || coalesce(p.serial, '') FROM peripherals p WHERE p.id = disposals.peripheral_id), '')) ILIKE ?`, db.Contains(t))
		}
		if len(f.Methods) > 0 {
			q = q.Where("disposals.method IN ?", f.Methods)
		}
		if f.AssetID != nil {
			q = q.Where("disposals.asset_id = ?", *f.AssetID)
		}
		if f.PeripheralID != nil {
			q = q.Where("disposals.peripheral_id = ?", *f.PeripheralID)
		}
		switch f.ItemKind {
		case "asset":
			q = q.Where("disposals.asset_id IS NOT NULL")
		case "peripheral":
			q = q.Where("disposals.peripheral_id IS NOT NULL")
		}
		if f.From != nil {
			q = q.Where("disposals.disposed_on >= ?", f.From.Format(time.DateOnly))
		}
		if f.To != nil {
			q = q.Where("disposals.disposed_on <= ?", f.To.Format(time.DateOnly))
		}
		res, err = db.PageCounted(q, disposalQuery(q), so, f.Cursor, f.Limit, func(d *DisposalView) (any, uuid.UUID) {
			if strings.TrimPrefix(so.Name, "-") == "created_at" {
				return d.CreatedAt.UTC().Format(time.RFC3339Nano), d.ID
			}
			return d.DisposedOn.Format(time.DateOnly), d.ID
		})
		return err
	})
	return res, err
}
