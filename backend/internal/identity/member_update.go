package identity

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// GetMember returns one member of the active organisation.
func (s *Service) GetMember(ctx context.Context, user uuid.UUID) (MemberView, error) {
	var out MemberView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.member(tx, user)
		return err
	})
	return out, err
}

// MemberPatch is a JSON merge patch of a membership's organisation details. For the references, Set says the field was
// present in the patch and a nil value clears it.
type MemberPatch struct {
	Department, JobTitle *string
	HideFromOrgChart     *bool
	Manager, Buddy       RefPatch
}

// RefPatch is an optional, clearable reference in a patch.
type RefPatch struct {
	Set   bool
	Value *uuid.UUID
}

// maxManagerChain bounds the walk up a manager chain; deeper hierarchies than this do not occur in practice.
const maxManagerChain = 64

// UpdateMember changes a member's organisation details: department, job title, manager, buddy, org-chart visibility.
func (s *Service) UpdateMember(ctx context.Context, user uuid.UUID, ifMatch *int64, p MemberPatch) (MemberView, error) {
	var fields []apperr.FieldError
	if p.Department != nil {
		*p.Department = strings.TrimSpace(*p.Department)
	}
	if p.JobTitle != nil {
		*p.JobTitle = strings.TrimSpace(*p.JobTitle)
	}
	if p.Manager.Set && p.Manager.Value != nil && *p.Manager.Value == user {
		fields = append(fields, apperr.FieldError{Field: "manager_id", Code: "self", Message: "cannot be the member themselves"})
	}
	if p.Buddy.Set && p.Buddy.Value != nil && *p.Buddy.Value == user {
		fields = append(fields, apperr.FieldError{Field: "buddy_id", Code: "self", Message: "cannot be the member themselves"})
	}
	if len(fields) > 0 {
		return MemberView{}, apperr.Unprocessable("The member's details are not valid.", fields...)
	}
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
		changes := map[string]any{}
		if p.Department != nil && *p.Department != m.Department {
			changes["department"] = *p.Department
		}
		if p.JobTitle != nil && *p.JobTitle != m.JobTitle {
			changes["job_title"] = *p.JobTitle
		}
		if p.HideFromOrgChart != nil && *p.HideFromOrgChart != m.HideFromOrgChart {
			changes["hide_from_org_chart"] = *p.HideFromOrgChart
		}
		for _, ref := range []struct {
			field string
			patch RefPatch
			cur   *uuid.UUID
		}{{"manager_id", p.Manager, m.ManagerID}, {"buddy_id", p.Buddy, m.BuddyID}} {
			if !ref.patch.Set || sameRef(ref.patch.Value, ref.cur) {
				continue
			}
			if ref.patch.Value != nil {
				var n int64
				if err := tx.Model(&Membership{}).Where("user_id = ? AND status <> 'archived'", *ref.patch.Value).Count(&n).Error; err != nil {
					return err
				}
				if n == 0 {
					return apperr.Unprocessable("The referenced person is not a member of this organisation.",
						apperr.FieldError{Field: ref.field, Code: "not_found", Message: "is not a current member of this organisation"})
				}
			}
			changes[ref.field] = ref.patch.Value
		}
		if p.Manager.Set && p.Manager.Value != nil {
			if err := refuseManagerLoop(tx, user, *p.Manager.Value); err != nil {
				return err
			}
		}
		if len(changes) > 0 {
			changes["version"] = m.Version + 1
			if err := tx.Model(&m).Updates(changes).Error; err != nil {
				return err
			}
		}
		var err error
		out, err = s.member(tx, user)
		return err
	})
	return out, err
}

func sameRef(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// refuseManagerLoop walks up from the proposed manager: reaching the member means the change would make a loop.
func refuseManagerLoop(tx *gorm.DB, user, manager uuid.UUID) error {
	var chain []uuid.UUID
	err := tx.Raw(`WITH RECURSIVE up(id, depth) AS (
			SELECT ?::uuid, 0
			UNION ALL
			SELECT m.manager_id, up.depth + 1 FROM memberships m JOIN up ON m.user_id = up.id
			WHERE m.manager_id IS NOT NULL AND up.depth < ?
		) SELECT id FROM up`, manager, maxManagerChain).Scan(&chain).Error
	if err != nil {
		return err
	}
	for _, id := range chain {
		if id == user {
			return apperr.Unprocessable("That manager would make a loop in the reporting line.",
				apperr.FieldError{Field: "manager_id", Code: "cycle", Message: "reports (directly or not) to this member"})
		}
	}
	return nil
}
