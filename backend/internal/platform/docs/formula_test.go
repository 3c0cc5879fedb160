package docs

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNeutraliseFormula(t *testing.T) {
	cases := map[string]string{
		// OWASP triggers
		`=HYPERLINK("http://evil.example","x")`: `'=HYPERLINK("http://evil.example","x")`,
		"=1+1":                                  "'=1+1",
		"+1+1":                                  "'+1+1",
		"-1+1":                                  "'-1+1",
		"@SUM(A1:A2)":                           "'@SUM(A1:A2)",
		"\t=1":                                  "'\t=1",
		"\tplain":                               "'\tplain",
		"\rplain":                               "'\rplain",
		"-2+3+cmd|' /C calc'!A0":                "'-2+3+cmd|' /C calc'!A0",
		// leading whitespace does not hide a trigger
		"  =1+1":   "'  =1+1",
		"\n@cmd":   "'\n@cmd",
		"\u00a0=1": "'\u00a0=1",
		// tab and CR count only as the first character; after other whitespace they are whitespace
		" \r":    " \r",
		" \tfoo": " \tfoo",
		// full-width forms
		"＝1+1": "'＝1+1",
		"＠x":   "'＠x",
		// plain numbers stay numbers
		"-12.5": "-12.5",
		"+3":    "+3",
		"-0.75": "-0.75",
		"-12":   "-12",
		// ... anything more does not
		"-12.5 EUR": "'-12.5 EUR",
		"-1e3":      "'-1e3",
		"- 12":      "'- 12",
		"-":         "'-",
		"-.5":       "'-.5",
		"-5.":       "'-5.",
		"--5":       "'--5",
		// harmless text
		"":           "",
		"plain":      "plain",
		"a=b":        "a=b",
		"1-2":        "1-2",
		"12.5":       "12.5",
		"   ":        "   ",
		" plain":     " plain",
		"'=already":  "'=already",
		"Équipement": "Équipement",
	}
	for in, want := range cases {
		assert.Equal(t, want, NeutraliseFormula(in), "input %q", in)
	}
}

var plainNumberRE = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// dangerous is an independent statement of the rule in NeutraliseFormula's documentation.
func dangerous(s string) bool {
	if plainNumberRE.MatchString(s) {
		return false
	}
	if s != "" && (s[0] == '\t' || s[0] == '\r') {
		return true
	}
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return strings.ContainsRune("=+-@＝＋－＠", r)
}

// FuzzNeutraliseFormula checks the neutraliser against the documented rule, and that a neutralised cell survives a
// CSV round trip unchanged. `go test` runs the seed corpus; `go test -fuzz=FuzzNeutraliseFormula` explores.
func FuzzNeutraliseFormula(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "=1+1", "+1", "-1", "-12.5", "@x", "\t=1", "\r=1", " =1", "\n-2+3", "＝1", "'=1", "-1e3",
		"a,b", `"quoted"`, "line\nbreak", "cr\r\nlf", "\xff\xfe", "Équipement", "0", "-0.", "+.5", "\u3000=1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := NeutraliseFormula(s)
		if dangerous(s) {
			require.Equal(t, "'"+s, out)
		} else {
			require.Equal(t, s, out)
		}
		require.False(t, dangerous(out), "neutralised cell %q is still dangerous", out)
		require.Equal(t, out, NeutraliseFormula(out), "not idempotent")

		// Round trip through the CSV writer and encoding/csv's reader (a second column keeps the record non-empty).
		var buf bytes.Buffer
		w, err := NewCSVWriter(&buf, []Column{{Title: "a"}, {Title: "b"}}, CSVOptions{NoHeader: true})
		require.NoError(t, err)
		require.NoError(t, w.WriteRow(Row{s, "x"}))
		require.NoError(t, w.Close())
		rec, err := csv.NewReader(&buf).Read()
		require.NoError(t, err)
		want := NeutraliseFormula(strings.ToValidUTF8(s, "\uFFFD"))
		// encoding/csv reads "\r\n" inside a quoted field as "\n".
		require.Equal(t, strings.ReplaceAll(want, "\r\n", "\n"), rec[0])
		require.Equal(t, "x", rec[1])
	})
}
