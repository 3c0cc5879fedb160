package assets

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// TypeMaintenanceLog is the linkable type of maintenance logs (their evidence attachments hang on it).
const TypeMaintenanceLog = "maintenance_log"

// Maintenance types and statuses.
var (
	MaintenanceTypes    = []string{"repair", "planned", "unplanned", "upgrade", "inspection", DataErasure}
	MaintenanceStatuses = []string{"scheduled", "in_progress", "done", "cancelled"}
	ErasureMethods      = []string{"clear", "purge", "destroy"}
)

// DataErasure is the maintenance type of the erasure register.
const DataErasure = "data_erasure"

// MaintenanceLog is one piece of work on an asset or a peripheral.
type MaintenanceLog struct {
	ID                uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID    uuid.UUID  `gorm:"type:uuid"`
	AssetID           *uuid.UUID `gorm:"type:uuid"`
	PeripheralID      *uuid.UUID `gorm:"type:uuid"`
	Type              string
	Status            string
	Title             string
	Description       string
	AssigneeID        *uuid.UUID `gorm:"type:uuid"`
	PerformedOn       time.Time  `gorm:"type:date"`
	TicketURL         *string    `gorm:"column:ticket_url"`
	Cost              *string    `gorm:"type:numeric"`
	Currency          *string
	ErasureMethod     *string
	ErasureVerifiedBy string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int64
	ArchivedAt        *time.Time
}

// AuditInfo audits maintenance logs.
func (MaintenanceLog) AuditInfo() audit.Info {
	return audit.Info{Entity: TypeMaintenanceLog, LabelColumn: "title"}
}

// MaintenanceView is a log with the names of its item and assignee, and its tags.
type MaintenanceView struct {
	MaintenanceLog
	ItemName     string
	AssigneeName *string
	Tags         []tags.Ref `gorm:"-"`
}

const maintenanceSelect = `maintenance_logs.*,
	coalesce(a.name || coalesce(' (' || a.asset_tag || ')', ''), p.name || coalesce(' (' || p.serial || ')', ''), '') AS item_name,
	u.name AS assignee_name`

func maintenanceQuery(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(maintenanceSelect).
		Joins("LEFT JOIN assets a ON a.id = maintenance_logs.asset_id").
		Joins("LEFT JOIN peripherals p ON p.id = maintenance_logs.peripheral_id").
		Joins("LEFT JOIN users u ON u.id = maintenance_logs.assignee_id")
}

// MaintenanceInput is a new log or a merge patch (the item is fixed at creation).
type MaintenanceInput struct {
	AssetID, PeripheralID                        *uuid.UUID
	Type, Status, Title, Description, VerifiedBy *string
	AssigneeID                                   Opt[uuid.UUID]
	PerformedOn                                  *time.Time
	TicketURL, Cost, Currency, ErasureMethod     Opt[string]
	TagIDs                                       *[]uuid.UUID
}

// item checks that exactly one existing asset or peripheral of the organisation is named.
func item(tx *gorm.DB, assetID, peripheralID *uuid.UUID, f *fieldErrors) error {
	switch {
	case (assetID == nil) == (peripheralID == nil):
		f.add("asset_id", "one_of", "name exactly one of asset_id and peripheral_id")
	case assetID != nil:
		var n int64
		if err := tx.Model(&Asset{}).Where("id = ?", *assetID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			f.add("asset_id", "not_found", "is not an asset of this organisation")
		}
	default:
		var n int64
		if err := tx.Model(&Peripheral{}).Where("id = ?", *peripheralID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			f.add("peripheral_id", "not_found", "is not a peripheral of this organisation")
		}
	}
	return nil
}

func activeMember(tx *gorm.DB, user *uuid.UUID, field string, f *fieldErrors) error {
	if user == nil {
		return nil
	}
	var n int64
	if err := tx.Table("memberships").Where("user_id = ? AND status = 'active'", *user).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		f.add(field, "not_found", "is not an active member of this organisation")
	}
	return nil
}

func oneOf(f *fieldErrors, field string, v *string, allowed []string) {
	if v != nil && !slices.Contains(allowed, *v) {
		f.add(field, "invalid", "must be one of "+strings.Join(allowed, ", "))
	}
}

