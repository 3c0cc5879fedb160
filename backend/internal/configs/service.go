package configs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// Service holds the rules of configurations.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// DefaultMessage is the commit message of a first version created without one.
const DefaultMessage = "Initial version"

// fieldErrors collects validation failures of one request.
type fieldErrors []apperr.FieldError

func (f *fieldErrors) add(field, code, msg string) {
	*f = append(*f, apperr.FieldError{Field: field, Code: code, Message: msg})
}

func (f fieldErrors) err(what string) error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Unprocessable("The "+what+" is not valid.", f...)
}

// text trims s and checks its length (1..max when required, else 0..max).
func (f *fieldErrors) text(field string, s *string, max int, required bool) {
	if s == nil {
		return
	}
	*s = strings.TrimSpace(*s)
	n := len([]rune(*s))
	if required && n == 0 {
		f.add(field, "required", "is required")
	} else if n > max {
		f.add(field, "too_long", fmt.Sprintf("is longer than %d characters", max))
	}
}

// document checks a document (a JSON object, bounded in size and depth) and returns its serialised form.
func (f *fieldErrors) document(doc map[string]any) string {
	if doc == nil {
		f.add("document", "required", "must be a JSON object")
		return ""
	}
	if d := depth(doc); d > MaxDocumentDepth {
		f.add("document", "too_deep", fmt.Sprintf("is nested %d levels deep; at most %d are allowed", d, MaxDocumentDepth))
		return ""
	}
	b, err := json.Marshal(doc)
	if err != nil {
		f.add("document", "invalid", "is not a valid JSON object")
		return ""
	}
	if len(b) > MaxDocumentBytes {
		f.add("document", "too_large", fmt.Sprintf("is %d bytes once serialised; at most %d (1 MiB) are allowed", len(b), MaxDocumentBytes))
		return ""
	}
	return string(b)
}

func duplicate(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another active configuration already has this name.",
			apperr.FieldError{Field: "name", Code: "taken", Message: "is already used"})
	}
	return err
}

func actor(ctx context.Context) (string, string) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil {
		return "system", "System"
	}
	return p.ID, p.Name
}

// Input is a new configuration or a merge patch (nil: unchanged). Document and Message are for creation only.
type Input struct {
	Name, Kind, Description *string
	TagIDs                  *[]uuid.UUID
	Document                map[string]any
	Message                 *string
}

func (in *Input) check(creating bool) (fieldErrors, string) {
	var f fieldErrors
	f.text("name", in.Name, 200, true)
	f.text("description", in.Description, 5000, false)
	if in.Kind != nil && !slices.Contains(Kinds, *in.Kind) {
		f.add("kind", "invalid", "must be one of "+strings.Join(Kinds, ", "))
	}
	var doc string
	if creating {
		if in.Name == nil {
			f.add("name", "required", "is required")
		}
		doc = f.document(in.Document)
		if in.Message == nil {
			m := DefaultMessage
			in.Message = &m
		}
		f.text("message", in.Message, 500, true)
	}
	return f, doc
}

const rowSelect = `configurations.*, v.document::text AS document, v.message AS last_message,
	v.created_at AS last_committed_at, v.author_name AS last_committed_by_name`

// rows is a query over configurations with their current version.
func rows(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(rowSelect).
		Joins("JOIN configuration_versions v ON v.configuration_id = configurations.id AND v.number = configurations.current_version")
}

// View is a configuration with its current document and tags.
type View struct {
	Row
	Tags []tags.Ref
}

func (s *Service) view(tx *gorm.DB, id uuid.UUID) (View, error) {
	var v View
	if err := rows(tx.Model(&Configuration{})).Where("configurations.id = ?", id).Take(&v.Row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("configuration")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeConfiguration, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

// Get returns one configuration.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (View, error) {
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.view(tx, id); return err })
	return v, err
}

// Create adds a configuration with its first version.
func (s *Service) Create(ctx context.Context, in Input) (View, error) {
	return s.create(ctx, in, time.Time{})
}

