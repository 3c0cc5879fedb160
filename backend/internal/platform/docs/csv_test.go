package docs

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleColumns and sampleRows cover every column type; shared by the CSV, XLSX and PDF tests.
var sampleColumns = []Column{
	{Title: "Name"},
	{Title: "Count", Type: Integer},
	{Title: "Amount", Type: Number},
	{Title: "Bought", Type: Date},
	{Title: "Seen at", Type: DateTime},
	{Title: "Active", Type: Bool},
}

func sampleRows() []Row {
	paris := time.FixedZone("CET", 3600)
	s := "pointer text"
	return []Row{
		{"Café crème", 3, "-1234.50", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 9, 30, 0, 0, paris), true},
		{"=HYPERLINK(\"http://evil.example\")", int64(-7), -12.5, time.Date(2025, 12, 31, 23, 0, 0, 0, paris), time.Time{}, false},
		{"-12.5", uint8(0), 0.25, nil, nil, nil},
		{&s, nil, nil},
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	return recs
}

func TestCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, Table{Columns: sampleColumns, Rows: RowsOf(sampleRows()...)}, CSVOptions{}))
	assert.Equal(t, [][]string{
		{"Name", "Count", "Amount", "Bought", "Seen at", "Active"},
		{"Café crème", "3", "-1234.50", "2026-03-01", "2026-03-01T08:30:00Z", "true"},
		{"'=HYPERLINK(\"http://evil.example\")", "-7", "-12.5", "2025-12-31", "", "false"},
		{"-12.5", "0", "0.25", "", "", ""},
		{"pointer text", "", "", "", "", ""},
	}, readCSV(t, buf.Bytes()))
}

func TestCSVNeutralisesFormulaCells(t *testing.T) {
	cells := []string{"=1+1", "+A1", "-1+1", "@SUM(A1)", "\tx", "\rx", " =1", "plain", "", "a=b", "-12.5"}
	cols := make([]Column, len(cells))
	row := make(Row, len(cells))
	for i, c := range cells {
		cols[i] = Column{Title: c} // headers are neutralised too
		row[i] = c
	}
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, Table{Columns: cols, Rows: RowsOf(row)}, CSVOptions{}))
	want := []string{"'=1+1", "'+A1", "'-1+1", "'@SUM(A1)", "'\tx", "'\rx", "' =1", "plain", "", "a=b", "-12.5"}
	recs := readCSV(t, buf.Bytes())
	require.Len(t, recs, 2)
	assert.Equal(t, want, recs[0])
	assert.Equal(t, want, recs[1])
}

func TestCSVOptions(t *testing.T) {
	var buf bytes.Buffer
	cols := []Column{{Title: "Société"}, {Title: "Montant", Type: Number}}
	require.NoError(t, WriteCSV(&buf, Table{Columns: cols, Rows: RowsOf(Row{"Müller; Søn", 1.5})},
		CSVOptions{BOM: true, Comma: ';', CRLF: true}))
	assert.Equal(t, "\uFEFFSociété;Montant\r\n\"Müller; Søn\";1.5\r\n", buf.String())

	buf.Reset()
	require.NoError(t, WriteCSV(&buf, Table{Columns: cols, Rows: RowsOf(Row{"x"})}, CSVOptions{NoHeader: true}))
	assert.Equal(t, "x,\n", buf.String(), "a short row is padded")
}

func TestCSVErrors(t *testing.T) {
	_, err := NewCSVWriter(io.Discard, nil, CSVOptions{})
	assert.Error(t, err, "no columns")

	cols := []Column{{Title: "n", Type: Integer}}
	assert.ErrorContains(t, WriteCSV(io.Discard, Table{Columns: cols, Rows: RowsOf(Row{1, 2})}, CSVOptions{}), "2 values for 1 columns")
	assert.ErrorContains(t, WriteCSV(io.Discard, Table{Columns: cols, Rows: RowsOf(Row{"abc"})}, CSVOptions{}), `column "n" of type integer cannot hold a string`)
	assert.ErrorContains(t, WriteCSV(io.Discard, Table{Columns: cols, Rows: RowsOf(Row{1.5})}, CSVOptions{}), "wants an integer")

	boom := errors.New("cursor lost")
	failing := func(yield func(Row, error) bool) {
		if yield(Row{1}, nil) {
			yield(nil, boom)
		}
	}
	assert.ErrorIs(t, WriteCSV(io.Discard, Table{Columns: cols, Rows: failing}, CSVOptions{}), boom)
}

// flushCounter records how many writes reach the destination.
type flushCounter struct {
	writes, bytes int
}

func (f *flushCounter) Write(p []byte) (int, error) {
	f.writes++
	f.bytes += len(p)
	return len(p), nil
}

func TestCSVStreams(t *testing.T) {
	// Rows reach the destination while they are written, not at Close: memory stays bounded.
	dst := &flushCounter{}
	w, err := NewCSVWriter(dst, []Column{{Title: "text"}}, CSVOptions{})
	require.NoError(t, err)
	line := strings.Repeat("x", 99)
	for range 10_000 {
		require.NoError(t, w.WriteRow(Row{line}))
	}
	assert.Greater(t, dst.writes, 100)
	assert.Greater(t, dst.bytes, 900_000)
	require.NoError(t, w.Close())
	assert.Equal(t, 10_000, w.Rows())
	assert.Equal(t, len("text\n")+10_000*100, dst.bytes)
}
