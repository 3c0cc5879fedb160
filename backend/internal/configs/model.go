// Package configs is the configurations (CMDB items) of the assets module (SPEC §2.1): versioned JSON documents with
// a commit message per version, a semantic diff between versions, linked to assets, software, licences and services
// through the generic links.
package configs

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
)

// Module is the permission module configurations belong to.
const Module = "assets"

// TypeConfiguration is the linkable type (and audit entity) of a configuration.
const TypeConfiguration = "configuration"

// Kinds of configuration.
var Kinds = []string{"network", "server", "application", "cloud", "security", "database", "other"}

// RegisterTypes declares the package's linkable type.
func RegisterTypes(r *links.Registry) {
	r.MustRegister(links.Type{Name: TypeConfiguration, Label: "Configuration", Table: "configurations", Module: Module,
		Route: "/assets/configurations/{id}", Archivable: true, Taggable: true})
}

// Configuration is a configuration item; its document lives in its versions.
type Configuration struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Kind           string
	Description    string
	CurrentVersion int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits configurations. Commits are audited explicitly (action "commit": the version number and the
// message, never the document).
func (Configuration) AuditInfo() audit.Info { return audit.Info{Entity: TypeConfiguration} }

// Version is one immutable version of a configuration's document.
type Version struct {
	OrganizationID  uuid.UUID `gorm:"type:uuid"`
	ConfigurationID uuid.UUID `gorm:"type:uuid;primaryKey"`
	Number          int       `gorm:"primaryKey;autoIncrement:false"`
	ParentNumber    *int
	Document        string `gorm:"type:jsonb"`
	Message         string
	AuthorID        string
	AuthorName      string
	CreatedAt       time.Time
}

// TableName maps the model.
func (Version) TableName() string { return "configuration_versions" }

// Row is a configuration with its current version's document and commit.
type Row struct {
	Configuration
	Document            string    `gorm:"->;-:migration"`
	LastMessage         string    `gorm:"->;-:migration"`
	LastCommittedAt     time.Time `gorm:"->;-:migration"`
	LastCommittedByName string    `gorm:"->;-:migration"`
}
