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
	"github.com/opsdeck/opsdeck/backend/internal/platform/transfer"
)

// The file schema of assets: the export writes exactly these columns (then one cf.<key> per active custom field),
// and the import reads them. Rows are matched on asset_tag (upsert); a row without a tag is a new asset.
var assetColumns0 = []tabular.Column{
	{Name: "asset_tag", Help: "Unique; an existing tag updates that asset"},
	{Name: "name", Required: true},
	{Name: "serial", Help: "Unique"},
	{Name: "status", Help: "in_stock, in_use, in_repair or awaiting_disposal"},
	{Name: "brand", Help: "Brand name (with model)"},
	{Name: "model", Help: "Model name, existing"},
	{Name: "location", Help: "Location name, existing"},
	{Name: "holder_email", Help: "E-mail of the member holding it (status in_use)"},
	{Name: "remote", Help: "true or false"},
	{Name: "purchase_date", Help: "YYYY-MM-DD"},
	{Name: "cost", Help: "Decimal with a dot, e.g. 1299.00"},
	{Name: "currency", Help: "ISO 4217, e.g. EUR"},
	{Name: "warranty_months"},
	{Name: "supplier"},
	{Name: "critical", Help: "true or false"},
	{Name: "virtual", Help: "true or false"},
	{Name: "comments"},
	{Name: "tags", Help: "Tag names separated by ;"},
}

// lookups are the names an asset-module import resolves, loaded once per import.
type lookups struct {
	*transfer.Lookups
	models    map[string][]Model // lower(model name) → models of that name
	locations map[string]uuid.UUID
}

func loadLookups(tx *gorm.DB) (*lookups, error) {
	common, err := transfer.LoadLookups(tx)
	if err != nil {
		return nil, err
	}
	l := &lookups{Lookups: common, models: map[string][]Model{}}
	var models []Model
	if err := tx.Model(&Model{}).Select("asset_models.*, b.name AS brand_name").Joins("JOIN brands b ON b.id = asset_models.brand_id").
		Where("asset_models.archived_at IS NULL").Find(&models).Error; err != nil {
		return nil, err
	}
	for _, m := range models {
		k := strings.ToLower(m.Name)
		l.models[k] = append(l.models[k], m)
	}
	l.locations, err = transfer.NameMap(tx, "SELECT id, name FROM locations WHERE archived_at IS NULL")
	return l, err
}

// AssetImporter reads asset files (tabular.Importer).
type AssetImporter struct {
	s    *Service
	ctx  context.Context
	defs []customfields.Definition
	l    *lookups
	keys *transfer.Keys
}

// NewAssetImporter returns an importer acting as ctx's principal.
func (s *Service) NewAssetImporter(ctx context.Context) *AssetImporter {
	return &AssetImporter{s: s, ctx: ctx}
}

// Columns implements tabular.Importer.
func (im *AssetImporter) Columns(tx *gorm.DB) ([]tabular.Column, error) {
	cols, defs, err := transfer.Columns(tx, TypeAsset, assetColumns0)
	if err != nil {
		return nil, err
	}
	im.defs = defs
	if im.keys, err = transfer.LoadKeys(tx, "assets", "asset_tag"); err != nil {
		return nil, err
	}
	im.l, err = loadLookups(tx)
	return cols, err
}

// Row implements tabular.Importer.
func (im *AssetImporter) Row(tx *gorm.DB, _ int, v map[string]string) (string, []tabular.CellError, error) {
	c := &transfer.Cells{V: v}
	in := AssetInput{Name: c.Text("name"), SupplierName: c.Text("supplier"), Comments: c.Text("comments"),
		AssetTag: c.Nullable("asset_tag"), Serial: c.Nullable("serial"), Cost: c.Nullable("cost"), Currency: c.Nullable("currency"),
		Critical: c.Bool("critical"), Virtual: c.Bool("virtual"), Remote: c.Bool("remote"),
		PurchaseDate: c.Date("purchase_date"), WarrantyMonths: c.Int("warranty_months", "must be a whole number of months"),
		ModelID: modelCell(c, im.l), LocationID: c.Named("location", "location", im.l.locations), HolderID: c.Member("holder_email", im.l.Lookups),
		TagIDs: c.Tags(im.l.Lookups), CustomFields: c.CustomFields(im.defs, im.l.Lookups)}
	if x, ok := c.Has("status"); ok && x != "" {
		in.Status = &x
	}
	// Upsert on the asset tag. The service runs even when a cell could not be resolved, so the report lists every
	// problem of the row at once (the row is undone either way).
	var m transfer.Match
	tag := ""
	if in.AssetTag.Set && !in.AssetTag.Null {
		tag = strings.TrimSpace(in.AssetTag.V)
		m = im.keys.Get(tag)
	}
	return transfer.Upsert(c, m, "asset_tag", in.Name == nil || strings.TrimSpace(*in.Name) == "", fieldColumns,
		func() (bool, error) { return im.unchanged(tx, *m.ID, v) },
		func() error {
			created, err := im.s.createIn(im.ctx, tx, in)
			if err == nil && tag != "" && len(c.Problems) == 0 {
				im.keys.Put(tag, created) // a later row with the same tag updates it
			}
			return err
		},
		func() error { return im.s.updateIn(im.ctx, tx, *m.ID, nil, in) })
}

