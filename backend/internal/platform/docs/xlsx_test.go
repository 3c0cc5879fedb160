package docs

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestXLSXTypedCells(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, XLSXOptions{Title: "Inventaire", Creator: "Müller & Søn", Created: fixedTime},
		Table{Name: "Assets", Columns: sampleColumns, Rows: RowsOf(sampleRows()...)}))
	f := openXLSX(t, buf.Bytes())
	assert.Equal(t, []string{"Assets"}, f.GetSheetList())
	const sh = "Assets"

	rows, err := f.GetRows(sh)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name", "Count", "Amount", "Bought", "Seen at", "Active"}, rows[0])
	assert.Equal(t, []string{"Café crème", "3", "-1234.5", "2026-03-01", "2026-03-01 08:30:00", "TRUE"}, rows[1])
	assert.Equal(t, "'=HYPERLINK(\"http://evil.example\")", rows[2][0], "text is neutralised")
	assert.Equal(t, "-12.5", rows[3][0], "a plain number in a text column stays as it is")

	typ := func(cell string) excelize.CellType {
		ct, err := f.GetCellType(sh, cell)
		require.NoError(t, err)
		return ct
	}
	assert.Equal(t, excelize.CellTypeInlineString, typ("A2"))
	assert.Equal(t, excelize.CellTypeInlineString, typ("A4"), "text column: \"-12.5\" is text")
	assert.Equal(t, excelize.CellTypeUnset, typ("B2"), "numbers have no t attribute") // excelize: unset = number
	assert.Equal(t, excelize.CellTypeBool, typ("F2"))
	assert.Equal(t, excelize.CellTypeUnset, typ("D2"), "dates are numbers with a date format")

	raw := func(cell string) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, "3", raw("B2"))
	assert.Equal(t, "-7", raw("B3"))
	assert.Equal(t, "-1234.5", raw("C2"))
	assert.Equal(t, "46082", raw("D2"), "2026-03-01 as an Excel serial date")
	assert.Equal(t, "46082.354166666664", raw("E2"), "08:30 UTC")
	assert.Equal(t, "46022", raw("D3"), "a date keeps its own calendar day")
	assert.Equal(t, "", raw("E3"), "zero time is an empty cell")
	assert.Equal(t, "0", raw("F3"))

	// No cell is a formula.
	for r := 1; r <= 5; r++ {
		for c := 1; c <= len(sampleColumns); c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			formula, err := f.GetCellFormula(sh, ref)
			require.NoError(t, err)
			assert.Empty(t, formula, ref)
		}
	}

	// Styled, frozen header and column widths.
	styleID, err := f.GetCellStyle(sh, "A1")
	require.NoError(t, err)
	style, err := f.GetStyle(styleID)
	require.NoError(t, err)
	assert.True(t, style.Font.Bold)
	assert.Equal(t, []string{houseNavyHex}, style.Fill.Color)
	panes, err := f.GetPanes(sh)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)
	assert.Equal(t, "A2", panes.TopLeftCell)
	w, err := f.GetColWidth(sh, "A")
	require.NoError(t, err)
	assert.Equal(t, 24.0, w)
	w, err = f.GetColWidth(sh, "E")
	require.NoError(t, err)
	assert.Equal(t, 20.0, w)

	props, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "Inventaire", props.Title)
	assert.Equal(t, "Müller & Søn", props.Creator)
	assert.Equal(t, "2026-11-23T10:00:00Z", props.Created)
}

