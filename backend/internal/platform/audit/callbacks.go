package audit

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

const snapshotKey = "opsdeck:audit_before"

// RegisterCallbacks installs the audit callbacks on g. They run after the tenant scope, so the snapshot sees exactly
// the rows the statement will touch. Old values are re-read from the database inside the transaction (never taken from
// the Go struct, which may not hold them), so Save, Updates(map), Update(col) and Where(...).Updates all diff correctly.
func RegisterCallbacks(g *gorm.DB) error {
	cb := g.Callback()
	steps := []error{
		cb.Update().Before("gorm:update").After("opsdeck:tenant_update").Register("opsdeck:audit_before_update", snapshot),
		cb.Update().After("gorm:update").Register("opsdeck:audit_after_update", afterUpdate),
		cb.Delete().Before("gorm:delete").After("opsdeck:tenant_delete").Register("opsdeck:audit_before_delete", snapshot),
		cb.Delete().After("gorm:delete").Register("opsdeck:audit_after_delete", afterDelete),
		cb.Create().After("gorm:create").Register("opsdeck:audit_after_create", afterCreate),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return nil
}

func infoOf(tx *gorm.DB) (Info, bool) {
	s := tx.Statement.Schema
	if s == nil {
		return Info{}, false
	}
	a, ok := reflect.New(s.ModelType).Interface().(Auditable)
	if !ok {
		return Info{}, false
	}
	info := a.AuditInfo()
	if info.LabelColumn == "" {
		info.LabelColumn = "name"
	}
	if info.OrgColumn == "" {
		info.OrgColumn = "organization_id"
	}
	info.Ignore = append(info.Ignore, "updated_at", "version")
	return info, true
}

// reader returns a session on the same transaction that skips every callback side effect of our own.
func reader(tx *gorm.DB) *gorm.DB {
	return tx.Session(&gorm.Session{NewDB: true, Context: tx.Statement.Context})
}

// whereOf returns the conditions of the statement, plus the primary key of the model value when it is set (GORM adds
// that condition only inside its own update/delete callback).
func whereOf(tx *gorm.DB) []clause.Expression {
	var exprs []clause.Expression
	if c, ok := tx.Statement.Clauses["WHERE"]; ok {
		if w, ok := c.Expression.(clause.Where); ok {
			exprs = append(exprs, w.Exprs...)
		}
	}
	rv := tx.Statement.ReflectValue
	if rv.Kind() == reflect.Struct {
		for _, f := range tx.Statement.Schema.PrimaryFields {
			if v, zero := f.ValueOf(tx.Statement.Context, rv); !zero {
				exprs = append(exprs, clause.Eq{Column: clause.Column{Table: clause.CurrentTable, Name: f.DBName}, Value: v})
			}
		}
	}
	return exprs
}

func snapshot(tx *gorm.DB) {
	if tx.Error != nil {
		return
	}
	if _, ok := infoOf(tx); !ok {
		return
	}
	where := whereOf(tx)
	if len(where) == 0 {
		_ = tx.AddError(ErrUnauditedBulk)
		return
	}
	var rows []map[string]any
	err := reader(tx).Table(tx.Statement.Table).Clauses(clause.Where{Exprs: where}, clause.Locking{Strength: "UPDATE"}).
		Find(&rows).Error
	if err != nil {
		_ = tx.AddError(fmt.Errorf("audit: read old values: %w", err))
		return
	}
	tx.Statement.Settings.Store(snapshotKey, rows)
}

func before(tx *gorm.DB) []map[string]any {
	v, ok := tx.Statement.Settings.Load(snapshotKey)
	if !ok {
		return nil
	}
	tx.Statement.Settings.Delete(snapshotKey)
	rows, _ := v.([]map[string]any)
	return rows
}

func reread(tx *gorm.DB, ids []any) ([]map[string]any, error) {
	var rows []map[string]any
	if len(ids) == 0 {
		return rows, nil
	}
	err := reader(tx).Table(tx.Statement.Table).Where("id IN ?", ids).Find(&rows).Error
	return rows, err
}

func afterUpdate(tx *gorm.DB) {
	info, ok := infoOf(tx)
	old := before(tx)
	if !ok || tx.Error != nil || len(old) == 0 {
		return
	}
	ids := make([]any, 0, len(old))
	for _, r := range old {
		ids = append(ids, r["id"])
	}
	cur, err := reread(tx, ids)
	if err != nil {
		_ = tx.AddError(fmt.Errorf("audit: read new values: %w", err))
		return
	}
	byID := map[string]map[string]any{}
	for _, r := range cur {
		byID[fmt.Sprint(r["id"])] = r
	}
	var events []Event
	for _, o := range old {
		n := byID[fmt.Sprint(o["id"])]
		if n == nil {
			continue
		}
		changes := diff(tx.Statement.Schema, info, o, n)
		if len(changes) == 0 {
			continue
		}
		action := ActionUpdate
		if a, ok := changes["archived_at"]; ok {
			if pair := a.([2]any); pair[0] == nil && pair[1] != nil {
				action = ActionArchive
			} else if pair[0] != nil && pair[1] == nil {
				action = ActionRestore
			}
		}
		events = append(events, eventFor(tx, info, action, n, changes))
	}
	if err := insert(tx, events); err != nil {
		_ = tx.AddError(err)
	}
}

func afterDelete(tx *gorm.DB) {
	info, ok := infoOf(tx)
	old := before(tx)
	if !ok || tx.Error != nil {
		return
	}
	var events []Event
	for _, o := range old {
		events = append(events, eventFor(tx, info, ActionDelete, o, diff(tx.Statement.Schema, info, o, nil)))
	}
	if err := insert(tx, events); err != nil {
		_ = tx.AddError(err)
	}
}

func afterCreate(tx *gorm.DB) {
	info, ok := infoOf(tx)
	if !ok || tx.Error != nil {
		return
	}
	var ids []any
	pk := tx.Statement.Schema.LookUpField("id")
	if pk == nil {
		_ = tx.AddError(fmt.Errorf("audit: %s has no id column", tx.Statement.Table))
		return
	}
	rv := tx.Statement.ReflectValue
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			v, _ := pk.ValueOf(tx.Statement.Context, reflect.Indirect(rv.Index(i)))
			ids = append(ids, v)
		}
	case reflect.Struct:
		v, _ := pk.ValueOf(tx.Statement.Context, rv)
		ids = append(ids, v)
	}
	rows, err := reread(tx, ids)
	if err != nil {
		_ = tx.AddError(fmt.Errorf("audit: read created rows: %w", err))
		return
	}
	var events []Event
	for _, n := range rows {
		events = append(events, eventFor(tx, info, ActionCreate, n, diff(tx.Statement.Schema, info, nil, n)))
	}
	if err := insert(tx, events); err != nil {
		_ = tx.AddError(err)
	}
}

