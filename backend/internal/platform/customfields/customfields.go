// Package customfields holds the custom field definitions of SPEC §1.6 and validates the values entities carry in
// their custom_fields jsonb column (ADR 0010).
package customfields

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Types of custom field.
var Types = []string{"text", "long_text", "number", "date", "boolean", "select", "multi_select", "url", "user"}

// Definition is one custom field of an entity type.
type Definition struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	EntityType     string
	Key            string
	Label          string
	Type           string
	Required       bool
	DefaultValue   *json.RawMessage `gorm:"type:jsonb"`
	Help           string
	Options        pq.StringArray `gorm:"type:text[]"`
	Position       int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// TableName maps the model.
func (Definition) TableName() string { return "custom_field_definitions" }

// AuditInfo audits definitions.
func (Definition) AuditInfo() audit.Info {
	return audit.Info{Entity: "custom_field_definition", LabelColumn: "label"}
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Service manages definitions. Types lists the entity types that accept custom fields.
type Service struct {
	db    *db.DB
	Types func(entityType string) bool
}

// NewService returns the service; accepts reports whether an entity type takes custom fields.
func NewService(d *db.DB, accepts func(string) bool) *Service { return &Service{db: d, Types: accepts} }

// Input is a new definition or a patch (nil: unchanged). Key and Type are fixed at creation.
type Input struct {
	EntityType, Key, Type string
	Label, Help           *string
	Required              *bool
	Default               *json.RawMessage // JSON null clears it
	Options               *[]string
	Position              *int
}

func (s *Service) get(tx *gorm.DB, id uuid.UUID) (Definition, error) {
	var d Definition
	err := tx.Where("id = ?", id).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return d, apperr.NotFound("custom field")
	}
	return d, err
}

// Get returns one definition.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Definition, error) {
	var d Definition
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { d, err = s.get(tx, id); return err })
	return d, err
}

// apply validates in onto d (a new or existing definition).
func apply(d *Definition, in Input) error {
	var fields []apperr.FieldError
	bad := func(f, code, msg string) {
		fields = append(fields, apperr.FieldError{Field: f, Code: code, Message: msg})
	}
	if in.Label != nil {
		d.Label = strings.TrimSpace(*in.Label)
	}
	if d.Label == "" || len([]rune(d.Label)) > 100 {
		bad("label", "invalid", "must be 1 to 100 characters")
	}
	if in.Help != nil {
		d.Help = strings.TrimSpace(*in.Help)
	}
	if in.Required != nil {
		d.Required = *in.Required
	}
	if in.Position != nil {
		d.Position = *in.Position
	}
	if in.Options != nil {
		opts := make([]string, 0, len(*in.Options))
		for _, o := range *in.Options {
			o = strings.TrimSpace(o)
			if o == "" || len([]rune(o)) > 100 {
				bad("options", "invalid", "options are 1 to 100 characters")
				break
			}
			if slices.Contains(opts, o) {
				bad("options", "duplicate", "option "+o+" is listed twice")
				break
			}
			opts = append(opts, o)
		}
		d.Options = opts
	}
	choice := d.Type == "select" || d.Type == "multi_select"
	if choice && len(d.Options) == 0 {
		bad("options", "required", "a select field needs options")
	}
	if !choice && len(d.Options) > 0 {
		bad("options", "not_allowed", "only select fields have options")
	}
	if in.Default != nil {
		if string(*in.Default) == "null" {
			d.DefaultValue = nil
		} else {
			var v any
			if err := json.Unmarshal(*in.Default, &v); err != nil {
				bad("default", "invalid", "is not JSON")
			} else if d.Type == "user" {
				bad("default", "not_allowed", "a user field has no default")
			} else if nv, msg := normalise(*d, v); msg != "" {
				bad("default", "invalid", msg)
			} else {
				b, _ := json.Marshal(nv)
				raw := json.RawMessage(b)
				d.DefaultValue = &raw
			}
		}
	}
	if len(fields) > 0 {
		return apperr.Unprocessable("The custom field is not valid.", fields...)
	}
	return nil
}

