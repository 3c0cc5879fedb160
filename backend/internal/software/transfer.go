package software

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

// The files of the catalogue and of licences (SPEC §1.8): the export writes exactly the columns the import reads,
// custom fields as cf.<key> columns. A software is matched on its name, a licence on its software's name and its own.
// Licence keys are secrets: they are neither exported nor imported (set them one by one, where each reveal is audited).

// env is what the files need during an import or an export.
type env struct {
	s *Service
	*transfer.Lookups
	groups   map[string]uuid.UUID // lower(name) → active group
	software map[string]uuid.UUID // lower(name) → active software
}

func (s *Service) loadEnv(_ context.Context, tx *gorm.DB) (*env, error) {
	l, err := transfer.LoadLookups(tx)
	if err != nil {
		return nil, err
	}
	e := &env{s: s, Lookups: l}
	if e.groups, err = transfer.NameMap(tx, "SELECT id, name FROM groups WHERE archived_at IS NULL"); err != nil {
		return nil, err
	}
	e.software, err = transfer.NameMap(tx, "SELECT id, name FROM software WHERE archived_at IS NULL")
	return e, err
}

// fieldColumns name the file columns of the API fields in validation errors.
var fieldColumns = map[string]string{"owner_user_id": "owner_email", "owner_group_id": "owner_group", "supplier_name": "supplier",
	"software_id": "software", "tag_ids": "tags"}

const tagNames = `coalesce((SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM taggings g JOIN tags t ON t.id = g.tag_id
	WHERE g.entity_type = ? AND g.entity_id = %s.id), '') AS tag_names`

var softwareFile = transfer.File[*env]{Type: TypeSoftware, Active: "software.archived_at IS NULL", ID: "software.id",
	Base: []tabular.Column{
		{Name: "name", Required: true, Help: "Unique; an existing name updates that software"},
		{Name: "publisher"},
		{Name: "category", Help: strings.Join(Categories, ", ")},
		{Name: "owner_email", Help: "E-mail of the member who owns it"},
		{Name: "owner_group", Help: "Name of the group that owns it"},
		{Name: "supplier"},
		{Name: "website", Help: "https://…"},
		{Name: "notes"},
		{Name: "tags", Help: "Tag names separated by ;"}},
	Rows: func(tx *gorm.DB, e *env, defs []customfields.Definition, where string, args []any, emit func([]string) error) error {
		type row struct {
			Software
			OwnerEmail     *string
			OwnerGroupName *string
			TagNames       string
		}
		return transfer.Stream[row](tx, `SELECT software.*, u.email AS owner_email, g.name AS owner_group_name, `+
			strings.Replace(tagNames, "%s", "software", 1)+`
			FROM software LEFT JOIN users u ON u.id = software.owner_user_id LEFT JOIN groups g ON g.id = software.owner_group_id
			WHERE `+where+` ORDER BY lower(software.name), software.archived_at NULLS FIRST, software.id`,
			append([]any{TypeSoftware}, args...), func(r row) error {
				out := []string{r.Name, r.Publisher, r.Category, transfer.Deref(r.OwnerEmail), transfer.Deref(r.OwnerGroupName),
					r.SupplierName, r.Website, r.Notes, r.TagNames}
				return emit(transfer.WithCustomFields(out, defs, r.CustomFields, e.Emails))
			})
	},
	Row: func(im *transfer.Importer[*env], tx *gorm.DB, c *transfer.Cells) (string, []tabular.CellError, error) {
		e := im.Env
		in := SoftwareInput{Name: c.Text("name"), Publisher: c.Text("publisher"), SupplierName: c.Text("supplier"),
			Website: c.Text("website"), Notes: c.Text("notes"), OwnerUserID: c.Member("owner_email", e.Lookups),
			OwnerGroupID: c.Named("owner_group", "group", e.groups), TagIDs: c.Tags(e.Lookups),
			CustomFields: c.CustomFields(im.Defs, e.Lookups)}
		if x, ok := c.Has("category"); ok && x != "" {
			in.Category = &x
		}
		name := strings.TrimSpace(c.V["name"])
		m, _, err := transfer.FindBy(tx, func(s *Software) (uuid.UUID, bool) { return s.ID, s.ArchivedAt != nil },
			"lower(name) = lower(?)", name)
		if err != nil {
			return "", nil, err
		}
		return transfer.Upsert(c, m, "name", name == "", fieldColumns,
			func() (bool, error) { return im.Unchanged(tx, "software.id = ?", *m.ID, c.V) },
			func() error {
				id, err := e.s.createSoftware(im.Ctx, tx, in)
				if err == nil {
					e.software[strings.ToLower(name)] = id // later licence rows of the same file find it
				}
				return err
			},
			func() error { _, err := e.s.updateSoftware(im.Ctx, tx, *m.ID, nil, in); return err })
	}}

