package identity

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Group is a set of members; roles given to a group apply to each member.
type Group struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Description    string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo makes group changes audited; membership changes are recorded explicitly (added/removed).
func (Group) AuditInfo() audit.Info { return audit.Info{Entity: "group"} }

// GroupView is a group with its members and roles.
type GroupView struct {
	Group
	MemberIDs []uuid.UUID `gorm:"-"`
	Roles     []Ref       `gorm:"-"`
}

func uniqueNameConflict(err error, what string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another "+what+" already has this name.",
			apperr.FieldError{Field: "name", Code: "taken", Message: "is already used by another " + what})
	}
	return err
}

// permissionsOf validates a permission list into the stored map.
func permissionsOf(list map[string]reqctx.Level) map[string]string {
	out := map[string]string{}
	for m, lv := range list {
		if lv > reqctx.LevelNone && slices.Contains(config.Modules, m) {
			out[m] = lv.String()
		}
	}
	return out
}

// CreateRole adds a custom role.
func (s *Service) CreateRole(ctx context.Context, name, description string, perms map[string]reqctx.Level) (RoleView, error) {
	r := Role{ID: uuid.Must(uuid.NewV7()), Name: strings.TrimSpace(name), Description: strings.TrimSpace(description),
		Permissions: permissionsOf(perms), Version: 1}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error { return uniqueNameConflict(tx.Create(&r).Error, "role") })
	if err != nil {
		return RoleView{}, err
	}
	return RoleView{Role: r}, s.reload()
}

// RolePatch is a merge patch of a role; nil fields stay.
type RolePatch struct {
	Name, Description *string
	Permissions       *map[string]reqctx.Level
}

// UpdateRole applies a merge patch to a role. The Owner template always keeps admin on administration, so an
// organisation cannot lock itself out.
func (s *Service) UpdateRole(ctx context.Context, id uuid.UUID, ifMatch *int64, p RolePatch) (RoleView, error) {
	var r Role
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("role")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != r.Version {
			return apperr.PreconditionFailed(r.Version)
		}
		if p.Name != nil {
			r.Name = strings.TrimSpace(*p.Name)
		}
		if p.Description != nil {
			r.Description = strings.TrimSpace(*p.Description)
		}
		if p.Permissions != nil {
			r.Permissions = permissionsOf(*p.Permissions)
		}
		if r.BuiltinKey != nil && *r.BuiltinKey == "owner" && r.Permissions["administration"] != "admin" {
			return apperr.Unprocessable("The Owner role always keeps admin on administration.",
				apperr.FieldError{Field: "permissions", Code: "owner_lockout", Message: "Owner must keep administration: admin"})
		}
		r.Version++
		return uniqueNameConflict(tx.Model(&r).Select("name", "description", "permissions", "version").Updates(&r).Error, "role")
	})
	if err != nil {
		return RoleView{}, err
	}
	return RoleView{Role: r}, s.reload()
}

// ArchiveRole archives a custom role nobody holds.
func (s *Service) ArchiveRole(ctx context.Context, id uuid.UUID) (RoleView, error) {
	var r Role
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("role")
			}
			return err
		}
		if r.ArchivedAt != nil {
			return nil
		}
		if r.BuiltinKey != nil {
			return apperr.Conflict("Built-in roles cannot be archived; edit them instead.")
		}
		var held int64
		if err := tx.Model(&RoleAssignment{}).Where("role_id = ?", id).Count(&held).Error; err != nil {
			return err
		}
		if held > 0 {
			return apperr.Conflict("Members or groups still hold this role: take it away from them first.")
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		r.ArchivedAt, r.Version = &now, r.Version+1
		return tx.Model(&r).Select("archived_at", "version").Updates(&r).Error
	})
	if err != nil {
		return RoleView{}, err
	}
	return RoleView{Role: r}, s.reload()
}