// Create adds a definition.
func (s *Service) Create(ctx context.Context, in Input) (Definition, error) {
	var fields []apperr.FieldError
	if s.Types == nil || !s.Types(in.EntityType) {
		fields = append(fields, apperr.FieldError{Field: "entity_type", Code: "unknown_type", Message: "this entity type has no custom fields"})
	}
	if !keyPattern.MatchString(in.Key) {
		fields = append(fields, apperr.FieldError{Field: "key", Code: "invalid", Message: "lowercase letters, digits and _, starting with a letter, at most 40"})
	}
	if !slices.Contains(Types, in.Type) {
		fields = append(fields, apperr.FieldError{Field: "type", Code: "invalid", Message: "must be one of " + strings.Join(Types, ", ")})
	}
	if len(fields) > 0 {
		return Definition{}, apperr.Unprocessable("The custom field is not valid.", fields...)
	}
	d := Definition{ID: uuid.Must(uuid.NewV7()), EntityType: in.EntityType, Key: in.Key, Type: in.Type, Options: pq.StringArray{}, Version: 1}
	if err := apply(&d, in); err != nil {
		return d, err
	}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if in.Position == nil {
			if err := tx.Raw("SELECT coalesce(max(position) + 10, 0) FROM custom_field_definitions WHERE entity_type = ?", in.EntityType).
				Scan(&d.Position).Error; err != nil {
				return err
			}
		}
		err := tx.Create(&d).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return apperr.Conflict("This entity type already has (or had) a field with this key; keys are never reused.",
				apperr.FieldError{Field: "key", Code: "taken", Message: "is already used"})
		}
		return err
	})
	return d, err
}

// Update applies a patch; key, type and entity type never change (values already stored depend on them).
func (s *Service) Update(ctx context.Context, id uuid.UUID, ifMatch *int64, in Input) (Definition, error) {
	var d Definition
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if d, err = s.get(tx, id); err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != d.Version {
			return apperr.PreconditionFailed(d.Version)
		}
		if err := apply(&d, in); err != nil {
			return err
		}
		d.Version++
		return tx.Model(&d).Select("label", "help", "required", "default_value", "options", "position", "version").Updates(&d).Error
	})
	return d, err
}

// SetArchived archives (no longer shown in forms; stored values stay) or restores a definition.
func (s *Service) SetArchived(ctx context.Context, id uuid.UUID, archived bool) (Definition, error) {
	var d Definition
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if d, err = s.get(tx, id); err != nil {
			return err
		}
		if (d.ArchivedAt != nil) == archived {
			return nil
		}
		var at any
		if archived {
			at = time.Now().UTC()
		}
		if err := tx.Model(&d).Updates(map[string]any{"archived_at": at, "version": d.Version + 1}).Error; err != nil {
			return err
		}
		d, err = s.get(tx, id)
		return err
	})
	return d, err
}

// List returns the definitions of an entity type (every type when entityType is ""), in form order.
func (s *Service) List(ctx context.Context, entityType string, includeArchived bool, cursor string, limit int) (db.PageResult[Definition], error) {
	var res db.PageResult[Definition]
	so := db.Sort{Name: "position", Column: "custom_field_definitions.position"}
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		q := tx.Model(&Definition{})
		if entityType != "" {
			q = q.Where("entity_type = ?", entityType)
		}
		if !includeArchived {
			q = q.Where("archived_at IS NULL")
		}
		res, err = db.Page(q, so, cursor, limit, func(d *Definition) (any, uuid.UUID) { return d.Position, d.ID })
		return err
	})
	return res, err
}

