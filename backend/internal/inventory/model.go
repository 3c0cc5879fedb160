// Package inventory is the physical inventory campaigns of the assets module (SPEC §2.1): a campaign snapshots the
// assets in scope when it opens, each one is then verified or flagged (with when and by whom), and completion stamps
// the campaign and records what was never seen as missing.
package inventory

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
)

// Module is the permission module (inventory belongs to assets).
const Module = "assets"

// TypeCampaign is the linkable type and audit entity of a campaign.
const TypeCampaign = "inventory_campaign"

// Campaign statuses.
const (
	StatusOpen      = "open"
	StatusCompleted = "completed"
)

// Item results.
const (
	ResultPending  = "pending"
	ResultVerified = "verified"
	ResultFlagged  = "flagged"
	ResultMissing  = "missing"
)

// RegisterTypes declares the module's linkable types.
func RegisterTypes(r *links.Registry) {
	r.MustRegister(links.Type{Name: TypeCampaign, Label: "Inventory campaign", Table: "inventory_campaigns", Module: Module,
		Route: "/assets/inventory/{id}", Archivable: true})
}

// Campaign is one physical inventory campaign.
type Campaign struct {
	ID              uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID  uuid.UUID `gorm:"type:uuid"`
	Name            string
	LocationID      *uuid.UUID `gorm:"type:uuid"`
	DueOn           *time.Time `gorm:"type:date"`
	Notes           string
	Status          string
	CreatedBy       string
	CreatedByName   string
	CompletedAt     *time.Time
	CompletedBy     *string
	CompletedByName *string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
	ArchivedAt      *time.Time
	// Read-only: the scope's name and the items' counts (one aggregate over inventory_items).
	LocationName *string `gorm:"->;-:migration"`
	Total        int64   `gorm:"->;-:migration"`
	Pending      int64   `gorm:"->;-:migration"`
	Verified     int64   `gorm:"->;-:migration"`
	Flagged      int64   `gorm:"->;-:migration"`
	Missing      int64   `gorm:"->;-:migration"`
}

// TableName maps the model.
func (Campaign) TableName() string { return "inventory_campaigns" }

// AuditInfo audits campaigns (create, changes, archive/restore, completion).
func (Campaign) AuditInfo() audit.Info { return audit.Info{Entity: TypeCampaign} }

// Item is one asset of a campaign. Items have no id of their own (the key is campaign + asset), so the audit
// callbacks cannot attribute their changes: checks and completion write explicit audit entries on the campaign.
type Item struct {
	OrganizationID uuid.UUID  `gorm:"type:uuid"`
	CampaignID     uuid.UUID  `gorm:"type:uuid;primaryKey"`
	AssetID        uuid.UUID  `gorm:"type:uuid;primaryKey"`
	LocationID     *uuid.UUID `gorm:"type:uuid"`
	Result         string
	Note           string
	CheckedAt      *time.Time
	CheckedBy      *string
	CheckedByName  *string
}

// TableName maps the model.
func (Item) TableName() string { return "inventory_items" }

// ItemRow is an item with the asset's names (lists and reads).
type ItemRow struct {
	Item
	AssetName    string
	AssetTag     *string
	Serial       *string
	LocationName *string
	HolderName   *string
}
