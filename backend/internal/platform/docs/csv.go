package docs

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// utf8BOM makes Excel open a CSV file as UTF-8 instead of the machine's legacy code page.
const utf8BOM = "\uFEFF"

// CSVOptions tunes a CSV export. The zero value writes comma-separated UTF-8 with LF line ends and a header row.
type CSVOptions struct {
	// BOM writes a UTF-8 byte order mark first, which Excel needs to read accented characters correctly.
	BOM bool
	// Comma is the field separator; zero means ','. Use ';' for spreadsheets in locales with a decimal comma.
	Comma rune
	// CRLF ends records with "\r\n" (RFC 4180). Note that encoding/csv then drops lone '\r' inside fields.
	CRLF bool
	// NoHeader leaves out the header row.
	NoHeader bool
}

// CSVWriter streams a table to CSV row by row: memory stays bounded whatever the number of rows (one record and the
// csv package's 4 KiB buffer). Text cells go through NeutraliseFormula; numbers, dates and booleans are formatted
// from their Go values (see ColumnType).
type CSVWriter struct {
	w    *csv.Writer
	cols []Column
	rec  []string
	rows int
}

// NewCSVWriter writes the optional BOM and the header row, and returns a writer for the rows.
func NewCSVWriter(w io.Writer, cols []Column, opts CSVOptions) (*CSVWriter, error) {
	if len(cols) == 0 {
		return nil, errors.New("docs: a CSV table needs at least one column")
	}
	if opts.BOM {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	if opts.Comma != 0 {
		cw.Comma = opts.Comma
	}
	cw.UseCRLF = opts.CRLF
	c := &CSVWriter{w: cw, cols: cols, rec: make([]string, len(cols))}
	if !opts.NoHeader {
		for i := range cols {
			c.rec[i] = NeutraliseFormula(toText(cols[i].Title))
		}
		if err := cw.Write(c.rec); err != nil {
			return nil, fmt.Errorf("docs: writing CSV header: %w", err)
		}
	}
	return c, nil
}

// WriteRow writes one record.
func (c *CSVWriter) WriteRow(row Row) error {
	if len(row) > len(c.cols) {
		return fmt.Errorf("docs: row %d has %d values for %d columns", c.rows+1, len(row), len(c.cols))
	}
	for i := range c.cols {
		col := &c.cols[i]
		if i >= len(row) {
			c.rec[i] = ""
			continue
		}
		v, err := normalise(col, row[i])
		if err != nil {
			return fmt.Errorf("row %d: %w", c.rows+1, err)
		}
		s := v.plainText(col)
		if v.kind == kindText {
			s = NeutraliseFormula(s)
		}
		c.rec[i] = s
	}
	c.rows++
	return c.w.Write(c.rec)
}

// Rows returns how many data rows were written.
func (c *CSVWriter) Rows() int { return c.rows }

// Close flushes buffered data; it does not close the underlying writer.
func (c *CSVWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// WriteCSV writes a whole table as CSV.
func WriteCSV(w io.Writer, t Table, opts CSVOptions) error {
	c, err := NewCSVWriter(w, t.Columns, opts)
	if err != nil {
		return err
	}
	if err := copyRows(c, t.Rows); err != nil {
		return err
	}
	return c.Close()
}
