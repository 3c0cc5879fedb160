package docs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/phpdave11/gofpdf"
)

// ReportMeta describes a report; it fills the cover page, the running header and footer and the PDF's properties.
type ReportMeta struct {
	Title        string
	Subtitle     string
	Organisation string
	// Date is the report's date, printed on the cover as YYYY-MM-DD; it is also the PDF's creation date, so the same
	// report renders to the same bytes. Zero means today.
	Date time.Time
	// Classification is an optional label such as "Confidential", printed on the cover and in every page header.
	Classification string
	// PageLabel formats the footer's page number; nil gives "Page n of m".
	PageLabel func(page, total int) string
	// Labels of the cover's key–value block; empty ones default to English.
	OrganisationLabel, DateLabel, ClassificationLabel string
	// NoDataText is printed in a table without rows; default "No data."
	NoDataText string
}

// KeyValue is one line of a key–value block.
type KeyValue struct {
	Key, Value string
}

// Report builds a PDF report in the house style: a cover page, then headings, paragraphs, key–value blocks and
// tables, with the document title (and classification) in every page header and "Page n of m" in every footer.
// Methods return the report so calls chain; WriteTo renders it.
//
// Tables repeat their header row on every page they span; a row that does not fit in the space left moves to the
// next page, and a row taller than a whole page is split across pages line by line.
type Report struct {
	meta      ReportMeta
	landscape bool
	blocks    []block
	prepared  bool
}

// NewReport starts a report.
func NewReport(meta ReportMeta) *Report {
	if meta.Date.IsZero() {
		meta.Date = time.Now()
	}
	if meta.PageLabel == nil {
		meta.PageLabel = func(page, total int) string { return fmt.Sprintf("Page %d of %d", page, total) }
	}
	if meta.OrganisationLabel == "" {
		meta.OrganisationLabel = "Organisation"
	}
	if meta.DateLabel == "" {
		meta.DateLabel = "Date"
	}
	if meta.ClassificationLabel == "" {
		meta.ClassificationLabel = "Classification"
	}
	if meta.NoDataText == "" {
		meta.NoDataText = "No data."
	}
	return &Report{meta: meta}
}

type blockKind uint8

const (
	blockH1 blockKind = iota
	blockH2
	blockParagraph
	blockKeyValues
	blockTable
	blockPageBreak
)

type block struct {
	kind  blockKind
	text  string
	pairs []KeyValue
	table *Table
	data  *pdfTable // the table's rows, read once at the first WriteTo
}

// Landscape lays the pages out in landscape (for wide tables).
func (r *Report) Landscape() *Report { r.landscape = true; return r }

// H1 adds a top-level heading (also a top-level bookmark in the PDF outline).
func (r *Report) H1(text string) *Report { return r.add(block{kind: blockH1, text: text}) }

// H2 adds a second-level heading.
func (r *Report) H2(text string) *Report { return r.add(block{kind: blockH2, text: text}) }

// Paragraph adds body text; "\n" starts a new line and a blank line separates paragraphs within the text.
func (r *Report) Paragraph(text string) *Report {
	return r.add(block{kind: blockParagraph, text: text})
}

// KeyValues adds a two-column block of labelled values.
func (r *Report) KeyValues(pairs ...KeyValue) *Report {
	return r.add(block{kind: blockKeyValues, pairs: append([]KeyValue(nil), pairs...)})
}

// Table adds a table. Its rows are read once, when the report is first written.
func (r *Report) Table(t Table) *Report { return r.add(block{kind: blockTable, table: &t}) }

// PageBreak starts a new page.
func (r *Report) PageBreak() *Report { return r.add(block{kind: blockPageBreak}) }

func (r *Report) add(b block) *Report {
	r.blocks = append(r.blocks, b)
	return r
}

// WriteTo renders the report as PDF into w. It lays the document out twice: once to count the pages, once to write
// it with "Page n of m" filled in.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	if err := r.prepare(); err != nil {
		return 0, err
	}
	pdf, err := r.render(0)
	if err != nil {
		return 0, err
	}
	total := pdf.PageCount()
	if pdf, err = r.render(total); err != nil {
		return 0, err
	}
	if pdf.PageCount() != total {
		return 0, fmt.Errorf("docs: PDF layout is not stable (%d then %d pages)", total, pdf.PageCount())
	}
	cw := &countingWriter{w: w}
	if err := pdf.Output(cw); err != nil {
		return cw.n, fmt.Errorf("docs: writing PDF: %w", err)
	}
	return cw.n, nil
}

