package assets

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
	"github.com/opsdeck/opsdeck/backend/internal/platform/transfer"
)

// The file schemas of locations, brands with their models, and peripherals (SPEC §1.8): as for assets, the export
// writes exactly the columns the import reads, custom fields as cf.<key> columns, and rows are matched on a natural
// key — a location's name, a model's brand and name, a peripheral's serial.

// env is what the files of the module need during an import or an export: the service and the names rows resolve.
type env struct {
	s *Service
	*lookups
}

func (s *Service) loadEnv(_ context.Context, tx *gorm.DB) (*env, error) {
	l, err := loadLookups(tx)
	return &env{s: s, lookups: l}, err
}

var locationFile = transfer.File[*env]{Type: TypeLocation, Active: "locations.archived_at IS NULL", ID: "locations.id",
	Base: []tabular.Column{
		{Name: "name", Required: true, Help: "Unique; an existing name updates that location"},
		{Name: "address_line1"}, {Name: "address_line2"}, {Name: "postal_code"}, {Name: "city"},
		{Name: "country", Help: "ISO 3166-1 alpha-2, e.g. BE"},
		{Name: "timezone", Help: "IANA timezone, e.g. Europe/Brussels"},
		{Name: "physical", Help: "true for a site, false for a virtual place (cloud region)"},
		{Name: "notes"}},
	Rows: func(tx *gorm.DB, e *env, defs []customfields.Definition, where string, args []any, emit func([]string) error) error {
		return transfer.Stream[Location](tx, `SELECT * FROM locations WHERE `+where+` ORDER BY lower(name), archived_at NULLS FIRST, id`, args, func(r Location) error {
			row := []string{r.Name, r.AddressLine1, r.AddressLine2, r.PostalCode, r.City, r.Country, r.Timezone, strconv.FormatBool(r.Physical), r.Notes}
			return emit(transfer.WithCustomFields(row, defs, r.CustomFields, e.Emails))
		})
	},
	Row: func(im *transfer.Importer[*env], tx *gorm.DB, c *transfer.Cells) (string, []tabular.CellError, error) {
		in := LocationInput{Name: c.Text("name"), AddressLine1: c.Text("address_line1"), AddressLine2: c.Text("address_line2"),
			PostalCode: c.Text("postal_code"), City: c.Text("city"), Country: c.Text("country"), Timezone: c.Text("timezone"),
			Notes: c.Text("notes"), Physical: c.Bool("physical"), CustomFields: c.CustomFields(im.Defs, im.Env.Lookups)}
		name := strings.TrimSpace(c.V["name"])
		m, _, err := transfer.FindBy(tx, func(l *Location) (uuid.UUID, bool) { return l.ID, l.ArchivedAt != nil }, "lower(name) = lower(?)", name)
		if err != nil {
			return "", nil, err
		}
		return transfer.Upsert(c, m, "name", name == "", fieldColumns, func() (bool, error) { return im.Unchanged(tx, "locations.id = ?", *m.ID, c.V) },
			func() error { _, err := im.Env.s.createLocation(tx, in); return err },
			func() error { _, err := im.Env.s.updateLocation(tx, *m.ID, nil, in); return err })
	}}

var modelFile = transfer.File[*env]{Active: "asset_models.archived_at IS NULL", ID: "asset_models.id",
	Base: []tabular.Column{
		{Name: "brand", Required: true, Help: "Brand name; a new name adds the brand"},
		{Name: "model", Required: true, Help: "Model name, unique per brand"},
		{Name: "category", Help: strings.Join(Categories, ", ")},
		{Name: "notes"}},
	Rows: func(tx *gorm.DB, _ *env, _ []customfields.Definition, where string, args []any, emit func([]string) error) error {
		return transfer.Stream[Model](tx, `SELECT asset_models.*, b.name AS brand_name FROM asset_models JOIN brands b ON b.id = asset_models.brand_id
			WHERE `+where+` ORDER BY lower(b.name), lower(asset_models.name), asset_models.id`, args, func(m Model) error {
			return emit([]string{m.BrandName, m.Name, m.Category, m.Notes})
		})
	},
	Row: func(im *transfer.Importer[*env], tx *gorm.DB, c *transfer.Cells) (string, []tabular.CellError, error) {
		brandName, modelName := strings.TrimSpace(c.V["brand"]), strings.TrimSpace(c.V["model"])
		if brandName == "" || modelName == "" {
			if brandName == "" {
				c.Bad("brand", "is required")
			}
			if modelName == "" {
				c.Bad("model", "is required")
			}
			return "", c.Problems, nil
		}
		bm, brand, err := transfer.FindBy(tx, func(b *Brand) (uuid.UUID, bool) { return b.ID, b.ArchivedAt != nil }, "lower(name) = lower(?)", brandName)
		if err != nil {
			return "", nil, err
		}
		var brandID uuid.UUID
		switch {
		case brand == nil:
			b, err := im.Env.s.createBrand(tx, BrandInput{Name: &brandName})
			if problems, err := c.Finish(err, fieldColumns); err != nil || len(problems) > 0 {
				return "", problems, err
			}
			brandID = b.ID
		case bm.Archived:
			c.Bad("brand", "is archived; restore it first")
			return "", c.Problems, nil
		default:
			brandID = brand.ID
		}
		in := ModelInput{BrandID: &brandID, Name: &modelName, Category: c.Text("category"), Notes: c.Text("notes")}
		if in.Category != nil && *in.Category == "" {
			in.Category = nil
		}
		m, _, err := transfer.FindBy(tx, func(m *Model) (uuid.UUID, bool) { return m.ID, m.ArchivedAt != nil },
			"brand_id = ? AND lower(name) = lower(?)", brandID, modelName)
		if err != nil {
			return "", nil, err
		}
		return transfer.Upsert(c, m, "model", false, fieldColumns, func() (bool, error) { return im.Unchanged(tx, "asset_models.id = ?", *m.ID, c.V) },
			func() error { _, err := im.Env.s.createModel(tx, in); return err },
			func() error { _, err := im.Env.s.updateModel(tx, *m.ID, nil, in); return err })
	}}

