package assets

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
)

// The file schemas of locations, brands with their models, and peripherals (SPEC §1.8): as for assets, the export
// writes exactly the columns the import reads, custom fields as cf.<key> columns, and rows are matched on a natural
// key — a location's name, a model's brand and name, a peripheral's serial.

// file describes one entity's file.
type file struct {
	typ  string // custom field entity type, "" when the entity has none
	base []tabular.Column
	// rows streams the records matching where (SQL over the entity's table), in a stable order, as file rows.
	rows func(s *Service, tx *gorm.DB, defs []customfields.Definition, l *lookups, where string, args []any, emit func(row []string) error) error
	// row upserts one import row.
	row func(im *FileImporter, tx *gorm.DB, c *cells) (string, []tabular.CellError, error)
	// archived is the SQL condition of active records of the table.
	active string
}

var locationFile = &file{typ: TypeLocation, active: "locations.archived_at IS NULL",
	base: []tabular.Column{
		{Name: "name", Required: true, Help: "Unique; an existing name updates that location"},
		{Name: "address_line1"}, {Name: "address_line2"}, {Name: "postal_code"}, {Name: "city"},
		{Name: "country", Help: "ISO 3166-1 alpha-2, e.g. BE"},
		{Name: "timezone", Help: "IANA timezone, e.g. Europe/Brussels"},
		{Name: "physical", Help: "true for a site, false for a virtual place (cloud region)"},
		{Name: "notes"}},
	rows: func(_ *Service, tx *gorm.DB, defs []customfields.Definition, l *lookups, where string, args []any, emit func([]string) error) error {
		return stream[Location](tx, `SELECT * FROM locations WHERE `+where+` ORDER BY lower(name), archived_at NULLS FIRST, id`, args, func(r Location) error {
			row := []string{r.Name, r.AddressLine1, r.AddressLine2, r.PostalCode, r.City, r.Country, r.Timezone, strconv.FormatBool(r.Physical), r.Notes}
			return emit(withCustomFields(row, defs, r.CustomFields, l.emails))
		})
	},
	row: func(im *FileImporter, tx *gorm.DB, c *cells) (string, []tabular.CellError, error) {
		in := LocationInput{Name: c.text("name"), AddressLine1: c.text("address_line1"), AddressLine2: c.text("address_line2"),
			PostalCode: c.text("postal_code"), City: c.text("city"), Country: c.text("country"), Timezone: c.text("timezone"),
			Notes: c.text("notes"), Physical: c.boolean("physical"), CustomFields: c.customFields(im.defs, im.l)}
		name := strings.TrimSpace(c.v["name"])
		existing, _, err := findBy[Location](tx, "lower(name) = lower(?)", name)
		if err != nil {
			return "", nil, err
		}
		id, archived := ids(existing, func(l *Location) (uuid.UUID, bool) { return l.ID, l.ArchivedAt != nil })
		return upsert(c, id, archived, "name", name == "", func() (bool, error) { return im.unchanged(tx, "locations.id = ?", *id, c.v) },
			func() error { _, err := im.s.createLocation(tx, in); return err },
			func() error { _, err := im.s.updateLocation(tx, *id, nil, in); return err })
	}}

var modelFile = &file{active: "asset_models.archived_at IS NULL",
	base: []tabular.Column{
		{Name: "brand", Required: true, Help: "Brand name; a new name adds the brand"},
		{Name: "model", Required: true, Help: "Model name, unique per brand"},
		{Name: "category", Help: strings.Join(Categories, ", ")},
		{Name: "notes"}},
	rows: func(_ *Service, tx *gorm.DB, _ []customfields.Definition, _ *lookups, where string, args []any, emit func([]string) error) error {
		return stream[Model](tx, `SELECT asset_models.*, b.name AS brand_name FROM asset_models JOIN brands b ON b.id = asset_models.brand_id
			WHERE `+where+` ORDER BY lower(b.name), lower(asset_models.name), asset_models.id`, args, func(m Model) error {
			return emit([]string{m.BrandName, m.Name, m.Category, m.Notes})
		})
	},
	row: func(im *FileImporter, tx *gorm.DB, c *cells) (string, []tabular.CellError, error) {
		brandName, modelName := strings.TrimSpace(c.v["brand"]), strings.TrimSpace(c.v["model"])
		if brandName == "" || modelName == "" {
			if brandName == "" {
				c.bad("brand", "is required")
			}
			if modelName == "" {
				c.bad("model", "is required")
			}
			return "", c.problems, nil
		}
		brand, found, err := findBy[Brand](tx, "lower(name) = lower(?)", brandName)
		if err != nil {
			return "", nil, err
		}
		var brandID uuid.UUID
		switch {
		case !found:
			b, err := im.s.createBrand(tx, BrandInput{Name: &brandName})
			if problems, err := c.finish(err); err != nil || len(problems) > 0 {
				return "", problems, err
			}
			brandID = b.ID
		case brand.ArchivedAt != nil:
			c.bad("brand", "is archived; restore it first")
			return "", c.problems, nil
		default:
			brandID = brand.ID
		}
		in := ModelInput{BrandID: &brandID, Name: &modelName, Category: c.text("category"), Notes: c.text("notes")}
		if in.Category != nil && *in.Category == "" {
			in.Category = nil
		}
		existing, _, err := findBy[Model](tx, "brand_id = ? AND lower(name) = lower(?)", brandID, modelName)
		if err != nil {
			return "", nil, err
		}
		id, archived := ids(existing, func(m *Model) (uuid.UUID, bool) { return m.ID, m.ArchivedAt != nil })
		return upsert(c, id, archived, "model", false, func() (bool, error) { return im.unchanged(tx, "asset_models.id = ?", *id, c.v) },
			func() error { _, err := im.s.createModel(tx, in); return err },
			func() error { _, err := im.s.updateModel(tx, *id, nil, in); return err })
	}}

