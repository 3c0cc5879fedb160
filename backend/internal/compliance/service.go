package compliance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/compliance/library"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/patch"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// Service holds the rules of frameworks, controls and evidence.
type Service struct {
	db      *db.DB
	types   *links.Registry
	targets Targets
	notify  *notifications.Service
}

// NewService returns the service; types resolves the records evidence points to.
func NewService(d *db.DB, types *links.Registry) *Service { return &Service{db: d, types: types} }

func set[T comparable](dst *T, src *T) bool {
	if src == nil || *src == *dst {
		return false
	}
	*dst = *src
	return true
}

// LibraryEntry is a library framework with the organisation's copy, if any.
type LibraryEntry struct {
	*library.File
	Groups, Controls, Requirements int
	FrameworkID                    *uuid.UUID
}

// Library lists the built-in frameworks and which ones the organisation has activated.
func (s *Service) Library(ctx context.Context) ([]LibraryEntry, error) {
	files, err := library.All()
	if err != nil {
		return nil, err
	}
	var copies []Framework
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("origin = ?", Builtin).Find(&copies).Error
	}); err != nil {
		return nil, err
	}
	byKey := map[string]uuid.UUID{}
	for _, c := range copies {
		byKey[c.Key] = c.ID
	}
	out := make([]LibraryEntry, 0, len(files))
	for _, f := range files {
		e := LibraryEntry{File: f, Groups: f.Count(library.KindGroup), Controls: f.Count(library.KindControl),
			Requirements: f.Count(library.KindRequirement)}
		if id, ok := byKey[f.Framework.Key]; ok {
			e.FrameworkID = &id
		}
		out = append(out, e)
	}
	return out, nil
}

// controlRow is one row of an activation's bulk insert.
type controlRow struct {
	ID          uuid.UUID           `json:"id"`
	ParentID    *uuid.UUID          `json:"parent_id"`
	Depth       int                 `json:"depth"`
	Position    int                 `json:"position"`
	Ref         string              `json:"ref"`
	Title       string              `json:"title"`
	Kind        string              `json:"kind"`
	Description string              `json:"description"`
	Guidance    string              `json:"guidance"`
	Attributes  map[string][]string `json:"attributes"`
}

// Activate copies a library framework and its tree into the organisation: one insert for the framework (audited),
// one set-based insert for its controls, and one audit entry recording the activation and its size.
func (s *Service) Activate(ctx context.Context, key string) (View, error) {
	f, ok, err := library.Get(key)
	if err != nil {
		return View{}, err
	}
	if !ok {
		return View{}, apperr.NotFound("library framework")
	}
	var v View
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var existing Framework
		switch err := tx.Where("origin = ? AND key = ?", Builtin, key).Take(&existing).Error; {
		case err == nil:
			state := ""
			if existing.ArchivedAt != nil {
				state = " (archived: restore it)"
			}
			return apperr.Conflict(fmt.Sprintf("%s is already activated%s.", existing.Name, state))
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		fw := Framework{ID: uuid.Must(uuid.NewV7()), OrganizationID: reqctx.OrganizationID(ctx), Key: key,
			Name: f.Framework.Name, Edition: f.Framework.Version, Publisher: f.Framework.Publisher,
			SourceURL: f.Framework.SourceURL, Description: f.Framework.Description, Origin: Builtin, Active: true, Version: 1}
		if err := nameTaken(tx.Create(&fw).Error); err != nil {
			return err
		}
		n, err := insertTree(tx, fw, f.Nodes)
		if err != nil {
			return err
		}
		if err := audit.Record(tx, audit.Entry{Action: "activate", EntityType: TypeFramework, EntityID: fw.ID.String(),
			EntityLabel: fw.Name, Changes: map[string]any{"library": key, "nodes": n, "controls": f.Count(library.KindControl)}}); err != nil {
			return err
		}
		v, err = s.framework(tx, fw.ID)
		return err
	})
	return v, err
}