// unchanged reports whether every cell of the row already equals the asset's exported value.
func (im *AssetImporter) unchanged(tx *gorm.DB, id uuid.UUID, v map[string]string) (bool, error) {
	var row, cols []string
	err := im.s.exportAssets(tx, im.defs, im.l.Emails, "assets.id = ?", []any{id}, func(c []string, r []string) error {
		cols, row = c, r
		return nil
	})
	return err == nil && transfer.SameRow(cols, row, v), err
}

// exportAssets streams assets matching where (over assets), in a stable order, as file rows.
func (s *Service) exportAssets(tx *gorm.DB, defs []customfields.Definition, emails map[string]string, where string, args []any,
	emit func(cols, row []string) error) error {
	cols := make([]string, 0, len(assetColumns0)+len(defs))
	for _, c := range assetColumns0 {
		cols = append(cols, c.Name)
	}
	for _, d := range defs {
		cols = append(cols, "cf."+d.Key)
	}
	rows, err := tx.Raw(`SELECT assets.*, b.name AS brand_name, m.name AS model_name, l.name AS location_name, u.email AS holder_email,
			coalesce((SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM taggings g JOIN tags t ON t.id = g.tag_id
				WHERE g.entity_type = 'asset' AND g.entity_id = assets.id), '') AS tag_names
		FROM assets LEFT JOIN asset_models m ON m.id = assets.model_id LEFT JOIN brands b ON b.id = m.brand_id
		LEFT JOIN locations l ON l.id = assets.location_id LEFT JOIN users u ON u.id = assets.holder_id
		WHERE `+where+` ORDER BY coalesce(assets.asset_tag, ''), assets.name, coalesce(assets.serial, ''), assets.id`, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r struct {
			AssetRow
			HolderEmail *string
			TagNames    string
		}
		if err := tx.ScanRows(rows, &r); err != nil {
			return err
		}
		a := r.AssetRow
		date := ""
		if a.PurchaseDate != nil {
			date = a.PurchaseDate.Format(time.DateOnly)
		}
		months := ""
		if a.WarrantyMonths != nil {
			months = strconv.Itoa(*a.WarrantyMonths)
		}
		row := []string{transfer.Deref(a.AssetTag), a.Name, transfer.Deref(a.Serial), a.Status, transfer.Deref(a.BrandName), transfer.Deref(a.ModelName),
			transfer.Deref(a.LocationName), transfer.Deref(r.HolderEmail), strconv.FormatBool(a.Remote), date, transfer.Deref(a.Cost), transfer.Deref(a.Currency),
			months, a.SupplierName, strconv.FormatBool(a.Critical), strconv.FormatBool(a.Virtual), a.Comments, r.TagNames}
		for _, d := range defs {
			row = append(row, transfer.CFCell(d, a.CustomFields[d.Key], emails))
		}
		if err := emit(cols, row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportAssets writes the organisation's assets in the scope (active ones, all, or the chosen ones) as a table: the
// same columns the import reads.
func (s *Service) ExportAssets(ctx context.Context, scope transfer.ExportScope, w func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		_, defs, err := transfer.Columns(tx, TypeAsset, assetColumns0)
		if err != nil {
			return err
		}
		l, err := loadLookups(tx)
		if err != nil {
			return err
		}
		where, args := scope.Where("assets.archived_at IS NULL", "assets.id")
		names := make([]string, 0, len(assetColumns0)+len(defs))
		for _, c := range assetColumns0 {
			names = append(names, c.Name)
		}
		for _, d := range defs {
			names = append(names, "cf."+d.Key)
		}
		write, err := w(names)
		if err != nil {
			return err
		}
		return s.exportAssets(tx, defs, l.Emails, where, args, func(_, row []string) error {
			n++
			if progress != nil && n%1000 == 0 {
				progress(n)
			}
			return write(row)
		})
	})
	return n, err
}

// AssetFileColumns are the columns of the asset file of the organisation in ctx (for templates and the wizard).
func (s *Service) AssetFileColumns(ctx context.Context) ([]tabular.Column, error) {
	var cols []tabular.Column
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		cols, _, err = transfer.Columns(tx, TypeAsset, assetColumns0)
		return err
	})
	return cols, err
}
