package app

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// denialRecorder audits refused requests: in the organisation's chain when the principal acts in one, else in the
// platform chain.
type denialRecorder struct{ db *db.DB }

func (d denialRecorder) RecordDenial(ctx context.Context, operationID string, perm httpx.Permission) error {
	entry := audit.Entry{Action: "denied", EntityType: "operation", EntityID: operationID,
		Changes: map[string]any{"required": [2]any{nil, perm.String()}}}
	if org := reqctx.OrganizationID(ctx); org != uuid.Nil {
		return d.db.Tx(ctx, func(tx *gorm.DB) error { return audit.Record(tx, entry) })
	}
	entry.Organization = audit.PlatformOrg
	return d.db.PlatformTx(ctx, func(tx *gorm.DB) error { return audit.Record(tx, entry) })
}