// insertTree inserts a framework's nodes depth-first in one statement and returns how many.
func insertTree(tx *gorm.DB, fw Framework, nodes []*library.Node) (int, error) {
	var rows []controlRow
	var walk func(ns []*library.Node, parent *uuid.UUID, depth int)
	walk = func(ns []*library.Node, parent *uuid.UUID, depth int) {
		for _, n := range ns {
			id := uuid.Must(uuid.NewV7())
			attrs := n.Attributes
			if attrs == nil {
				attrs = map[string][]string{}
			}
			rows = append(rows, controlRow{ID: id, ParentID: parent, Depth: depth, Position: len(rows), Ref: n.Ref, Title: n.Title,
				Kind: n.Kind, Description: n.Description, Guidance: n.Guidance, Attributes: attrs})
			walk(n.Children, &id, depth+1)
		}
	}
	walk(nodes, nil, 0)
	if len(rows) == 0 {
		return 0, nil
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return 0, err
	}
	err = tx.Exec(`INSERT INTO controls (id, organization_id, framework_id, parent_id, depth, position, ref, title, kind,
			description, guidance, attributes)
		SELECT r.id, ?, ?, r.parent_id, r.depth, r.position, r.ref, r.title, r.kind, r.description, r.guidance, r.attributes
		FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, parent_id uuid, depth smallint, position integer, ref text, title text,
			kind text, description text, guidance text, attributes jsonb)`, fw.OrganizationID, fw.ID, string(data)).Error
	return len(rows), err
}

func nameTaken(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another active framework already has this name.",
			apperr.FieldError{Field: "name", Code: "taken", Message: "is already used"})
	}
	return err
}

// View is a framework with its counts.
type View struct {
	Framework
	Controls, Applicable, NotApplicable int64
}

const frameworkSelect = `frameworks.*, coalesce(c.controls, 0) AS controls, coalesce(c.applicable, 0) AS applicable,
	coalesce(c.not_applicable, 0) AS not_applicable`

// counted joins each framework's control counts (one aggregate over the page's frameworks).
func counted(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(frameworkSelect).Joins(`LEFT JOIN LATERAL (
		SELECT count(*) AS controls, count(*) FILTER (WHERE applicability = 'applicable') AS applicable,
			count(*) FILTER (WHERE applicability = 'not_applicable') AS not_applicable
		FROM controls WHERE controls.framework_id = frameworks.id AND controls.kind = 'control') c ON true`)
}

func (s *Service) framework(tx *gorm.DB, id uuid.UUID) (View, error) {
	var v View
	err := counted(tx.Model(&Framework{})).Where("frameworks.id = ?", id).Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return v, apperr.NotFound("framework")
	}
	return v, err
}

// GetFramework returns one framework.
func (s *Service) GetFramework(ctx context.Context, id uuid.UUID) (View, error) {
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.framework(tx, id); return err })
	return v, err
}

// FrameworkInput is a new custom framework or a merge patch (nil: unchanged).
type FrameworkInput struct {
	Name, Edition, Publisher, SourceURL, Description *string
	Active                                           *bool
}

func (in *FrameworkInput) check() apperr.Fields {
	var f apperr.Fields
	f.Text("name", in.Name, 200, true)
	f.Text("edition", in.Edition, 50, false)
	f.Text("publisher", in.Publisher, 200, false)
	f.Text("source_url", in.SourceURL, 500, false)
	f.Text("description", in.Description, 5000, false)
	if in.SourceURL != nil && *in.SourceURL != "" && !strings.HasPrefix(*in.SourceURL, "https://") && !strings.HasPrefix(*in.SourceURL, "http://") {
		f.Add("source_url", "invalid", "must be an http(s) address")
	}
	return f
}

