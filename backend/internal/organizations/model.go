// Package organizations is the organisation (tenant) itself, SPEC §1.1: its profile and settings, read and edited by
// its administrators, listed by platform administrators.
package organizations

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Kinds of organisation.
const (
	KindOperator  = "operator"
	KindRegulator = "regulator"
	KindObserver  = "observer"
)

// Organization is a tenant.
type Organization struct {
	ID               uuid.UUID    `gorm:"type:uuid;primaryKey"`
	Name             string       `validate:"required,max=200"`
	Slug             string       `validate:"required,max=63"`
	Kind             string       `validate:"oneof=operator regulator observer"`
	Country          string       `validate:"omitempty,iso3166_1_alpha2"`
	Identifier       string       `validate:"required,min=2,max=16"`
	Settings         Settings     `gorm:"type:jsonb;serializer:json"`
	EntityCategories db.TextArray `gorm:"type:text[]"`
	Sectors          db.TextArray `gorm:"type:text[]"`
	EnabledModules   db.TextArray `gorm:"type:text[]"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int64
	ArchivedAt       *time.Time
}

// AuditInfo makes organisation changes audited; the organisation is its own chain.
func (Organization) AuditInfo() audit.Info {
	return audit.Info{Entity: "organization", LabelColumn: "name", OrgColumn: "id"}
}

// TenantKey tells the db scope that an organisation is keyed by its own id.
func (Organization) TenantKey() string { return "id" }

// Settings are the organisation's settings (SPEC §1.1), stored as one JSONB document.
type Settings struct {
	LegalName    string     `json:"legal_name" validate:"max=200"`
	TaxID        string     `json:"tax_id" validate:"max=64"`
	Domains      []string   `json:"domains" validate:"max=50,dive,fqdn"`
	LogoURL      string     `json:"logo_url" validate:"omitempty,url,startswith=https://|startswith=http://|startswith=/"`
	Timezone     string     `json:"timezone" validate:"required,timezone"`
	BaseCurrency string     `json:"base_currency" validate:"required,iso4217"`
	RiskMatrix   RiskMatrix `json:"risk_matrix"`
	Retention    Retention  `json:"retention"`
	RequireMFA   bool       `json:"require_mfa"`
	TermsVersion string     `json:"terms_version" validate:"max=64"`
	TermsURL     string     `json:"terms_url" validate:"omitempty,url,startswith=https://|startswith=http://|startswith=/"`
}

// RiskMatrix sizes the organisation's risk matrix.
type RiskMatrix struct {
	LikelihoodLevels int `json:"likelihood_levels" validate:"min=3,max=10"`
	ImpactLevels     int `json:"impact_levels" validate:"min=3,max=10"`
	Appetite         int `json:"appetite" validate:"min=1,max=100"`
}

// Retention says how long records are kept.
type Retention struct {
	AuditLogDays int `json:"audit_log_days" validate:"min=365,max=36500"`
}

// DefaultSettings are the settings of a new organisation.
func DefaultSettings() Settings {
	return Settings{
		Domains:      []string{},
		Timezone:     "UTC",
		BaseCurrency: "EUR",
		RiskMatrix:   RiskMatrix{LikelihoodLevels: 5, ImpactLevels: 5, Appetite: 9},
		Retention:    Retention{AuditLogDays: 2555},
	}
}

// normalize fills settings that older rows may lack.
func (o *Organization) normalize() {
	d := DefaultSettings()
	s := &o.Settings
	if s.Domains == nil {
		s.Domains = []string{}
	}
	if s.Timezone == "" {
		s.Timezone = d.Timezone
	}
	if s.BaseCurrency == "" {
		s.BaseCurrency = d.BaseCurrency
	}
	if s.RiskMatrix == (RiskMatrix{}) {
		s.RiskMatrix = d.RiskMatrix
	}
	if s.Retention == (Retention{}) {
		s.Retention = d.Retention
	}
}
