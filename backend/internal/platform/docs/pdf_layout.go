package docs

import (
	"math"
	"strings"

	"github.com/phpdave11/gofpdf"
)

// House style. Lengths are millimetres, font sizes points.
const (
	marginX      = 18.0
	marginTop    = 24.0 // where content starts, below the running header
	marginBottom = 20.0 // distance from the page's bottom edge to the end of the content area

	headerTextY  = 9.0
	headerRuleY  = 15.5
	footerRuleUp = 15.0 // footer rule, from the bottom edge
	footerTextUp = 13.0 // footer text box top, from the bottom edge

	sizeBody       = 10.0
	sizeSmall      = 8.0
	sizeTable      = 8.5
	sizeH1         = 16.0
	sizeH2         = 12.5
	sizeCoverTitle = 26.0
	sizeCoverSub   = 15.0

	ptToMM      = 25.4 / 72
	lineSpacing = 1.4 // line height as a multiple of the font size

	cellPadX = 1.6
	cellPadY = 1.2
)

type rgb struct{ r, g, b int }

var (
	colNavy   = rgb{31, 58, 95} // houseNavyHex
	colAccent = rgb{42, 157, 143}
	colText   = rgb{29, 41, 57}
	colMuted  = rgb{102, 112, 133}
	colRule   = rgb{208, 213, 221}
	colZebra  = rgb{242, 244, 247}
	colRed    = rgb{180, 35, 24}
	colWhite  = rgb{255, 255, 255}
)

// houseNavyHex is colNavy for excelize styles.
const houseNavyHex = "1F3A5F"

func lineHeight(size float64) float64 { return size * ptToMM * lineSpacing }

// renderer lays a report out on a gofpdf document. It manages pages itself (auto page break is off) so that it
// knows where every page starts: that is how tables repeat their header and rows split.
type renderer struct {
	pdf                   *gofpdf.Fpdf
	meta                  *ReportMeta
	total                 int
	pageW, pageH          float64
	contentW, bottom      float64
	coverPage, sawHeading bool
}

func (rd *renderer) font(bold bool, size float64, c rgb) {
	style := ""
	if bold {
		style = "B"
	}
	rd.pdf.SetFont(fontFamily, style, size)
	rd.pdf.SetTextColor(c.r, c.g, c.b)
}

func (rd *renderer) fill(c rgb) { rd.pdf.SetFillColor(c.r, c.g, c.b) }
func (rd *renderer) draw(c rgb) { rd.pdf.SetDrawColor(c.r, c.g, c.b) }

func (rd *renderer) y() float64 { return rd.pdf.GetY() }

func (rd *renderer) remaining() float64 { return rd.bottom - rd.y() }

func (rd *renderer) atPageTop() bool { return !rd.coverPage && rd.y() <= marginTop+0.01 }

// newPage adds a page with the running header and footer and puts the cursor at the top of the content area.
func (rd *renderer) newPage() {
	rd.pdf.AddPage()
	rd.coverPage = false
	rd.pageHeader()
	rd.pageFooter()
	rd.pdf.SetXY(marginX, marginTop)
}

// ensure starts a new page unless h millimetres fit below the cursor.
func (rd *renderer) ensure(h float64) {
	if h > rd.remaining()+1e-6 {
		rd.newPage()
	}
}

func (rd *renderer) pageHeader() {
	pdf := rd.pdf
	label := strings.ToUpper(pdfText(rd.meta.Classification))
	labelW := 0.0
	if label != "" {
		rd.font(true, sizeSmall, colRed)
		labelW = pdf.GetStringWidth(label)
		pdf.SetXY(rd.pageW-marginX-labelW, headerTextY)
		pdf.CellFormat(labelW, 5, label, "", 0, "R", false, 0, "")
	}
	rd.font(false, sizeSmall, colMuted)
	title := rd.fit(pdfText(rd.meta.Title), rd.contentW-labelW-6)
	pdf.SetXY(marginX, headerTextY)
	pdf.CellFormat(rd.contentW-labelW-6, 5, title, "", 0, "L", false, 0, "")
	rd.draw(colRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginX, headerRuleY, rd.pageW-marginX, headerRuleY)
}

