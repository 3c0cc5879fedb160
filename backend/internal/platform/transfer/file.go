package transfer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
)

// Lookups are the names every import resolves, loaded once per import: active members by e-mail (and back) and
// tags by name.
type Lookups struct {
	Members map[string]uuid.UUID // lower(e-mail) → user
	Emails  map[string]string    // user id → e-mail
	Tags    map[string]uuid.UUID // lower(name) → tag
}

// LoadLookups reads the lookups visible in tx.
func LoadLookups(tx *gorm.DB) (*Lookups, error) {
	l := &Lookups{Members: map[string]uuid.UUID{}, Emails: map[string]string{}, Tags: map[string]uuid.UUID{}}
	var named []struct {
		ID   uuid.UUID
		Name string
	}
	if err := tx.Raw("SELECT id, name FROM tags WHERE archived_at IS NULL").Scan(&named).Error; err != nil {
		return nil, err
	}
	for _, n := range named {
		l.Tags[strings.ToLower(n.Name)] = n.ID
	}
	var people []struct {
		ID    uuid.UUID
		Email string
	}
	if err := tx.Raw(`SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.status = 'active'`).
		Scan(&people).Error; err != nil {
		return nil, err
	}
	for _, p := range people {
		l.Members[strings.ToLower(p.Email)] = p.ID
		l.Emails[p.ID.String()] = p.Email
	}
	return l, nil
}

// NameMap reads "SELECT id, name …" rows into a map by lower-cased name.
func NameMap(tx *gorm.DB, query string) (map[string]uuid.UUID, error) {
	var named []struct {
		ID   uuid.UUID
		Name string
	}
	if err := tx.Raw(query).Scan(&named).Error; err != nil {
		return nil, err
	}
	out := make(map[string]uuid.UUID, len(named))
	for _, n := range named {
		out[strings.ToLower(n.Name)] = n.ID
	}
	return out, nil
}

// Columns are an entity's base columns followed by one cf.<key> column per active custom field of entityType.
func Columns(tx *gorm.DB, entityType string, base []tabular.Column) ([]tabular.Column, []customfields.Definition, error) {
	if entityType == "" {
		return base, nil, nil
	}
	defs, err := customfields.Active(tx, entityType)
	if err != nil {
		return nil, nil, err
	}
	cols := append([]tabular.Column(nil), base...)
	for _, d := range defs {
		help := d.Label + " (" + d.Type + ")"
		if d.Type == "multi_select" {
			help += ", options separated by ;"
		}
		if d.Type == "user" {
			help += ", the member's e-mail"
		}
		cols = append(cols, tabular.Column{Name: "cf." + d.Key, Help: help})
	}
	return cols, defs, nil
}

// Names are the columns' names.
func Names(cols []tabular.Column) []string {
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return out
}

// CFCell renders a custom field value for a file (a user field as the member's e-mail).
func CFCell(d customfields.Definition, v any, emails map[string]string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			parts = append(parts, fmt.Sprint(p))
		}
		return strings.Join(parts, "; ")
	case string:
		if d.Type == "user" {
			if e, ok := emails[x]; ok {
				return e
			}
		}
		return x
	}
	return fmt.Sprint(v)
}

// CFValue reads a custom field cell into the value customfields.Apply checks (an empty cell removes the value).
func CFValue(d customfields.Definition, cell string, members map[string]uuid.UUID) (any, string) {
	if cell == "" {
		return nil, ""
	}
	switch d.Type {
	case "number", "boolean":
		return cell, "" // Apply parses strings for these
	case "multi_select":
		out := []any{}
		for _, p := range tabular.Split(cell) {
			out = append(out, p)
		}
		return out, ""
	case "user":
		id, ok := members[strings.ToLower(cell)]
		if !ok {
			return nil, "is not the e-mail of an active member"
		}
		return id.String(), ""
	}
	return cell, ""
}

// WithCustomFields appends the custom field cells of a record to its row.
func WithCustomFields(row []string, defs []customfields.Definition, values map[string]any, emails map[string]string) []string {
	for _, d := range defs {
		row = append(row, CFCell(d, values[d.Key], emails))
	}
	return row
}