// CreateFramework adds a custom framework.
func (s *Service) CreateFramework(ctx context.Context, in FrameworkInput) (View, error) {
	f := in.check()
	if in.Name == nil {
		f.Add("name", "required", "is required")
	}
	if err := f.Err("framework"); err != nil {
		return View{}, err
	}
	id := uuid.Must(uuid.NewV7())
	fw := Framework{ID: id, OrganizationID: reqctx.OrganizationID(ctx), Key: "custom-" + strings.ReplaceAll(id.String(), "-", "")[20:],
		Origin: Custom, Active: true, Version: 1}
	set(&fw.Name, in.Name)
	set(&fw.Edition, in.Edition)
	set(&fw.Publisher, in.Publisher)
	set(&fw.SourceURL, in.SourceURL)
	set(&fw.Description, in.Description)
	set(&fw.Active, in.Active)
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := nameTaken(tx.Create(&fw).Error); err != nil {
			return err
		}
		var err error
		v, err = s.framework(tx, fw.ID)
		return err
	})
	return v, err
}

func lockFramework(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Framework, error) {
	var fw Framework
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&fw).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return fw, apperr.NotFound("framework")
		}
		return fw, err
	}
	if ifMatch != nil && *ifMatch != fw.Version {
		return fw, apperr.PreconditionFailed(fw.Version)
	}
	return fw, nil
}

// UpdateFramework applies a merge patch; a built-in framework's content is the publisher's (only active changes).
func (s *Service) UpdateFramework(ctx context.Context, id uuid.UUID, ifMatch *int64, in FrameworkInput) (View, error) {
	f := in.check()
	if err := f.Err("framework"); err != nil {
		return View{}, err
	}
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw, err := lockFramework(tx, id, ifMatch)
		if err != nil {
			return err
		}
		if fw.ArchivedAt != nil {
			return apperr.Conflict("An archived framework cannot be changed; restore it first.")
		}
		changed := set(&fw.Active, in.Active)
		content := set(&fw.Name, in.Name)
		content = set(&fw.Edition, in.Edition) || content
		content = set(&fw.Publisher, in.Publisher) || content
		content = set(&fw.SourceURL, in.SourceURL) || content
		content = set(&fw.Description, in.Description) || content
		if content && fw.Origin == Builtin {
			return apperr.Conflict("A built-in framework's content is its publisher's: only whether it is active can change.")
		}
		if changed || content {
			fw.Version++
			if err := nameTaken(tx.Model(&fw).Select("name", "edition", "publisher", "source_url", "description", "active", "version").
				Updates(&fw).Error); err != nil {
				return err
			}
		}
		v, err = s.framework(tx, id)
		return err
	})
	return v, err
}

// SetFrameworkArchived archives or restores a framework.
func (s *Service) SetFrameworkArchived(ctx context.Context, id uuid.UUID, archived bool) (View, error) {
	var v View
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw, err := lockFramework(tx, id, nil)
		if err != nil {
			return err
		}
		if archived != (fw.ArchivedAt != nil) {
			var at any
			if archived {
				at = time.Now().UTC().Truncate(time.Microsecond)
			}
			if err := nameTaken(tx.Model(&fw).Updates(map[string]any{"archived_at": at, "version": fw.Version + 1}).Error); err != nil {
				return err
			}
		}
		v, err = s.framework(tx, id)
		return err
	})
	return v, err
}

// FrameworkFilter narrows the list of frameworks.
type FrameworkFilter struct {
	Query           string
	Origins         []string
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

// ListFrameworks returns a keyset page of frameworks with their counts.
func (s *Service) ListFrameworks(ctx context.Context, f FrameworkFilter) (db.PageResult[View], error) {
	var res db.PageResult[View]
	so, err := db.ParseSort(f.Sort, "name", map[string]string{"name": "frameworks.name", "created_at": "frameworks.created_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "frameworks.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Framework{})
		if !f.IncludeArchived {
			q = q.Where("frameworks.archived_at IS NULL")
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(frameworks.name || ' ' || frameworks.publisher || ' ' || frameworks.description) ILIKE ?", db.Contains(t))
		}
		if len(f.Origins) > 0 {
			q = q.Where("frameworks.origin IN ?", f.Origins)
		}
		res, err = db.PageCounted(q, counted(q), so, f.Cursor, f.Limit, func(v *View) (any, uuid.UUID) {
			if strings.TrimPrefix(so.Name, "-") == "created_at" {
				return v.CreatedAt.UTC().Format(time.RFC3339Nano), v.ID
			}
			return v.Name, v.ID
		})
		return err
	})
	return res, err
}

