package assets

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
)

// cells reads one import row: each reader returns the value of a column when the file has it (an empty cell clears a
// nullable field) and collects what cannot be read as cell errors.
type cells struct {
	v        map[string]string
	problems []tabular.CellError
}

func (c *cells) bad(col, msg string) {
	c.problems = append(c.problems, tabular.CellError{Column: col, Message: msg})
}

func (c *cells) has(col string) (string, bool) { x, ok := c.v[col]; return x, ok }

func (c *cells) text(col string) *string {
	if x, ok := c.has(col); ok {
		return &x
	}
	return nil
}

func (c *cells) nullable(col string) Opt[string] {
	if x, ok := c.has(col); ok {
		if x == "" {
			return Opt[string]{Set: true, Null: true}
		}
		return Some(x)
	}
	return Opt[string]{}
}

func (c *cells) boolean(col string) *bool {
	x, ok := c.has(col)
	if !ok {
		return nil
	}
	b, valid := parseBool(x)
	if !valid {
		c.bad(col, "must be true or false")
	}
	return &b
}

func (c *cells) date(col string) Opt[time.Time] {
	x, ok := c.has(col)
	switch {
	case !ok:
		return Opt[time.Time]{}
	case x == "":
		return Opt[time.Time]{Set: true, Null: true}
	}
	d, err := time.Parse(time.DateOnly, x)
	if err != nil {
		c.bad(col, "must be a date YYYY-MM-DD")
		return Opt[time.Time]{}
	}
	return Some(d)
}

func (c *cells) integer(col, msg string) Opt[int] {
	x, ok := c.has(col)
	switch {
	case !ok:
		return Opt[int]{}
	case x == "":
		return Opt[int]{Set: true, Null: true}
	}
	n, err := strconv.Atoi(x)
	if err != nil {
		c.bad(col, msg)
		return Opt[int]{}
	}
	return Some(n)
}

// model resolves the model column (with the brand column when several brands have a model of that name).
func (c *cells) model(l *lookups) Opt[uuid.UUID] {
	x, ok := c.has("model")
	switch {
	case !ok:
		return Opt[uuid.UUID]{}
	case x == "":
		return Opt[uuid.UUID]{Set: true, Null: true}
	}
	var found []Model
	for _, m := range l.models[strings.ToLower(x)] {
		if b := c.v["brand"]; b == "" || strings.EqualFold(b, m.BrandName) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		c.bad("model", fmt.Sprintf("no active model %q (of brand %q) exists here", x, c.v["brand"]))
	case 1:
		return Some(found[0].ID)
	default:
		c.bad("brand", "several brands have a model "+x+": name the brand")
	}
	return Opt[uuid.UUID]{}
}

// named resolves a column holding the name of something in byName (lower-cased keys).
func (c *cells) named(col, what string, byName map[string]uuid.UUID) Opt[uuid.UUID] {
	x, ok := c.has(col)
	switch {
	case !ok:
		return Opt[uuid.UUID]{}
	case x == "":
		return Opt[uuid.UUID]{Set: true, Null: true}
	}
	if id, found := byName[strings.ToLower(x)]; found {
		return Some(id)
	}
	c.bad(col, fmt.Sprintf("no active %s %q exists here", what, x))
	return Opt[uuid.UUID]{}
}

func (c *cells) member(col string, l *lookups) Opt[uuid.UUID] {
	x, ok := c.has(col)
	switch {
	case !ok:
		return Opt[uuid.UUID]{}
	case x == "":
		return Opt[uuid.UUID]{Set: true, Null: true}
	}
	if id, found := l.members[strings.ToLower(x)]; found {
		return Some(id)
	}
	c.bad(col, x+" is not an active member")
	return Opt[uuid.UUID]{}
}

func (c *cells) tags(l *lookups) *[]uuid.UUID {
	x, ok := c.has("tags")
	if !ok {
		return nil
	}
	ids := []uuid.UUID{}
	for _, n := range tabular.Split(x) {
		if id, found := l.tags[strings.ToLower(n)]; found {
			ids = append(ids, id)
		} else {
			c.bad("tags", fmt.Sprintf("no active tag %q exists here", n))
		}
	}
	return &ids
}

