package docs

import (
	"unicode"
	"unicode/utf8"
)

// NeutraliseFormula returns a text cell made safe to open in a spreadsheet (OWASP "CSV injection"): a cell a
// spreadsheet could evaluate as a formula gets a single quote in front, which spreadsheets read as "this is text".
//
// The rule, applied to every text cell and header of CSV and XLSX output:
//
//   - A cell whose first character is '=', '+', '-', '@', tab or carriage return is prefixed with "'". So are their
//     full-width forms ('＝', '＋', '－', '＠'), which some spreadsheet input methods turn into the ASCII ones.
//   - So is a cell that starts with whitespace (spaces, newlines, …) followed by '=', '+', '-' or '@' (or a
//     full-width form), because some importers trim leading spaces before deciding whether a cell is a formula.
//   - Exception: a cell that is entirely a plain decimal number — an optional sign, ASCII digits, an optional
//     fraction (-12.5, +3, -0.75) — is left alone. A spreadsheet reads it as a number, which cannot call anything,
//     and prefixing it would turn every negative amount into text. Anything more ("-1+2", "-12.5 EUR", "-1e3",
//     "- 12") is prefixed.
//
// Values of Integer and Number columns are never neutralised: the writers format them from Go numbers, so they are
// always plain numbers. The result is always either s or "'"+s, and neutralising twice changes nothing.
func NeutraliseFormula(s string) string {
	if isFormulaLike(s) {
		return "'" + s
	}
	return s
}

// isFormulaLike reports whether a spreadsheet could take s for a formula (see NeutraliseFormula).
func isFormulaLike(s string) bool {
	if s == "" {
		return false
	}
	// Fast path for the common case: an ASCII letter or digit first cannot start a formula.
	if c := s[0]; c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		return false
	}
	if s[0] == '\t' || s[0] == '\r' {
		return true
	}
	for _, r := range s {
		if isFormulaStart(r) {
			return !isPlainNumber(s)
		}
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return false // only whitespace
}

func isFormulaStart(r rune) bool {
	switch r {
	case '=', '+', '-', '@',
		'\uFF1D', '\uFF0B', '\uFF0D', '\uFF20': // full-width = + - @
		return true
	}
	return false
}

// isPlainNumber reports whether s is an optional sign, ASCII digits and an optional fraction: [+-]?[0-9]+(\.[0-9]+)?
func isPlainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '.' {
		return false
	}
	i++
	start = i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > start && i == len(s)
}

// UnneutraliseFormula undoes NeutraliseFormula on a cell read back from a file OpsDeck (or a careful spreadsheet user)
// wrote: "'" followed by something formula-like is that text without the quote. It reports whether it removed one.
func UnneutraliseFormula(s string) (string, bool) {
	if len(s) > 1 && s[0] == '\'' && isFormulaLike(s[1:]) {
		return s[1:], true
	}
	return s, false
}

// IsFormulaLike reports whether a spreadsheet could evaluate s as a formula (the rule of NeutraliseFormula).
func IsFormulaLike(s string) bool { return isFormulaLike(s) }