// ControlView is a control with its framework, owner and tags.
type ControlView struct {
	Control
	FrameworkName   string
	FrameworkOrigin string
	OwnerName       *string
	Tags            []tags.Ref `gorm:"-"`
}

// Editable reports whether the control's content may change.
func (c ControlView) Editable() bool { return c.FrameworkOrigin != Builtin }

const controlSelect = `controls.*, f.name AS framework_name, f.origin AS framework_origin, u.name AS owner_name`

func controlRows(q *gorm.DB) *gorm.DB {
	return q.Session(&gorm.Session{}).Select(controlSelect).Joins("JOIN frameworks f ON f.id = controls.framework_id").
		Joins("LEFT JOIN users u ON u.id = controls.owner_user_id")
}

func (s *Service) control(tx *gorm.DB, id uuid.UUID) (ControlView, error) {
	var v ControlView
	if err := controlRows(tx.Model(&Control{})).Where("controls.id = ?", id).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return v, apperr.NotFound("control")
		}
		return v, err
	}
	t, err := tags.Of(tx, TypeControl, []uuid.UUID{id})
	v.Tags = t[id]
	return v, err
}

// GetControl returns one control.
func (s *Service) GetControl(ctx context.Context, id uuid.UUID) (ControlView, error) {
	var v ControlView
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { v, err = s.control(tx, id); return err })
	return v, err
}

// ControlFilter narrows a framework's controls.
type ControlFilter struct {
	Query         string
	Kinds         []string
	Applicability string
	Owner         *uuid.UUID
	Sort, Cursor  string
	Limit         int
}

// ListControls returns a keyset page of a framework's controls in reading order.
func (s *Service) ListControls(ctx context.Context, framework uuid.UUID, f ControlFilter) (db.PageResult[ControlView], error) {
	var res db.PageResult[ControlView]
	so, err := db.ParseSort(f.Sort, "position", map[string]string{"position": "controls.position", "ref": "controls.ref"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "controls.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.framework(tx, framework); err != nil {
			return err
		}
		q := tx.Model(&Control{}).Where("controls.framework_id = ?", framework)
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("(controls.ref || ' ' || controls.title || ' ' || controls.description) ILIKE ?", db.Contains(t))
		}
		if len(f.Kinds) > 0 {
			q = q.Where("controls.kind IN ?", f.Kinds)
		}
		if f.Applicability != "" {
			q = q.Where("controls.applicability = ?", f.Applicability)
		}
		if f.Owner != nil {
			q = q.Where("controls.owner_user_id = ?", *f.Owner)
		}
		page, err := db.PageCounted(q, controlRows(q), so, f.Cursor, f.Limit, func(c *ControlView) (any, uuid.UUID) {
			if strings.TrimPrefix(so.Name, "-") == "ref" {
				return c.Ref, c.ID
			}
			return c.Position, c.ID
		})
		if err != nil {
			return err
		}
		ids := make([]uuid.UUID, 0, len(page.Items))
		for _, c := range page.Items {
			ids = append(ids, c.ID)
		}
		byID, err := tags.Of(tx, TypeControl, ids)
		if err != nil {
			return err
		}
		for i := range page.Items {
			page.Items[i].Tags = byID[page.Items[i].ID]
		}
		res = page
		return nil
	})
	return res, err
}