// apply validates the input and copies it onto m; the rules between fields hold on the merged result.
func (in *MaintenanceInput) apply(tx *gorm.DB, m *MaintenanceLog) (fieldErrors, error) {
	var f fieldErrors
	f.text("title", in.Title, 200, true)
	f.text("description", in.Description, 10000, false)
	f.text("erasure_verified_by", in.VerifiedBy, 200, false)
	oneOf(&f, "type", in.Type, MaintenanceTypes)
	oneOf(&f, "status", in.Status, MaintenanceStatuses)
	if in.ErasureMethod.Set && !in.ErasureMethod.Null {
		oneOf(&f, "erasure_method", &in.ErasureMethod.V, ErasureMethods)
	}
	optText(&f, "ticket_url", &in.TicketURL, 500)
	if in.TicketURL.Set && !in.TicketURL.Null {
		if u, err := url.Parse(in.TicketURL.V); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			f.add("ticket_url", "invalid", "must be an http(s) URL")
		}
	}
	money(&f, "cost", &in.Cost, &in.Currency)
	if in.PerformedOn != nil && in.PerformedOn.After(time.Now().AddDate(5, 0, 0)) {
		f.add("performed_on", "invalid", "is more than five years away")
	}
	setIf(&m.Type, in.Type)
	setIf(&m.Status, in.Status)
	setIf(&m.Title, in.Title)
	setIf(&m.Description, in.Description)
	setIf(&m.ErasureVerifiedBy, in.VerifiedBy)
	setIf(&m.PerformedOn, in.PerformedOn)
	for _, o := range []struct {
		in  Opt[string]
		dst **string
	}{{in.TicketURL, &m.TicketURL}, {in.Cost, &m.Cost}, {in.Currency, &m.Currency}, {in.ErasureMethod, &m.ErasureMethod}} {
		if o.in.Set {
			*o.dst = o.in.Ptr()
		}
	}
	if in.AssigneeID.Set {
		m.AssigneeID = in.AssigneeID.Ptr()
		if err := activeMember(tx, m.AssigneeID, "assignee_id", &f); err != nil {
			return f, err
		}
	}
	if (m.Cost == nil) != (m.Currency == nil) {
		f.add("currency", "required_with", "cost and currency go together")
	}
	if m.Type != DataErasure && m.ErasureMethod != nil {
		f.add("erasure_method", "not_allowed", "only a data erasure has an erasure method")
	}
	if m.Type == DataErasure && m.Status == "done" && m.ErasureMethod == nil {
		f.add("erasure_method", "required", "a data erasure that is done says how: clear, purge or destroy")
	}
	return f, nil
}

func (s *Service) maintenance(tx *gorm.DB, id uuid.UUID) (MaintenanceView, error) {
	var v MaintenanceView
	if err := maintenanceQuery(tx.Model(&MaintenanceLog{})).Where("maintenance_logs.id = ?", id).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("maintenance log")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeMaintenanceLog, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

// GetMaintenance returns one log.
func (s *Service) GetMaintenance(ctx context.Context, id uuid.UUID) (MaintenanceView, error) {
	var v MaintenanceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.maintenance(tx, id); return err })
	return v, err
}

// CreateMaintenance records maintenance of one asset or peripheral.
func (s *Service) CreateMaintenance(ctx context.Context, in MaintenanceInput) (MaintenanceView, error) {
	var v MaintenanceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		m := MaintenanceLog{ID: uuid.Must(uuid.NewV7()), AssetID: in.AssetID, PeripheralID: in.PeripheralID, Status: "done", Version: 1}
		f, err := in.apply(tx, &m)
		if err != nil {
			return err
		}
		if err := item(tx, in.AssetID, in.PeripheralID, &f); err != nil {
			return err
		}
		if err := f.err("maintenance log"); err != nil {
			return err
		}
		if err := tx.Create(&m).Error; err != nil {
			return err
		}
		if in.TagIDs != nil {
			if _, err := tags.Set(tx, TypeMaintenanceLog, m.ID, m.Title, *in.TagIDs); err != nil {
				return err
			}
		}
		v, err = s.maintenance(tx, m.ID)
		return err
	})
	return v, err
}

