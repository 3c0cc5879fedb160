// Package timeline is the history of any linkable entity (SPEC §1.5): its audit trail (creation, each change with its
// actor and diff, archive, restore) merged with the domain history modules register for their types (custody,
// maintenance, seats…), one keyset page at a time, with the ids in diffs replaced by what they name.
package timeline

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Entry is one line of an entity's history.
type Entry struct {
	ID        uuid.UUID `gorm:"type:uuid"`
	At        time.Time
	Kind      string
	ActorName string
	Summary   string
	Changes   json.RawMessage `gorm:"type:jsonb"`
}

// Kinds of entries: the audit actions become created … deleted; a source's own kinds must be among the others.
var auditKinds = map[string]string{"create": "created", "update": "changed", "archive": "archived", "restore": "restored", "delete": "deleted"}

// SourceKinds are the kinds a registered source may give its entries; anything else shows as "event".
var SourceKinds = map[string]bool{"check_out": true, "check_in": true, "maintenance": true, "disposal": true}

// internalColumns never show in a timeline: they are bookkeeping, not history.
var internalColumns = map[string]bool{"id": true, "organization_id": true, "created_at": true, "updated_at": true, "version": true}

// Service answers timelines of the types of a links registry.
type Service struct {
	db      *db.DB
	types   *links.Registry
	sources map[string][]string
	names   map[string]string // diff column → table
	labels  map[string]string // table → SQL label of a row
}

// New returns a timeline service; the ids of people (users) are named out of the box.
func New(d *db.DB, types *links.Registry) *Service {
	s := &Service{db: d, types: types, sources: map[string][]string{}, names: map[string]string{}, labels: map[string]string{}}
	s.Name("users", "name", "user_id", "holder_id", "assignee_id", "owner_user_id")
	return s
}

// AddSource adds domain history to a type's timeline: a SELECT of (id, at, kind, actor_name, summary, changes) whose
// rows belong to the entity given by each ? of the query (the entity's id). Sources are set up at start, before any
// request.
func (s *Service) AddSource(typ, query string) { s.sources[typ] = append(s.sources[typ], query) }

// Name says that the diff columns hold ids of rows of table, shown as the SQL expression label.
func (s *Service) Name(table, label string, columns ...string) {
	s.labels[table] = label
	for _, c := range columns {
		s.names[c] = table
	}
}

// Page returns a page of the entity's history, newest first unless sort is "at". It needs read on the type's module
// and answers 404 for an entity that does not exist (or is another organisation's).
func (s *Service) Page(ctx context.Context, typ string, id uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[Entry], error) {
	var res db.PageResult[Entry]
	t, err := s.types.Known("type", typ)
	if err != nil {
		return res, err
	}
	if !links.Allowed(ctx, t, reqctx.LevelRead) {
		return res, apperr.Forbidden("Reading this history needs read on " + t.Module + ".")
	}
	so, err := db.ParseSort(sortKey, "-at", map[string]string{"at": "t.at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.types.One(tx, t, id); err != nil {
			return err
		}
		parts := []string{`SELECT e.id, e.occurred_at AS at, e.action AS kind, e.actor_name, '' AS summary, e.changes
			FROM audit_events e WHERE e.entity_type = ? AND e.entity_id = ?`}
		args := []any{typ, id.String()}
		for _, q := range s.sources[typ] {
			parts = append(parts, q)
			for range strings.Count(q, "?") {
				args = append(args, id)
			}
		}
		union := tx.Table("("+strings.Join(parts, "\nUNION ALL\n")+") AS t", args...)
		res, err = db.Page(union, so, cursor, limit, func(e *Entry) (any, uuid.UUID) {
			return e.At.UTC().Format(time.RFC3339Nano), e.ID
		})
		if err != nil {
			return err
		}
		if err := s.readable(tx, res.Items); err != nil {
			return err
		}
		for i := range res.Items {
			e := &res.Items[i]
			if k, ok := auditKinds[e.Kind]; ok {
				e.Kind = k
				e.Summary = summarise(e.Kind, e.Changes)
			} else if !SourceKinds[e.Kind] {
				if e.Summary == "" && e.Kind != "" { // another audited action: "assign_seat" reads "Assign seat"
					e.Summary = strings.ToUpper(e.Kind[:1]) + strings.ReplaceAll(e.Kind[1:], "_", " ")
				}
				e.Kind = "event"
			}
		}
		return nil
	})
	return res, err
}

// summarise names what changed ("Changed status, location_id").
func summarise(kind string, changes json.RawMessage) string {
	switch kind {
	case "created":
		return "Created"
	case "archived":
		return "Archived"
	case "restored":
		return "Restored"
	case "deleted":
		return "Deleted"
	}
	var m map[string]any
	_ = json.Unmarshal(changes, &m)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "Changed"
	}
	return "Changed " + strings.Join(keys, ", ")
}

// readable drops bookkeeping columns from the entries' diffs and replaces the ids of named columns by their names
// (one query per page).
func (s *Service) readable(tx *gorm.DB, entries []Entry) error {
	diffs := make([]map[string]any, len(entries))
	ids := map[string]map[string]bool{} // table → ids
	for i, e := range entries {
		if len(e.Changes) == 0 || json.Unmarshal(e.Changes, &diffs[i]) != nil {
			continue
		}
		for k, v := range diffs[i] {
			if internalColumns[k] {
				delete(diffs[i], k)
				continue
			}
			table, ok := s.names[k]
			if !ok {
				continue
			}
			for _, x := range pairOf(v) {
				if id, ok := x.(string); ok {
					if _, err := uuid.Parse(id); err == nil {
						if ids[table] == nil {
							ids[table] = map[string]bool{}
						}
						ids[table][id] = true
					}
				}
			}
		}
	}
	names := map[string]string{}
	if len(ids) > 0 {
		tables := make([]string, 0, len(ids))
		for t := range ids {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		parts, args := make([]string, 0, len(tables)), map[string]any{}
		for i, t := range tables {
			list := make([]string, 0, len(ids[t]))
			for id := range ids[t] {
				list = append(list, id)
			}
			p := "ids" + string(rune('a'+i))
			args[p] = list
			parts = append(parts, `SELECT id::text, `+s.labels[t]+` AS name FROM `+t+` WHERE id::text IN @`+p)
		}
		var rows []struct{ ID, Name string }
		if err := tx.Raw(strings.Join(parts, " UNION ALL "), args).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			names[r.ID] = r.Name
		}
	}
	for i := range entries {
		if diffs[i] == nil {
			continue
		}
		for k, v := range diffs[i] {
			if _, ok := s.names[k]; !ok {
				continue
			}
			pair := pairOf(v)
			for j, x := range pair {
				if id, ok := x.(string); ok && names[id] != "" {
					pair[j] = names[id]
				}
			}
			if len(pair) == 1 {
				diffs[i][k] = pair[0]
			}
		}
		entries[i].Changes, _ = json.Marshal(diffs[i])
	}
	return nil
}

// pairOf reads a diff value: [before, after] (a creation's value is the value alone).
func pairOf(v any) []any {
	if p, ok := v.([]any); ok && len(p) == 2 {
		return p
	}
	return []any{v}
}