// create adds a configuration; a non-zero at dates the first version (demo data).
func (s *Service) create(ctx context.Context, in Input, at time.Time) (View, error) {
	f, doc := in.check(true)
	if err := f.err("configuration"); err != nil {
		return View{}, err
	}
	c := Configuration{ID: uuid.Must(uuid.NewV7()), Name: *in.Name, Kind: "other", CurrentVersion: 1, Version: 1}
	if in.Kind != nil {
		c.Kind = *in.Kind
	}
	if in.Description != nil {
		c.Description = *in.Description
	}
	if !at.IsZero() {
		c.CreatedAt, c.UpdatedAt = at, at
	}
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := duplicate(tx.Create(&c).Error); err != nil {
			return err
		}
		aid, aname := actor(ctx)
		ver := Version{ConfigurationID: c.ID, Number: 1, Document: doc, Message: *in.Message, AuthorID: aid, AuthorName: aname, CreatedAt: at}
		if err := tx.Create(&ver).Error; err != nil {
			return err
		}
		if in.TagIDs != nil {
			if _, err := tags.Set(tx, TypeConfiguration, c.ID, c.Name, *in.TagIDs); err != nil {
				return err
			}
		}
		var err error
		v, err = s.view(tx, c.ID)
		return err
	})
	return v, err
}

func lock(tx *gorm.DB, id uuid.UUID) (Configuration, error) {
	var c Configuration
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&c).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return c, apperr.NotFound("configuration")
		}
		return c, err
	}
	return c, nil
}

// Update applies a merge patch of the name, kind, description and tags. Archived configurations are read-only.
func (s *Service) Update(ctx context.Context, id uuid.UUID, ifMatch *int64, in Input) (View, error) {
	f, _ := in.check(false)
	if err := f.err("configuration"); err != nil {
		return View{}, err
	}
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		c, err := lock(tx, id)
		if err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != c.Version {
			return apperr.PreconditionFailed(c.Version)
		}
		if c.ArchivedAt != nil {
			return apperr.Conflict("An archived configuration cannot be changed; restore it first.")
		}
		changed := false
		for _, p := range []struct{ dst, src *string }{{&c.Name, in.Name}, {&c.Kind, in.Kind}, {&c.Description, in.Description}} {
			if p.src != nil && *p.src != *p.dst {
				*p.dst, changed = *p.src, true
			}
		}
		if changed {
			c.Version++
			if err := duplicate(tx.Model(&c).Select("name", "kind", "description", "version").Updates(&c).Error); err != nil {
				return err
			}
		}
		if in.TagIDs != nil {
			tagged, err := tags.Set(tx, TypeConfiguration, c.ID, c.Name, *in.TagIDs)
			if err != nil {
				return err
			}
			if tagged && !changed {
				c.Version++
				if err := tx.Model(&c).Select("version").Updates(&c).Error; err != nil {
					return err
				}
			}
		}
		v, err = s.view(tx, id)
		return err
	})
	return v, err
}

// SetArchived archives or restores a configuration (restoring fails when an active one took its name meanwhile).
func (s *Service) SetArchived(ctx context.Context, id uuid.UUID, archived bool) (View, error) {
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		c, err := lock(tx, id)
		if err != nil {
			return err
		}
		if archived != (c.ArchivedAt != nil) {
			var at any
			if archived {
				at = time.Now().UTC().Truncate(time.Microsecond)
			}
			if err := duplicate(tx.Model(&c).Updates(map[string]any{"archived_at": at, "version": c.Version + 1}).Error); err != nil {
				return err
			}
		}
		v, err = s.view(tx, id)
		return err
	})
	return v, err
}

