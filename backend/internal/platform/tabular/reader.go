// Package tabular is the import framework of SPEC §1.8: CSV and XLSX files read row by row, checked cell by cell
// (encoding, formula injection), and applied through an entity's Importer in one transaction — a dry run or any row
// error writes nothing — with a report of per-row errors.
package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Formats of files.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Reader yields a file's rows after its header.
type Reader interface {
	Header() []string
	// Next returns the next row and its line (1-based, the header is line 1), or io.EOF.
	Next() ([]string, int, error)
	Close() error
}

// ErrFile is a file that cannot be read at all (not CSV/XLSX, no header).
var ErrFile = errors.New("tabular: the file cannot be read")

// Open reads a CSV or XLSX file.
func Open(format string, r io.Reader, size int64) (Reader, error) {
	switch format {
	case CSV:
		return openCSV(r)
	case XLSX:
		return openXLSX(r)
	}
	return nil, fmt.Errorf("%w: unknown format %q", ErrFile, format)
}

type csvReader struct {
	r      *csv.Reader
	header []string
	line   int
}

// openCSV reads comma- or semicolon-separated UTF-8 (a byte order mark is skipped; the separator is the one the
// header uses).
func openCSV(r io.Reader) (Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	first, _ := br.Peek(4096)
	line, _, _ := bytes.Cut(first, []byte("\n"))
	c := csv.NewReader(br)
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		c.Comma = ';'
	}
	c.FieldsPerRecord = -1
	c.ReuseRecord = false
	h, err := c.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: no header row (%v)", ErrFile, err)
	}
	return &csvReader{r: c, header: cleanHeader(h), line: 1}, nil
}

func cleanHeader(h []string) []string {
	out := make([]string, len(h))
	for i, c := range h {
		out[i] = strings.ToLower(strings.TrimSpace(c))
	}
	return out
}

func (c *csvReader) Header() []string { return c.header }

func (c *csvReader) Next() ([]string, int, error) {
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// A malformed record (bad quoting): report it on its line and go on with the next.
				return nil, pe.StartLine, fmt.Errorf("malformed CSV: %v", pe.Err)
			}
			return nil, c.line, err
		}
		line, _ := c.r.FieldPos(0) // only valid after a successful Read
		c.line = line
		if blank(rec) {
			continue
		}
		return rec, line, nil
	}
}

func (c *csvReader) Close() error { return nil }

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

type xlsxReader struct {
	f      *excelize.File
	rows   *excelize.Rows
	header []string
	line   int
}

// openXLSX reads the first sheet of a workbook, streaming its rows.
func openXLSX(r io.Reader) (Reader, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: not an XLSX workbook (%v)", ErrFile, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, fmt.Errorf("%w: the workbook has no sheet", ErrFile)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%w: %v", ErrFile, err)
	}
	x := &xlsxReader{f: f, rows: rows}
	if !rows.Next() {
		_ = x.Close()
		return nil, fmt.Errorf("%w: no header row", ErrFile)
	}
	h, err := rows.Columns()
	if err != nil {
		_ = x.Close()
		return nil, fmt.Errorf("%w: %v", ErrFile, err)
	}
	x.header, x.line = cleanHeader(h), 1
	return x, nil
}

func (x *xlsxReader) Header() []string { return x.header }

func (x *xlsxReader) Next() ([]string, int, error) {
	for x.rows.Next() {
		x.line++
		rec, err := x.rows.Columns(excelize.Options{RawCellValue: false})
		if err != nil {
			return nil, x.line, err
		}
		if blank(rec) {
			continue
		}
		return rec, x.line, nil
	}
	if err := x.rows.Error(); err != nil {
		return nil, x.line, err
	}
	return nil, 0, io.EOF
}

func (x *xlsxReader) Close() error {
	_ = x.rows.Close()
	return x.f.Close()
}
