package docs

import (
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ColumnType says how the values of a column are written.
type ColumnType int

const (
	// Text is written as text in every format, after formula neutralisation. Accepts any value: strings, []byte,
	// fmt.Stringer, and anything else through fmt.Sprint.
	Text ColumnType = iota
	// Integer accepts Go integer types (and integral floats).
	Integer
	// Number accepts Go integer and float types, json.Number, and decimal strings such as "-1234.50" (money amounts
	// are decimal strings in OpsDeck). CSV keeps a decimal string exactly as given; XLSX stores a float64.
	Number
	// Date accepts time.Time and writes its calendar date (in the time's own location): "2006-01-02" in CSV and PDF,
	// a date cell in XLSX.
	Date
	// DateTime accepts time.Time and writes the instant in UTC: RFC 3339 in CSV, "2006-01-02 15:04 UTC" in PDF, a
	// date-time cell (UTC) in XLSX.
	DateTime
	// Bool accepts bool: "true"/"false" in CSV, a boolean cell in XLSX, "Yes"/"No" in PDF.
	Bool
)

func (t ColumnType) String() string {
	switch t {
	case Text:
		return "text"
	case Integer:
		return "integer"
	case Number:
		return "number"
	case Date:
		return "date"
	case DateTime:
		return "datetime"
	case Bool:
		return "bool"
	}
	return "ColumnType(" + strconv.Itoa(int(t)) + ")"
}

// numeric reports whether values of the column are right-aligned numbers.
func (t ColumnType) numeric() bool { return t == Integer || t == Number }

// Column describes one column of a Table.
type Column struct {
	// Title is the header cell.
	Title string
	// Type decides how values are written; the zero value is Text.
	Type ColumnType
	// Width is optional. In XLSX it is the column width in characters; in a PDF table it is the column's relative
	// weight (columns without a width are sized from their content). Zero means automatic.
	Width float64
}

// Row is one row of values, in column order. A nil value (or nil pointer) is an empty cell. A row shorter than the
// columns is padded with empty cells; a longer one is an error.
type Row []any

// Rows yields a table's rows one by one. A source that fails yields (nil, err) and stops; writers stop at the first
// error and return it. A database cursor fits naturally:
//
//	rows := func(yield func(docs.Row, error) bool) {
//		for cur.Next() { if !yield(docs.Row{...}, nil) { return } }
//		if err := cur.Err(); err != nil { yield(nil, err) }
//	}
type Rows = iter.Seq2[Row, error]

// RowsOf returns a Rows over rows held in memory.
func RowsOf(rows ...Row) Rows {
	return func(yield func(Row, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Table is data that can go to CSV, XLSX or a PDF table alike.
type Table struct {
	// Name names the XLSX sheet (and is a handy file base name); PDFs do not print it.
	Name    string
	Columns []Column
	Rows    Rows
}

// RowWriter is implemented by the streaming table writers (CSVWriter, XLSXSheet).
type RowWriter interface {
	WriteRow(Row) error
}

// copyRows sends every row of src to dst.
func copyRows(dst RowWriter, src Rows) error {
	if src == nil {
		return nil
	}
	for row, err := range src {
		if err != nil {
			return fmt.Errorf("docs: reading rows: %w", err)
		}
		if err := dst.WriteRow(row); err != nil {
			return err
		}
	}
	return nil
}

// valueKind is the normalised kind of one cell.
type valueKind uint8

const (
	kindNull valueKind = iota
	kindText
	kindInt
	kindUint
	kindFloat
	kindDecimal // a validated decimal string, kept as text in CSV to stay exact
	kindTime
	kindBool
)

// value is one cell normalised for its column type, shared by every writer.
type value struct {
	kind valueKind
	s    string
	i    int64
	u    uint64
	f    float64
	t    time.Time
	b    bool
}

// normalise checks v against the column type and converts it.
func normalise(col *Column, v any) (value, error) {
	v = deref(v)
	if v == nil {
		return value{}, nil
	}
	switch col.Type {
	case Text:
		return value{kind: kindText, s: toText(v)}, nil
	case Integer, Number:
		return normaliseNumber(col, v)
	case Date, DateTime:
		t, ok := v.(time.Time)
		if !ok {
			return value{}, typeError(col, v)
		}
		if t.IsZero() {
			return value{}, nil
		}
		return value{kind: kindTime, t: t}, nil
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return value{}, typeError(col, v)
		}
		return value{kind: kindBool, b: b}, nil
	}
	return value{}, fmt.Errorf("docs: column %q has unknown type %v", col.Title, col.Type)
}

func normaliseNumber(col *Column, v any) (value, error) {
	var out value
	switch n := v.(type) {
	case int:
		out = value{kind: kindInt, i: int64(n)}
	case int8:
		out = value{kind: kindInt, i: int64(n)}
	case int16:
		out = value{kind: kindInt, i: int64(n)}
	case int32:
		out = value{kind: kindInt, i: int64(n)}
	case int64:
		out = value{kind: kindInt, i: n}
	case uint:
		out = value{kind: kindUint, u: uint64(n)}
	case uint8:
		out = value{kind: kindUint, u: uint64(n)}
	case uint16:
		out = value{kind: kindUint, u: uint64(n)}
	case uint32:
		out = value{kind: kindUint, u: uint64(n)}
	case uint64:
		out = value{kind: kindUint, u: n}
	case float32:
		out = value{kind: kindFloat, f: float64(n)}
	case float64:
		out = value{kind: kindFloat, f: n}
	case json.Number:
		return decimalValue(col, string(n), v)
	case string:
		return decimalValue(col, n, v)
	default:
		return value{}, typeError(col, v)
	}
	if out.kind == kindFloat {
		// Spreadsheets have no NaN or infinity: such a value is written as an empty cell.
		if math.IsNaN(out.f) || math.IsInf(out.f, 0) {
			return value{}, nil
		}
		if col.Type == Integer {
			if out.f != math.Trunc(out.f) || math.Abs(out.f) > 1<<53 {
				return value{}, fmt.Errorf("docs: column %q wants an integer, got %v", col.Title, out.f)
			}
			out = value{kind: kindInt, i: int64(out.f)}
		}
	}
	return out, nil
}

func decimalValue(col *Column, s string, orig any) (value, error) {
	if !isPlainNumber(s) {
		return value{}, typeError(col, orig)
	}
	if col.Type == Integer && strings.Contains(s, ".") {
		return value{}, fmt.Errorf("docs: column %q wants an integer, got %q", col.Title, s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil { // only out of range can fail here
		return value{}, fmt.Errorf("docs: column %q: %w", col.Title, err)
	}
	return value{kind: kindDecimal, s: s, f: f}, nil
}

func typeError(col *Column, v any) error {
	return fmt.Errorf("docs: column %q of type %v cannot hold a %T", col.Title, col.Type, v)
}

// deref follows pointers so *string, *time.Time and the like work; a nil pointer is nil. A pointer whose String method
// has a pointer receiver is kept, so it still prints through fmt.Stringer.
func deref(v any) any {
	for v != nil {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		elem := rv.Elem().Interface()
		if _, ok := v.(fmt.Stringer); ok {
			if _, ok := elem.(fmt.Stringer); !ok {
				return v
			}
		}
		v = elem
	}
	return v
}

// toText renders any value as text, always valid UTF-8.
func toText(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case fmt.Stringer:
		s = x.String()
	case error:
		s = x.Error()
	case time.Time:
		s = x.UTC().Format(time.RFC3339)
	case bool:
		s = strconv.FormatBool(x)
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		s = fmt.Sprint(x)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// plainText is the formatting shared by CSV and PDF: numbers in full, dates ISO 8601. Text is returned as is (the
// caller neutralises or sanitises it).
func (v *value) plainText(col *Column) string {
	switch v.kind {
	case kindText, kindDecimal:
		return v.s
	case kindInt:
		return strconv.FormatInt(v.i, 10)
	case kindUint:
		return strconv.FormatUint(v.u, 10)
	case kindFloat:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case kindTime:
		if col.Type == Date {
			return v.t.Format(time.DateOnly)
		}
		return v.t.UTC().Format(time.RFC3339)
	case kindBool:
		return strconv.FormatBool(v.b)
	}
	return ""
}