var peripheralFile = &file{typ: TypePeripheral, active: "peripherals.archived_at IS NULL",
	base: []tabular.Column{
		{Name: "serial", Help: "Unique; an existing serial updates that peripheral"},
		{Name: "name", Required: true},
		{Name: "status", Help: "in_stock, in_use, in_repair or awaiting_disposal"},
		{Name: "brand", Help: "Brand name (with model)"},
		{Name: "model", Help: "Model name, existing"},
		{Name: "asset_tag", Help: "Tag of the asset it is attached to"},
		{Name: "location", Help: "Location name, existing"},
		{Name: "holder_email", Help: "E-mail of the member holding it (status in_use)"},
		{Name: "remote", Help: "true or false"},
		{Name: "purchase_date", Help: "YYYY-MM-DD"},
		{Name: "cost", Help: "Decimal with a dot, e.g. 49.90"},
		{Name: "currency", Help: "ISO 4217, e.g. EUR"},
		{Name: "warranty_months"},
		{Name: "supplier"},
		{Name: "notes"},
		{Name: "tags", Help: "Tag names separated by ;"}},
	rows: func(_ *Service, tx *gorm.DB, defs []customfields.Definition, l *lookups, where string, args []any, emit func([]string) error) error {
		type row struct {
			PeripheralView
			AssetTag, HolderEmail *string
			TagNames              string
		}
		return stream[row](tx, `SELECT peripherals.*, b.name AS brand_name, m.name AS model_name, a.asset_tag, l.name AS location_name,
				u.email AS holder_email, coalesce((SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM taggings g JOIN tags t ON t.id = g.tag_id
					WHERE g.entity_type = 'peripheral' AND g.entity_id = peripherals.id), '') AS tag_names
			FROM peripherals LEFT JOIN asset_models m ON m.id = peripherals.model_id LEFT JOIN brands b ON b.id = m.brand_id
			LEFT JOIN assets a ON a.id = peripherals.asset_id LEFT JOIN locations l ON l.id = peripherals.location_id
			LEFT JOIN users u ON u.id = peripherals.holder_id
			WHERE `+where+` ORDER BY coalesce(peripherals.serial, ''), peripherals.name, peripherals.id`, args, func(r row) error {
			p := r.Peripheral
			out := []string{deref(p.Serial), p.Name, p.Status, deref(r.BrandName), deref(r.ModelName), deref(r.AssetTag),
				deref(r.LocationName), deref(r.HolderEmail), strconv.FormatBool(p.Remote), dateCell(p.PurchaseDate), deref(p.Cost),
				deref(p.Currency), intCell(p.WarrantyMonths), p.SupplierName, p.Notes, r.TagNames}
			return emit(withCustomFields(out, defs, p.CustomFields, l.emails))
		})
	},
	row: func(im *FileImporter, tx *gorm.DB, c *cells) (string, []tabular.CellError, error) {
		in := PeripheralInput{Name: c.text("name"), SupplierName: c.text("supplier"), Notes: c.text("notes"), Serial: c.nullable("serial"),
			Cost: c.nullable("cost"), Currency: c.nullable("currency"), ModelID: c.model(im.l),
			LocationID: c.named("location", "location", im.l.locations), PurchaseDate: c.date("purchase_date"),
			WarrantyMonths: c.integer("warranty_months", "must be a whole number of months"), HolderID: c.member("holder_email", im.l),
			Remote: c.boolean("remote"), TagIDs: c.tags(im.l), CustomFields: c.customFields(im.defs, im.l)}
		if x, ok := c.has("status"); ok && x != "" {
			in.Status = &x
		}
		if x, ok := c.has("asset_tag"); ok {
			if x == "" {
				in.AssetID = Opt[uuid.UUID]{Set: true, Null: true}
			} else if a, found, err := findBy[Asset](tx, "lower(asset_tag) = lower(?) AND archived_at IS NULL", x); err != nil {
				return "", nil, err
			} else if found {
				in.AssetID = Some(a.ID)
			} else {
				c.bad("asset_tag", "no active asset has the tag "+x)
			}
		}
		var existing *Peripheral
		if in.Serial.Set && !in.Serial.Null {
			var err error
			if existing, _, err = findBy[Peripheral](tx, "lower(serial) = lower(?)", strings.TrimSpace(in.Serial.V)); err != nil {
				return "", nil, err
			}
		}
		id, archived := ids(existing, func(p *Peripheral) (uuid.UUID, bool) { return p.ID, p.ArchivedAt != nil })
		return upsert(c, id, archived, "serial", in.Name == nil || strings.TrimSpace(*in.Name) == "",
			func() (bool, error) { return im.unchanged(tx, "peripherals.id = ?", *id, c.v) },
			func() error { _, err := im.s.createPeripheral(im.ctx, tx, in); return err },
			func() error { return im.s.updatePeripheral(im.ctx, tx, *id, nil, in) })
	}}