func (c *cells) customFields(defs []customfields.Definition, l *lookups) map[string]any {
	var out map[string]any
	for _, d := range defs {
		if x, ok := c.has("cf." + d.Key); ok {
			if out == nil {
				out = map[string]any{}
			}
			val, msg := cfValue(d, x, l.members)
			if msg != "" {
				c.bad("cf."+d.Key, msg)
			}
			out[d.Key] = val
		}
	}
	return out
}

// finish adds the service's validation errors to the row's (one per column) and separates failures of the system.
func (c *cells) finish(err error) ([]tabular.CellError, error) {
	if err := systemError(err); err != nil {
		return nil, err
	}
	for _, e := range cellErrors(err) {
		dup := false
		for _, p := range c.problems {
			dup = dup || p.Column == e.Column
		}
		if !dup {
			c.problems = append(c.problems, e)
		}
	}
	return c.problems, nil
}

// sameRow reports whether every cell of the row equals the exported row of the existing record.
func sameRow(cols, exported []string, v map[string]string) bool {
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

// upsert runs the create or update of a row matched on its natural key.
func upsert(c *cells, existing *uuid.UUID, archived bool, keyCol string, nameMissing bool, same func() (bool, error),
	create, update func() error) (string, []tabular.CellError, error) {
	var outcome string
	var err error
	switch {
	case existing == nil && nameMissing:
		c.bad("name", "is required")
	case existing == nil:
		outcome = tabular.Created
		err = create()
	case archived:
		c.bad(keyCol, "belongs to an archived record; restore it first")
	default:
		if len(c.problems) == 0 {
			unchanged, err := same()
			if err != nil || unchanged {
				return tabular.Unchanged, nil, err
			}
		}
		outcome = tabular.Updated
		err = update()
	}
	problems, err := c.finish(err)
	return outcome, problems, err
}

// findBy looks a record of T up by a case-insensitive natural key, preferring an active one. Keys are unique (or
// unique among active records), so the match is a handful of rows found through the key's index; they are ranked
// here rather than by an ORDER BY, which could lead the planner away from that index onto a scan of the table.
func findBy[T any](tx *gorm.DB, where string, args ...any) (*T, bool, error) {
	var rows []T
	if err := tx.Where(where, args...).Limit(50).Find(&rows).Error; err != nil {
		return nil, false, err
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	best := 0
	for i := range rows {
		if archivedAt(&rows[i]) == nil && archivedAt(&rows[best]) != nil {
			best = i
		}
	}
	return &rows[best], true, nil
}

// archivedAt reads the archive time of the records findBy looks up.
func archivedAt(row any) *time.Time {
	switch r := row.(type) {
	case *Asset:
		return r.ArchivedAt
	case *Peripheral:
		return r.ArchivedAt
	case *Location:
		return r.ArchivedAt
	case *Brand:
		return r.ArchivedAt
	case *Model:
		return r.ArchivedAt
	}
	return nil
}

// naturalKeys are the records of a table by their case-insensitive natural key, loaded once per import: looking each
// row's key up in the database would scan the organisation's rows (row-level security keeps non-leakproof functions
// such as lower() from being index conditions), making a large import quadratic.
type naturalKeys struct{ byKey map[string]naturalKey }

type naturalKey struct {
	id       uuid.UUID
	archived bool
}

func loadKeys(tx *gorm.DB, table, column string) (*naturalKeys, error) {
	var rows []struct {
		ID       uuid.UUID
		Key      string
		Archived bool
	}
	if err := tx.Raw(`SELECT id, ` + column + ` AS key, archived_at IS NOT NULL AS archived FROM ` + table + ` WHERE ` + column + ` IS NOT NULL`).
		Scan(&rows).Error; err != nil {
		return nil, err
	}
	k := &naturalKeys{byKey: make(map[string]naturalKey, len(rows))}
	for _, r := range rows {
		key := strings.ToLower(r.Key)
		if cur, ok := k.byKey[key]; !ok || (cur.archived && !r.Archived) {
			k.byKey[key] = naturalKey{id: r.ID, archived: r.Archived}
		}
	}
	return k, nil
}

func (k *naturalKeys) get(key string) (naturalKey, bool) {
	v, ok := k.byKey[strings.ToLower(strings.TrimSpace(key))]
	return v, ok
}

func (k *naturalKeys) put(key string, id uuid.UUID) {
	k.byKey[strings.ToLower(strings.TrimSpace(key))] = naturalKey{id: id}
}
