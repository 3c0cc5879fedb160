// Package assets is the assets and inventory module (SPEC §2.1): locations, brands and models, assets with their
// status state machine, custody and history.
package assets

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
)

// Module is the permission module of everything here.
const Module = "assets"

// Linkable types of the module.
const (
	TypeAsset    = "asset"
	TypeLocation = "location"
)

// RegisterTypes declares the module's linkable types.
func RegisterTypes(r *links.Registry) {
	r.MustRegister(links.Type{Name: TypeAsset, Label: "Asset", Table: "assets", Module: Module,
		LabelColumn: "name || coalesce(' (' || asset_tag || ')', '')", Route: "/assets/{id}", Archivable: true,
		Taggable: true, CustomFields: true})
	r.MustRegister(links.Type{Name: TypeLocation, Label: "Location", Table: "locations", Module: Module,
		Route: "/assets/locations/{id}", Archivable: true, CustomFields: true})
	r.MustRegister(links.Type{Name: TypePeripheral, Label: "Peripheral", Table: "peripherals", Module: Module,
		LabelColumn: "name || coalesce(' (' || serial || ')', '')", Route: "/assets/peripherals/{id}", Archivable: true,
		Taggable: true, CustomFields: true})
	r.MustRegister(links.Type{Name: TypeMaintenanceLog, Label: "Maintenance log", Table: "maintenance_logs", Module: Module,
		LabelColumn: "title", Route: "/assets/maintenance/{id}", Archivable: true, Taggable: true})
	r.MustRegister(links.Type{Name: TypeDisposal, Label: "Disposal", Table: "disposals", Module: Module,
		LabelColumn: "'Disposal of ' || coalesce((SELECT a.name FROM assets a WHERE a.id = disposals.asset_id), (SELECT p.name FROM peripherals p WHERE p.id = disposals.peripheral_id))",
		Route:       "/assets/disposals/{id}"})
}

// Location is a site, office, data centre or virtual place.
type Location struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	AddressLine1   string `gorm:"column:address_line1"`
	AddressLine2   string `gorm:"column:address_line2"`
	PostalCode     string
	City           string
	Country        string
	Timezone       string
	Physical       bool
	Notes          string
	CustomFields   map[string]any `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
	AssetCount     int64 `gorm:"->;-:migration"`
}

// AuditInfo audits locations.
func (Location) AuditInfo() audit.Info { return audit.Info{Entity: TypeLocation} }

// Brand is a manufacturer.
type Brand struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Website        string
	Notes          string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
	ModelCount     int64 `gorm:"->;-:migration"`
}

// AuditInfo audits brands.
func (Brand) AuditInfo() audit.Info { return audit.Info{Entity: "brand"} }

// Model is a brand's model, shared by assets and peripherals.
type Model struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	BrandID        uuid.UUID `gorm:"type:uuid"`
	Name           string
	Category       string
	Notes          string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
	BrandName      string `gorm:"->;-:migration"`
	AssetCount     int64  `gorm:"->;-:migration"`
}

// TableName maps the model.
func (Model) TableName() string { return "asset_models" }

// AuditInfo audits models.
func (Model) AuditInfo() audit.Info { return audit.Info{Entity: "asset_model"} }

// Categories of models.
var Categories = []string{"laptop", "desktop", "server", "network", "storage", "phone", "tablet", "monitor", "printer", "peripheral", "iot", "other"}

// Statuses of the asset state machine.
const (
	InStock          = "in_stock"
	InUse            = "in_use"
	InRepair         = "in_repair"
	AwaitingDisposal = "awaiting_disposal"
	Disposed         = "disposed"
	Sold             = "sold"
)

// Transitions are the moves POST /assets/{id}/transition makes; in_use comes from check-out, disposed and sold from
// the disposal workflow.
var Transitions = map[string][]string{
	InStock:          {InRepair, AwaitingDisposal},
	InRepair:         {InStock, AwaitingDisposal},
	AwaitingDisposal: {InStock},
}

// Asset is one item of the fleet.
type Asset struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	AssetTag       *string
	Serial         *string
	ModelID        *uuid.UUID `gorm:"type:uuid"`
	Status         string
	Critical       bool
	Virtual        bool
	PurchaseDate   *time.Time `gorm:"type:date"`
	Cost           *string    `gorm:"type:numeric"`
	Currency       *string
	WarrantyMonths *int
	WarrantyEnd    *time.Time `gorm:"->;type:date"`
	SupplierName   string
	LocationID     *uuid.UUID `gorm:"type:uuid"`
	HolderID       *uuid.UUID `gorm:"type:uuid"`
	Remote         bool
	Comments       string
	CustomFields   map[string]any `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits assets: every field change is the asset's history.
func (Asset) AuditInfo() audit.Info { return audit.Info{Entity: TypeAsset} }

// AssetRow is an asset with the names of what it refers to (lists and reads).
type AssetRow struct {
	Asset
	ModelName    *string
	BrandID      *uuid.UUID `gorm:"type:uuid"`
	BrandName    *string
	Category     *string
	LocationName *string
	HolderName   *string
}

// Custody is one check-out or check-in.
type Custody struct {
	ID             uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID  `gorm:"type:uuid"`
	AssetID        *uuid.UUID `gorm:"type:uuid"`
	PeripheralID   *uuid.UUID `gorm:"type:uuid"`
	Action         string
	UserID         *uuid.UUID `gorm:"type:uuid"`
	LocationID     *uuid.UUID `gorm:"type:uuid"`
	Remote         bool
	Note           string
	ActorID        string
	ActorName      string
	At             time.Time
	UserName       *string `gorm:"->;-:migration"`
	LocationName   *string `gorm:"->;-:migration"`
}

// TableName maps the model.
func (Custody) TableName() string { return "asset_custody" }