// ListGroups returns a page of groups.
func (s *Service) ListGroups(ctx context.Context, q string, includeArchived bool, sort, cursor string, limit int) (db.PageResult[GroupView], error) {
	var res db.PageResult[GroupView]
	so, err := db.ParseSort(sort, "name", map[string]string{"name": "groups.name"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		query := tx.Model(&Group{})
		if !includeArchived {
			query = query.Where("groups.archived_at IS NULL")
		}
		if t := strings.TrimSpace(q); t != "" {
			query = query.Where("groups.name ILIKE ?", db.Contains(t))
		}
		res, err = db.Page(query, so, cursor, limit, func(g *GroupView) (any, uuid.UUID) { return g.Name, g.ID })
		if err != nil {
			return err
		}
		for i := range res.Items {
			if err := fillGroup(tx, &res.Items[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func fillGroup(tx *gorm.DB, g *GroupView) error {
	g.MemberIDs, g.Roles = []uuid.UUID{}, []Ref{}
	if err := tx.Table("group_members").Where("group_id = ?", g.ID).Order("user_id").Pluck("user_id", &g.MemberIDs).Error; err != nil {
		return err
	}
	return tx.Model(&RoleAssignment{}).Select("roles.id, roles.name").Joins("JOIN roles ON roles.id = role_assignments.role_id").
		Where("role_assignments.group_id = ?", g.ID).Order("roles.name").Scan(&g.Roles).Error
}

func (s *Service) group(tx *gorm.DB, id uuid.UUID, lock bool) (GroupView, error) {
	var g GroupView
	q := tx.Model(&Group{})
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.Where("id = ?", id).Take(&g.Group).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return g, apperr.NotFound("group")
		}
		return g, err
	}
	return g, fillGroup(tx, &g)
}

// CreateGroup adds a group.
func (s *Service) CreateGroup(ctx context.Context, name, description string) (GroupView, error) {
	g := Group{ID: uuid.Must(uuid.NewV7()), Name: strings.TrimSpace(name), Description: strings.TrimSpace(description), Version: 1}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error { return uniqueNameConflict(tx.Create(&g).Error, "group") })
	return GroupView{Group: g, MemberIDs: []uuid.UUID{}, Roles: []Ref{}}, err
}

// UpdateGroup renames or describes a group.
func (s *Service) UpdateGroup(ctx context.Context, id uuid.UUID, ifMatch *int64, name, description *string) (GroupView, error) {
	var out GroupView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		g, err := s.group(tx, id, true)
		if err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != g.Version {
			return apperr.PreconditionFailed(g.Version)
		}
		if name != nil {
			g.Name = strings.TrimSpace(*name)
		}
		if description != nil {
			g.Description = strings.TrimSpace(*description)
		}
		g.Version++
		if err := uniqueNameConflict(tx.Model(&g.Group).Select("name", "description", "version").Updates(&g.Group).Error, "group"); err != nil {
			return err
		}
		out = g
		return nil
	})
	return out, err
}

// ArchiveGroup archives a group: its members lose the roles they held through it.
func (s *Service) ArchiveGroup(ctx context.Context, id uuid.UUID) (GroupView, error) {
	var out GroupView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		g, err := s.group(tx, id, true)
		if err != nil {
			return err
		}
		if g.ArchivedAt == nil {
			now := time.Now().UTC().Truncate(time.Microsecond)
			g.ArchivedAt, g.Version = &now, g.Version+1
			if err := tx.Model(&g.Group).Select("archived_at", "version").Updates(&g.Group).Error; err != nil {
				return err
			}
		}
		out = g
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, s.reload()
}

// SetGroupMembers replaces a group's members (each must be a member of the organisation) and records who was added
// and removed.
func (s *Service) SetGroupMembers(ctx context.Context, id uuid.UUID, ifMatch *int64, users []uuid.UUID) (GroupView, error) {
	var out GroupView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		g, err := s.group(tx, id, true)
		if err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != g.Version {
			return apperr.PreconditionFailed(g.Version)
		}
		if g.ArchivedAt != nil {
			return apperr.Conflict("The group is archived.")
		}
		var known int64
		if len(users) > 0 {
			if err := tx.Model(&Membership{}).Where("user_id IN ?", users).Count(&known).Error; err != nil {
				return err
			}
		}
		if int(known) != len(users) {
			return apperr.Unprocessable("Some users are not members of this organisation.",
				apperr.FieldError{Field: "user_ids", Code: "not_found", Message: "contains someone who is not a member here"})
		}
		var added, removed []string
		for _, u := range users {
			if !slices.Contains(g.MemberIDs, u) {
				added = append(added, u.String())
			}
		}
		for _, u := range g.MemberIDs {
			if !slices.Contains(users, u) {
				removed = append(removed, u.String())
			}
		}
		org := reqctx.OrganizationID(ctx)
		if len(removed) > 0 {
			if err := tx.Exec("DELETE FROM group_members WHERE organization_id = ? AND group_id = ? AND user_id IN ?", org, id, removed).Error; err != nil {
				return err
			}
		}
		for _, u := range added {
			if err := tx.Exec("INSERT INTO group_members (organization_id, group_id, user_id) VALUES (?, ?, ?)", org, id, u).Error; err != nil {
				return err
			}
		}
		if len(added)+len(removed) > 0 {
			g.Version++
			if err := tx.Model(&g.Group).Update("version", g.Version).Error; err != nil {
				return err
			}
			// Raw SQL bypasses the audit callbacks: the many-to-many change is recorded explicitly.
			if err := audit.Record(tx, audit.Entry{Action: "members.changed", EntityType: "group", EntityID: id.String(),
				EntityLabel: g.Name, Changes: map[string]any{"added": [2]any{nil, nonNilStrings(added)}, "removed": [2]any{nonNilStrings(removed), nil}}}); err != nil {
				return err
			}
		}
		out, err = s.group(tx, id, false)
		return err
	})
	if err != nil {
		return out, err
	}
	return out, s.reload()
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SetGroupRoles replaces the roles given to a group.
func (s *Service) SetGroupRoles(ctx context.Context, id uuid.UUID, ifMatch *int64, roleIDs []uuid.UUID) (GroupView, error) {
	var out GroupView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		g, err := s.group(tx, id, true)
		if err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != g.Version {
			return apperr.PreconditionFailed(g.Version)
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
		if err := tx.Where("group_id = ?", id).Delete(&RoleAssignment{}).Error; err != nil {
			return err
		}
		for _, r := range roles {
			gid := id
			if err := tx.Create(&RoleAssignment{ID: uuid.Must(uuid.NewV7()), RoleID: r.ID, GroupID: &gid}).Error; err != nil {
				return err
			}
		}
		g.Version++
		if err := tx.Model(&g.Group).Update("version", g.Version).Error; err != nil {
			return err
		}
		out, err = s.group(tx, id, false)
		return err
	})
	if err != nil {
		return out, err
	}
	return out, s.reload()
}
