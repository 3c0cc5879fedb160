package docs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// poppler runs a poppler-utils tool (pdftotext, pdfinfo). .ci/run installs them; a machine without them fails the
// PDF tests rather than skipping them.
func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s is missing: install poppler-utils (apt-get install poppler-utils; .ci/run does)", tool)
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	require.NoError(t, err, "%s %v: %s", tool, args, out)
	return string(out)
}

// renderedPDF writes the report to a temporary file and returns its path and page count.
func renderedPDF(t *testing.T, r *Report) (string, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := r.WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n)
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	path := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	info := poppler(t, "pdfinfo", path)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	require.NotNil(t, m, info)
	pages, _ := strconv.Atoi(m[1])
	return path, pages
}

func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return poppler(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", p, "-l", p, path, "-")
}

const accented = "Équipement café crème brûlée garçon über Ørsted Straße œuvre naïve Ærø façade señor"

func assetReport(rows int) *Report {
	r := NewReport(ReportMeta{
		Title:          "Registre des actifs — Société Générale",
		Subtitle:       "Exercice 2026, état au 23 novembre",
		Organisation:   "Müller & Søn GmbH",
		Date:           fixedTime,
		Classification: "Confidential",
	})
	r.H1("Résumé").
		Paragraph(accented+".\n\nLe registre ci-dessous liste chaque équipement.").
		KeyValues(KeyValue{"Propriétaire", "Jürgen Groß"}, KeyValue{"Périmètre", "Tous les sites"})
	r.H2("Inventaire")
	assets := make([]Row, rows)
	for i := range assets {
		assets[i] = Row{fmt.Sprintf("AST-%04d", i+1), fmt.Sprintf("Équipement n°%d — poste de garçon", i+1),
			i % 7, fmt.Sprintf("%d.50", i*10), fixedTime.AddDate(0, 0, -i), i%2 == 0}
	}
	r.Table(Table{Columns: []Column{
		{Title: "Tag"}, {Title: "Description"}, {Title: "Qté", Type: Integer}, {Title: "Coût (EUR)", Type: Number},
		{Title: "Acheté le", Type: Date}, {Title: "Actif", Type: Bool},
	}, Rows: RowsOf(assets...)})
	r.H1("Conclusion").Paragraph("Fin du rapport.")
	return r
}

func TestPDFReport(t *testing.T) {
	path, pages := renderedPDF(t, assetReport(300))
	require.GreaterOrEqual(t, pages, 5, "300 rows span several pages")

	info := poppler(t, "pdfinfo", path)
	assert.Contains(t, info, "Registre des actifs — Société Générale")
	assert.Contains(t, info, "Page size:       595.28 x 841.89 pts (A4)")

	seen := map[string]int{}
	tagRE := regexp.MustCompile(`AST-\d{4}`)
	for p := 1; p <= pages; p++ {
		text := pageText(t, path, p)
		assert.Contains(t, text, fmt.Sprintf("Page %d of %d", p, pages), "footer of page %d", p)
		assert.Contains(t, text, "Müller & Søn GmbH", "footer of page %d", p)
		assert.Contains(t, text, "CONFIDENTIAL", "page %d", p)
		if p == 1 {
			assert.Contains(t, text, "Registre des actifs")
			assert.Contains(t, text, "Exercice 2026")
			assert.Contains(t, text, "2026-11-23")
			assert.NotContains(t, text, "AST-")
			continue
		}
		assert.Contains(t, text, "Registre des actifs — Société Générale", "running header on page %d", p)
		tags := tagRE.FindAllString(text, -1)
		if len(tags) > 0 {
			assert.Contains(t, text, "Description", "table header repeated on page %d", p)
			assert.Contains(t, text, "Acheté le", "table header repeated on page %d", p)
		}
		for _, tag := range tags {
			seen[tag] = p
		}
		if p == 2 {
			for _, word := range strings.Fields(accented) {
				assert.Contains(t, text, word)
			}
			assert.Contains(t, text, "Jürgen Groß")
		}
	}
	// Every row printed exactly once, in order, the later ones on page 3 and beyond.
	require.Len(t, seen, 300)
	for i := 2; i <= 300; i++ {
		assert.GreaterOrEqual(t, seen[fmt.Sprintf("AST-%04d", i)], seen[fmt.Sprintf("AST-%04d", i-1)])
	}
	assert.Equal(t, 2, seen["AST-0001"])
	assert.GreaterOrEqual(t, seen["AST-0300"], 4)
	last := pageText(t, path, pages)
	assert.Contains(t, last, "Fin du rapport.")
	assert.Contains(t, pageText(t, path, seen["AST-0300"]), "Équipement n°300 — poste de garçon")
	assert.Contains(t, pageText(t, path, seen["AST-0150"]), "1490.50")
}

func TestPDFPage1OfN(t *testing.T) {
	path, pages := renderedPDF(t, assetReport(300))
	assert.Contains(t, pageText(t, path, 1), fmt.Sprintf("Page 1 of %d", pages))
}

