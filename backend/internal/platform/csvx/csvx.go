// Package csvx writes CSV that is safe to open in a spreadsheet: a cell that a spreadsheet would evaluate as a formula
// (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote (STACK trap 13, OWASP "CSV
// injection"). Every CSV export of OpsDeck goes through it.
package csvx

import (
	"encoding/csv"
	"io"
)

// Writer is a formula-safe csv.Writer.
type Writer struct{ w *csv.Writer }

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, neutralising formula cells.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = Neutralise(cell)
	}
	return w.w.Write(safe)
}

// Flush writes buffered data and returns any error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Neutralise prefixes a cell a spreadsheet would treat as a formula.
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
