package configs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Ops of a Change.
const (
	OpAdded   = "added"
	OpRemoved = "removed"
	OpChanged = "changed"
)

// Change is one difference between two JSON documents, at an RFC 6901 JSON Pointer.
type Change struct {
	Op     string
	Path   string
	Before any // nil for added (and for a null value)
	After  any // nil for removed (and for a null value)
}

// Diff is the semantic difference from a to b, two decoded JSON values (map[string]any, []any, string, bool, nil,
// float64 or json.Number). Key order and number spelling do not count (1, 1.0 and 1e0 are equal). Objects are compared
// key by key (keys in byte order), arrays position by position: common positions recursively, then the extra elements
// of the longer one as added (ascending) or removed (descending). Anything else that differs — including a change of
// type — is one "changed" entry. The order is deterministic, and read as a JSON Patch (added → add, removed → remove,
// changed → replace) the list turns a into b when applied in order.
func Diff(a, b any) []Change {
	var out []Change
	diffAt(&out, "", a, b)
	return out
}

func diffAt(out *[]Change, path string, a, b any) {
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			keys := make([]string, 0, len(av)+len(bv))
			for k := range av {
				keys = append(keys, k)
			}
			for k := range bv {
				if _, dup := av[k]; !dup {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := path + "/" + EscapePointer(k)
				x, inA := av[k]
				y, inB := bv[k]
				switch {
				case !inB:
					*out = append(*out, Change{Op: OpRemoved, Path: p, Before: x})
				case !inA:
					*out = append(*out, Change{Op: OpAdded, Path: p, After: y})
				default:
					diffAt(out, p, x, y)
				}
			}
			return
		}
	case []any:
		if bv, ok := b.([]any); ok {
			n := min(len(av), len(bv))
			for i := range n {
				diffAt(out, path+"/"+strconv.Itoa(i), av[i], bv[i])
			}
			for i := n; i < len(bv); i++ {
				*out = append(*out, Change{Op: OpAdded, Path: path + "/" + strconv.Itoa(i), After: bv[i]})
			}
			// Removed from the end first, so each pointer is still valid when the list is applied in order.
			for i := len(av) - 1; i >= n; i-- {
				*out = append(*out, Change{Op: OpRemoved, Path: path + "/" + strconv.Itoa(i), Before: av[i]})
			}
			return
		}
	}
	if !Equal(a, b) {
		*out = append(*out, Change{Op: OpChanged, Path: path, Before: a, After: b})
	}
}

// Equal reports whether two decoded JSON values are the same JSON value (numbers compared by value).
func Equal(a, b any) bool {
	switch av := a.(type) {
	case nil:
		return b == nil
	case bool:
		bv, ok := b.(bool)
		return ok && av == bv
	case string:
		bv, ok := b.(string)
		return ok && av == bv
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, x := range av {
			y, ok := bv[k]
			if !ok || !Equal(x, y) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !Equal(av[i], bv[i]) {
				return false
			}
		}
		return true
	}
	x, okA := number(a)
	y, okB := number(b)
	return okA && okB && x == y
}

// decimal is a number in canonical form: sign, significant digits without leading or trailing zeros, and the power of
// ten of the last digit. Two JSON numbers are equal exactly when their canonical forms are (zero has no sign).
type decimal struct {
	negative bool
	digits   string
	exp      string // base-10 exponent as a canonical integer string (arbitrary size)
}

// number reads a JSON number (float64, json.Number or an integer type) in canonical form, in linear time whatever the
// number's size (exact arithmetic on a hostile 100 000-digit number or a 1e999999999 exponent would not be).
func number(v any) (decimal, bool) {
	var s string
	switch n := v.(type) {
	case float64:
		s = strconv.FormatFloat(n, 'g', -1, 64)
	case json.Number:
		s = string(n)
	case int:
		s = strconv.Itoa(n)
	case int64:
		s = strconv.FormatInt(n, 10)
	default:
		return decimal{}, false
	}
	return canonical(s)
}

func canonical(s string) (decimal, bool) {
	var d decimal
	if strings.HasPrefix(s, "-") {
		d.negative, s = true, s[1:]
	}
	mantissa, expPart, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mantissa, ".")
	digits := intPart + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return d, false
	}
	exp := new(big.Int)
	if hasExp {
		if _, ok := exp.SetString(strings.TrimPrefix(expPart, "+"), 10); !ok {
			return d, false
		}
	}
	exp.Sub(exp, big.NewInt(int64(len(frac))))
	digits = strings.TrimLeft(digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	exp.Add(exp, big.NewInt(int64(len(digits)-len(trimmed))))
	if trimmed == "" {
		return decimal{digits: "0", exp: "0"}, true
	}
	d.digits, d.exp = trimmed, exp.String()
	return d, true
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// EscapePointer escapes one reference token of a JSON Pointer (RFC 6901: "~" → "~0", "/" → "~1").
func EscapePointer(token string) string { return pointerEscaper.Replace(token) }

// Limits of a configuration document.
const (
	MaxDocumentBytes = 1 << 20
	MaxDocumentDepth = 64
)

// Decode parses a JSON document keeping numbers exact (json.Number).
func Decode(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

// depth is the nesting depth of a decoded JSON value (a scalar is 0, an empty object 1).
func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			d = max(d, depth(c))
		}
		return d + 1
	case []any:
		for _, c := range x {
			d = max(d, depth(c))
		}
		return d + 1
	}
	return 0
}
