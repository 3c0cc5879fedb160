package docs

import (
	"io"
	"testing"
)

// Benchmarks of the streaming writers on 100k rows of a typical export (benchColumns: 8 columns of every type).
// Run: go test -run '^$' -bench . -benchmem ./internal/platform/docs/

const benchRowCount = 100_000

func BenchmarkCSV100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteCSV(io.Discard, Table{Columns: benchColumns, Rows: benchRows(benchRowCount)}, CSVOptions{BOM: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRowCount*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkXLSX100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, XLSXOptions{}, Table{Name: "Assets", Columns: benchColumns, Rows: benchRows(benchRowCount)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRowCount*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRowSource measures the row generator alone, to subtract from the writers' figures.
func BenchmarkRowSource100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for range benchRows(benchRowCount) {
		}
	}
}

func BenchmarkPDF300Rows(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := assetReport(300).WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNeutraliseFormula(b *testing.B) {
	cells := []string{"Laptop Lenovo", "=cmd|' /C calc'!A0", "-12.5", " leading space", "Équipement", ""}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			_ = NeutraliseFormula(c)
		}
	}
}