var licenceFile = transfer.File[*env]{Type: TypeLicence, Active: "licences.archived_at IS NULL", ID: "licences.id",
	Base: []tabular.Column{
		{Name: "software", Required: true, Help: "Name of an active software of the catalogue"},
		{Name: "name", Required: true, Help: "Unique per software; an existing name updates that licence"},
		{Name: "seats", Help: "Number of seats; empty for unlimited"},
		{Name: "expires_on", Help: "YYYY-MM-DD; empty for perpetual"},
		{Name: "purchase_date", Help: "YYYY-MM-DD"},
		{Name: "cost", Help: "Decimal with a dot, e.g. 1200.00"},
		{Name: "currency", Help: "ISO 4217, e.g. EUR"},
		{Name: "supplier"},
		{Name: "notes"},
		{Name: "tags", Help: "Tag names separated by ;"}},
	Rows: func(tx *gorm.DB, e *env, defs []customfields.Definition, where string, args []any, emit func([]string) error) error {
		type row struct {
			Licence
			SoftwareName string
			TagNames     string
		}
		return transfer.Stream[row](tx, `SELECT licences.*, sw.name AS software_name, `+strings.Replace(tagNames, "%s", "licences", 1)+`
			FROM licences JOIN software sw ON sw.id = licences.software_id
			WHERE `+where+` ORDER BY lower(sw.name), lower(licences.name), licences.archived_at NULLS FIRST, licences.id`,
			append([]any{TypeLicence}, args...), func(r row) error {
				seats := ""
				if r.Seats != nil {
					seats = strconv.Itoa(*r.Seats)
				}
				out := []string{r.SoftwareName, r.Name, seats, transfer.DateCell(r.ExpiresOn), transfer.DateCell(r.PurchaseDate),
					transfer.Deref(r.Cost), transfer.Deref(r.Currency), r.SupplierName, r.Notes, r.TagNames}
				return emit(transfer.WithCustomFields(out, defs, r.CustomFields, e.Emails))
			})
	},
	Row: func(im *transfer.Importer[*env], tx *gorm.DB, c *transfer.Cells) (string, []tabular.CellError, error) {
		e := im.Env
		in := LicenceInput{Name: c.Text("name"), SupplierName: c.Text("supplier"), Notes: c.Text("notes"),
			Seats: c.Int("seats", "must be a whole number of seats"), ExpiresOn: c.Date("expires_on"),
			PurchaseDate: c.Date("purchase_date"), Cost: c.Nullable("cost"), Currency: c.Nullable("currency"),
			TagIDs: c.Tags(e.Lookups), CustomFields: c.CustomFields(im.Defs, e.Lookups)}
		swName, name := strings.TrimSpace(c.V["software"]), strings.TrimSpace(c.V["name"])
		sw, ok := e.software[strings.ToLower(swName)]
		switch {
		case swName == "":
			c.Bad("software", "is required")
			return "", c.Problems, nil
		case !ok:
			c.Bad("software", "no active software "+strconv.Quote(swName)+" exists here")
			return "", c.Problems, nil
		}
		in.SoftwareID = &sw
		m, _, err := transfer.FindBy(tx, func(l *Licence) (uuid.UUID, bool) { return l.ID, l.ArchivedAt != nil },
			"software_id = ? AND lower(name) = lower(?)", sw, name)
		if err != nil {
			return "", nil, err
		}
		return transfer.Upsert(c, m, "name", name == "", fieldColumns,
			func() (bool, error) { return im.Unchanged(tx, "licences.id = ?", *m.ID, c.V) },
			func() error { _, err := e.s.createLicence(im.Ctx, tx, in); return err },
			func() error { _, err := e.s.updateLicence(im.Ctx, tx, *m.ID, nil, in); return err })
	}}

// Files are the import and export files of the package by entity name (software, licence), to register with imports.
//
//nolint:revive // the files' environment is the package's own business
func (s *Service) Files() map[string]*transfer.File[*env] {
	out := map[string]*transfer.File[*env]{}
	for name, f := range map[string]transfer.File[*env]{TypeSoftware: softwareFile, TypeLicence: licenceFile} {
		f.Load = s.loadEnv
		out[name] = &f
	}
	return out
}