// ControlInput is a new control or a merge patch (nil: unchanged).
type ControlInput struct {
	ParentID                                               *uuid.UUID // creation only
	Ref, Title, Kind, Description, Guidance, Justification *string
	Applicability                                          *string
	OwnerUserID                                            patch.Opt[uuid.UUID]
	TagIDs                                                 *[]uuid.UUID
}

func (in *ControlInput) check() apperr.Fields {
	var f apperr.Fields
	f.Text("ref", in.Ref, 64, true)
	f.Text("title", in.Title, 300, true)
	f.Text("description", in.Description, 10000, false)
	f.Text("guidance", in.Guidance, 10000, false)
	f.Text("justification", in.Justification, 5000, false)
	if in.Kind != nil && !slices.Contains(Kinds, *in.Kind) {
		f.Add("kind", "invalid", "must be one of "+strings.Join(Kinds, ", "))
	}
	if in.Applicability != nil && !slices.Contains(Applicabilities, *in.Applicability) {
		f.Add("applicability", "invalid", "must be one of "+strings.Join(Applicabilities, ", "))
	}
	return f
}

// applySoA applies the Statement of Applicability fields and checks them against the result.
func applySoA(tx *gorm.DB, c *Control, in ControlInput, f *apperr.Fields) (bool, error) {
	changed := set(&c.Applicability, in.Applicability)
	changed = set(&c.Justification, in.Justification) || changed
	if in.OwnerUserID.Set {
		owner := in.OwnerUserID.Ptr()
		if owner != nil && (c.OwnerUserID == nil || *c.OwnerUserID != *owner) {
			var n int64
			if err := tx.Table("memberships").Where("user_id = ? AND status = 'active'", *owner).Count(&n).Error; err != nil {
				return false, err
			}
			if n == 0 {
				f.Add("owner_user_id", "not_found", "is not an active member of this organisation")
			}
		}
		if (owner == nil) != (c.OwnerUserID == nil) || (owner != nil && *owner != *c.OwnerUserID) {
			c.OwnerUserID, changed = owner, true
		}
	}
	if c.Applicability == "not_applicable" && strings.TrimSpace(c.Justification) == "" {
		f.Add("justification", "required", "is required to exclude a control from the Statement of Applicability")
	}
	return changed, nil
}

// placement says where a node of kind may go under a parent of parentKind ("" for the top level).
func placement(parentKind, kind string) string {
	switch {
	case kind == "requirement" && parentKind != "control":
		return "a requirement goes under a control"
	case kind != "requirement" && parentKind == "control":
		return "only requirements go under a control"
	case parentKind == "requirement":
		return "a requirement has no children"
	}
	return ""
}

