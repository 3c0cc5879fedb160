package assets

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
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

func fileColumns(tx *gorm.DB, entityType string, base []tabular.Column) ([]tabular.Column, []customfields.Definition, error) {
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

// cfCell renders a custom field value for a file.
func cfCell(d customfields.Definition, v any, emails map[string]string) string {
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

// cfValue reads a custom field cell into the value Apply checks (an empty cell removes the value).
func cfValue(d customfields.Definition, cell string, members map[string]uuid.UUID) (any, string) {
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

// lookups are the names an import resolves, loaded once per import.
type lookups struct {
	models    map[string][]Model // lower(model name) → models of that name
	locations map[string]uuid.UUID
	members   map[string]uuid.UUID // lower(e-mail) → user
	emails    map[string]string    // user id → e-mail
	tags      map[string]uuid.UUID
}

func loadLookups(tx *gorm.DB) (*lookups, error) {
	l := &lookups{models: map[string][]Model{}, locations: map[string]uuid.UUID{}, members: map[string]uuid.UUID{},
		emails: map[string]string{}, tags: map[string]uuid.UUID{}}
	var models []Model
	if err := tx.Model(&Model{}).Select("asset_models.*, b.name AS brand_name").Joins("JOIN brands b ON b.id = asset_models.brand_id").
		Where("asset_models.archived_at IS NULL").Find(&models).Error; err != nil {
		return nil, err
	}
	for _, m := range models {
		k := strings.ToLower(m.Name)
		l.models[k] = append(l.models[k], m)
	}
	var named []struct {
		ID   uuid.UUID
		Name string
	}
	if err := tx.Raw("SELECT id, name FROM locations WHERE archived_at IS NULL").Scan(&named).Error; err != nil {
		return nil, err
	}
	for _, n := range named {
		l.locations[strings.ToLower(n.Name)] = n.ID
	}
	named = nil
	if err := tx.Raw("SELECT id, name FROM tags WHERE archived_at IS NULL").Scan(&named).Error; err != nil {
		return nil, err
	}
	for _, n := range named {
		l.tags[strings.ToLower(n.Name)] = n.ID
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
		l.members[strings.ToLower(p.Email)] = p.ID
		l.emails[p.ID.String()] = p.Email
	}
	return l, nil
}

// AssetImporter reads asset files (tabular.Importer).
type AssetImporter struct {
	s    *Service
	ctx  context.Context
	defs []customfields.Definition
	l    *lookups
	keys *naturalKeys
}

// NewAssetImporter returns an importer acting as ctx's principal.
func (s *Service) NewAssetImporter(ctx context.Context) *AssetImporter {
	return &AssetImporter{s: s, ctx: ctx}
}

// Columns implements tabular.Importer.
func (im *AssetImporter) Columns(tx *gorm.DB) ([]tabular.Column, error) {
	cols, defs, err := fileColumns(tx, TypeAsset, assetColumns0)
	if err != nil {
		return nil, err
	}
	im.defs = defs
	if im.keys, err = loadKeys(tx, "assets", "asset_tag"); err != nil {
		return nil, err
	}
	im.l, err = loadLookups(tx)
	return cols, err
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "1", "y":
		return true, true
	case "false", "no", "0", "n", "":
		return false, true
	}
	return false, false
}

// Row implements tabular.Importer.
func (im *AssetImporter) Row(tx *gorm.DB, _ int, v map[string]string) (string, []tabular.CellError, error) {
	c := &cells{v: v}
	in := AssetInput{Name: c.text("name"), SupplierName: c.text("supplier"), Comments: c.text("comments"),
		AssetTag: c.nullable("asset_tag"), Serial: c.nullable("serial"), Cost: c.nullable("cost"), Currency: c.nullable("currency"),
		Critical: c.boolean("critical"), Virtual: c.boolean("virtual"), Remote: c.boolean("remote"),
		PurchaseDate: c.date("purchase_date"), WarrantyMonths: c.integer("warranty_months", "must be a whole number of months"),
		ModelID: c.model(im.l), LocationID: c.named("location", "location", im.l.locations), HolderID: c.member("holder_email", im.l),
		TagIDs: c.tags(im.l), CustomFields: c.customFields(im.defs, im.l)}
	if x, ok := c.has("status"); ok && x != "" {
		in.Status = &x
	}
	// Upsert on the asset tag. The service runs even when a cell could not be resolved, so the report lists every
	// problem of the row at once (the row is undone either way).
	var id *uuid.UUID
	archived := false
	tag := ""
	if in.AssetTag.Set && !in.AssetTag.Null {
		tag = strings.TrimSpace(in.AssetTag.V)
		if k, found := im.keys.get(tag); found {
			id, archived = &k.id, k.archived
		}
	}
	outcome, problems, err := upsert(c, id, archived, "asset_tag", in.Name == nil || strings.TrimSpace(*in.Name) == "",
		func() (bool, error) { return im.unchanged(tx, *id, v) },
		func() error {
			created, err := im.s.createIn(im.ctx, tx, in)
			if err == nil && tag != "" && len(c.problems) == 0 {
				im.keys.put(tag, created) // a later row with the same tag updates it
			}
			return err
		},
		func() error { return im.s.updateIn(im.ctx, tx, *id, nil, in) })
	return outcome, problems, err
}

// unchanged reports whether every cell of the row already equals the asset's exported value.
func (im *AssetImporter) unchanged(tx *gorm.DB, id uuid.UUID, v map[string]string) (bool, error) {
	var row, cols []string
	err := im.s.exportAssets(tx, im.defs, im.l.emails, "assets.id = ?", []any{id}, func(c []string, r []string) error {
		cols, row = c, r
		return nil
	})
	return err == nil && sameRow(cols, row, v), err
}

var fieldColumns = map[string]string{"model_id": "model", "location_id": "location", "holder_id": "holder_email",
	"supplier_name": "supplier", "tag_ids": "tags"}

// cellErrors turns a service's validation error into cell errors (nil for success or a system failure).
func cellErrors(err error) []tabular.CellError {
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
		if c, ok := fieldColumns[col]; ok {
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
		row := []string{deref(a.AssetTag), a.Name, deref(a.Serial), a.Status, deref(a.BrandName), deref(a.ModelName),
			deref(a.LocationName), deref(r.HolderEmail), strconv.FormatBool(a.Remote), date, deref(a.Cost), deref(a.Currency),
			months, a.SupplierName, strconv.FormatBool(a.Critical), strconv.FormatBool(a.Virtual), a.Comments, r.TagNames}
		for _, d := range defs {
			row = append(row, cfCell(d, a.CustomFields[d.Key], emails))
		}
		if err := emit(cols, row); err != nil {
			return err
		}
	}
	return rows.Err()
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ExportAssets writes the organisation's active assets (and archived ones when asked) as a table: the same columns
// the import reads.
func (s *Service) ExportAssets(ctx context.Context, includeArchived bool, w func(cols []string) (func(row []string) error, error), progress func(n int)) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		_, defs, err := fileColumns(tx, TypeAsset, assetColumns0)
		if err != nil {
			return err
		}
		l, err := loadLookups(tx)
		if err != nil {
			return err
		}
		where := "assets.archived_at IS NULL"
		if includeArchived {
			where = "true"
		}
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
		return s.exportAssets(tx, defs, l.emails, where, nil, func(_, row []string) error {
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
		cols, _, err = fileColumns(tx, TypeAsset, assetColumns0)
		return err
	})
	return cols, err
}
