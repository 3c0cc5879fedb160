package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/rbac"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Service manages users, memberships and roles.
type Service struct {
	db     *db.DB
	params password.Params
	policy password.Policy
	rbac   *rbac.Enforcer
	guards guardRegistry
}

// UseEnforcer makes EffectiveLevels answer from the in-memory enforcer, and changes made through this service reload
// it at once (other instances hear the NOTIFY the database sends).
func (s *Service) UseEnforcer(e *rbac.Enforcer) { s.rbac = e }

// EffectiveLevels is Levels answered from the enforcer (microseconds, no database round trip) when one is in use.
func (s *Service) EffectiveLevels(ctx context.Context, org, userID uuid.UUID) (map[string]reqctx.Level, error) {
	if s.rbac == nil {
		return s.Levels(ctx, org, userID)
	}
	return s.rbac.Levels(org, userID), nil
}

func (s *Service) reload() error {
	if s.rbac == nil {
		return nil
	}
	return s.rbac.Reload()
}

// NewService returns the identity service.
func NewService(d *db.DB) *Service {
	return &Service{db: d, params: password.DefaultParams(), policy: password.DefaultPolicy()}
}

// SeedRoles creates the built-in role templates an organisation lacks (all of them for a new organisation, inside the
// transaction creating it); running it again adds nothing.
func SeedRoles(tx *gorm.DB, org uuid.UUID) error {
	var have []string
	if err := tx.Model(&Role{}).Where("organization_id = ? AND builtin_key IS NOT NULL", org).Pluck("builtin_key", &have).Error; err != nil {
		return err
	}
	for _, b := range BuiltinRoles {
		if slices.Contains(have, b.Key) {
			continue
		}
		key := b.Key
		r := Role{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Name: b.Name, Description: b.Description,
			BuiltinKey: &key, Permissions: b.Permissions(), Version: 1}
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("seed role %s: %w", b.Key, err)
		}
	}
	return nil
}

// NewUser describes a user to create.
type NewUser struct {
	Email         string
	Name          string
	Password      string // empty: no password yet (invitation, SSO)
	PlatformLevel string // none (default), read or admin
	MustChange    bool
}

func normaliseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", apperr.Unprocessable("The e-mail address is not valid.",
			apperr.FieldError{Field: "email", Code: "invalid_format", Message: "is not an e-mail address"})
	}
	return strings.ToLower(s), nil
}

// policyProblem maps a password policy refusal to field errors the SPA can show.
func policyProblem(err error) error {
	var pe *password.PolicyError
	if !errors.As(err, &pe) {
		return err
	}
	fields := make([]apperr.FieldError, 0, len(pe.Reasons))
	for _, r := range pe.Reasons {
		fields = append(fields, apperr.FieldError{Field: "password", Code: string(r), Message: reasonMessage(r)})
	}
	return apperr.Unprocessable("The password does not meet the policy.", fields...)
}

func reasonMessage(r password.Reason) string {
	switch r {
	case password.ReasonTooShort:
		return "must be at least 12 characters"
	case password.ReasonTooLong:
		return "must be at most 256 bytes"
	case password.ReasonCommon:
		return "is too common: it appears in lists of leaked passwords"
	case password.ReasonContainsEmail:
		return "must not contain your e-mail address"
	case password.ReasonContainsName:
		return "must not contain your name"
	case password.ReasonReused:
		return "was used recently: choose a new one"
	}
	return "is not allowed"
}

// CheckNewUser validates what CreateUser would refuse (e-mail, name, password policy) without creating anything, for
// flows that must not fail half-way.
func (s *Service) CheckNewUser(email, name, pw string) error {
	email, err := normaliseEmail(email)
	if err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return apperr.Unprocessable("A name is required.", apperr.FieldError{Field: "name", Code: "required", Message: "is required"})
	}
	if err := s.policy.Check(pw, password.Account{Email: email, Name: name}); err != nil {
		return policyProblem(err)
	}
	return nil
}

