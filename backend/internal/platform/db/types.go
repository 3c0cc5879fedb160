package db

import (
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"
)

var typeMap = pgtype.NewMap()

// TextArray maps a PostgreSQL text[] column. It needs both directions: database/sql cannot scan an array into a slice,
// and GORM would expand a bare slice into a record "(a, b)".
type TextArray []string

// Scan implements sql.Scanner.
func (a *TextArray) Scan(src any) error {
	if src == nil {
		*a = TextArray{}
		return nil
	}
	var out []string
	if err := typeMap.SQLScanner(&out).Scan(src); err != nil {
		return fmt.Errorf("scan text[]: %w", err)
	}
	if out == nil {
		out = []string{}
	}
	*a = out
	return nil
}

// Value implements driver.Valuer with PostgreSQL's array literal.
func (a TextArray) Value() (driver.Value, error) {
	if a == nil {
		a = TextArray{}
	}
	b, err := typeMap.Encode(pgtype.TextArrayOID, pgtype.TextFormatCode, []string(a), nil)
	if err != nil {
		return nil, fmt.Errorf("encode text[]: %w", err)
	}
	return string(b), nil
}
