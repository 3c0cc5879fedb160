// Package identity is who people are and what they may do (SPEC §1.1–§1.3): deployment-wide users, their memberships
// of organisations, groups, roles and role assignments, and the effective module levels derived from them.
package identity

import (
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
)

// User statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusArchived  = "archived"
)

// User is a person who can sign in. Deployment-wide: not tenant-owned.
type User struct {
	ID                 uuid.UUID `gorm:"type:uuid;primaryKey"`
	Email              string
	Name               string
	PersonalEmail      string
	Phone              string
	Locale             string
	Timezone           string
	Status             string
	PasswordHash       *string
	PasswordChangedAt  *time.Time
	MustChangePassword bool
	TOTPSecret         *string    `gorm:"column:totp_secret"`
	TOTPEnabledAt      *time.Time `gorm:"column:totp_enabled_at"`
	TOTPLastStep       int64      `gorm:"column:totp_last_step"`
	PlatformLevel      string
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
	Version            int64
	ArchivedAt         *time.Time
}

// AuditInfo: user changes go to the platform chain (a user belongs to no single organisation); secrets never enter it.
func (User) AuditInfo() audit.Info {
	return audit.Info{Entity: "user", LabelColumn: "email", PlatformChain: true,
		Redact: []string{"password_hash", "totp_secret"}, Ignore: []string{"last_login_at", "totp_last_step"}}
}

// Membership is a user in an organisation.
type Membership struct {
	ID               uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID   uuid.UUID `gorm:"type:uuid"`
	UserID           uuid.UUID `gorm:"type:uuid"`
	Status           string
	Department       string
	JobTitle         string
	ManagerID        *uuid.UUID `gorm:"type:uuid"`
	BuddyID          *uuid.UUID `gorm:"type:uuid"`
	HideFromOrgChart bool
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int64
	ArchivedAt       *time.Time
}

// AuditInfo makes membership changes audited in the organisation's chain.
func (Membership) AuditInfo() audit.Info {
	return audit.Info{Entity: "membership", LabelColumn: "user_id"}
}

// Role is a named set of module levels in an organisation.
type Role struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Description    string
	BuiltinKey     *string
	Permissions    map[string]string `gorm:"type:jsonb;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo makes role changes audited.
func (Role) AuditInfo() audit.Info { return audit.Info{Entity: "role"} }

// RoleAssignment gives a role to a user or a group.
type RoleAssignment struct {
	ID             uuid.UUID  `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID  `gorm:"type:uuid"`
	RoleID         uuid.UUID  `gorm:"type:uuid"`
	UserID         *uuid.UUID `gorm:"type:uuid"`
	GroupID        *uuid.UUID `gorm:"type:uuid"`
	CreatedAt      time.Time
}

// AuditInfo makes role assignments audited.
func (RoleAssignment) AuditInfo() audit.Info {
	return audit.Info{Entity: "role_assignment", LabelColumn: "role_id"}
}
