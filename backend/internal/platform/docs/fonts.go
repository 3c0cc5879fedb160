package docs

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// DejaVu Sans 2.37 (Debian package fonts-dejavu-core), licence in fonts/LICENSE-DejaVu.txt. gofpdf subsets it: a
// PDF carries only the glyphs it uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "DejaVuSans"

// glyphCoverage records which runes of the Basic Multilingual Plane both embedded faces can draw.
var glyphCoverage = sync.OnceValues(func() (*[0x10000 / 64]uint64, error) {
	var bits [0x10000 / 64]uint64
	var faces []*sfnt.Font
	for _, b := range [][]byte{fontRegular, fontBold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			return nil, err
		}
		faces = append(faces, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		ok := true
		for _, f := range faces {
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				ok = false
				break
			}
		}
		if ok {
			bits[r/64] |= 1 << (r % 64)
		}
	}
	return &bits, nil
})

// replacementRune is drawn in place of a character the font lacks.
const replacementRune = '\uFFFD'

// pdfText prepares text for the PDF: composed (NFC) so "e + combining acute" prints as one "é", tabs as spaces,
// other control characters dropped, "\r\n" as "\n", and characters the font cannot draw (including everything
// outside the Basic Multilingual Plane, such as emoji) replaced by U+FFFD. gofpdf indexes its width table by rune,
// so this also keeps it from reading past the table.
func pdfText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, string(replacementRune))
	}
	cov, err := glyphCoverage()
	if err != nil { // the embedded font is broken: the tests catch this; be safe anyway
		cov = nil
	}
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7F {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7F:
			// dropped
		case cov == nil && r < utf8.RuneSelf:
			b.WriteRune(r)
		case cov == nil || r >= 0x10000 || cov[r/64]&(1<<(r%64)) == 0:
			b.WriteRune(replacementRune)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