func ids[T any](row *T, of func(*T) (uuid.UUID, bool)) (*uuid.UUID, bool) {
	if row == nil {
		return nil, false
	}
	id, archived := of(row)
	return &id, archived
}

func dateCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func intCell(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func withCustomFields(row []string, defs []customfields.Definition, values map[string]any, emails map[string]string) []string {
	for _, d := range defs {
		row = append(row, cfCell(d, values[d.Key], emails))
	}
	return row
}

// stream scans the rows of a query one at a time into T.
func stream[T any](tx *gorm.DB, query string, args []any, each func(T) error) error {
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

// FileImporter reads the files of locations, models or peripherals (tabular.Importer).
type FileImporter struct {
	s    *Service
	ctx  context.Context
	f    *file
	defs []customfields.Definition
	l    *lookups
	cols []string
}

func (s *Service) fileFor(name string) *file {
	switch name {
	case TypeLocation:
		return locationFile
	case "asset_model":
		return modelFile
	case TypePeripheral:
		return peripheralFile
	}
	return nil
}

// NewFileImporter returns an importer of the entity's files (location, asset_model, peripheral) acting as ctx's principal.
func (s *Service) NewFileImporter(ctx context.Context, entity string) *FileImporter {
	return &FileImporter{s: s, ctx: ctx, f: s.fileFor(entity)}
}

func (f *file) columns(tx *gorm.DB) ([]tabular.Column, []customfields.Definition, error) {
	if f.typ == "" {
		return f.base, nil, nil
	}
	return fileColumns(tx, f.typ, f.base)
}

// Columns implements tabular.Importer.
func (im *FileImporter) Columns(tx *gorm.DB) ([]tabular.Column, error) {
	cols, defs, err := im.f.columns(tx)
	if err != nil {
		return nil, err
	}
	im.defs, im.cols = defs, names(cols)
	im.l, err = loadLookups(tx)
	return cols, err
}

// Row implements tabular.Importer.
func (im *FileImporter) Row(tx *gorm.DB, _ int, v map[string]string) (string, []tabular.CellError, error) {
	return im.f.row(im, tx, &cells{v: v})
}

func (im *FileImporter) unchanged(tx *gorm.DB, where string, id uuid.UUID, v map[string]string) (bool, error) {
	var exported []string
	err := im.f.rows(im.s, tx, im.defs, im.l, where, []any{id}, func(r []string) error { exported = r; return nil })
	return err == nil && sameRow(im.cols, exported, v), err
}

func names(cols []tabular.Column) []string {
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return out
}

// FileColumns are the columns of the entity's file for the organisation in ctx.
func (s *Service) FileColumns(entity string) func(ctx context.Context) ([]tabular.Column, error) {
	return func(ctx context.Context) ([]tabular.Column, error) {
		var cols []tabular.Column
		err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { cols, _, err = s.fileFor(entity).columns(tx); return err })
		return cols, err
	}
}

// Export writes the entity's active records (and archived ones when asked) with the columns the import reads.
func (s *Service) Export(entity string) func(ctx context.Context, includeArchived bool, w func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
	f := s.fileFor(entity)
	return func(ctx context.Context, includeArchived bool, w func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
		n := 0
		err := s.db.Tx(ctx, func(tx *gorm.DB) error {
			cols, defs, err := f.columns(tx)
			if err != nil {
				return err
			}
			l, err := loadLookups(tx)
			if err != nil {
				return err
			}
			write, err := w(names(cols))
			if err != nil {
				return err
			}
			where := f.active
			if includeArchived {
				where = "true"
			}
			return f.rows(s, tx, defs, l, where, nil, func(row []string) error {
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
