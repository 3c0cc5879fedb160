package db

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// Sort is a validated sort order: one allow-listed column, ascending or descending, ties broken by id.
type Sort struct {
	Name   string // the API spelling, e.g. "-created_at"
	Column string // a column or an expression (then IDColumn names the id column)
	Desc   bool
	// IDColumn breaks ties; default: id qualified like Column ("t.name" → "t.id").
	IDColumn string
}

func (s Sort) idCol() string {
	if s.IDColumn != "" {
		return s.IDColumn
	}
	return idColumn(s.Column)
}

// ParseSort maps the `sort` parameter to a column. allowed maps API names (without "-") to SQL columns; only those are
// ever put into SQL.
func ParseSort(param, def string, allowed map[string]string) (Sort, error) {
	if param == "" {
		param = def
	}
	name := strings.TrimPrefix(param, "-")
	col, ok := allowed[name]
	if !ok {
		return Sort{}, apperr.Invalid("unknown sort key", apperr.FieldError{Field: "sort", Code: "invalid",
			Message: fmt.Sprintf("cannot sort by %q", param)})
	}
	return Sort{Name: param, Column: col, Desc: strings.HasPrefix(param, "-")}, nil
}

type cursor struct {
	Sort  string    `json:"s"`
	Value any       `json:"v"`
	ID    uuid.UUID `json:"id"`
}

// MaxLimit caps every list.
const MaxLimit = 200

// PageResult is one page of a list.
type PageResult[T any] struct {
	Items      []T
	NextCursor *string
	Total      int64
}

// Page reads one keyset page of q (already filtered) in sort order. key returns the sort value and id of a row, used
// to build the next cursor. The total counts every row matching q's filters.
func Page[T any](q *gorm.DB, s Sort, rawCursor string, limit int, key func(*T) (any, uuid.UUID)) (PageResult[T], error) {
	return PageCounted(q, q, s, rawCursor, limit, key)
}

// PageCounted is Page with a separate query for the total: the same filters without what only the page needs (joins
// for display names, computed columns), so counting a large list stays an index scan.
func PageCounted[T any](count, q *gorm.DB, s Sort, rawCursor string, limit int, key func(*T) (any, uuid.UUID)) (PageResult[T], error) {
	var res PageResult[T]
	if limit <= 0 || limit > MaxLimit {
		limit = MaxLimit
	}
	if err := count.Session(&gorm.Session{}).Count(&res.Total).Error; err != nil {
		return res, err
	}
	page := q.Session(&gorm.Session{})
	if rawCursor != "" {
		c, err := decodeCursor(rawCursor)
		if err != nil || c.Sort != s.Name {
			return res, apperr.Invalid("invalid cursor", apperr.FieldError{Field: "cursor", Code: "invalid",
				Message: "the cursor is malformed or belongs to another sort order; start again from the first page"})
		}
		op := ">"
		if s.Desc {
			op = "<"
		}
		page = page.Where(fmt.Sprintf("(%s, %s) %s (?, ?)", s.Column, s.idCol(), op), c.Value, c.ID)
	}
	dir := "ASC"
	if s.Desc {
		dir = "DESC"
	}
	page = page.Order(fmt.Sprintf("%s %s, %s %s", s.Column, dir, s.idCol(), dir)).Limit(limit + 1)
	if err := page.Find(&res.Items).Error; err != nil {
		return res, err
	}
	if len(res.Items) > limit {
		res.Items = res.Items[:limit]
		v, id := key(&res.Items[limit-1])
		next := encodeCursor(cursor{Sort: s.Name, Value: v, ID: id})
		res.NextCursor = &next
	}
	return res, nil
}

// idColumn qualifies id like the sort column is qualified ("t.name" → "t.id").
func idColumn(sortCol string) string {
	if i := strings.LastIndex(sortCol, "."); i >= 0 {
		return sortCol[:i+1] + "id"
	}
	return "id"
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c) // cursor holds only JSON-safe values
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, err
	}
	if c.ID == uuid.Nil || c.Value == nil {
		return c, fmt.Errorf("incomplete cursor")
	}
	return c, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Contains is the LIKE/ILIKE pattern matching text anywhere, with the pattern's own wildcards escaped.
func Contains(text string) string { return "%" + likeEscaper.Replace(text) + "%" }
