package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// MemberView is a member as administrators see it.
type MemberView struct {
	MembershipID     uuid.UUID `gorm:"column:membership_id"`
	UserID           uuid.UUID `gorm:"column:user_id"`
	Email            string
	Name             string
	Status           string
	UserStatus       string
	Department       string
	JobTitle         string
	ManagerID        *uuid.UUID
	BuddyID          *uuid.UUID
	HideFromOrgChart bool
	TOTPEnabledAt    *time.Time `gorm:"column:totp_enabled_at"`
	LastLoginAt      *time.Time
	CreatedAt        time.Time
	Version          int64
	Roles            []Ref `gorm:"-"`
	Groups           []Ref `gorm:"-"`
}

// Ref names a role or group.
type Ref struct {
	ID   uuid.UUID
	Name string
}

// MemberFilter narrows the member list.
type MemberFilter struct {
	Query, Status string
	RoleID        *uuid.UUID
	UserIDs       []uuid.UUID
}

const memberColumns = `memberships.id AS membership_id, memberships.user_id, users.email, users.name, memberships.status, users.status AS user_status,
	memberships.department, memberships.job_title, memberships.manager_id, memberships.buddy_id,
	memberships.hide_from_org_chart, users.totp_enabled_at,
	users.last_login_at, memberships.created_at, memberships.version`

var memberSorts = map[string]string{"name": "users.name", "email": "users.email", "created_at": "memberships.created_at"}

func membersQuery(tx *gorm.DB) *gorm.DB {
	return tx.Model(&Membership{}).Select(memberColumns).Joins("JOIN users ON users.id = memberships.user_id")
}

// ListMembers returns a page of the active organisation's members with their direct roles and groups.
func (s *Service) ListMembers(ctx context.Context, f MemberFilter, sort, cursor string, limit int) (db.PageResult[MemberView], error) {
	var res db.PageResult[MemberView]
	so, err := db.ParseSort(sort, "name", memberSorts)
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := membersQuery(tx)
		if f.Status != "" {
			q = q.Where("memberships.status = ?", f.Status)
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			like := db.Contains(t)
			q = q.Where("(users.name ILIKE ? OR users.email ILIKE ?)", like, like)
		}
		if len(f.UserIDs) > 0 {
			q = q.Where("memberships.user_id IN ?", f.UserIDs)
		}
		if f.RoleID != nil {
			q = q.Where("EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.organization_id = memberships.organization_id AND ra.user_id = memberships.user_id AND ra.role_id = ?)", *f.RoleID)
		}
		res, err = db.Page(q, so, cursor, limit, func(m *MemberView) (any, uuid.UUID) {
			switch so.Column {
			case "users.email":
				return m.Email, m.UserID
			case "memberships.created_at":
				return m.CreatedAt.UTC().Format(time.RFC3339Nano), m.UserID
			}
			return m.Name, m.UserID
		})
		if err != nil {
			return err
		}
		return attachRefs(tx, res.Items)
	})
	return res, err
}

// keyset pagination on users.name/email breaks ties on users.id; memberships.created_at on memberships.id. Both are
// unique per member, which is all Page needs.

func attachRefs(tx *gorm.DB, members []MemberView) error {
	if len(members) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(members))
	idx := map[uuid.UUID]int{}
	for i, m := range members {
		ids[i], idx[m.UserID] = m.UserID, i
		members[i].Roles, members[i].Groups = []Ref{}, []Ref{}
	}
	type row struct {
		UserID uuid.UUID
		ID     uuid.UUID
		Name   string
	}
	var roles, groups []row
	if err := tx.Model(&RoleAssignment{}).Select("role_assignments.user_id, roles.id, roles.name").
		Joins("JOIN roles ON roles.id = role_assignments.role_id").
		Where("role_assignments.user_id IN ?", ids).Order("roles.name").Scan(&roles).Error; err != nil {
		return err
	}
	if err := tx.Table("group_members").Select("group_members.user_id, groups.id, groups.name").
		Joins("JOIN groups ON groups.id = group_members.group_id").
		Where("group_members.user_id IN ? AND groups.archived_at IS NULL", ids).Order("groups.name").Scan(&groups).Error; err != nil {
		return err
	}
	for _, r := range roles {
		members[idx[r.UserID]].Roles = append(members[idx[r.UserID]].Roles, Ref{ID: r.ID, Name: r.Name})
	}
	for _, g := range groups {
		members[idx[g.UserID]].Groups = append(members[idx[g.UserID]].Groups, Ref{ID: g.ID, Name: g.Name})
	}
	return nil
}

func (s *Service) member(tx *gorm.DB, user uuid.UUID) (MemberView, error) {
	var m MemberView
	err := membersQuery(tx).Where("memberships.user_id = ?", user).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return m, apperr.NotFound("member")
	}
	if err != nil {
		return m, err
	}
	ms := []MemberView{m}
	if err := attachRefs(tx, ms); err != nil {
		return m, err
	}
	return ms[0], nil
}