var peripheralFile = transfer.File[*env]{Type: TypePeripheral, Active: "peripherals.archived_at IS NULL", ID: "peripherals.id",
	Base: []tabular.Column{
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
	Rows: func(tx *gorm.DB, e *env, defs []customfields.Definition, where string, args []any, emit func([]string) error) error {
		type row struct {
			PeripheralView
			AssetTag, HolderEmail *string
			TagNames              string
		}
		return transfer.Stream[row](tx, `SELECT peripherals.*, b.name AS brand_name, m.name AS model_name, a.asset_tag, l.name AS location_name,
				u.email AS holder_email, coalesce((SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM taggings g JOIN tags t ON t.id = g.tag_id
					WHERE g.entity_type = 'peripheral' AND g.entity_id = peripherals.id), '') AS tag_names
			FROM peripherals LEFT JOIN asset_models m ON m.id = peripherals.model_id LEFT JOIN brands b ON b.id = m.brand_id
			LEFT JOIN assets a ON a.id = peripherals.asset_id LEFT JOIN locations l ON l.id = peripherals.location_id
			LEFT JOIN users u ON u.id = peripherals.holder_id
			WHERE `+where+` ORDER BY coalesce(peripherals.serial, ''), peripherals.name, peripherals.id`, args, func(r row) error {
			p := r.Peripheral
			out := []string{transfer.Deref(p.Serial), p.Name, p.Status, transfer.Deref(r.BrandName), transfer.Deref(r.ModelName), transfer.Deref(r.AssetTag),
				transfer.Deref(r.LocationName), transfer.Deref(r.HolderEmail), strconv.FormatBool(p.Remote), transfer.DateCell(p.PurchaseDate), transfer.Deref(p.Cost),
				transfer.Deref(p.Currency), transfer.IntCell(p.WarrantyMonths), p.SupplierName, p.Notes, r.TagNames}
			return emit(transfer.WithCustomFields(out, defs, p.CustomFields, e.Emails))
		})
	},
	Row: func(im *transfer.Importer[*env], tx *gorm.DB, c *transfer.Cells) (string, []tabular.CellError, error) {
		in := PeripheralInput{Name: c.Text("name"), SupplierName: c.Text("supplier"), Notes: c.Text("notes"), Serial: c.Nullable("serial"),
			Cost: c.Nullable("cost"), Currency: c.Nullable("currency"), ModelID: modelCell(c, im.Env.lookups),
			LocationID: c.Named("location", "location", im.Env.locations), PurchaseDate: c.Date("purchase_date"),
			WarrantyMonths: c.Int("warranty_months", "must be a whole number of months"), HolderID: c.Member("holder_email", im.Env.Lookups),
			Remote: c.Bool("remote"), TagIDs: c.Tags(im.Env.Lookups), CustomFields: c.CustomFields(im.Defs, im.Env.Lookups)}
		if x, ok := c.Has("status"); ok && x != "" {
			in.Status = &x
		}
		if x, ok := c.Has("asset_tag"); ok {
			if x == "" {
				in.AssetID = Opt[uuid.UUID]{Set: true, Null: true}
			} else if am, _, err := transfer.FindBy(tx, func(a *Asset) (uuid.UUID, bool) { return a.ID, a.ArchivedAt != nil },
				"lower(asset_tag) = lower(?) AND archived_at IS NULL", x); err != nil {
				return "", nil, err
			} else if am.ID != nil {
				in.AssetID = Some(*am.ID)
			} else {
				c.Bad("asset_tag", "no active asset has the tag "+x)
			}
		}
		var m transfer.Match
		if in.Serial.Set && !in.Serial.Null {
			var err error
			if m, _, err = transfer.FindBy(tx, func(p *Peripheral) (uuid.UUID, bool) { return p.ID, p.ArchivedAt != nil },
				"lower(serial) = lower(?)", strings.TrimSpace(in.Serial.V)); err != nil {
				return "", nil, err
			}
		}
		return transfer.Upsert(c, m, "serial", in.Name == nil || strings.TrimSpace(*in.Name) == "", fieldColumns,
			func() (bool, error) { return im.Unchanged(tx, "peripherals.id = ?", *m.ID, c.V) },
			func() error { _, err := im.Env.s.createPeripheral(im.Ctx, tx, in); return err },
			func() error { return im.Env.s.updatePeripheral(im.Ctx, tx, *m.ID, nil, in) })
	}}

// Files are the module's files other than the asset file, by import entity name, to register with imports.
//
//nolint:revive // the files' environment is the package's own business
func (s *Service) Files() map[string]*transfer.File[*env] {
	out := map[string]*transfer.File[*env]{}
	for name, f := range map[string]transfer.File[*env]{TypeLocation: locationFile, "asset_model": modelFile, TypePeripheral: peripheralFile} {
		f.Load = s.loadEnv
		out[name] = &f
	}
	return out
}