// UpdateMaintenance applies a merge patch; archived logs are read-only.
func (s *Service) UpdateMaintenance(ctx context.Context, id uuid.UUID, ifMatch *int64, in MaintenanceInput) (MaintenanceView, error) {
	var v MaintenanceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var m MaintenanceLog
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("maintenance log")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != m.Version {
			return apperr.PreconditionFailed(m.Version)
		}
		if m.ArchivedAt != nil {
			return apperr.Conflict("An archived maintenance log cannot be changed; restore it first.")
		}
		f, err := in.apply(tx, &m)
		if err != nil {
			return err
		}
		if err := f.err("maintenance log"); err != nil {
			return err
		}
		m.Version++
		if err := tx.Model(&m).Select("type", "status", "title", "description", "assignee_id", "performed_on", "ticket_url", "cost",
			"currency", "erasure_method", "erasure_verified_by", "version").Updates(&m).Error; err != nil {
			return err
		}
		if in.TagIDs != nil {
			if _, err := tags.Set(tx, TypeMaintenanceLog, m.ID, m.Title, *in.TagIDs); err != nil {
				return err
			}
		}
		v, err = s.maintenance(tx, id)
		return err
	})
	return v, err
}

// SetMaintenanceArchived archives or restores a log.
func (s *Service) SetMaintenanceArchived(ctx context.Context, id uuid.UUID, archived bool) (MaintenanceView, error) {
	var v MaintenanceView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		m, err := find[MaintenanceLog](tx, id, "maintenance log")
		if err != nil {
			return err
		}
		if err := setArchived(tx, &m, archived, m.ArchivedAt != nil, m.Version); err != nil {
			return err
		}
		v, err = s.maintenance(tx, id)
		return err
	})
	return v, err
}

// MaintenanceFilter narrows the maintenance list.
type MaintenanceFilter struct {
	Query                             string
	AssetID, PeripheralID, AssigneeID *uuid.UUID
	Types, Statuses                   []string
	From, To                          *time.Time
	TagIDs                            []uuid.UUID
	IncludeArchived                   bool
	Sort, Cursor                      string
	Limit                             int
}

// ListMaintenance returns a keyset page of logs; filtered to data erasures it is the erasure register.
func (s *Service) ListMaintenance(ctx context.Context, f MaintenanceFilter) (db.PageResult[MaintenanceView], error) {
	var res db.PageResult[MaintenanceView]
	so, err := db.ParseSort(f.Sort, "-performed_on", map[string]string{"performed_on": "maintenance_logs.performed_on",
		"title": "maintenance_logs.title", "created_at": "maintenance_logs.created_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "maintenance_logs.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&MaintenanceLog{})
		if !f.IncludeArchived {
			q = q.Where("maintenance_logs.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where(`(maintenance_logs.title || ' ' || coalesce((SELECT a.name || ' ' || coalesce(a.asset_tag, '') FROM assets a WHERE a.id = maintenance_logs.asset_id),
				(SELECT p.name || ' ' || coalesce(p.serial, '') FROM peripherals p WHERE p.id = maintenance_logs.peripheral_id), '')) ILIKE ?`, db.Contains(t))
		}
		for col, v := range map[string]*uuid.UUID{"maintenance_logs.asset_id": f.AssetID, "maintenance_logs.peripheral_id": f.PeripheralID,
			"maintenance_logs.assignee_id": f.AssigneeID} {
			if v != nil {
				q = q.Where(col+" = ?", *v)
			}
		}
		if len(f.Types) > 0 {
			q = q.Where("maintenance_logs.type IN ?", f.Types)
		}
		if len(f.Statuses) > 0 {
			q = q.Where("maintenance_logs.status IN ?", f.Statuses)
		}
		if f.From != nil {
			q = q.Where("maintenance_logs.performed_on >= ?", f.From.Format(time.DateOnly))
		}
		if f.To != nil {
			q = q.Where("maintenance_logs.performed_on <= ?", f.To.Format(time.DateOnly))
		}
		q = tags.Where(q, "maintenance_logs", TypeMaintenanceLog, f.TagIDs)
		page, err := db.PageCounted(q, maintenanceQuery(q), so, f.Cursor, f.Limit, func(m *MaintenanceView) (any, uuid.UUID) {
			switch strings.TrimPrefix(so.Name, "-") {
			case "title":
				return m.Title, m.ID
			case "created_at":
				return m.CreatedAt.UTC().Format(time.RFC3339Nano), m.ID
			}
			return m.PerformedOn.Format(time.DateOnly), m.ID
		})
		if err != nil {
			return err
		}
		res = page
		return withTags(tx, TypeMaintenanceLog, res.Items, func(r *MaintenanceView) (uuid.UUID, *[]tags.Ref) { return r.ID, &r.Tags })
	})
	return res, err
}
