// Package tags is the organisation-wide tag dictionary (SPEC §1.6) and the taggings of any taggable entity.
package tags

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Colours are the palette names of the web application.
var Colours = []string{"gray", "red", "pink", "grape", "violet", "indigo", "blue", "cyan", "teal", "green", "lime", "yellow", "orange"}

// MaxPerEntity bounds the tags of one entity.
const MaxPerEntity = 50

// Tag is one entry of the dictionary.
type Tag struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Name           string
	Colour         string
	Description    string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
	// Uses counts the taggings (lists only).
	Uses int64 `gorm:"->;-:migration"`
}

// AuditInfo audits the dictionary.
func (Tag) AuditInfo() audit.Info { return audit.Info{Entity: "tag"} }

// Ref is a tag as an entity shows it.
type Ref struct {
	ID     uuid.UUID `gorm:"type:uuid"`
	Name   string
	Colour string
}

// Service manages the dictionary and taggings.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Input is a new tag or a patch (nil: unchanged).
type Input struct {
	Name, Colour, Description *string
}

func check(in Input) (Input, error) {
	var fields []apperr.FieldError
	if in.Name != nil {
		n := strings.Join(strings.Fields(*in.Name), " ")
		in.Name = &n
		if n == "" || len([]rune(n)) > 60 {
			fields = append(fields, apperr.FieldError{Field: "name", Code: "invalid", Message: "must be 1 to 60 characters"})
		}
	}
	if in.Colour != nil && !slices.Contains(Colours, *in.Colour) {
		fields = append(fields, apperr.FieldError{Field: "colour", Code: "invalid", Message: "must be one of " + strings.Join(Colours, ", ")})
	}
	if len(fields) > 0 {
		return in, apperr.Unprocessable("The tag is not valid.", fields...)
	}
	return in, nil
}

func taken(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another tag already has this name.", apperr.FieldError{Field: "name", Code: "taken", Message: "is already a tag"})
	}
	return err
}

func (s *Service) get(tx *gorm.DB, id uuid.UUID) (Tag, error) {
	var t Tag
	err := tx.Where("id = ?", id).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return t, apperr.NotFound("tag")
	}
	return t, err
}

// Get returns one tag.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Tag, error) {
	var t Tag
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { t, err = s.get(tx, id); return err })
	return t, err
}

// Create adds a tag.
func (s *Service) Create(ctx context.Context, in Input) (Tag, error) {
	in, err := check(in)
	if err != nil {
		return Tag{}, err
	}
	t := Tag{ID: uuid.Must(uuid.NewV7()), Name: *in.Name, Colour: "gray", Version: 1}
	if in.Colour != nil {
		t.Colour = *in.Colour
	}
	if in.Description != nil {
		t.Description = strings.TrimSpace(*in.Description)
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error { return taken(tx.Create(&t).Error) })
	return t, err
}

// Update applies a patch.
func (s *Service) Update(ctx context.Context, id uuid.UUID, ifMatch *int64, in Input) (Tag, error) {
	in, err := check(in)
	if err != nil {
		return Tag{}, err
	}
	var t Tag
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if t, err = s.get(tx, id); err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != t.Version {
			return apperr.PreconditionFailed(t.Version)
		}
		ch := map[string]any{"version": t.Version + 1, "updated_at": time.Now().UTC()}
		if in.Name != nil {
			ch["name"] = *in.Name
		}
		if in.Colour != nil {
			ch["colour"] = *in.Colour
		}
		if in.Description != nil {
			ch["description"] = strings.TrimSpace(*in.Description)
		}
		if err := taken(tx.Model(&t).Updates(ch).Error); err != nil {
			return err
		}
		t, err = s.get(tx, id)
		return err
	})
	return t, err
}

// SetArchived archives (hidden from pickers, kept on what it tags) or restores a tag.
func (s *Service) SetArchived(ctx context.Context, id uuid.UUID, archived bool) (Tag, error) {
	var t Tag
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if t, err = s.get(tx, id); err != nil {
			return err
		}
		if (t.ArchivedAt != nil) == archived {
			return nil
		}
		var at any
		if archived {
			at = time.Now().UTC()
		}
		if err := tx.Model(&t).Updates(map[string]any{"archived_at": at, "version": t.Version + 1}).Error; err != nil {
			return err
		}
		t, err = s.get(tx, id)
		return err
	})
	return t, err
}

