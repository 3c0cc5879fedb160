// Package transfer is the common part of the import and export files of every module (SPEC §1.8): reading a row's
// cells into a service's input with per-cell problems, resolving names (members, tags, custom fields), matching rows on
// a natural key (upsert), and declaring an entity's file once so that its export writes exactly the columns its import
// reads. The file format itself (CSV, XLSX, streaming, dry run) is package tabular's.
package transfer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/patch"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
)

type opt[T any] = patch.Opt[T]

// Cells reads one import row: each reader returns the value of a column when the file has it (an empty cell clears a
// nullable field) and collects what cannot be read as cell errors.
type Cells struct {
	V        map[string]string
	Problems []tabular.CellError
}

// Bad records a problem with a column.
func (c *Cells) Bad(col, msg string) {
	c.Problems = append(c.Problems, tabular.CellError{Column: col, Message: msg})
}

// Has is the raw cell and whether the file has the column.
func (c *Cells) Has(col string) (string, bool) { x, ok := c.V[col]; return x, ok }

// Text is a text column (nil when the file lacks it).
func (c *Cells) Text(col string) *string {
	if x, ok := c.Has(col); ok {
		return &x
	}
	return nil
}

// Nullable is a text column whose empty cell clears the field.
func (c *Cells) Nullable(col string) opt[string] {
	if x, ok := c.Has(col); ok {
		if x == "" {
			return patch.Null[string]()
		}
		return patch.Some(x)
	}
	return opt[string]{}
}

// Bool is a true/false column (also yes/no, 1/0, y/n; empty is false).
func (c *Cells) Bool(col string) *bool {
	x, ok := c.Has(col)
	if !ok {
		return nil
	}
	b, valid := ParseBool(x)
	if !valid {
		c.Bad(col, "must be true or false")
	}
	return &b
}

// ParseBool reads a boolean cell; the second result is false when the cell is not one.
func ParseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "1", "y":
		return true, true
	case "false", "no", "0", "n", "":
		return false, true
	}
	return false, false
}

// Date is a YYYY-MM-DD column.
func (c *Cells) Date(col string) opt[time.Time] {
	x, ok := c.Has(col)
	switch {
	case !ok:
		return opt[time.Time]{}
	case x == "":
		return patch.Null[time.Time]()
	}
	d, err := time.Parse(time.DateOnly, x)
	if err != nil {
		c.Bad(col, "must be a date YYYY-MM-DD")
		return opt[time.Time]{}
	}
	return patch.Some(d)
}

// Int is a whole-number column; msg says what it must be.
func (c *Cells) Int(col, msg string) opt[int] {
	x, ok := c.Has(col)
	switch {
	case !ok:
		return opt[int]{}
	case x == "":
		return patch.Null[int]()
	}
	n, err := strconv.Atoi(x)
	if err != nil {
		c.Bad(col, msg)
		return opt[int]{}
	}
	return patch.Some(n)
}

// Named resolves a column holding the name of something in byName (lower-cased keys); what names it in messages.
func (c *Cells) Named(col, what string, byName map[string]uuid.UUID) opt[uuid.UUID] {
	x, ok := c.Has(col)
	switch {
	case !ok:
		return opt[uuid.UUID]{}
	case x == "":
		return patch.Null[uuid.UUID]()
	}
	if id, found := byName[strings.ToLower(x)]; found {
		return patch.Some(id)
	}
	c.Bad(col, fmt.Sprintf("no active %s %q exists here", what, x))
	return opt[uuid.UUID]{}
}

// Member resolves a column holding an active member's e-mail.
func (c *Cells) Member(col string, l *Lookups) opt[uuid.UUID] {
	x, ok := c.Has(col)
	switch {
	case !ok:
		return opt[uuid.UUID]{}
	case x == "":
		return patch.Null[uuid.UUID]()
	}
	if id, found := l.Members[strings.ToLower(x)]; found {
		return patch.Some(id)
	}
	c.Bad(col, x+" is not an active member")
	return opt[uuid.UUID]{}
}

// Tags resolves the tags column (names separated by ;).
func (c *Cells) Tags(l *Lookups) *[]uuid.UUID {
	x, ok := c.Has("tags")
	if !ok {
		return nil
	}
	ids := []uuid.UUID{}
	for _, n := range tabular.Split(x) {
		if id, found := l.Tags[strings.ToLower(n)]; found {
			ids = append(ids, id)
		} else {
			c.Bad("tags", fmt.Sprintf("no active tag %q exists here", n))
		}
	}
	return &ids
}

// CustomFields reads the cf.<key> columns into the values customfields.Apply checks.
func (c *Cells) CustomFields(defs []customfields.Definition, l *Lookups) map[string]any {
	var out map[string]any
	for _, d := range defs {
		if x, ok := c.Has("cf." + d.Key); ok {
			if out == nil {
				out = map[string]any{}
			}
			val, msg := CFValue(d, x, l.Members)
			if msg != "" {
				c.Bad("cf."+d.Key, msg)
			}
			out[d.Key] = val
		}
	}
	return out
}