func TestXLSXSheets(t *testing.T) {
	var buf bytes.Buffer
	x, err := NewXLSXWriter(&buf, XLSXOptions{})
	require.NoError(t, err)
	cols := []Column{{Title: "n", Type: Integer, Width: 9}}
	for _, name := range []string{"Risks: 2026/Q1 [draft]", "risks: 2026/q1 [draft]", "", "A very long sheet name that Excel would refuse"} {
		s, err := x.AddSheet(name, cols)
		require.NoError(t, err)
		require.NoError(t, s.WriteRow(Row{1}))
		assert.Equal(t, 1, s.Rows())
	}
	require.NoError(t, x.Close())
	f := openXLSX(t, buf.Bytes())
	assert.Equal(t, []string{"Risks_ 2026_Q1 _draft_", "risks_ 2026_q1 _draft_ (2)", "Sheet", "A very long sheet name that Exc"}, f.GetSheetList())
	w, err := f.GetColWidth("Sheet", "A")
	require.NoError(t, err)
	assert.Equal(t, 9.0, w)
}

func TestXLSXErrors(t *testing.T) {
	var buf bytes.Buffer
	x, err := NewXLSXWriter(&buf, XLSXOptions{})
	require.NoError(t, err)
	_, err = x.AddSheet("x", nil)
	assert.Error(t, err)
	s, err := x.AddSheet("x", []Column{{Title: "d", Type: Date}})
	require.NoError(t, err)
	assert.ErrorContains(t, s.WriteRow(Row{"2026-01-01"}), "cannot hold a string")
	assert.ErrorContains(t, s.WriteRow(Row{nil, nil}), "2 values for 1 columns")
	require.NoError(t, x.Abort())
	assert.Zero(t, buf.Len(), "an aborted workbook writes nothing")
}

// TestXLSXManyRows streams 100k rows, then counts the rows in the sheet's XML without loading it whole (reading it
// back cell by cell with excelize takes far longer than writing it).
func TestXLSXManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("100k rows")
	}
	const n = 100_000
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, XLSXOptions{}, Table{Name: "Big", Columns: benchColumns, Rows: benchRows(n)}))

	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	sheet, err := zr.Open("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	defer sheet.Close()
	rowTags, formulas, size := 0, 0, 0
	var tail []byte
	chunk := make([]byte, 1<<16)
	for {
		k, err := sheet.Read(chunk)
		// Count across chunk boundaries by keeping the last few bytes.
		window := append(tail, chunk[:k]...)
		rowTags += bytes.Count(window, []byte("<row ")) - bytes.Count(tail, []byte("<row "))
		formulas += bytes.Count(window, []byte("<f>")) - bytes.Count(tail, []byte("<f>"))
		size += k
		tail = append(tail[:0], window[max(0, len(window)-8):]...)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	assert.Equal(t, n+1, rowTags)
	assert.Zero(t, formulas, "no cell is a formula")
	assert.True(t, strings.HasSuffix("</worksheet>", string(tail)), "sheet XML is complete: ends with %q", tail)
	t.Logf("%d rows: %d bytes of sheet XML, %d bytes of XLSX", n, size, buf.Len())
}

// benchColumns and benchRows are a typical export: an asset register.
var benchColumns = []Column{
	{Title: "Tag"}, {Title: "Name"}, {Title: "Quantity", Type: Integer}, {Title: "Cost", Type: Number},
	{Title: "Purchased", Type: Date}, {Title: "Updated at", Type: DateTime}, {Title: "Active", Type: Bool},
	{Title: "Notes"},
}

func benchRows(n int) Rows {
	base := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	return func(yield func(Row, error) bool) {
		row := make(Row, len(benchColumns))
		for i := range n {
			row[0] = fmt.Sprintf("AST-%06d", i)
			row[1] = "Laptop Lenovo ThinkPad T14 — poste " + fmt.Sprint(i%500)
			row[2] = i % 17
			row[3] = float64(i%100000) / 4
			row[4] = base.AddDate(0, 0, -(i % 1000))
			row[5] = base.Add(time.Duration(i) * time.Minute)
			row[6] = i%3 != 0
			if i%10 == 0 {
				row[7] = "=cmd|' /C calc'!A0"
			} else {
				row[7] = "Garantie étendue jusqu'en 2028"
			}
			if !yield(row, nil) {
				return
			}
		}
	}
}