// Stream scans the rows of a query one at a time into T.
func Stream[T any](tx *gorm.DB, query string, args []any, each func(T) error) error {
	rows, err := tx.Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r T
		if err := tx.ScanRows(rows, &r); err != nil {
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Deref is *p or "".
func Deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// DateCell is a date as YYYY-MM-DD or "".
func DateCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// IntCell is a number or "".
func IntCell(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// File declares an entity's file once: its columns, how its records are written as rows, and how a row is applied.
// E is what an import or export of the file needs (the module's service and lookups), loaded once per run by Load.
type File[E any] struct {
	Type   string           // custom field entity type, "" when the entity has none
	Base   []tabular.Column // the columns before the custom fields
	Active string           // SQL condition of the active records (exports leave archived ones out by default)
	ID     string           // the id column, qualified (assets.id): exports of chosen records select on it
	Load   func(ctx context.Context, tx *gorm.DB) (E, error)
	// Rows streams the records matching where (SQL over the entity's table), in a stable order, as rows of the file.
	Rows func(tx *gorm.DB, env E, defs []customfields.Definition, where string, args []any, emit func(row []string) error) error
	// Row upserts one import row.
	Row func(im *Importer[E], tx *gorm.DB, c *Cells) (string, []tabular.CellError, error)
}

// Importer reads a File (tabular.Importer).
type Importer[E any] struct {
	Ctx  context.Context
	File *File[E]
	Env  E
	Defs []customfields.Definition
	cols []string
}

// NewImporter returns an importer of f acting as ctx's principal.
func NewImporter[E any](ctx context.Context, f *File[E]) *Importer[E] {
	return &Importer[E]{Ctx: ctx, File: f}
}

// Columns implements tabular.Importer.
func (im *Importer[E]) Columns(tx *gorm.DB) ([]tabular.Column, error) {
	cols, defs, err := Columns(tx, im.File.Type, im.File.Base)
	if err != nil {
		return nil, err
	}
	im.Defs, im.cols = defs, Names(cols)
	im.Env, err = im.File.Load(im.Ctx, tx)
	return cols, err
}

// Row implements tabular.Importer.
func (im *Importer[E]) Row(tx *gorm.DB, _ int, v map[string]string) (string, []tabular.CellError, error) {
	return im.File.Row(im, tx, &Cells{V: v})
}

// Unchanged reports whether every cell of the row already equals the exported row of the record where selects.
func (im *Importer[E]) Unchanged(tx *gorm.DB, where string, id uuid.UUID, v map[string]string) (bool, error) {
	var exported []string
	err := im.File.Rows(tx, im.Env, im.Defs, where, []any{id}, func(r []string) error { exported = r; return nil })
	return err == nil && SameRow(im.cols, exported, v), err
}

// ColumnsOf is the columns of f for the organisation in ctx (templates and the import wizard).
func ColumnsOf[E any](d *db.DB, f *File[E]) func(ctx context.Context) ([]tabular.Column, error) {
	return func(ctx context.Context) ([]tabular.Column, error) {
		var cols []tabular.Column
		err := d.Tx(ctx, func(tx *gorm.DB) (err error) { cols, _, err = Columns(tx, f.Type, f.Base); return err })
		return cols, err
	}
}

// ExportScope says which records an export writes: the active ones, all of them, or the chosen ones (whatever
// their archive state).
type ExportScope struct {
	IncludeArchived bool
	IDs             []uuid.UUID
}

// Where is the scope as SQL over the entity's table, given its active condition and id column.
func (sc ExportScope) Where(active, id string) (string, []any) {
	switch {
	case len(sc.IDs) > 0:
		return id + " IN ?", []any{sc.IDs}
	case sc.IncludeArchived:
		return "true", nil
	default:
		return active, nil
	}
}

// ExportOf writes the records of f in the scope: start gets the column names and returns the row writer; progress is
// called every 1,000 rows.
func ExportOf[E any](d *db.DB, f *File[E]) func(ctx context.Context, scope ExportScope, start func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
	return func(ctx context.Context, scope ExportScope, start func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
		n := 0
		err := d.Tx(ctx, func(tx *gorm.DB) error {
			cols, defs, err := Columns(tx, f.Type, f.Base)
			if err != nil {
				return err
			}
			env, err := f.Load(ctx, tx)
			if err != nil {
				return err
			}
			write, err := start(Names(cols))
			if err != nil {
				return err
			}
			where, args := scope.Where(f.Active, f.ID)
			return f.Rows(tx, env, defs, where, args, func(row []string) error {
				n++
				if progress != nil && n%1000 == 0 {
					progress(n)
				}
				return write(row)
			})
		})
		return n, err
	}
}