// Finish adds the service's validation errors to the row's (one per column; fields named as in columns) and
// separates failures of the system.
func (c *Cells) Finish(err error, columns map[string]string) ([]tabular.CellError, error) {
	if err := systemError(err); err != nil {
		return nil, err
	}
	for _, e := range cellErrors(err, columns) {
		dup := false
		for _, p := range c.Problems {
			dup = dup || p.Column == e.Column
		}
		if !dup {
			c.Problems = append(c.Problems, e)
		}
	}
	return c.Problems, nil
}

// cellErrors turns a service's validation error into cell errors (nil for success or a system failure); columns
// renames API fields to file columns (holder_id → holder_email).
func cellErrors(err error, columns map[string]string) []tabular.CellError {
	var ae *apperr.Error
	if err == nil || !errors.As(err, &ae) {
		return nil
	}
	if len(ae.Fields) == 0 {
		return []tabular.CellError{{Message: ae.Detail}}
	}
	out := make([]tabular.CellError, 0, len(ae.Fields))
	for _, f := range ae.Fields {
		col := f.Field
		if c, ok := columns[col]; ok {
			col = c
		}
		col = strings.Replace(col, "custom_fields.", "cf.", 1)
		out = append(out, tabular.CellError{Column: col, Message: f.Message})
	}
	return out
}

func systemError(err error) error {
	var ae *apperr.Error
	if err == nil || errors.As(err, &ae) {
		return nil
	}
	return err
}

// SameRow reports whether every cell of the row equals the exported row of the existing record.
func SameRow(cols, exported []string, v map[string]string) bool {
	if exported == nil {
		return false
	}
	for i, c := range cols {
		if x, ok := v[c]; ok && x != exported[i] {
			return false
		}
	}
	return true
}

// Match is the record a row's natural key found: its id and whether it is archived (nil ID: none).
type Match struct {
	ID       *uuid.UUID
	Archived bool
}

// Upsert runs the create or update of a row matched on its natural key (keyCol): a new record needs a name, an
// archived one is refused, and an unchanged one (same reports it) is left alone. columns maps API fields to columns
// for the service's validation errors.
func Upsert(c *Cells, m Match, keyCol string, nameMissing bool, columns map[string]string, same func() (bool, error),
	create, update func() error) (string, []tabular.CellError, error) {
	var outcome string
	var err error
	switch {
	case m.ID == nil && nameMissing:
		c.Bad("name", "is required")
	case m.ID == nil:
		outcome = tabular.Created
		err = create()
	case m.Archived:
		c.Bad(keyCol, "belongs to an archived record; restore it first")
	default:
		if len(c.Problems) == 0 {
			unchanged, err := same()
			if err != nil || unchanged {
				return tabular.Unchanged, nil, err
			}
		}
		outcome = tabular.Updated
		err = update()
	}
	problems, err := c.Finish(err, columns)
	return outcome, problems, err
}

// FindBy looks a record of T up by a case-insensitive natural key, preferring an active one (of reads a row's id and
// archive state). Keys are unique (or unique among active records), so the match is a handful of rows found through
// the key's index; they are ranked here rather than by an ORDER BY, which could lead the planner away from that index
// onto a scan of the table.
func FindBy[T any](tx *gorm.DB, of func(*T) (uuid.UUID, bool), where string, args ...any) (Match, *T, error) {
	var rows []T
	if err := tx.Where(where, args...).Limit(50).Find(&rows).Error; err != nil {
		return Match{}, nil, err
	}
	if len(rows) == 0 {
		return Match{}, nil, nil
	}
	best := 0
	for i := range rows {
		if _, a := of(&rows[i]); !a {
			if _, b := of(&rows[best]); b {
				best = i
			}
		}
	}
	id, archived := of(&rows[best])
	return Match{ID: &id, Archived: archived}, &rows[best], nil
}

// Keys are the records of a table by their case-insensitive natural key, loaded once per import: looking each
// row's key up in the database would scan the organisation's rows (row-level security keeps non-leakproof functions
// such as lower() from being index conditions), making a large import quadratic.
type Keys struct{ byKey map[string]keyed }

type keyed struct {
	id       uuid.UUID
	archived bool
}

// LoadKeys reads the natural keys (column) of a table visible in tx.
func LoadKeys(tx *gorm.DB, table, column string) (*Keys, error) {
	var rows []struct {
		ID       uuid.UUID
		Key      string
		Archived bool
	}
	if err := tx.Raw(`SELECT id, ` + column + ` AS key, archived_at IS NOT NULL AS archived FROM ` + table + ` WHERE ` + column + ` IS NOT NULL`).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	k := &Keys{byKey: make(map[string]keyed, len(rows))}
	for _, r := range rows {
		key := strings.ToLower(r.Key)
		if cur, ok := k.byKey[key]; !ok || (cur.archived && !r.Archived) {
			k.byKey[key] = keyed{id: r.ID, archived: r.Archived}
		}
	}
	return k, nil
}

// Get is the record of a key (an active one when there are several).
func (k *Keys) Get(key string) Match {
	v, ok := k.byKey[strings.ToLower(strings.TrimSpace(key))]
	if !ok {
		return Match{}
	}
	return Match{ID: &v.id, Archived: v.archived}
}

// Put records a key created by the import, so that a later row with the same key updates it.
func (k *Keys) Put(key string, id uuid.UUID) {
	k.byKey[strings.ToLower(strings.TrimSpace(key))] = keyed{id: id}
}
