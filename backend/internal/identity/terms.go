package identity

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
)

// TermsAcceptance records that a member accepted a version of the organisation's terms of use.
type TermsAcceptance struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	UserID         uuid.UUID `gorm:"type:uuid"`
	Version        string
	AcceptedAt     time.Time
}

// AuditInfo makes acceptances audited.
func (TermsAcceptance) AuditInfo() audit.Info {
	return audit.Info{Entity: "terms_acceptance", LabelColumn: "version"}
}

// AcceptTerms records the signed-in member's acceptance of the current version.
func (s *Service) AcceptTerms(ctx context.Context, version string) error {
	user, err := userOf(ctx)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		var current string
		if err := tx.Raw("SELECT coalesce(settings->>'terms_version', '') FROM organizations WHERE id = opsdeck_current_org()").Scan(&current).Error; err != nil {
			return err
		}
		if current == "" {
			return apperr.Conflict("This organisation has no terms of use to accept.")
		}
		if version != current {
			return apperr.Unprocessable("That is not the current version of the terms.",
				apperr.FieldError{Field: "version", Code: "stale", Message: "the current version is " + current})
		}
		return tx.Create(&TermsAcceptance{ID: uuid.Must(uuid.NewV7()), UserID: user, Version: version,
			AcceptedAt: time.Now().UTC().Truncate(time.Microsecond)}).Error
	})
}
