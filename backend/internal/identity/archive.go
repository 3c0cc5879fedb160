package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// HoldingsGuard reports what a member still holds in the organisation of tx (e.g. "2 assets", "1 licence seat").
// Modules register one; a member is archived only when every guard reports nothing.
type HoldingsGuard func(ctx context.Context, tx *gorm.DB, user uuid.UUID) ([]string, error)

type guardRegistry struct {
	mu     sync.RWMutex
	guards map[string]HoldingsGuard
}

// RegisterHoldingsGuard lets a module refuse the archive of a member who still holds its things (wired at start).
func (s *Service) RegisterHoldingsGuard(module string, g HoldingsGuard) {
	s.guards.mu.Lock()
	defer s.guards.mu.Unlock()
	if s.guards.guards == nil {
		s.guards.guards = map[string]HoldingsGuard{}
	}
	s.guards.guards[module] = g
}

func (s *Service) holdings(ctx context.Context, tx *gorm.DB, user uuid.UUID) ([]string, error) {
	s.guards.mu.RLock()
	defer s.guards.mu.RUnlock()
	var out []string
	for module, g := range s.guards.guards {
		held, err := g(ctx, tx, user)
		if err != nil {
			return nil, fmt.Errorf("%s guard: %w", module, err)
		}
		out = append(out, held...)
	}
	return out, nil
}

// ArchiveMember archives a member who left: refused while they hold anything a module guards; otherwise they leave
// every group and lose every role of the organisation, audited.
func (s *Service) ArchiveMember(ctx context.Context, user uuid.UUID) (MemberView, error) {
	var out MemberView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var m Membership
		if err := tx.Where("user_id = ?", user).Take(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("member")
			}
			return err
		}
		if m.Status == StatusArchived {
			var err error
			out, err = s.member(tx, user)
			return err
		}
		held, err := s.holdings(ctx, tx, user)
		if err != nil {
			return err
		}
		if len(held) > 0 {
			return apperr.Conflict("This person still holds: " + strings.Join(held, ", ") + ". Take these back first.")
		}
		owner, err := holdsOwner(tx, user)
		if err != nil {
			return err
		}
		if err := ensureOwnerRemains(tx, user, !owner); err != nil {
			return err
		}
		var groups []string
		if err := tx.Table("group_members").Where("user_id = ?", user).Pluck("group_id::text", &groups).Error; err != nil {
			return err
		}
		if len(groups) > 0 {
			if err := tx.Exec("DELETE FROM group_members WHERE organization_id = ? AND user_id = ?", m.OrganizationID, user).Error; err != nil {
				return err
			}
			if err := audit.Record(tx, audit.Entry{Action: "groups.left", EntityType: "membership", EntityID: m.ID.String(),
				EntityLabel: user.String(), Changes: map[string]any{"groups": [2]any{groups, []string{}}}}); err != nil {
				return err
			}
		}
		if err := tx.Where("user_id = ?", user).Delete(&RoleAssignment{}).Error; err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		if err := tx.Model(&m).Updates(map[string]any{"status": StatusArchived, "archived_at": now, "version": m.Version + 1}).Error; err != nil {
			return err
		}
		out, err = s.member(tx, user)
		return err
	})
	if err != nil {
		return out, err
	}
	return out, s.reload()
}

// ResetMemberMFA turns off the second factor of a member who belongs to this organisation only, and ends their
// sessions.
func (s *Service) ResetMemberMFA(ctx context.Context, user uuid.UUID) (MemberView, error) {
	var out MemberView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if out, err = s.member(tx, user); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	var others int
	if err := s.db.Pool.QueryRow(ctx, "SELECT count(*) FROM memberships WHERE user_id = $1 AND organization_id <> $2",
		user, reqctx.OrganizationID(ctx)).Scan(&others); err != nil {
		return out, err
	}
	if others > 0 {
		return out, apperr.Conflict("This person also belongs to other organisations: a platform administrator must reset their second factor.")
	}
	err = s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{ID: user}).Updates(map[string]any{"totp_secret": nil, "totp_enabled_at": nil, "totp_last_step": 0}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM recovery_codes WHERE user_id = ?", user).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'second factor reset by an administrator'
			WHERE user_id = ? AND revoked_at IS NULL`, user).Error; err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: reqctx.OrganizationID(ctx), Action: "mfa.reset", EntityType: "user",
			EntityID: user.String(), EntityLabel: out.Email})
	})
	out.TOTPEnabledAt = nil
	return out, err
}