// ensureOwnerRemains refuses a change that would leave the organisation without an active member holding the owner
// role directly. without is the member being changed; keepsOwner says whether they still hold it afterwards.
func ensureOwnerRemains(tx *gorm.DB, without uuid.UUID, keepsOwner bool) error {
	if keepsOwner {
		return nil
	}
	var n int64
	err := tx.Model(&RoleAssignment{}).
		Joins("JOIN roles ON roles.id = role_assignments.role_id AND roles.builtin_key = 'owner'").
		Joins("JOIN memberships ON memberships.organization_id = role_assignments.organization_id AND memberships.user_id = role_assignments.user_id AND memberships.status = 'active'").
		Where("role_assignments.user_id <> ?", without).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.Conflict("The organisation must keep at least one active owner: make someone else owner first.")
	}
	return nil
}

func holdsOwner(tx *gorm.DB, user uuid.UUID) (bool, error) {
	var n int64
	err := tx.Model(&RoleAssignment{}).Joins("JOIN roles ON roles.id = role_assignments.role_id AND roles.builtin_key = 'owner'").
		Where("role_assignments.user_id = ?", user).Count(&n).Error
	return n > 0, err
}

// SetMemberStatus suspends or restores a member (audited; rights follow at once on every instance).
func (s *Service) SetMemberStatus(ctx context.Context, user uuid.UUID, status string) (MemberView, error) {
	var out MemberView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var m Membership
		if err := tx.Where("user_id = ?", user).Take(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("member")
			}
			return err
		}
		if m.Status == StatusArchived && status == StatusSuspended {
			return apperr.Conflict("An archived member cannot be suspended: restore them first.")
		}
		if m.Status == status {
			var err error
			out, err = s.member(tx, user)
			return err
		}
		if status == StatusSuspended {
			owner, err := holdsOwner(tx, user)
			if err != nil {
				return err
			}
			if err := ensureOwnerRemains(tx, user, !owner); err != nil {
				return err
			}
		}
		if err := tx.Model(&m).Updates(map[string]any{"status": status, "archived_at": nil, "version": m.Version + 1}).Error; err != nil {
			return err
		}
		var err error
		out, err = s.member(tx, user)
		return err
	})
	if err != nil {
		return out, err
	}
	return out, s.reload()
}

// SetMemberRoles replaces the member's direct roles. ifMatch, when set, must be the membership's version.
func (s *Service) SetMemberRoles(ctx context.Context, user uuid.UUID, roleIDs []uuid.UUID, ifMatch *int64) (MemberView, error) {
	var out MemberView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var m Membership
		if err := tx.Where("user_id = ?", user).Take(&m).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("member")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != m.Version {
			return apperr.PreconditionFailed(m.Version)
		}
		var roles []Role
		if len(roleIDs) > 0 {
			if err := tx.Where("id IN ? AND archived_at IS NULL", roleIDs).Find(&roles).Error; err != nil {
				return err
			}
		}
		if len(roles) != len(roleIDs) {
			return apperr.Unprocessable("Some roles do not exist in this organisation.",
				apperr.FieldError{Field: "role_ids", Code: "not_found", Message: "contains a role that does not exist here"})
		}
		keepsOwner := false
		for _, r := range roles {
			if r.BuiltinKey != nil && *r.BuiltinKey == "owner" {
				keepsOwner = true
			}
		}
		wasOwner, err := holdsOwner(tx, user)
		if err != nil {
			return err
		}
		if err := ensureOwnerRemains(tx, user, !wasOwner || keepsOwner || m.Status != StatusActive); err != nil {
			return err
		}
		if err = tx.Where("user_id = ?", user).Delete(&RoleAssignment{}).Error; err != nil {
			return err
		}
		for _, r := range roles {
			uid := user
			if err := tx.Create(&RoleAssignment{ID: uuid.Must(uuid.NewV7()), RoleID: r.ID, UserID: &uid}).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&m).Update("version", m.Version+1).Error; err != nil {
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

// RoleView is a role with its member count.
type RoleView struct {
	Role
	MemberCount int32
}

// ListRoles returns the organisation's roles.
func (s *Service) ListRoles(ctx context.Context, includeArchived bool, sort, cursor string, limit int) (db.PageResult[RoleView], error) {
	var res db.PageResult[RoleView]
	so, err := db.ParseSort(sort, "name", map[string]string{"name": "roles.name"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Role{}).Select("roles.*, (SELECT count(*) FROM role_assignments ra WHERE ra.role_id = roles.id AND ra.user_id IS NOT NULL) AS member_count")
		if !includeArchived {
			q = q.Where("roles.archived_at IS NULL")
		}
		res, err = db.Page(q, so, cursor, limit, func(r *RoleView) (any, uuid.UUID) { return r.Name, r.ID })
		return err
	})
	if err != nil {
		return res, fmt.Errorf("list roles: %w", err)
	}
	return res, nil
}