// Filter narrows the list of configurations.
type Filter struct {
	Query           string
	Kinds           []string
	TagIDs          []uuid.UUID
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

var sorts = map[string]string{"name": "configurations.name", "created_at": "configurations.created_at",
	"last_committed_at": "v.created_at"}

// List returns a keyset page of configurations.
func (s *Service) List(ctx context.Context, f Filter) (db.PageResult[View], error) {
	var res db.PageResult[View]
	so, err := db.ParseSort(f.Sort, "name", sorts)
	if err != nil {
		return res, err
	}
	so.IDColumn = "configurations.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Configuration{})
		if !f.IncludeArchived {
			q = q.Where("configurations.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(configurations.name || ' ' || configurations.description) ILIKE ?", db.Contains(t))
		}
		if len(f.Kinds) > 0 {
			q = q.Where("configurations.kind IN ?", f.Kinds)
		}
		q = tags.Where(q, "configurations", TypeConfiguration, f.TagIDs)
		page, err := db.PageCounted(q, rows(q), so, f.Cursor, f.Limit, func(r *Row) (any, uuid.UUID) {
			switch strings.TrimPrefix(so.Name, "-") {
			case "created_at":
				return r.CreatedAt.UTC().Format(time.RFC3339Nano), r.ID
			case "last_committed_at":
				return r.LastCommittedAt.UTC().Format(time.RFC3339Nano), r.ID
			}
			return r.Name, r.ID
		})
		if err != nil {
			return err
		}
		res.Total, res.NextCursor = page.Total, page.NextCursor
		ids := make([]uuid.UUID, 0, len(page.Items))
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
		byID, err := tags.Of(tx, TypeConfiguration, ids)
		if err != nil {
			return err
		}
		res.Items = make([]View, 0, len(page.Items))
		for _, r := range page.Items {
			res.Items = append(res.Items, View{Row: r, Tags: byID[r.ID]})
		}
		return nil
	})
	return res, err
}

// Commit is a new version of a configuration's document.
type Commit struct {
	Document    map[string]any
	Message     string
	BaseVersion int
}

// CommitVersion adds a version: the edit must start from the current version (else someone committed meanwhile: 409)
// and change the document (an identical one is a 422).
func (s *Service) CommitVersion(ctx context.Context, id uuid.UUID, in Commit) (Version, error) {
	return s.commit(ctx, id, in, time.Time{})
}

// commit adds a version; a non-zero at dates it (demo data).
func (s *Service) commit(ctx context.Context, id uuid.UUID, in Commit, at time.Time) (Version, error) {
	var f fieldErrors
	f.text("message", &in.Message, 500, true)
	doc := f.document(in.Document)
	if in.BaseVersion < 1 {
		f.add("base_version", "invalid", "must be a version number (1 or more)")
	}
	if err := f.err("version"); err != nil {
		return Version{}, err
	}
	var ver Version
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		c, err := lock(tx, id)
		if err != nil {
			return err
		}
		if c.ArchivedAt != nil {
			return apperr.Conflict("An archived configuration cannot get new versions; restore it first.")
		}
		if in.BaseVersion != c.CurrentVersion {
			if in.BaseVersion > c.CurrentVersion {
				return apperr.Conflict(fmt.Sprintf("Version %d does not exist: the configuration is at version %d.", in.BaseVersion, c.CurrentVersion))
			}
			var last Version
			if err := tx.Where("configuration_id = ? AND number = ?", id, c.CurrentVersion).Take(&last).Error; err != nil {
				return err
			}
			return apperr.Conflict(fmt.Sprintf("%s committed version %d (%q) on %s, after the version %d your edit started from: "+
				"reload the configuration and apply your changes again.", last.AuthorName, last.Number, last.Message,
				last.CreatedAt.UTC().Format("2006-01-02 15:04 MST"), in.BaseVersion))
		}
		var cur struct {
			Same     bool
			Document string
		}
		if err := tx.Raw("SELECT document = ?::jsonb AS same, document::text AS document FROM configuration_versions WHERE configuration_id = ? AND number = ?",
			doc, id, c.CurrentVersion).Scan(&cur).Error; err != nil {
			return err
		}
		if cur.Same {
			return apperr.Unprocessable("Nothing to commit: the document is identical to the current version.",
				apperr.FieldError{Field: "document", Code: "unchanged", Message: fmt.Sprintf("is identical to version %d", c.CurrentVersion)})
		}
		changes, err := diffDocuments(cur.Document, doc)
		if err != nil {
			return err
		}
		aid, aname := actor(ctx)
		parent := c.CurrentVersion
		ver = Version{ConfigurationID: id, Number: c.CurrentVersion + 1, ParentNumber: &parent, Document: doc,
			Message: in.Message, AuthorID: aid, AuthorName: aname, CreatedAt: at}
		if err := tx.Create(&ver).Error; err != nil {
			return err
		}
		// The version bump is written by hand and audited explicitly: one "commit" entry with the version numbers and
		// the message, instead of an "update" row without the message (the document itself is never audited).
		if err := tx.Exec("UPDATE configurations SET current_version = ?, version = version + 1, updated_at = now() WHERE id = ?",
			ver.Number, id).Error; err != nil {
			return err
		}
		if err := audit.Record(tx, audit.Entry{Action: "commit", EntityType: TypeConfiguration, EntityID: id.String(),
			EntityLabel: c.Name, Changes: map[string]any{
				"current_version": [2]any{c.CurrentVersion, ver.Number},
				"message":         [2]any{nil, ver.Message},
				"changed_values":  [2]any{nil, len(changes)},
			}}); err != nil {
			return err
		}
		return tx.Where("configuration_id = ? AND number = ?", id, ver.Number).Take(&ver).Error
	})
	return ver, err
}

