package compliance

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// TypeEvidence is the audit entity of evidence.
const TypeEvidence = "compliance_link"

// Evidence is a ComplianceLink: a control linked to a record of any linkable type as evidence.
type Evidence struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	ControlID      uuid.UUID `gorm:"type:uuid"`
	EntityType     string
	EntityID       uuid.UUID `gorm:"type:uuid"`
	Description    string
	EffectiveFrom  *time.Time `gorm:"type:date"`
	EffectiveTo    *time.Time `gorm:"type:date"`
	CreatedBy      string
	CreatedByName  string
	CreatedAt      time.Time
}

// TableName maps the model.
func (Evidence) TableName() string { return "compliance_links" }

// AuditInfo audits evidence; its label is its description.
func (Evidence) AuditInfo() audit.Info {
	return audit.Info{Entity: TypeEvidence, LabelColumn: "description"}
}

// EvidenceView is evidence with its control and the record it points to.
type EvidenceView struct {
	Evidence
	ControlRef, ControlTitle string
	FrameworkID              uuid.UUID
	FrameworkName            string
	Entity                   links.Ref `gorm:"-"`
}

// EvidenceInput is new evidence.
type EvidenceInput struct {
	EntityType                 string
	EntityID                   uuid.UUID
	Description                string
	EffectiveFrom, EffectiveTo *time.Time
}

const evidenceSelect = `compliance_links.*, c.ref AS control_ref, c.title AS control_title, c.framework_id, f.name AS framework_name`

func evidenceRows(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(evidenceSelect).Joins("JOIN controls c ON c.id = compliance_links.control_id").
		Joins("JOIN frameworks f ON f.id = c.framework_id")
}

// AddEvidence links a control to a record: once per record, which must exist, not be archived and be readable.
func (s *Service) AddEvidence(ctx context.Context, control uuid.UUID, in EvidenceInput) (EvidenceView, error) {
	var v EvidenceView
	t, err := s.types.Known("entity_type", in.EntityType)
	if err != nil {
		return v, err
	}
	var f apperr.Fields
	f.Text("description", &in.Description, 2000, true)
	if in.EffectiveFrom != nil && in.EffectiveTo != nil && in.EffectiveTo.Before(*in.EffectiveFrom) {
		f.Add("effective_to", "before_start", "is before effective_from")
	}
	if in.EntityType == TypeControl && in.EntityID == control {
		f.Add("entity_id", "self", "a control is not evidence for itself")
	}
	if err := f.Err("evidence"); err != nil {
		return v, err
	}
	if !links.Allowed(ctx, t, reqctx.LevelRead) {
		return v, apperr.Forbidden("Linking a record as evidence needs read on " + t.Module + ".")
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var c Control
		if err := tx.Where("id = ?", control).Take(&c).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.NotFound("control")
		} else if err != nil {
			return err
		}
		ref, err := s.types.One(tx, t, in.EntityID)
		if err != nil {
			return err
		}
		if ref.Archived {
			return apperr.Conflict("An archived record cannot become evidence; restore it first.")
		}
		p := reqctx.PrincipalFrom(ctx)
		e := Evidence{ID: uuid.Must(uuid.NewV7()), OrganizationID: c.OrganizationID, ControlID: c.ID, EntityType: t.Name,
			EntityID: in.EntityID, Description: in.Description, EffectiveFrom: in.EffectiveFrom, EffectiveTo: in.EffectiveTo,
			CreatedBy: p.ID, CreatedByName: p.Name}
		if err := tx.Create(&e).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("This record is already evidence for the control.")
			}
			return err
		}
		if err := evidenceRows(tx.Model(&Evidence{})).Where("compliance_links.id = ?", e.ID).Take(&v).Error; err != nil {
			return err
		}
		v.Entity = ref
		return nil
	})
	return v, err
}

// RemoveEvidence deletes evidence (both ends stay).
func (s *Service) RemoveEvidence(ctx context.Context, id uuid.UUID, ifMatch *int64) error {
	if ifMatch != nil && *ifMatch != 1 {
		return apperr.PreconditionFailed(1)
	}
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		var e Evidence
		if err := tx.Where("id = ?", id).Take(&e).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.NotFound("evidence")
		} else if err != nil {
			return err
		}
		return tx.Delete(&e).Error
	})
}

// EvidencePage is one page of evidence listing, by creation time.
type EvidencePage struct {
	Sort, Cursor string
	Limit        int
}

// ListControlEvidence returns a control's evidence, leaving out records the caller may not read.
func (s *Service) ListControlEvidence(ctx context.Context, control uuid.UUID, pg EvidencePage) (db.PageResult[EvidenceView], error) {
	return s.listEvidence(ctx, pg, func(tx *gorm.DB) (*gorm.DB, error) {
		var n int64
		if err := tx.Model(&Control{}).Where("id = ?", control).Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, apperr.NotFound("control")
		}
		return tx.Model(&Evidence{}).Where("compliance_links.control_id = ?", control), nil
	})
}

// ListEntityEvidence returns the controls a record is evidence for.
func (s *Service) ListEntityEvidence(ctx context.Context, typ string, id uuid.UUID, pg EvidencePage) (db.PageResult[EvidenceView], error) {
	t, err := s.types.Known("type", typ)
	if err != nil {
		return db.PageResult[EvidenceView]{}, err
	}
	if !links.Allowed(ctx, t, reqctx.LevelRead) {
		return db.PageResult[EvidenceView]{}, apperr.Forbidden("Reading this record's evidence needs read on " + t.Module + ".")
	}
	return s.listEvidence(ctx, pg, func(tx *gorm.DB) (*gorm.DB, error) {
		if _, err := s.types.One(tx, t, id); err != nil {
			return nil, err
		}
		return tx.Model(&Evidence{}).Where("compliance_links.entity_type = ? AND compliance_links.entity_id = ?", t.Name, id), nil
	})
}

func (s *Service) listEvidence(ctx context.Context, pg EvidencePage, scope func(tx *gorm.DB) (*gorm.DB, error)) (db.PageResult[EvidenceView], error) {
	var res db.PageResult[EvidenceView]
	so, err := db.ParseSort(pg.Sort, "-created_at", map[string]string{"created_at": "compliance_links.created_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "compliance_links.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q, err := scope(tx)
		if err != nil {
			return err
		}
		// Records of modules the caller cannot read are left out (and not counted).
		var readable []string
		for _, t := range s.types.List() {
			if links.Allowed(ctx, t, reqctx.LevelRead) {
				readable = append(readable, t.Name)
			}
		}
		q = q.Where("compliance_links.entity_type = ANY(?)", db.TextArray(readable))
		page, err := db.PageCounted(q, evidenceRows(q), so, pg.Cursor, pg.Limit, func(e *EvidenceView) (any, uuid.UUID) {
			return e.CreatedAt.UTC().Format(time.RFC3339Nano), e.ID
		})
		if err != nil {
			return err
		}
		byType := map[string][]uuid.UUID{}
		for _, e := range page.Items {
			byType[e.EntityType] = append(byType[e.EntityType], e.EntityID)
		}
		refs := map[uuid.UUID]links.Ref{}
		for name, ids := range byType {
			t, _ := s.types.Get(name)
			m, err := s.types.Resolve(tx, t, ids)
			if err != nil {
				return err
			}
			for id, r := range m {
				refs[id] = r
			}
		}
		for i := range page.Items {
			page.Items[i].Entity = refs[page.Items[i].EntityID]
		}
		res = page
		return nil
	})
	return res, err
}
