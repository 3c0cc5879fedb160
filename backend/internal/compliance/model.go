// Package compliance is the governance engine of SPEC §2.7: frameworks (from the built-in library, custom or imported)
// with their control trees and the Statement of Applicability. Evidence, rules, scores and drift build on it.
package compliance

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
)

// Module is the permission module.
const Module = "compliance"

// Linkable types of the package.
const (
	TypeFramework = "framework"
	TypeControl   = "control"
)

// Origins of a framework.
const (
	Builtin  = "builtin"
	Custom   = "custom"
	Imported = "imported"
)

// Kinds of control tree nodes and applicability decisions.
var (
	Kinds           = []string{"group", "control", "requirement"}
	Applicabilities = []string{"applicable", "not_applicable"}
)

// RegisterTypes declares the linkable types (links, attachments, timelines; controls take tags).
func RegisterTypes(r *links.Registry) {
	r.MustRegister(links.Type{Name: TypeFramework, Label: "Framework", Table: "frameworks", Module: Module,
		Route: "/compliance/frameworks/{id}", Archivable: true})
	r.MustRegister(links.Type{Name: TypeControl, Label: "Control", Table: "controls", Module: Module,
		LabelColumn: "ref || ' ' || title", Route: "/compliance/controls/{id}", Taggable: true})
	r.MustRegisterReference(links.Reference{Noun: "evidence", End: "record", Table: "compliance_links", TypeColumn: "entity_type",
		IDColumn: "entity_id"})
}

// Framework is a framework of the organisation.
type Framework struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Key            string
	Name           string
	Edition        string
	Publisher      string
	SourceURL      string
	Description    string
	Origin         string
	Active         bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits frameworks.
func (Framework) AuditInfo() audit.Info { return audit.Info{Entity: TypeFramework} }

// Control is a node of a framework's control tree with its Statement of Applicability.
type Control struct {
	ID             uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID  `gorm:"type:uuid"`
	FrameworkID    uuid.UUID  `gorm:"type:uuid"`
	ParentID       *uuid.UUID `gorm:"type:uuid"`
	Depth          int
	Position       int
	Ref            string
	Title          string
	Kind           string
	Description    string
	Guidance       string
	Attributes     map[string][]string `gorm:"type:jsonb;serializer:json"`
	Applicability  string
	Justification  string
	OwnerUserID    *uuid.UUID `gorm:"type:uuid"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

// AuditInfo audits controls; their label is the reference.
func (Control) AuditInfo() audit.Info { return audit.Info{Entity: TypeControl, LabelColumn: "ref"} }