func diffDocuments(from, to string) ([]Change, error) {
	a, err := Decode([]byte(from))
	if err != nil {
		return nil, err
	}
	b, err := Decode([]byte(to))
	if err != nil {
		return nil, err
	}
	return Diff(a, b), nil
}

// exists fails with 404 when the configuration is not visible.
func exists(tx *gorm.DB, id uuid.UUID) error {
	var n int64
	if err := tx.Model(&Configuration{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFound("configuration")
	}
	return nil
}

func version(tx *gorm.DB, id uuid.UUID, number int) (Version, error) {
	var v Version
	err := tx.Select("organization_id, configuration_id, number, parent_number, document::text AS document, message, author_id, author_name, created_at").
		Where("configuration_id = ? AND number = ?", id, number).Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return v, apperr.NotFound("version")
	}
	return v, err
}

// GetVersion returns one version.
func (s *Service) GetVersion(ctx context.Context, id uuid.UUID, number int) (Version, error) {
	var v Version
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := exists(tx, id); err != nil {
			return err
		}
		var err error
		v, err = version(tx, id, number)
		return err
	})
	return v, err
}

// VersionFilter pages the versions of one configuration.
type VersionFilter struct {
	Sort, Cursor string
	Limit        int
}

// ListVersions returns a keyset page of a configuration's versions (newest first by default).
func (s *Service) ListVersions(ctx context.Context, id uuid.UUID, f VersionFilter) (db.PageResult[Version], error) {
	var res db.PageResult[Version]
	so, err := db.ParseSort(f.Sort, "-number", map[string]string{"number": "configuration_versions.number"})
	if err != nil {
		return res, err
	}
	// Versions have no id: the configuration id (the same on every row) stands in as the tie-breaker.
	so.IDColumn = "configuration_versions.configuration_id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := exists(tx, id); err != nil {
			return err
		}
		q := tx.Model(&Version{}).Where("configuration_versions.configuration_id = ?", id)
		page := q.Session(&gorm.Session{}).Select(`configuration_versions.organization_id, configuration_versions.configuration_id,
			configuration_versions.number, configuration_versions.parent_number, configuration_versions.document::text AS document,
			configuration_versions.message, configuration_versions.author_id, configuration_versions.author_name,
			configuration_versions.created_at`)
		res, err = db.PageCounted(q, page, so, f.Cursor, f.Limit, func(v *Version) (any, uuid.UUID) { return v.Number, v.ConfigurationID })
		return err
	})
	return res, err
}

// DiffResult is the difference between two versions.
type DiffResult struct {
	From, To  int
	Changes   []Change
	Truncated bool
}

// MaxChanges caps a diff (the contract's limit).
const MaxChanges = 100000

// DiffVersions compares two versions of a configuration (in the order given).
func (s *Service) DiffVersions(ctx context.Context, id uuid.UUID, from, to int) (DiffResult, error) {
	res := DiffResult{From: from, To: to}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := exists(tx, id); err != nil {
			return err
		}
		a, err := version(tx, id, from)
		if err != nil {
			return err
		}
		b, err := version(tx, id, to)
		if err != nil {
			return err
		}
		if from == to {
			res.Changes = []Change{}
			return nil
		}
		res.Changes, err = diffDocuments(a.Document, b.Document)
		if len(res.Changes) > MaxChanges {
			res.Changes, res.Truncated = res.Changes[:MaxChanges], true
		}
		return err
	})
	return res, err
}