func TestPDFSplitsTallRows(t *testing.T) {
	var long strings.Builder
	for i := 1; i <= 400; i++ {
		fmt.Fprintf(&long, "mot%03d ", i)
	}
	r := NewReport(ReportMeta{Title: "Tall", Date: fixedTime}).
		Table(Table{Columns: []Column{{Title: "Key"}, {Title: "Very long text"}}, Rows: RowsOf(
			Row{"first", "short"},
			Row{"tall", long.String()},
			Row{"after", "short again"},
		)})
	r.meta.Title = "Tall rows"
	// Narrow the text column so the tall row needs more than one page.
	r.blocks[0].table.Columns[0].Width = 5
	r.blocks[0].table.Columns[1].Width = 1
	path, pages := renderedPDF(t, r)
	require.GreaterOrEqual(t, pages, 4)
	wordPage := map[string]int{}
	for p := 2; p <= pages; p++ {
		text := pageText(t, path, p)
		for _, w := range regexp.MustCompile(`mot\d{3}`).FindAllString(text, -1) {
			wordPage[w] = p
		}
		if strings.Contains(text, "mot") {
			assert.Contains(t, text, "Very", "header repeated on page %d", p)
		}
	}
	require.Len(t, wordPage, 400, "every word of the tall row is printed once")
	assert.Equal(t, 2, wordPage["mot001"])
	assert.Greater(t, wordPage["mot400"], 3, "the tall row continues over several pages")
	assert.Contains(t, pageText(t, path, pages), "after")
}

func TestPDFEdgeCases(t *testing.T) {
	r := NewReport(ReportMeta{Title: "Edge cases 😀", Date: fixedTime, PageLabel: func(p, n int) string {
		return fmt.Sprintf("Seite %d von %d", p, n)
	}, NoDataText: "Aucune donnée."}).
			Landscape().
			H2("Heading two first").
			Paragraph("Control\x00chars\ttabs\r\nwindows lines, emoji 😀, CJK 中文, combining e\u0301, invalid \xff byte.").
			Table(Table{Columns: []Column{{Title: "Empty table"}}}).
			PageBreak().PageBreak().
			H1(strings.Repeat("A very long heading that wraps ", 6)).
			KeyValues().
			Paragraph("")
	path, pages := renderedPDF(t, r)
	assert.Equal(t, 3, pages, "cover, content, page after the break (a second break on an empty page adds nothing)")
	assert.Contains(t, poppler(t, "pdfinfo", path), "841.89 x 595.28 pts (A4)")
	text := pageText(t, path, 2)
	assert.Contains(t, text, "Seite 2 von 3")
	assert.Contains(t, text, "Aucune donnée.")
	assert.Contains(t, text, "Control")
	assert.Regexp(t, `chars\s+tabs`, text)
	assert.Contains(t, text, "emoji \uFFFD")
	assert.Contains(t, text, "combining é")
	assert.Contains(t, text, "invalid \uFFFD byte")
}

func TestPDFIsReproducible(t *testing.T) {
	var a, b bytes.Buffer
	r := assetReport(50)
	_, err := r.WriteTo(&a)
	require.NoError(t, err)
	_, err = assetReport(50).WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, a.Bytes(), b.Bytes())
	// Writing the same report again reuses the rows it read the first time.
	var c bytes.Buffer
	_, err = r.WriteTo(&c)
	require.NoError(t, err)
	assert.Equal(t, a.Bytes(), c.Bytes())
}

func TestPDFErrors(t *testing.T) {
	boom := errors.New("cursor lost")
	failing := func(yield func(Row, error) bool) { yield(nil, boom) }
	_, err := NewReport(ReportMeta{Title: "x"}).Table(Table{Columns: []Column{{Title: "a"}}, Rows: failing}).WriteTo(&bytes.Buffer{})
	assert.ErrorIs(t, err, boom)
	_, err = NewReport(ReportMeta{Title: "x"}).Table(Table{}).WriteTo(&bytes.Buffer{})
	assert.ErrorContains(t, err, "at least one column")
	_, err = NewReport(ReportMeta{Title: "x"}).Table(Table{Columns: []Column{{Title: "n", Type: Integer}}, Rows: RowsOf(Row{"x"})}).WriteTo(&bytes.Buffer{})
	assert.ErrorContains(t, err, "cannot hold a string")
}

func TestPDFTextCoverage(t *testing.T) {
	assert.Equal(t, "plain ASCII", pdfText("plain ASCII"))
	assert.Equal(t, accented, pdfText(accented), "every accented letter is in the font")
	assert.Equal(t, "é", pdfText("e\u0301"), "composed")
	assert.Equal(t, "a\nb\nc", pdfText("a\r\nb\rc"))
	assert.Equal(t, "\uFFFD \uFFFD", pdfText("😀 \U0001F6A8"))
	cov, err := glyphCoverage()
	require.NoError(t, err)
	assert.NotZero(t, cov[replacementRune/64]&(1<<(replacementRune%64)), "the font draws U+FFFD")
}

// TestPDFConcurrent renders reports in parallel: the embedded fonts and the glyph table are shared read-only.
func TestPDFConcurrent(t *testing.T) {
	want, err := func() ([]byte, error) {
		var b bytes.Buffer
		_, err := assetReport(20).WriteTo(&b)
		return b.Bytes(), err
	}()
	require.NoError(t, err)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var b bytes.Buffer
			_, err := assetReport(20).WriteTo(&b)
			if err == nil && !bytes.Equal(want, b.Bytes()) {
				err = errors.New("different output")
			}
			errs <- err
		}()
	}
	for range 4 {
		assert.NoError(t, <-errs)
	}
}
