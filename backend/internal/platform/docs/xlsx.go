package docs

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX limits (Excel's).
const (
	xlsxMaxRows         = 1_048_576
	xlsxMaxSheetNameLen = 31
	xlsxDefaultSheet    = "Sheet1" // the sheet excelize.NewFile starts with
)

// Number formats of typed cells.
const (
	xlsxDateFormat     = "yyyy-mm-dd"
	xlsxDateTimeFormat = "yyyy-mm-dd hh:mm:ss"
)

// XLSXOptions sets the workbook's document properties.
type XLSXOptions struct {
	Title   string
	Creator string // e.g. the organisation name; default "OpsDeck"
	// Created is the workbook's creation time; zero means now. A fixed value makes the file reproducible.
	Created time.Time
	// TmpDir is where excelize spills sheets larger than its in-memory chunk (16 MiB); default os.TempDir().
	TmpDir string
}

// XLSXWriter builds a workbook sheet by sheet on excelize's StreamWriter, so rows are streamed to a temporary file
// rather than held in memory, and writes the workbook to w on Close. Sheets are written one after the other: AddSheet
// finishes the previous one.
type XLSXWriter struct {
	f       *excelize.File
	w       io.Writer
	cur     *XLSXSheet
	names   map[string]bool
	styles  xlsxStyles
	closed  bool
	nsheets int
}

type xlsxStyles struct {
	header, date, dateTime int
}

// XLSXSheet streams the rows of one sheet. Each cell is typed by its column: numbers are numbers, dates are date
// cells with an ISO format, booleans are booleans, and text is an inline string — never a formula — that also goes
// through NeutraliseFormula so it stays safe if the sheet is later saved as CSV or edited.
type XLSXSheet struct {
	x      *XLSXWriter
	sw     *excelize.StreamWriter
	cols   []Column
	row    int // last row written (1 = header)
	cells  []any
	boxes  []excelize.Cell
	closed bool
}

// NewXLSXWriter starts a workbook that Close writes to w.
func NewXLSXWriter(w io.Writer, opts XLSXOptions) (*XLSXWriter, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: opts.TmpDir})
	x := &XLSXWriter{f: f, w: w, names: map[string]bool{}}
	creator := opts.Creator
	if creator == "" {
		creator = "OpsDeck"
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	stamp := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: toText(opts.Title), Creator: toText(creator), LastModifiedBy: toText(creator), Created: stamp, Modified: stamp,
	}); err != nil {
		_ = f.Close()
		return nil, err
	}
	var err error
	if x.styles.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{houseNavyHex}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	}); err != nil {
		_ = f.Close()
		return nil, err
	}
	dateFmt, dateTimeFmt := xlsxDateFormat, xlsxDateTimeFormat
	if x.styles.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		_ = f.Close()
		return nil, err
	}
	if x.styles.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateTimeFmt}); err != nil {
		_ = f.Close()
		return nil, err
	}
	return x, nil
}

// AddSheet finishes the current sheet and starts a new one with a styled, frozen header row and column widths.
// The name is made valid for Excel (at most 31 characters, no []:*?/\) and unique in the workbook.
func (x *XLSXWriter) AddSheet(name string, cols []Column) (*XLSXSheet, error) {
	if x.closed {
		return nil, errors.New("docs: XLSX workbook already closed")
	}
	if len(cols) == 0 {
		return nil, errors.New("docs: an XLSX sheet needs at least one column")
	}
	if err := x.finishSheet(); err != nil {
		return nil, err
	}
	name = x.uniqueSheetName(name)
	if x.nsheets == 0 {
		if err := x.f.SetSheetName(xlsxDefaultSheet, name); err != nil {
			return nil, err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return nil, err
	}
	x.nsheets++
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s := &XLSXSheet{x: x, sw: sw, cols: cols, cells: make([]any, len(cols)), boxes: make([]excelize.Cell, len(cols))}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, xlsxColumnWidth(c)); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}
	for i, c := range cols {
		s.boxes[i] = excelize.Cell{StyleID: x.styles.header, Value: NeutraliseFormula(toText(c.Title))}
		s.cells[i] = &s.boxes[i]
	}
	if err := sw.SetRow("A1", s.cells, excelize.RowOpts{Height: 20}); err != nil {
		return nil, err
	}
	s.row = 1
	x.cur = s
	return s, nil
}