// prepare reads the rows of every table once and formats them as text.
func (r *Report) prepare() error {
	if r.prepared {
		return nil
	}
	for i := range r.blocks {
		b := &r.blocks[i]
		if b.kind != blockTable {
			continue
		}
		t, err := preparePDFTable(b.table)
		if err != nil {
			return err
		}
		b.data = t
	}
	r.prepared = true
	return nil
}

// render lays the report out; total is the page count for the footers (0 in the counting pass).
func (r *Report) render(total int) (pdf *gofpdf.Fpdf, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("docs: rendering PDF: %v", p)
		}
	}()
	orientation := "P"
	if r.landscape {
		orientation = "L"
	}
	pdf = gofpdf.New(orientation, "mm", "A4", "")
	// gofpdf writes into the font bytes it is given (it pads tables in place while subsetting): give every document
	// its own copy, so parallel renders do not race and the embedded originals stay intact.
	pdf.AddUTF8FontFromBytes(fontFamily, "", bytes.Clone(fontRegular))
	pdf.AddUTF8FontFromBytes(fontFamily, "B", bytes.Clone(fontBold))
	pdf.SetCatalogSort(true) // fonts in a fixed order: the same report gives the same bytes
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetTitle(pdfText(r.meta.Title), true)
	pdf.SetSubject(pdfText(r.meta.Subtitle), true)
	pdf.SetAuthor(pdfText(r.meta.Organisation), true)
	pdf.SetCreator("OpsDeck", true)
	pdf.SetProducer("OpsDeck documents (gofpdf)", true)
	pdf.SetCreationDate(r.meta.Date)
	pdf.SetModificationDate(r.meta.Date)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("docs: loading fonts: %w", err)
	}

	rd := &renderer{pdf: pdf, meta: &r.meta, total: total}
	rd.pageW, rd.pageH = pdf.GetPageSize()
	rd.contentW = rd.pageW - 2*marginX
	rd.bottom = rd.pageH - marginBottom
	rd.cover()
	rd.newPage()
	for i := range r.blocks {
		b := &r.blocks[i]
		switch b.kind {
		case blockH1:
			rd.heading(b.text, 1)
		case blockH2:
			rd.heading(b.text, 2)
		case blockParagraph:
			rd.paragraph(b.text)
		case blockKeyValues:
			rd.keyValues(b.pairs)
		case blockTable:
			rd.table(b.data)
		case blockPageBreak:
			if !rd.atPageTop() {
				rd.newPage()
			}
		}
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("docs: rendering PDF: %w", err)
		}
	}
	return pdf, pdf.Error()
}

// pdfTable is a table's content formatted for the PDF.
type pdfTable struct {
	cols   []Column
	header []string
	rows   [][]string
}

func preparePDFTable(t *Table) (*pdfTable, error) {
	if len(t.Columns) == 0 {
		return nil, errors.New("docs: a PDF table needs at least one column")
	}
	pt := &pdfTable{cols: t.Columns, header: make([]string, len(t.Columns))}
	for i, c := range t.Columns {
		pt.header[i] = pdfText(c.Title)
	}
	if t.Rows == nil {
		return pt, nil
	}
	for row, err := range t.Rows {
		if err != nil {
			return nil, fmt.Errorf("docs: reading rows: %w", err)
		}
		if len(row) > len(t.Columns) {
			return nil, fmt.Errorf("docs: row %d has %d values for %d columns", len(pt.rows)+1, len(row), len(t.Columns))
		}
		cells := make([]string, len(t.Columns))
		for i := range t.Columns {
			if i >= len(row) {
				continue
			}
			col := &t.Columns[i]
			v, err := normalise(col, row[i])
			if err != nil {
				return nil, fmt.Errorf("row %d: %w", len(pt.rows)+1, err)
			}
			switch {
			case v.kind == kindBool && v.b:
				cells[i] = "Yes"
			case v.kind == kindBool:
				cells[i] = "No"
			case v.kind == kindTime && col.Type == DateTime:
				cells[i] = v.t.UTC().Format("2006-01-02 15:04") + " UTC"
			default:
				cells[i] = pdfText(v.plainText(col))
			}
		}
		pt.rows = append(pt.rows, cells)
	}
	return pt, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// formatDate prints a report date.
func formatDate(t time.Time) string { return t.Format(time.DateOnly) }