// CreateControl adds a node to a custom or imported framework, at the end of its parent's subtree.
func (s *Service) CreateControl(ctx context.Context, framework uuid.UUID, in ControlInput) (ControlView, error) {
	f := in.check()
	if in.Ref == nil {
		f.Add("ref", "required", "is required")
	}
	if in.Title == nil {
		f.Add("title", "required", "is required")
	}
	var v ControlView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw, err := lockFramework(tx, framework, nil)
		if err != nil {
			return err
		}
		if fw.Origin == Builtin {
			return apperr.Conflict("A built-in framework's control tree is its publisher's: controls cannot be added to it.")
		}
		if fw.ArchivedAt != nil {
			return apperr.Conflict("An archived framework cannot be changed; restore it first.")
		}
		c := Control{ID: uuid.Must(uuid.NewV7()), OrganizationID: fw.OrganizationID, FrameworkID: fw.ID, Kind: "control",
			Applicability: "applicable", Attributes: map[string][]string{}, Version: 1}
		set(&c.Ref, in.Ref)
		set(&c.Title, in.Title)
		set(&c.Kind, in.Kind)
		set(&c.Description, in.Description)
		set(&c.Guidance, in.Guidance)
		parentKind := ""
		// The new node goes after the last node of its parent's subtree (or of the whole tree).
		end := `SELECT coalesce(max(position) + 1, 0) FROM controls WHERE framework_id = ?`
		args := []any{fw.ID}
		if in.ParentID != nil {
			var parent Control
			if err := tx.Where("id = ? AND framework_id = ?", *in.ParentID, fw.ID).Take(&parent).Error; errors.Is(err, gorm.ErrRecordNotFound) {
				f.Add("parent_id", "not_found", "is not a node of this framework")
			} else if err != nil {
				return err
			} else {
				parentKind, c.ParentID, c.Depth = parent.Kind, &parent.ID, parent.Depth+1
				end = `WITH RECURSIVE sub AS (SELECT id, position FROM controls WHERE id = ?
					UNION ALL SELECT c.id, c.position FROM controls c JOIN sub ON c.parent_id = sub.id)
					SELECT max(position) + 1 FROM sub`
				args = []any{parent.ID}
			}
		}
		if msg := placement(parentKind, c.Kind); msg != "" && slices.Contains(Kinds, c.Kind) {
			f.Add("kind", "misplaced", msg)
		}
		if c.Depth > 10 {
			f.Add("parent_id", "too_deep", "the tree is at most 10 levels deep")
		}
		if _, err := applySoA(tx, &c, in, &f); err != nil {
			return err
		}
		if err := f.Err("control"); err != nil {
			return err
		}
		if err := tx.Raw(end, args...).Scan(&c.Position).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE controls SET position = position + 1 WHERE framework_id = ? AND position >= ?`, fw.ID, c.Position).Error; err != nil {
			return err
		}
		if err := refTaken(tx.Create(&c).Error); err != nil {
			return err
		}
		if in.TagIDs != nil {
			if _, err := tags.Set(tx, TypeControl, c.ID, c.Ref, *in.TagIDs); err != nil {
				return err
			}
		}
		v, err = s.control(tx, c.ID)
		return err
	})
	return v, err
}

func refTaken(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another node of this framework already has this reference.",
			apperr.FieldError{Field: "ref", Code: "taken", Message: "is already used in this framework"})
	}
	return err
}

// UpdateControl applies a merge patch: the Statement of Applicability on any framework, the content only on custom
// and imported ones.
func (s *Service) UpdateControl(ctx context.Context, id uuid.UUID, ifMatch *int64, in ControlInput) (ControlView, error) {
	f := in.check()
	var v ControlView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var c Control
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&c).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("control")
			}
			return err
		}
		if ifMatch != nil && *ifMatch != c.Version {
			return apperr.PreconditionFailed(c.Version)
		}
		var fw Framework
		if err := tx.Where("id = ?", c.FrameworkID).Take(&fw).Error; err != nil {
			return err
		}
		if fw.ArchivedAt != nil {
			return apperr.Conflict("The framework is archived; restore it before changing its controls.")
		}
		content := set(&c.Ref, in.Ref)
		content = set(&c.Title, in.Title) || content
		content = set(&c.Description, in.Description) || content
		content = set(&c.Guidance, in.Guidance) || content
		if content && fw.Origin == Builtin {
			return apperr.Conflict("A built-in framework's content is its publisher's: only the Statement of Applicability (applicability, justification, owner, tags) can change.")
		}
		soa, err := applySoA(tx, &c, in, &f)
		if err != nil {
			return err
		}
		if err := f.Err("control"); err != nil {
			return err
		}
		changed := content || soa
		if changed {
			c.Version++
			if err := refTaken(tx.Model(&c).Select("ref", "title", "description", "guidance", "applicability", "justification",
				"owner_user_id", "version").Updates(&c).Error); err != nil {
				return err
			}
		}
		if in.TagIDs != nil {
			tagged, err := tags.Set(tx, TypeControl, c.ID, c.Ref, *in.TagIDs)
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
		v, err = s.control(tx, id)
		return err
	})
	return v, err
}