func eventFor(tx *gorm.DB, info Info, action string, row map[string]any, changes map[string]any) Event {
	b, _ := json.Marshal(changes) // values are normalised to JSON-safe types by diff
	org := PlatformOrg
	if !info.PlatformChain {
		org, _ = uuid.Parse(fmt.Sprint(row[info.OrgColumn]))
	}
	label := ""
	if v, ok := row[info.LabelColumn]; ok && v != nil {
		label = fmt.Sprint(v)
	}
	return newEvent(tx.Statement.Context, org, action, info.Entity, fmt.Sprint(row["id"]), label, b)
}

// diff returns {column: [old, new]} for every column that differs, with nested JSON objects diffed key by key
// ("settings.timezone") and redacted columns masked. old or new may be nil (create, delete).
func diff(s *schema.Schema, info Info, old, cur map[string]any) map[string]any {
	out := map[string]any{}
	cols := map[string]bool{}
	for k := range old {
		cols[k] = true
	}
	for k := range cur {
		cols[k] = true
	}
	names := make([]string, 0, len(cols))
	for k := range cols {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, col := range names {
		if slices.Contains(info.Ignore, col) {
			continue
		}
		var f *schema.Field
		if s != nil {
			f = s.LookUpField(col)
		}
		ov, nv := normalise(f, lookup(old, col)), normalise(f, lookup(cur, col))
		if slices.Contains(info.Redact, col) {
			if !equal(ov, nv) {
				out[col] = [2]any{redactIfSet(ov), redactIfSet(nv)}
			}
			continue
		}
		diffValue(out, col, ov, nv)
	}
	return out
}

func lookup(m map[string]any, k string) any {
	if m == nil {
		return nil
	}
	return m[k]
}

func redactIfSet(v any) any {
	if v == nil || v == "" {
		return v
	}
	return Redacted
}

func diffValue(out map[string]any, path string, ov, nv any) {
	om, oIsMap := ov.(map[string]any)
	nm, nIsMap := nv.(map[string]any)
	if oIsMap && nIsMap {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		for k := range keys {
			diffValue(out, path+"."+k, om[k], nm[k])
		}
		return
	}
	if !equal(ov, nv) {
		out[path] = [2]any{ov, nv}
	}
}

func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

var arrays = pgtype.NewMap()

// normalise turns a scanned column value into a JSON-friendly value: JSON documents into maps, PostgreSQL arrays into
// slices, times into RFC 3339 UTC strings, bytes into strings.
func normalise(f *schema.Field, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		if f != nil && f.DataType == schema.Bytes {
			return hex.EncodeToString(x) // binary (a digest): readable, and never a NUL inside jsonb
		}
		v = string(x)
	}
	str, isString := v.(string)
	if !isString || f == nil {
		return v
	}
	typ := strings.ToLower(string(f.DataType))
	switch {
	case strings.HasPrefix(typ, "json"):
		var doc any
		if json.Unmarshal([]byte(str), &doc) == nil {
			return doc
		}
	case strings.HasSuffix(typ, "[]"):
		var arr []string
		if arrays.SQLScanner(&arr).Scan(str) == nil {
			if arr == nil {
				arr = []string{}
			}
			return arr
		}
	}
	return str
}