func (rd *renderer) pageFooter() {
	pdf := rd.pdf
	rd.draw(colRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginX, rd.pageH-footerRuleUp, rd.pageW-marginX, rd.pageH-footerRuleUp)
	rd.font(false, sizeSmall, colMuted)
	total := rd.total
	if total == 0 { // counting pass: the real total is not known yet and does not affect the layout
		total = pdf.PageNo()
	}
	page := pdfText(rd.meta.PageLabel(pdf.PageNo(), total))
	pageW := pdf.GetStringWidth(page)
	pdf.SetXY(rd.pageW-marginX-pageW, rd.pageH-footerTextUp)
	pdf.CellFormat(pageW, 5, page, "", 0, "R", false, 0, "")
	left := pdfText(rd.meta.Organisation)
	if left != "" {
		left += " · " + formatDate(rd.meta.Date)
	} else {
		left = formatDate(rd.meta.Date)
	}
	pdf.SetXY(marginX, rd.pageH-footerTextUp)
	pdf.CellFormat(rd.contentW-pageW-6, 5, rd.fit(left, rd.contentW-pageW-6), "", 0, "L", false, 0, "")
}

// fit shortens s with an ellipsis until it is at most w wide in the current font.
func (rd *renderer) fit(s string, w float64) string {
	if rd.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && rd.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// cover draws the cover page: a navy band with the organisation and classification, the title and subtitle, and a
// block with organisation, date and classification. The cover has the footer but not the running header.
func (rd *renderer) cover() {
	pdf := rd.pdf
	m := rd.meta
	pdf.AddPage()
	rd.coverPage = true
	rd.pageFooter()

	const bandH = 62.0
	rd.fill(colNavy)
	pdf.Rect(0, 0, rd.pageW, bandH, "F")
	rd.fill(colAccent)
	pdf.Rect(0, bandH, rd.pageW, 1.6, "F")

	label := strings.ToUpper(pdfText(m.Classification))
	if label != "" {
		rd.font(true, sizeBody, colWhite)
		w := pdf.GetStringWidth(label) + 8
		rd.fill(colRed)
		pdf.Rect(rd.pageW-marginX-w, 20, w, 9, "F")
		pdf.SetXY(rd.pageW-marginX-w, 20)
		pdf.CellFormat(w, 9, label, "", 0, "C", false, 0, "")
	}
	if org := pdfText(m.Organisation); org != "" {
		rd.font(true, 13, colWhite)
		pdf.SetXY(marginX, 20)
		pdf.CellFormat(rd.contentW-60, 9, rd.fit(org, rd.contentW-60), "", 0, "L", false, 0, "")
	}

	y := bandH + 30
	rd.font(true, sizeCoverTitle, colNavy)
	lh := lineHeight(sizeCoverTitle) * 0.9
	for _, line := range rd.split(pdfText(m.Title), rd.contentW) {
		pdf.SetXY(marginX, y)
		pdf.CellFormat(rd.contentW, lh, line, "", 0, "L", false, 0, "")
		y += lh
	}
	if sub := pdfText(m.Subtitle); sub != "" {
		y += 3
		rd.font(false, sizeCoverSub, colMuted)
		lh = lineHeight(sizeCoverSub)
		for _, line := range rd.split(sub, rd.contentW) {
			pdf.SetXY(marginX, y)
			pdf.CellFormat(rd.contentW, lh, line, "", 0, "L", false, 0, "")
			y += lh
		}
	}
	y += 6
	rd.fill(colAccent)
	pdf.Rect(marginX, y, 40, 1.2, "F")

	pairs := []KeyValue{}
	if m.Organisation != "" {
		pairs = append(pairs, KeyValue{m.OrganisationLabel, m.Organisation})
	}
	pairs = append(pairs, KeyValue{m.DateLabel, formatDate(m.Date)})
	if m.Classification != "" {
		pairs = append(pairs, KeyValue{m.ClassificationLabel, m.Classification})
	}
	blockH := float64(len(pairs))*(lineHeight(sizeBody)+2*cellPadY) + 2
	pdf.SetXY(marginX, math.Max(y+20, rd.bottom-blockH-10))
	rd.keyValues(pairs)
}

// split wraps text to width w in the current font. An empty text is one empty line.
func (rd *renderer) split(text string, w float64) []string {
	if text == "" {
		return []string{""}
	}
	lines := rd.pdf.SplitText(text, w)
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

func (rd *renderer) heading(text string, level int) {
	pdf := rd.pdf
	size, before, after := sizeH1, 6.0, 3.0
	if level == 2 {
		size, before, after = sizeH2, 4.0, 1.5
	}
	rd.font(true, size, colNavy)
	lines := rd.split(pdfText(text), rd.contentW)
	lh := lineHeight(size)
	h := float64(len(lines)) * lh
	if level == 1 {
		h += 1.5 // rule under the heading
	}
	// Keep the heading with at least three lines of what follows.
	if !rd.atPageTop() {
		if h+before+after+3*lineHeight(sizeBody) > rd.remaining() {
			rd.newPage()
		} else {
			pdf.SetY(rd.y() + before)
		}
	}
	bookmarkLevel := level - 1
	if level == 2 && !rd.sawHeading {
		bookmarkLevel = 0 // an outline cannot start at level 1
	}
	if level == 1 {
		rd.sawHeading = true
	}
	pdf.Bookmark(pdfText(text), bookmarkLevel, -1)
	rd.font(true, size, colNavy)
	for _, line := range lines {
		pdf.SetX(marginX)
		pdf.CellFormat(rd.contentW, lh, line, "", 2, "L", false, 0, "")
	}
	if level == 1 {
		y := rd.y() + 0.8
		rd.draw(colNavy)
		pdf.SetLineWidth(0.4)
		pdf.Line(marginX, y, marginX+rd.contentW, y)
		pdf.SetY(y + 0.7)
	}
	pdf.SetY(rd.y() + after)
}

func (rd *renderer) paragraph(text string) {
	pdf := rd.pdf
	rd.font(false, sizeBody, colText)
	lh := lineHeight(sizeBody)
	for _, line := range rd.split(pdfText(text), rd.contentW) {
		rd.ensure(lh)
		pdf.SetX(marginX)
		pdf.CellFormat(rd.contentW, lh, line, "", 2, "L", false, 0, "")
	}
	pdf.SetY(rd.y() + 2.5)
}

// rowCell is one cell of a drawn row, already wrapped into lines.
type rowCell struct {
	lines []string
	align string
}

type rowStyle struct {
	bold      bool
	size      float64
	text      rgb
	fill      *rgb
	ruleBelow bool
}

// drawRow draws one row of cells. A row that does not fit below the cursor moves to a new page when it fits on one;
// a row taller than a page is split line by line. After every page break it calls onNewPage (tables redraw their
// header there), whose height is reserve.
func (rd *renderer) drawRow(cells []rowCell, widths []float64, st rowStyle, reserve float64, onNewPage func()) {
	lh := lineHeight(st.size)
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	height := func(k int) float64 { return float64(k)*lh + 2*cellPadY }
	pageRoom := rd.bottom - marginTop - reserve
	if height(n) > rd.remaining() && height(n) <= pageRoom {
		rd.newPage()
		if onNewPage != nil {
			onNewPage()
		}
	}
	from, fresh := 0, false
	for from < n {
		fit := int(math.Floor((rd.remaining() - 2*cellPadY + 1e-6) / lh))
		if !fresh && (fit < 1 || (fit < 2 && n-from > 1 && pageRoom >= height(2))) {
			rd.newPage()
			if onNewPage != nil {
				onNewPage()
			}
			fresh = true
			continue
		}
		fit, fresh = max(fit, 1), false // on a fresh page draw at least one line, so the loop always ends
		to := min(n, from+fit)
		rd.drawRowPart(cells, widths, st, from, to)
		from = to
	}
}

func (rd *renderer) drawRowPart(cells []rowCell, widths []float64, st rowStyle, from, to int) {
	pdf := rd.pdf
	lh := lineHeight(st.size)
	y := rd.y()
	h := float64(to-from)*lh + 2*cellPadY
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if st.fill != nil {
		rd.fill(*st.fill)
		pdf.Rect(marginX, y, total, h, "F")
	}
	rd.font(st.bold, st.size, st.text)
	x := marginX
	for i, c := range cells {
		w := widths[i]
		for k := from; k < to && k < len(c.lines); k++ {
			pdf.SetXY(x+cellPadX, y+cellPadY+float64(k-from)*lh)
			pdf.CellFormat(w-2*cellPadX, lh, c.lines[k], "", 0, c.align, false, 0, "")
		}
		x += w
	}
	if st.ruleBelow {
		rd.draw(colRule)
		pdf.SetLineWidth(0.15)
		pdf.Line(marginX, y+h, marginX+total, y+h)
	}
	pdf.SetXY(marginX, y+h)
}

func (rd *renderer) keyValues(pairs []KeyValue) {
	if len(pairs) == 0 {
		return
	}
	// The key column is as wide as the widest key, within a quarter and two fifths of the width.
	rd.font(true, sizeBody, colMuted)
	keyW := 0.0
	for _, p := range pairs {
		keyW = max(keyW, rd.pdf.GetStringWidth(pdfText(p.Key)))
	}
	keyW = math.Min(math.Max(keyW+2*cellPadX+2, rd.contentW*0.25), rd.contentW*0.4)
	widths := []float64{keyW, rd.contentW - keyW}
	for _, p := range pairs {
		rd.font(true, sizeBody, colMuted)
		key := rd.split(pdfText(p.Key), keyW-2*cellPadX)
		rd.font(false, sizeBody, colText)
		val := rd.split(pdfText(p.Value), widths[1]-2*cellPadX)
		// Keys are bold and values regular: draw them as two half-rows sharing one height.
		rd.drawKeyValue(key, val, widths)
	}
	rd.pdf.SetY(rd.y() + 2.5)
}

// drawKeyValue draws one key–value line (bold key, regular value), splitting like drawRow.
func (rd *renderer) drawKeyValue(key, val []string, widths []float64) {
	lh := lineHeight(sizeBody)
	n := max(len(key), len(val))
	height := float64(n)*lh + 2*cellPadY
	if height > rd.remaining() && height <= rd.bottom-marginTop {
		rd.newPage()
	}
	for from, fresh := 0, false; from < n; {
		fit := int(math.Floor((rd.remaining() - 2*cellPadY + 1e-6) / lh))
		if fit < 1 && !fresh {
			rd.newPage()
			fresh = true
			continue
		}
		fit, fresh = max(fit, 1), false
		to := min(n, from+fit)
		y := rd.y()
		rd.drawRowPart([]rowCell{{lines: key, align: "L"}, {}}, widths,
			rowStyle{bold: true, size: sizeBody, text: colMuted}, from, to)
		rd.pdf.SetY(y)
		rd.drawRowPart([]rowCell{{}, {lines: val, align: "L"}}, widths,
			rowStyle{size: sizeBody, text: colText, ruleBelow: true}, from, to)
		from = to
	}
}

func (rd *renderer) table(t *pdfTable) {
	pdf := rd.pdf
	widths := rd.columnWidths(t)
	aligns := make([]string, len(t.cols))
	for i, c := range t.cols {
		aligns[i] = "L"
		if c.Type.numeric() {
			aligns[i] = "R"
		}
	}
	wrap := func(texts []string, bold bool) []rowCell {
		rd.font(bold, sizeTable, colText)
		cells := make([]rowCell, len(texts))
		for i, s := range texts {
			cells[i] = rowCell{lines: rd.split(s, widths[i]-2*cellPadX), align: aligns[i]}
		}
		return cells
	}
	header := wrap(t.header, true)
	headerH := 0.0
	for _, c := range header {
		headerH = max(headerH, float64(len(c.lines))*lineHeight(sizeTable)+2*cellPadY)
	}
	headerStyle := rowStyle{bold: true, size: sizeTable, text: colWhite, fill: &colNavy}
	drawHeader := func() { rd.drawRowPart(header, widths, headerStyle, 0, maxLines(header)) }

	// Start on a new page unless the header and the first row fit here (for a first row taller than a page, which
	// will be split, the header and two of its lines): a header never stands alone at the foot of a page.
	firstH := lineHeight(sizeTable) + 2*cellPadY
	if len(t.rows) > 0 {
		h := float64(maxLines(wrap(t.rows[0], false)))*lineHeight(sizeTable) + 2*cellPadY
		if h+headerH <= rd.bottom-marginTop {
			firstH = h
		} else {
			firstH = 2*lineHeight(sizeTable) + 2*cellPadY
		}
	}
	rd.ensure(headerH + firstH)
	drawHeader()
	if len(t.rows) == 0 {
		rd.font(false, sizeTable, colMuted)
		rd.drawRow([]rowCell{{lines: []string{pdfText(rd.meta.NoDataText)}, align: "L"}},
			[]float64{sum(widths)}, rowStyle{size: sizeTable, text: colMuted, ruleBelow: true}, headerH, drawHeader)
	}
	for i, row := range t.rows {
		st := rowStyle{size: sizeTable, text: colText, ruleBelow: true}
		if i%2 == 1 {
			st.fill = &colZebra
		}
		rd.drawRow(wrap(row, false), widths, st, headerH, drawHeader)
	}
	pdf.SetY(rd.y() + 4)
}

func maxLines(cells []rowCell) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return n
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// columnWidths shares the content width between the columns. Columns with a Width share it by weight (columns
// without one count as the average weight). Otherwise each column wants its widest cell on one line; if they all fit,
// the slack is shared in proportion; if not, narrow columns (dates, numbers, codes) keep their width and the wide ones
// share what is left in proportion to what they want.
func (rd *renderer) columnWidths(t *pdfTable) []float64 {
	n := len(t.cols)
	avail := rd.contentW
	widths := make([]float64, n)

	weighted, weightSum := 0, 0.0
	for _, c := range t.cols {
		if c.Width > 0 {
			weighted++
			weightSum += c.Width
		}
	}
	if weighted > 0 {
		avg := weightSum / float64(weighted)
		total := 0.0
		for i, c := range t.cols {
			widths[i] = c.Width
			if widths[i] <= 0 {
				widths[i] = avg
			}
			total += widths[i]
		}
		for i := range widths {
			widths[i] *= avail / total
		}
		return widths
	}

	want := make([]float64, n)
	const sample = 500 // rows measured; enough to size columns, bounded for huge tables
	rd.font(true, sizeTable, colText)
	for i, h := range t.header {
		// A header may wrap at spaces, but its longest word should fit.
		for _, word := range strings.Fields(h) {
			want[i] = max(want[i], rd.pdf.GetStringWidth(word))
		}
		want[i] = max(want[i], math.Min(rd.pdf.GetStringWidth(h), 35))
	}
	rd.font(false, sizeTable, colText)
	for r, row := range t.rows {
		if r == sample {
			break
		}
		for i, s := range row {
			if s != "" {
				want[i] = max(want[i], rd.pdf.GetStringWidth(s))
			}
		}
	}
	total := 0.0
	for i := range want {
		want[i] += 2*cellPadX + 0.5
		total += want[i]
	}
	if total <= avail {
		for i := range widths {
			widths[i] = want[i] * avail / total
		}
		return widths
	}
	// Too wide: fix the columns that want no more than a fair share, repeat with what is left.
	fixed := make([]bool, n)
	left, open := avail, n
	for changed := true; changed && open > 0; {
		changed = false
		fair := left / float64(open)
		for i := range want {
			if !fixed[i] && want[i] <= fair {
				fixed[i], widths[i] = true, want[i]
				left -= want[i]
				open--
				changed = true
			}
		}
	}
	openWant := 0.0
	for i := range want {
		if !fixed[i] {
			openWant += want[i]
		}
	}
	for i := range want {
		if !fixed[i] {
			widths[i] = want[i] * left / openWant
		}
	}
	return widths
}
