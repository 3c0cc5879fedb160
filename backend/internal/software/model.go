// Package software is the software catalogue and licences of the assets module (SPEC §2.1): products with their
// owner and supplier, licences with an encrypted key, seats given to people or devices, and a status derived from
// the expiry date and the seats in use.
package software

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
)

// Module is the permission module: the catalogue and licences belong to assets.
const Module = "assets"

// Linkable types of the package.
const (
	TypeSoftware = "software"
	TypeLicence  = "licence"
)

// RegisterTypes declares the linkable types (links, tags, custom fields, attachments).
func RegisterTypes(r *links.Registry) {
	r.MustRegister(links.Type{Name: TypeSoftware, Label: "Software", Table: "software", Module: Module,
		Route: "/assets/software/{id}", Archivable: true, Taggable: true, CustomFields: true})
	r.MustRegister(links.Type{Name: TypeLicence, Label: "Licence", Table: "licences", Module: Module,
		Route: "/assets/licences/{id}", Archivable: true, Taggable: true, CustomFields: true})
}

// Categories of software.
var Categories = []string{"operating_system", "productivity", "security", "development", "database", "infrastructure",
	"communication", "saas", "other"}

// Derived licence statuses.
const (
	Expired   = "expired"
	InUse     = "in_use"
	Available = "available"
)

// Software is a product of the catalogue.
type Software struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Publisher      string
	Category       string
	OwnerUserID    *uuid.UUID `gorm:"type:uuid"`
	OwnerGroupID   *uuid.UUID `gorm:"type:uuid"`
	SupplierName   string
	Website        string
	Notes          string
	CustomFields   map[string]any `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// TableName maps the model.
func (Software) TableName() string { return "software" }

// AuditInfo audits the catalogue.
func (Software) AuditInfo() audit.Info { return audit.Info{Entity: TypeSoftware} }

// SoftwareRow is a software with its owners' names and its number of active licences.
type SoftwareRow struct {
	Software
	OwnerUserName  *string
	OwnerGroupName *string
	LicenceCount   int64
}

// Licence is a licence of a software. Its key is only ever stored encrypted (KeySealed); KeyHint shows its last
// characters.
type Licence struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	SoftwareID     uuid.UUID `gorm:"type:uuid"`
	Name           string
	KeySealed      *string
	KeyHint        string
	Seats          *int
	ExpiresOn      *time.Time `gorm:"type:date"`
	PurchaseDate   *time.Time `gorm:"type:date"`
	Cost           *string    `gorm:"type:numeric"`
	Currency       *string
	SupplierName   string
	Notes          string
	CustomFields   map[string]any `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits licences; the sealed key never enters the log (a change shows as "[redacted]").
func (Licence) AuditInfo() audit.Info {
	return audit.Info{Entity: TypeLicence, Redact: []string{"key_sealed"}}
}

// LicenceRow is a licence with its software's name, its seats in use and its derived status.
type LicenceRow struct {
	Licence
	SoftwareName string
	SeatsUsed    int64
	Status       string
}

// Seat is a licence seat held by a member or an asset. Seats are audited on their licence (assign_seat,
// release_seat), where the licence's history shows them.
type Seat struct {
	ID             uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID  `gorm:"type:uuid"`
	LicenceID      uuid.UUID  `gorm:"type:uuid"`
	UserID         *uuid.UUID `gorm:"type:uuid"`
	AssetID        *uuid.UUID `gorm:"type:uuid"`
	Note           string
	AssignedAt     time.Time
	AssignedByName string
	UserName       *string `gorm:"->;-:migration"`
	AssetName      *string `gorm:"->;-:migration"`
}

// TableName maps the model.
func (Seat) TableName() string { return "licence_seats" }
