package compliance

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// TypeMapping is the audit entity of mappings.
const TypeMapping = "control_mapping"

// Relations of a mapping (source relative to target) and the ways evidence may flow along it.
var (
	Relations     = []string{"equivalent", "subset", "superset", "related"}
	EvidenceFlows = []string{"none", "source_to_target", "both"}
)

// Mapping relates two controls, usually of different frameworks.
type Mapping struct {
	ID              uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID  uuid.UUID `gorm:"type:uuid"`
	SourceControlID uuid.UUID `gorm:"type:uuid"`
	TargetControlID uuid.UUID `gorm:"type:uuid"`
	Relation        string
	EvidenceFlow    string
	Note            string
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
}

// TableName maps the model.
func (Mapping) TableName() string { return "control_mappings" }

// AuditInfo audits mappings.
func (Mapping) AuditInfo() audit.Info {
	return audit.Info{Entity: TypeMapping, LabelColumn: "relation"}
}

// MappedControl is the control at one end of a mapping.
type MappedControl struct {
	ID            uuid.UUID
	Ref, Title    string
	FrameworkID   uuid.UUID
	FrameworkName string
}

// MappingView is a mapping with both controls.
type MappingView struct {
	Mapping
	Source, Target MappedControl `gorm:"-"`
}

// MappingInput creates or changes a mapping (nil: unchanged on update).
type MappingInput struct {
	TargetControlID *uuid.UUID
	Relation        *string
	EvidenceFlow    *string
	Note            *string
}

func checkMapping(m *Mapping, in MappingInput, creating bool) error {
	var f apperr.Fields
	if creating && in.TargetControlID == nil {
		f.Add("target_control_id", "required", "is required")
	}
	if creating && in.Relation == nil {
		f.Add("relation", "required", "is required")
	}
	if in.Relation != nil {
		if !slices.Contains(Relations, *in.Relation) {
			f.Add("relation", "invalid", "must be one of "+strings.Join(Relations, ", "))
		} else {
			m.Relation = *in.Relation
		}
	}
	if in.EvidenceFlow != nil {
		if !slices.Contains(EvidenceFlows, *in.EvidenceFlow) {
			f.Add("evidence_flow", "invalid", "must be one of "+strings.Join(EvidenceFlows, ", "))
		} else {
			m.EvidenceFlow = *in.EvidenceFlow
		}
	}
	if in.Note != nil {
		note := *in.Note
		f.Text("note", &note, 2000, false)
		m.Note = note
	}
	return f.Err("mapping")
}

func mappedControl(tx *gorm.DB, id uuid.UUID) (MappedControl, error) {
	var c MappedControl
	err := tx.Raw(`SELECT c.id, c.ref, c.title, c.framework_id, f.name AS framework_name
		FROM controls c JOIN frameworks f ON f.id = c.framework_id WHERE c.id = ?`, id).Scan(&c).Error
	if err == nil && c.ID == uuid.Nil {
		return c, apperr.NotFound("control")
	}
	return c, err
}

func (s *Service) mappingView(tx *gorm.DB, m Mapping) (MappingView, error) {
	v := MappingView{Mapping: m}
	var err error
	if v.Source, err = mappedControl(tx, m.SourceControlID); err != nil {
		return v, err
	}
	v.Target, err = mappedControl(tx, m.TargetControlID)
	return v, err
}

// CreateMapping maps control (the source) to another control, once per pair whatever the direction.
func (s *Service) CreateMapping(ctx context.Context, control uuid.UUID, in MappingInput) (MappingView, error) {
	var v MappingView
	m := Mapping{ID: uuid.Must(uuid.NewV7()), SourceControlID: control, EvidenceFlow: "both", Version: 1,
		CreatedBy: reqctx.PrincipalFrom(ctx).Name}
	if err := checkMapping(&m, in, true); err != nil {
		return v, err
	}
	m.TargetControlID = *in.TargetControlID
	if m.TargetControlID == control {
		return v, apperr.Unprocessable("The mapping is not valid.", apperr.FieldError{Field: "target_control_id", Code: "self",
			Message: "a control is not mapped to itself"})
	}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var src Control
		if err := tx.Where("id = ?", control).Take(&src).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.NotFound("control")
		} else if err != nil {
			return err
		}
		if _, err := mappedControl(tx, m.TargetControlID); err != nil {
			return apperr.Unprocessable("The mapping is not valid.", apperr.FieldError{Field: "target_control_id", Code: "not_found",
				Message: "no such control"})
		}
		m.OrganizationID = src.OrganizationID
		if err := tx.Create(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("These two controls are already mapped.")
			}
			return err
		}
		var err error
		v, err = s.mappingView(tx, m)
		return err
	})
	return v, err
}

func lockMapping(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Mapping, error) {
	var m Mapping
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&m).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return m, apperr.NotFound("mapping")
	} else if err != nil {
		return m, err
	}
	if ifMatch != nil && *ifMatch != m.Version {
		return m, apperr.PreconditionFailed(m.Version)
	}
	return m, nil
}

// UpdateMapping changes a mapping's relation, evidence flow or note.
func (s *Service) UpdateMapping(ctx context.Context, id uuid.UUID, ifMatch *int64, in MappingInput) (MappingView, error) {
	var v MappingView
	if in.TargetControlID != nil {
		return v, apperr.Unprocessable("The mapping is not valid.", apperr.FieldError{Field: "target_control_id", Code: "immutable",
			Message: "cannot change; remove the mapping and map the other control"})
	}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		m, err := lockMapping(tx, id, ifMatch)
		if err != nil {
			return err
		}
		before := m
		if err := checkMapping(&m, in, false); err != nil {
			return err
		}
		if m != before {
			m.Version++
			m.UpdatedAt = time.Now().UTC()
			if err := tx.Save(&m).Error; err != nil {
				return err
			}
		}
		v, err = s.mappingView(tx, m)
		return err
	})
	return v, err
}

// DeleteMapping removes a mapping (both controls stay).
func (s *Service) DeleteMapping(ctx context.Context, id uuid.UUID, ifMatch *int64) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		m, err := lockMapping(tx, id, ifMatch)
		if err != nil {
			return err
		}
		return tx.Delete(&m).Error
	})
}

// ListMappings lists the mappings of a control in both directions, oldest first.
func (s *Service) ListMappings(ctx context.Context, control uuid.UUID, cursor string, limit int) (db.PageResult[MappingView], error) {
	var res db.PageResult[MappingView]
	so, err := db.ParseSort("", "created_at", map[string]string{"created_at": "created_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := mappedControl(tx, control); err != nil {
			return err
		}
		q := tx.Model(&Mapping{}).Where("source_control_id = ? OR target_control_id = ?", control, control)
		page, err := db.Page(q, so, cursor, limit, func(m *Mapping) (any, uuid.UUID) {
			return m.CreatedAt.UTC().Format(time.RFC3339Nano), m.ID
		})
		if err != nil {
			return err
		}
		res = db.PageResult[MappingView]{Items: make([]MappingView, 0, len(page.Items)), NextCursor: page.NextCursor}
		for _, m := range page.Items {
			v, err := s.mappingView(tx, m)
			if err != nil {
				return err
			}
			res.Items = append(res.Items, v)
		}
		return nil
	})
	return res, err
}
