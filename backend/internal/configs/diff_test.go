package configs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := Decode([]byte(s))
	require.NoError(t, err, s)
	return v
}

// render turns changes into comparable strings: "op path before→after" with values as compact JSON.
func render(changes []Change) []string {
	out := make([]string, 0, len(changes))
	for _, c := range changes {
		b, _ := json.Marshal(c.Before)
		a, _ := json.Marshal(c.After)
		out = append(out, c.Op+" "+c.Path+" "+string(b)+"→"+string(a))
	}
	return out
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to string
		want     []string
	}{
		{"identical", `{"a":1,"b":[1,2,{"c":null}]}`, `{"b":[1,2,{"c":null}],"a":1}`, []string{}},
		{"empty objects", `{}`, `{}`, []string{}},
		{"number spelling does not count", `{"n":1,"m":2.50,"e":100}`, `{"n":1.0,"m":2.5,"e":1e2}`, []string{}},
		{"key added", `{"a":1}`, `{"a":1,"b":true}`, []string{"added /b null→true"}},
		{"key removed", `{"a":1,"b":"x"}`, `{"a":1}`, []string{`removed /b "x"→null`}},
		{"scalar changed", `{"a":1}`, `{"a":2}`, []string{"changed /a 1→2"}},
		{"string changed", `{"port":"22"}`, `{"port":"2222"}`, []string{`changed /port "22"→"2222"`}},
		{"type change number to string", `{"a":1}`, `{"a":"1"}`, []string{`changed /a 1→"1"`}},
		{"type change object to array", `{"a":{"x":1}}`, `{"a":[1]}`, []string{`changed /a {"x":1}→[1]`}},
		{"type change array to null", `{"a":[1]}`, `{"a":null}`, []string{`changed /a [1]→null`}},
		{"null to value", `{"a":null}`, `{"a":0}`, []string{"changed /a null→0"}},
		{"bool flip", `{"enabled":true}`, `{"enabled":false}`, []string{"changed /enabled true→false"}},
		{"nested objects", `{"a":{"b":{"c":1,"d":2}}}`, `{"a":{"b":{"c":1,"d":3,"e":4}}}`,
			[]string{"changed /a/b/d 2→3", "added /a/b/e null→4"}},
		{"keys sorted by byte order", `{}`, `{"b":1,"a":2,"B":3}`, []string{"added /B null→3", "added /a null→2", "added /b null→1"}},
		{"array element changed", `{"l":[1,2,3]}`, `{"l":[1,5,3]}`, []string{"changed /l/1 2→5"}},
		{"array grows", `{"l":[1]}`, `{"l":[1,2,3]}`, []string{"added /l/1 null→2", "added /l/2 null→3"}},
		{"array shrinks from the end first", `{"l":[1,2,3]}`, `{"l":[1]}`, []string{"removed /l/2 3→null", "removed /l/1 2→null"}},
		{"array emptied", `{"l":[{"a":1}]}`, `{"l":[]}`, []string{`removed /l/0 {"a":1}→null`}},
		{"array position by position", `{"l":["a","b"]}`, `{"l":["b","a"]}`, []string{`changed /l/0 "a"→"b"`, `changed /l/1 "b"→"a"`}},
		{"objects inside arrays", `{"rules":[{"port":22,"allow":true}]}`, `{"rules":[{"port":22,"allow":false,"log":true}]}`,
			[]string{"changed /rules/0/allow true→false", "added /rules/0/log null→true"}},
		{"nested arrays", `{"m":[[1,2],[3]]}`, `{"m":[[1],[3,4]]}`, []string{"removed /m/0/1 2→null", "added /m/1/1 null→4"}},
		{"pointer escaping", `{"a/b":1,"m~n":1,"~/":1}`, `{"a/b":2,"m~n":2,"~/":2}`,
			[]string{"changed /a~1b 1→2", "changed /m~0n 1→2", "changed /~0~1 1→2"}},
		{"empty key", `{"":1}`, `{"":2}`, []string{"changed / 1→2"}},
		{"unicode keys", `{"clé":"é"}`, `{"clé":"è"}`, []string{`changed /clé "é"→"è"`}},
		{"big numbers compared exactly", `{"n":12345678901234567890}`, `{"n":12345678901234567891}`,
			[]string{"changed /n 12345678901234567890→12345678901234567891"}},
		{"whole document type", `{"a":1}`, `[1]`, []string{`changed  {"a":1}→[1]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(mustDecode(t, tc.from), mustDecode(t, tc.to))
			assert.Equal(t, tc.want, render(got))
			// Applying the changes to from gives to.
			patched, err := Apply(mustDecode(t, tc.from), got)
			require.NoError(t, err)
			assert.True(t, Equal(patched, mustDecode(t, tc.to)), "apply(from, diff) == to")
		})
	}
}

func TestDiffIsDeterministic(t *testing.T) {
	a := mustDecode(t, `{"z":1,"y":{"q":[1,2,3],"p":"x"},"x":[{"k":1},{"k":2}],"w":null}`)
	b := mustDecode(t, `{"a":1,"y":{"q":[3],"p":"y","o":false},"x":[{"k":1,"j":0}],"w":"v"}`)
	first := render(Diff(a, b))
	for range 50 {
		assert.Equal(t, first, render(Diff(a, b)))
	}
	assert.Equal(t, []string{"added /a null→1", `changed /w null→"v"`, "added /x/0/j null→0", `removed /x/1 {"k":2}→null`,
		"added /y/o null→false", `changed /y/p "x"→"y"`, "changed /y/q/0 1→3", "removed /y/q/2 3→null", "removed /y/q/1 2→null",
		"removed /z 1→null"}, first)
}

func TestEqualNumbers(t *testing.T) {
	assert.True(t, Equal(json.Number("1"), 1.0))
	assert.True(t, Equal(json.Number("1.50"), json.Number("15e-1")))
	assert.False(t, Equal(json.Number("1"), "1"))
	assert.False(t, Equal(nil, false))
	assert.False(t, Equal(map[string]any{}, []any{}))
	assert.False(t, Equal(map[string]any{"a": nil}, map[string]any{"b": nil}))
	// Huge exponents and long numbers compare exactly, in linear time.
	assert.False(t, Equal(json.Number("1e999999999"), json.Number("2e999999999")))
	assert.True(t, Equal(json.Number("1e999999999"), json.Number("10e999999998")))
	assert.False(t, Equal(json.Number("1e999999999"), json.Number("-1e999999999")))
	assert.False(t, Equal(json.Number("1e-999999999"), json.Number("0")))
	assert.True(t, Equal(json.Number("-0"), json.Number("0.000e5")))
	assert.True(t, Equal(json.Number("0.1"), 0.1))
	assert.True(t, Equal(json.Number("120"), json.Number("1.2e2")))
	assert.True(t, Equal(json.Number("1e21"), 1e21))
	long := "0." + strings.Repeat("3", 200000)
	assert.True(t, Equal(json.Number(long), json.Number(long+"000")))
	assert.False(t, Equal(json.Number(long), json.Number(long+"1")))
}

func TestDocumentBounds(t *testing.T) {
	deep := map[string]any{}
	cur := deep
	for range MaxDocumentDepth - 1 {
		next := map[string]any{}
		cur["n"] = next
		cur = next
	}
	var f fieldErrors
	assert.NotEmpty(t, f.document(deep), "64 levels are fine")
	assert.Empty(t, f)
	cur["n"] = []any{}
	assert.Empty(t, f.document(deep), "65 levels are not")
	require.Len(t, f, 1)
	assert.Equal(t, "too_deep", f[0].Code)

	f = nil
	big := map[string]any{"blob": string(make([]byte, MaxDocumentBytes))}
	assert.Empty(t, f.document(big))
	require.Len(t, f, 1)
	assert.Equal(t, "too_large", f[0].Code)
	f = nil
	f.document(nil)
	assert.Equal(t, "required", f[0].Code)
}