// Filter narrows the dictionary.
type Filter struct {
	Query           string
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

// List returns a page of tags with their use counts.
func (s *Service) List(ctx context.Context, f Filter) (db.PageResult[Tag], error) {
	var res db.PageResult[Tag]
	so, err := db.ParseSort(f.Sort, "name", map[string]string{"name": "tags.name", "created_at": "tags.created_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Tag{}).Select("tags.*, (SELECT count(*) FROM taggings g WHERE g.tag_id = tags.id) AS uses")
		if !f.IncludeArchived {
			q = q.Where("tags.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("tags.name ILIKE ?", db.Contains(t))
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(t *Tag) (any, uuid.UUID) {
			if so.Column == "tags.created_at" {
				return t.CreatedAt.UTC().Format(time.RFC3339Nano), t.ID
			}
			return t.Name, t.ID
		})
		return err
	})
	return res, err
}

// Set replaces the tags of an entity in tx (the entity's own transaction) and audits the change on the entity
// (`tags: [before, after]`, by name). Unknown, foreign or archived tags are refused, except archived ones the entity
// already carries. It reports whether anything changed.
func Set(tx *gorm.DB, entityType string, entityID uuid.UUID, label string, ids []uuid.UUID) (bool, error) {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	ids = slices.Compact(ids)
	if len(ids) > MaxPerEntity {
		return false, apperr.Unprocessable("Too many tags.", apperr.FieldError{Field: "tag_ids", Code: "too_many", Message: "at most 50 tags"})
	}
	var current []uuid.UUID
	if err := tx.Raw("SELECT tag_id FROM taggings WHERE entity_type = ? AND entity_id = ?", entityType, entityID).Scan(&current).Error; err != nil {
		return false, err
	}
	var add, remove []uuid.UUID
	for _, id := range ids {
		if !slices.Contains(current, id) {
			add = append(add, id)
		}
	}
	for _, id := range current {
		if !slices.Contains(ids, id) {
			remove = append(remove, id)
		}
	}
	if len(add) > 0 {
		// One statement adds every new tag that exists and is active; a shortfall means one of them is not.
		res := tx.Exec(`INSERT INTO taggings (organization_id, tag_id, entity_type, entity_id)
			SELECT opsdeck_current_org(), t.id, ?, ? FROM tags t WHERE t.id IN ? AND t.archived_at IS NULL`, entityType, entityID, add)
		if res.Error != nil {
			return false, res.Error
		}
		if int(res.RowsAffected) != len(add) {
			return false, apperr.Unprocessable("Some tags do not exist here or are archived.",
				apperr.FieldError{Field: "tag_ids", Code: "not_found", Message: "contains a tag that does not exist or is archived"})
		}
	}
	if len(remove) > 0 {
		if err := tx.Exec("DELETE FROM taggings WHERE entity_type = ? AND entity_id = ? AND tag_id IN ?", entityType, entityID, remove).Error; err != nil {
			return false, err
		}
	}
	if len(add)+len(remove) == 0 {
		return false, nil
	}
	names, err := Names(tx, append(slices.Clone(current), add...))
	if err != nil {
		return false, err
	}
	list := func(ids []uuid.UUID) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, names[id])
		}
		slices.Sort(out)
		return out
	}
	return true, audit.Record(tx, audit.Entry{Action: audit.ActionUpdate, EntityType: entityType, EntityID: entityID.String(),
		EntityLabel: label, Changes: map[string]any{"tags": [2]any{list(current), list(ids)}}})
}

// Of returns the tags of entities of one type, by entity, sorted by name.
func Of(tx *gorm.DB, entityType string, ids []uuid.UUID) (map[uuid.UUID][]Ref, error) {
	out := map[uuid.UUID][]Ref{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		EntityID uuid.UUID
		Ref
	}
	if err := tx.Raw(`SELECT g.entity_id, t.id, t.name, t.colour FROM taggings g JOIN tags t ON t.id = g.tag_id
		WHERE g.entity_type = ? AND g.entity_id IN ? ORDER BY t.name`, entityType, ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.EntityID] = append(out[r.EntityID], r.Ref)
	}
	return out, nil
}

// Where narrows q (over table, whose rows are entities of entityType) to those carrying every tag in ids.
func Where(q *gorm.DB, table, entityType string, ids []uuid.UUID) *gorm.DB {
	for _, id := range ids {
		q = q.Where("EXISTS (SELECT 1 FROM taggings g WHERE g.tag_id = ? AND g.entity_type = ? AND g.entity_id = "+table+".id)", id, entityType)
	}
	return q
}

// Names returns the names of tags (for audit rows and exports), keyed by id.
func Names(tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Ref
	if err := tx.Raw("SELECT id, name, colour FROM tags WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