// CreateUser adds a user (platform scope). The password, when given, must meet the policy.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	var u User
	email, err := normaliseEmail(n.Email)
	if err != nil {
		return u, err
	}
	name := strings.TrimSpace(n.Name)
	if name == "" || len(name) > 200 {
		return u, apperr.Unprocessable("A name is required.", apperr.FieldError{Field: "name", Code: "required", Message: "is required"})
	}
	level := n.PlatformLevel
	if level == "" {
		level = "none"
	}
	u = User{ID: uuid.Must(uuid.NewV7()), Email: email, Name: name, Locale: "en", Timezone: "UTC", Status: StatusActive,
		PlatformLevel: level, MustChangePassword: n.MustChange, Version: 1}
	if n.Password != "" {
		if err := s.policy.Check(n.Password, password.Account{Email: email, Name: name}); err != nil {
			return u, policyProblem(err)
		}
		h, err := password.Hash(n.Password, s.params)
		if err != nil {
			return u, err
		}
		now := time.Now().UTC()
		u.PasswordHash, u.PasswordChangedAt = &h, &now
	}
	err = s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("A user with this e-mail address already exists.",
					apperr.FieldError{Field: "email", Code: "taken", Message: "is already registered"})
			}
			return err
		}
		if u.PasswordHash != nil {
			return tx.Exec("INSERT INTO password_history (user_id, hash) VALUES (?, ?)", u.ID, *u.PasswordHash).Error
		}
		return nil
	})
	return u, err
}

// AddMember makes a user a member of org with the given built-in roles.
func (s *Service) AddMember(ctx context.Context, org, userID uuid.UUID, roleKeys ...string) (Membership, error) {
	m := Membership{ID: uuid.Must(uuid.NewV7()), UserID: userID, Status: StatusActive, Version: 1}
	err := s.db.TxFor(ctx, org, func(tx *gorm.DB) error {
		if err := tx.Create(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("This user is already a member.")
			}
			return err
		}
		if len(roleKeys) > 0 {
			// Organisations created before roles existed, or by code that bypassed the creation hook, get them now.
			if err := SeedRoles(tx, org); err != nil {
				return err
			}
		}
		for _, key := range roleKeys {
			var r Role
			if err := tx.Where("builtin_key = ?", key).Take(&r).Error; err != nil {
				return fmt.Errorf("role %q: %w", key, err)
			}
			uid := userID
			if err := tx.Create(&RoleAssignment{ID: uuid.Must(uuid.NewV7()), RoleID: r.ID, UserID: &uid}).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return m, err
	}
	return m, s.reload()
}

// Levels computes a user's effective module levels in org from the database: the highest level over every role
// assigned to them directly or through a group. Inactive users or memberships get nothing. It is the reference the
// enforcer is tested against; requests use EffectiveLevels.
func (s *Service) Levels(ctx context.Context, org, userID uuid.UUID) (map[string]reqctx.Level, error) {
	rows, err := s.db.Pool.Query(ctx, `
		SELECT r.permissions
		FROM memberships m
		JOIN users u ON u.id = m.user_id AND u.status = 'active'
		JOIN role_assignments ra ON ra.organization_id = m.organization_id
		     AND (ra.user_id = m.user_id OR ra.group_id IN (
		          SELECT gm.group_id FROM group_members gm WHERE gm.organization_id = m.organization_id AND gm.user_id = m.user_id))
		JOIN roles r ON r.id = ra.role_id AND r.archived_at IS NULL
		WHERE m.organization_id = $1 AND m.user_id = $2 AND m.status = 'active'`, org, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]reqctx.Level{}
	for rows.Next() {
		var perms map[string]string
		if err := rows.Scan(&perms); err != nil {
			return nil, err
		}
		for mod, lv := range perms {
			if l, ok := reqctx.ParseLevel(lv); ok && l > out[mod] {
				out[mod] = l
			}
		}
	}
	return out, rows.Err()
}

// OrganizationRef is an organisation the user belongs to.
type OrganizationRef struct {
	ID   uuid.UUID
	Name string
	Slug string
	Kind string
}

// Organizations lists the organisations where the user has an active membership.
func (s *Service) Organizations(ctx context.Context, userID uuid.UUID) ([]OrganizationRef, error) {
	rows, err := s.db.Pool.Query(ctx, `
		SELECT o.id, o.name, o.slug, o.kind FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = $1 AND m.status = 'active' AND o.archived_at IS NULL ORDER BY o.name, o.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrganizationRef
	for rows.Next() {
		var r OrganizationRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Slug, &r.Kind); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