// WriteRow appends one row to the sheet.
func (s *XLSXSheet) WriteRow(row Row) error {
	if s.closed {
		return errors.New("docs: XLSX sheet already finished")
	}
	if len(row) > len(s.cols) {
		return fmt.Errorf("docs: row %d has %d values for %d columns", s.row, len(row), len(s.cols))
	}
	if s.row >= xlsxMaxRows {
		return fmt.Errorf("docs: sheet holds at most %d rows (Excel's limit)", xlsxMaxRows)
	}
	for i := range s.cols {
		col := &s.cols[i]
		s.cells[i] = nil
		if i >= len(row) {
			continue
		}
		v, err := normalise(col, row[i])
		if err != nil {
			return fmt.Errorf("row %d: %w", s.row, err)
		}
		switch v.kind {
		case kindNull:
		case kindText:
			s.cells[i] = NeutraliseFormula(v.s)
		case kindInt:
			s.cells[i] = v.i
		case kindUint:
			s.cells[i] = v.u
		case kindFloat, kindDecimal:
			s.cells[i] = v.f
		case kindBool:
			s.cells[i] = v.b
		case kindTime:
			t, style := v.t.UTC(), s.x.styles.dateTime
			if col.Type == Date {
				y, m, d := v.t.Date()
				t, style = time.Date(y, m, d, 0, 0, 0, 0, time.UTC), s.x.styles.date
			}
			s.boxes[i] = excelize.Cell{StyleID: style, Value: t}
			s.cells[i] = &s.boxes[i]
		}
	}
	s.row++
	return s.sw.SetRow("A"+strconv.Itoa(s.row), s.cells)
}

// Rows returns how many data rows were written.
func (s *XLSXSheet) Rows() int { return s.row - 1 }

func (x *XLSXWriter) finishSheet() error {
	s := x.cur
	if s == nil {
		return nil
	}
	x.cur = nil
	s.closed = true
	return s.sw.Flush()
}

// Close finishes the last sheet, writes the workbook to w and removes excelize's temporary files. It does not close
// w. A workbook without any sheet gets one empty sheet, as Excel requires.
func (x *XLSXWriter) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	err := x.finishSheet()
	if err == nil {
		_, err = x.f.WriteTo(x.w)
	}
	return errors.Join(err, x.f.Close())
}

// Abort drops the workbook without writing it, removing temporary files.
func (x *XLSXWriter) Abort() error {
	if x.closed {
		return nil
	}
	x.closed = true
	return x.f.Close()
}

// WriteXLSX writes tables as the sheets of one workbook.
func WriteXLSX(w io.Writer, opts XLSXOptions, tables ...Table) error {
	x, err := NewXLSXWriter(w, opts)
	if err != nil {
		return err
	}
	for _, t := range tables {
		s, err := x.AddSheet(t.Name, t.Columns)
		if err == nil {
			err = copyRows(s, t.Rows)
		}
		if err != nil {
			return errors.Join(err, x.Abort())
		}
	}
	return x.Close()
}

// xlsxColumnWidth is the column's width if set, else one fitting its title and type.
func xlsxColumnWidth(c Column) float64 {
	if c.Width > 0 {
		return min(c.Width, 255)
	}
	w := 0.0
	switch c.Type {
	case Text:
		w = 24
	case Integer:
		w = 10
	case Number:
		w = 14
	case Date:
		w = 12
	case DateTime:
		w = 20
	case Bool:
		w = 8
	}
	// Bold header text is a little wider than its character count.
	return min(max(w, float64(utf8.RuneCountInString(c.Title))*1.15+2), 60)
}

// uniqueSheetName makes name valid as an Excel sheet name and unique in the workbook.
func (x *XLSXWriter) uniqueSheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return '_'
		}
		if r < ' ' {
			return -1
		}
		return r
	}, toText(name))
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" {
		name = "Sheet"
	}
	base := strings.TrimRight(truncateRunes(name, xlsxMaxSheetNameLen), "'")
	candidate := base
	for n := 2; x.names[strings.ToLower(candidate)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		candidate = truncateRunes(base, xlsxMaxSheetNameLen-utf8.RuneCountInString(suffix)) + suffix
	}
	x.names[strings.ToLower(candidate)] = true
	return candidate
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
