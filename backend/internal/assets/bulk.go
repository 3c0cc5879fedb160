package assets

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// BulkFailure says why one asset of a bulk action was not changed.
type BulkFailure struct {
	ID  uuid.UUID
	Err *apperr.Error
}

// Bulk actions on assets.
const (
	BulkArchive    = "archive"
	BulkRestore    = "restore"
	BulkAddTags    = "add_tags"
	BulkRemoveTags = "remove_tags"
)

// Bulk applies one action to many assets, each in its own transaction (audited like the single operation), and
// reports the ones done and why the others were not. A failure of the system stops the run and is returned.
func (s *Service) Bulk(ctx context.Context, ids []uuid.UUID, action string, tagIDs []uuid.UUID) ([]uuid.UUID, []BulkFailure, error) {
	tagging := action == BulkAddTags || action == BulkRemoveTags
	switch {
	case !tagging && action != BulkArchive && action != BulkRestore:
		return nil, nil, apperr.Unprocessable("Unknown action.", apperr.FieldError{Field: "action", Code: "invalid",
			Message: "must be archive, restore, add_tags or remove_tags"})
	case tagging && len(tagIDs) == 0:
		return nil, nil, apperr.Unprocessable("Name the tags.", apperr.FieldError{Field: "tag_ids", Code: "required",
			Message: "is required to add or remove tags"})
	case !tagging && len(tagIDs) > 0:
		return nil, nil, apperr.Unprocessable("Tags only go with add_tags and remove_tags.", apperr.FieldError{Field: "tag_ids",
			Code: "not_allowed", Message: "only for add_tags and remove_tags"})
	case len(ids) == 0 || len(ids) > 200:
		return nil, nil, apperr.Unprocessable("Between 1 and 200 assets.", apperr.FieldError{Field: "ids", Code: "invalid",
			Message: "name between 1 and 200 assets"})
	}
	if action == BulkAddTags {
		// Unknown or archived tags fail the whole request up front rather than every asset.
		var n int64
		if err := s.db.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&tags.Tag{}).Where("id IN ? AND archived_at IS NULL", tagIDs).Count(&n).Error
		}); err != nil {
			return nil, nil, err
		}
		if int(n) != len(slices.Compact(slices.Clone(tagIDs))) {
			return nil, nil, apperr.Unprocessable("Some tags do not exist here or are archived.", apperr.FieldError{Field: "tag_ids",
				Code: "not_found", Message: "contains a tag that does not exist or is archived"})
		}
	}
	var done []uuid.UUID
	var failed []BulkFailure
	for _, id := range slices.Compact(ids) {
		var err error
		switch action {
		case BulkArchive, BulkRestore:
			_, err = s.SetAssetArchived(ctx, id, action == BulkArchive)
		default:
			err = s.db.Tx(ctx, func(tx *gorm.DB) error { return retag(tx, id, action == BulkAddTags, tagIDs) })
		}
		var ae *apperr.Error
		switch {
		case err == nil:
			done = append(done, id)
		case errors.As(err, &ae):
			failed = append(failed, BulkFailure{ID: id, Err: ae})
		default:
			return done, failed, err
		}
	}
	return done, failed, nil
}

// retag adds or removes tags on one asset (archived assets are read-only).
func retag(tx *gorm.DB, id uuid.UUID, add bool, tagIDs []uuid.UUID) error {
	a, err := find[Asset](tx, id, "asset")
	if err != nil {
		return err
	}
	if a.ArchivedAt != nil {
		return apperr.Conflict("An archived asset cannot be changed; restore it first.")
	}
	byID, err := tags.Of(tx, TypeAsset, []uuid.UUID{id})
	if err != nil {
		return err
	}
	var next []uuid.UUID
	for _, t := range byID[id] {
		if add || !slices.Contains(tagIDs, t.ID) {
			next = append(next, t.ID)
		}
	}
	if add {
		next = append(next, tagIDs...)
	}
	_, err = tags.Set(tx, TypeAsset, id, label(a), next)
	return err
}