// Active returns the active definitions of a type in tx, in form order.
func Active(tx *gorm.DB, entityType string) ([]Definition, error) {
	var defs []Definition
	err := tx.Where("entity_type = ? AND archived_at IS NULL", entityType).Order("position, id").Find(&defs).Error
	return defs, err
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// normalise checks one value against its definition and returns its stored form, or a message.
func normalise(d Definition, v any) (any, string) {
	switch d.Type {
	case "text", "long_text":
		s, ok := v.(string)
		max := 1000
		if d.Type == "long_text" {
			max = 20000
		}
		if !ok || len([]rune(s)) > max {
			return nil, fmt.Sprintf("must be text of at most %d characters", max)
		}
		if d.Type == "text" {
			s = strings.TrimSpace(s)
		}
		return s, ""
	case "number":
		switch n := v.(type) {
		case float64:
			if math.IsInf(n, 0) || math.IsNaN(n) || math.Abs(n) > 1e15 {
				return nil, "must be a number between -1e15 and 1e15"
			}
			return n, ""
		case string: // imports and query strings
			f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
			if err != nil {
				return nil, "must be a number"
			}
			return normalise(d, f)
		}
		return nil, "must be a number"
	case "date":
		s, ok := v.(string)
		if !ok || !datePattern.MatchString(s) {
			return nil, "must be a date (YYYY-MM-DD)"
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return nil, "must be a real date"
		}
		return s, ""
	case "boolean":
		switch b := v.(type) {
		case bool:
			return b, ""
		case string:
			if p, err := strconv.ParseBool(b); err == nil {
				return p, ""
			}
		}
		return nil, "must be true or false"
	case "select":
		s, ok := v.(string)
		if !ok || !slices.Contains(d.Options, s) {
			return nil, "must be one of " + strings.Join(d.Options, ", ")
		}
		return s, ""
	case "multi_select":
		list, ok := v.([]any)
		if !ok {
			return nil, "must be a list of options"
		}
		out := make([]string, 0, len(list))
		for _, x := range list {
			s, ok := x.(string)
			if !ok || !slices.Contains(d.Options, s) {
				return nil, "every item must be one of " + strings.Join(d.Options, ", ")
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		// Stored in the definition's order, so equal sets are equal values.
		slices.SortFunc(out, func(a, b string) int { return slices.Index(d.Options, a) - slices.Index(d.Options, b) })
		return out, ""
	case "url":
		s, ok := v.(string)
		if !ok {
			return nil, "must be an http(s) URL"
		}
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2000 {
			return nil, "must be an http(s) URL"
		}
		return u.String(), ""
	case "user":
		s, ok := v.(string)
		if !ok {
			return nil, "must be a user id"
		}
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, "must be a user id"
		}
		return id.String(), ""
	}
	return nil, "has an unknown type"
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// Apply merges patch (JSON Merge Patch semantics: null removes a value) into current for an entity of entityType and
// returns the values to store, in tx. On creation, defaults fill what the patch leaves out. Unknown or archived keys,
// values of the wrong type and missing required values are refused with one field error each
// ("custom_fields.<key>"). User fields must name an active member of the organisation.
func Apply(tx *gorm.DB, entityType string, current, patch map[string]any, creating bool) (map[string]any, error) {
	defs, err := Active(tx, entityType)
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]Definition, len(defs))
	for _, d := range defs {
		byKey[d.Key] = d
	}
	out := make(map[string]any, len(current)+len(patch))
	for k, v := range current {
		out[k] = v
	}
	var fields []apperr.FieldError
	bad := func(k, code, msg string) {
		fields = append(fields, apperr.FieldError{Field: "custom_fields." + k, Code: code, Message: msg})
	}
	var users []string
	for k, v := range patch {
		d, ok := byKey[k]
		if !ok {
			bad(k, "unknown_field", "is not a custom field of this kind of record")
			continue
		}
		if v == nil || empty(v) {
			delete(out, k)
			continue
		}
		nv, msg := normalise(d, v)
		if msg != "" {
			bad(k, "invalid", msg)
			continue
		}
		if d.Type == "user" {
			users = append(users, nv.(string))
		}
		out[k] = nv
	}
	for _, d := range defs {
		if _, has := out[d.Key]; !has && creating && d.DefaultValue != nil {
			var v any
			if json.Unmarshal(*d.DefaultValue, &v) == nil {
				out[d.Key] = v
			}
		}
		if v, has := out[d.Key]; d.Required && (!has || empty(v)) {
			bad(d.Key, "required", d.Label+" is required")
		}
	}
	if len(users) > 0 && len(fields) == 0 {
		var n int64
		if err := tx.Raw("SELECT count(DISTINCT user_id) FROM memberships WHERE status = 'active' AND user_id::text IN ?", users).
			Scan(&n).Error; err != nil {
			return nil, err
		}
		slices.Sort(users)
		if int(n) != len(slices.Compact(users)) {
			fields = append(fields, apperr.FieldError{Field: "custom_fields", Code: "unknown_user", Message: "a user field names someone who is not an active member"})
		}
	}
	if len(fields) > 0 {
		slices.SortFunc(fields, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
		return nil, apperr.Unprocessable("Some custom fields are not valid.", fields...)
	}
	return out, nil
}

// Filter is a parsed `cf=key:value` list filter.
type Filter struct {
	Key   string
	Value any
	multi bool
}

// ParseFilters turns `key:value` parameters into filters against the active definitions of entityType.
func ParseFilters(tx *gorm.DB, entityType string, params []string) ([]Filter, error) {
	if len(params) == 0 {
		return nil, nil
	}
	defs, err := Active(tx, entityType)
	if err != nil {
		return nil, err
	}
	var out []Filter
	for _, p := range params {
		k, v, ok := strings.Cut(p, ":")
		i := slices.IndexFunc(defs, func(d Definition) bool { return d.Key == k })
		if !ok || i < 0 {
			return nil, apperr.Invalid("unknown custom field filter", apperr.FieldError{Field: "cf", Code: "invalid",
				Message: fmt.Sprintf("%q is not key:value over a custom field of this kind of record", p)})
		}
		d := defs[i]
		var nv any
		var msg string
		if d.Type == "multi_select" {
			nv, msg = normalise(Definition{Type: "select", Options: d.Options}, v)
		} else {
			nv, msg = normalise(d, v)
		}
		if msg != "" {
			return nil, apperr.Invalid("invalid custom field filter", apperr.FieldError{Field: "cf", Code: "invalid", Message: k + " " + msg})
		}
		out = append(out, Filter{Key: k, Value: nv, multi: d.Type == "multi_select"})
	}
	return out, nil
}

// Where narrows q to rows of table whose custom fields match every filter (GIN jsonb_path_ops containment).
func Where(q *gorm.DB, table string, filters []Filter) *gorm.DB {
	for _, f := range filters {
		var v any = f.Value
		if f.multi {
			v = []any{f.Value}
		}
		b, _ := json.Marshal(map[string]any{f.Key: v})
		q = q.Where(table+".custom_fields @> ?::jsonb", string(b))
	}
	return q
}

// SortExpr returns the SQL expression sorting table's rows by a custom field, and the function giving a row's sort
// value for the cursor. Multi-select and long text fields are not sortable.
func SortExpr(tx *gorm.DB, entityType, table, key string) (string, func(map[string]any) any, error) {
	var d Definition
	err := tx.Where("entity_type = ? AND key = ? AND archived_at IS NULL", entityType, key).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || d.Type == "multi_select" || d.Type == "long_text" {
		return "", nil, apperr.Invalid("unknown sort key", apperr.FieldError{Field: "sort", Code: "invalid",
			Message: fmt.Sprintf("cannot sort by custom field %q", key)})
	}
	if err != nil {
		return "", nil, err
	}
	col := fmt.Sprintf("%s.custom_fields->>'%s'", table, key) // key matches keyPattern: safe to inline
	switch d.Type {
	case "number":
		return fmt.Sprintf("coalesce((%s)::numeric, '-Infinity'::numeric)", col), func(m map[string]any) any {
			if f, ok := m[key].(float64); ok {
				return strconv.FormatFloat(f, 'f', -1, 64)
			}
			return "-Infinity"
		}, nil
	case "boolean":
		return fmt.Sprintf("coalesce((%s)::boolean, false)", col), func(m map[string]any) any {
			b, _ := m[key].(bool)
			return b
		}, nil
	}
	return fmt.Sprintf("coalesce(%s, '')", col), func(m map[string]any) any {
		s, _ := m[key].(string)
		return s
	}, nil
}
