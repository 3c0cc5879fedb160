// Package links is the linkable registry of SPEC §1.5: the one place that knows which entity types exist, in which
// table, under which module's permission, with which label and where the web application shows them; and the generic
// Link between any two of them.
package links

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// Type is a kind of entity other things can link to.
type Type struct {
	Name        string // "asset": the API spelling, also the audit entity name
	Label       string // "Asset"
	Table       string // "assets"; must have id, organization_id and (when Archivable) archived_at
	Module      string // permission module: reading a link needs read on it
	LabelColumn string // SQL expression over the table giving the display label (default "name")
	Route       string // SPA route with {id}: "/assets/{id}"
	Archivable  bool
	// Taggable types accept tags; CustomFields types accept custom field definitions.
	Taggable, CustomFields bool
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,49}$`)
var identPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Registry holds the linkable types. Modules register theirs at start.
type Registry struct {
	mu    sync.RWMutex
	types map[string]Type
	refs  []Reference
}

// Reference is a table whose rows point at records of any linkable type by a (type, id) pair of columns: the two
// ends of links, the owners of attachments, the records of compliance evidence. `opsdeck check links` proves that
// every such pointer names a registered type and an existing record of the row's organisation.
type Reference struct {
	Noun       string // what a row is, for people: "link", "attachment", "evidence"
	End        string // which end the pair is: "source", "owner", "record"
	Table      string
	TypeColumn string
	IDColumn   string
	Where      string // rows to check ("" for all), e.g. only unarchived attachments
}

// NewRegistry returns a registry holding no type and the two ends of links as references.
func NewRegistry() *Registry {
	return &Registry{types: map[string]Type{}, refs: []Reference{
		{Noun: "link", End: "source", Table: "links", TypeColumn: "source_type", IDColumn: "source_id"},
		{Noun: "link", End: "target", Table: "links", TypeColumn: "target_type", IDColumn: "target_id"},
	}}
}

// MustRegisterReference adds a reference table (plain identifiers: they are put into SQL), or panics.
func (r *Registry) MustRegisterReference(ref Reference) {
	for _, id := range []string{ref.Table, ref.TypeColumn, ref.IDColumn} {
		if !identPattern.MatchString(id) {
			panic(fmt.Sprintf("links: reference %q.%q/%q is not valid", ref.Table, ref.TypeColumn, ref.IDColumn))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refs = append(r.refs, ref)
}

// References lists the reference tables in registration order.
func (r *Registry) References() []Reference {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]Reference(nil), r.refs...)
}

// Register adds a type; names are unique and table names are plain identifiers (they are put into SQL).
func (r *Registry) Register(t Type) error {
	if !namePattern.MatchString(t.Name) || !identPattern.MatchString(t.Table) || t.Module == "" {
		return fmt.Errorf("links: type %q (table %q, module %q) is not valid", t.Name, t.Table, t.Module)
	}
	if t.LabelColumn == "" {
		t.LabelColumn = "name"
	}
	if t.Label == "" {
		t.Label = strings.ReplaceAll(t.Name, "_", " ")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.types[t.Name]; dup {
		return fmt.Errorf("links: type %q registered twice", t.Name)
	}
	r.types[t.Name] = t
	return nil
}

// MustRegister registers or panics (types are declared in code).
func (r *Registry) MustRegister(t Type) {
	if err := r.Register(t); err != nil {
		panic(err)
	}
}

// Get returns a type by name.
func (r *Registry) Get(name string) (Type, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.types[name]
	return t, ok
}

// List returns every type by name.
func (r *Registry) List() []Type {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Type, 0, len(r.types))
	for _, t := range r.types {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Known returns the type or a 422 naming the field.
func (r *Registry) Known(field, name string) (Type, error) {
	t, ok := r.Get(name)
	if !ok {
		return t, apperr.Unprocessable("Unknown entity type.", apperr.FieldError{Field: field, Code: "unknown_type",
			Message: fmt.Sprintf("%q is not a linkable type", name)})
	}
	return t, nil
}

// Ref is one entity as a link shows it.
type Ref struct {
	Type     string
	ID       uuid.UUID
	Label    string
	Route    string
	Archived bool
}

// Resolve reads the labels of ids of one type in tx (the organisation's scope: other organisations' ids are simply
// absent from the answer).
func (r *Registry) Resolve(tx *gorm.DB, t Type, ids []uuid.UUID) (map[uuid.UUID]Ref, error) {
	out := make(map[uuid.UUID]Ref, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	archived := "false"
	if t.Archivable {
		archived = "archived_at IS NOT NULL"
	}
	var rows []struct {
		ID       uuid.UUID
		Label    string
		Archived bool
	}
	q := fmt.Sprintf("SELECT id, (%s)::text AS label, %s AS archived FROM %s WHERE id IN ?", t.LabelColumn, archived, t.Table)
	if err := tx.Raw(q, ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, row := range rows {
		out[row.ID] = Ref{Type: t.Name, ID: row.ID, Label: row.Label, Archived: row.Archived,
			Route: strings.ReplaceAll(t.Route, "{id}", row.ID.String())}
	}
	return out, nil
}

// One resolves a single entity or answers "not found" (also for another organisation's id).
func (r *Registry) One(tx *gorm.DB, t Type, id uuid.UUID) (Ref, error) {
	m, err := r.Resolve(tx, t, []uuid.UUID{id})
	if err != nil {
		return Ref{}, err
	}
	ref, ok := m[id]
	if !ok {
		return ref, apperr.NotFound(t.Label)
	}
	return ref, nil
}
