package docs

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalise(t *testing.T) {
	text, integer, number := &Column{Title: "t"}, &Column{Title: "i", Type: Integer}, &Column{Title: "n", Type: Number}
	date, boolean := &Column{Title: "d", Type: Date}, &Column{Title: "b", Type: Bool}
	n := 42
	var nilInt *int

	cases := []struct {
		col  *Column
		in   any
		want string
	}{
		{text, "x", "x"},
		{text, []byte("bytes"), "bytes"},
		{text, big.NewInt(12345), "12345"}, // fmt.Stringer with a pointer receiver
		{text, 3.5, "3.5"},
		{text, "bad \xff utf8", "bad \uFFFD utf8"},
		{integer, &n, "42"},
		{integer, nilInt, ""},
		{integer, 7.0, "7"},
		{integer, "-12", "-12"},
		{integer, json.Number("12"), "12"},
		{integer, uint64(math.MaxUint64), "18446744073709551615"},
		{number, "1234.50", "1234.50"},
		{number, float32(0.5), "0.5"},
		{number, math.NaN(), ""},
		{number, math.Inf(-1), ""},
		{date, time.Date(2026, 1, 2, 23, 30, 0, 0, time.FixedZone("X", -5*3600)), "2026-01-02"},
		{date, time.Time{}, ""},
		{boolean, true, "true"},
	}
	for _, c := range cases {
		v, err := normalise(c.col, c.in)
		require.NoError(t, err, "%v %#v", c.col.Type, c.in)
		assert.Equal(t, c.want, v.plainText(c.col), "%v %#v", c.col.Type, c.in)
	}

	for _, bad := range []struct {
		col *Column
		in  any
	}{
		{integer, "12.5"}, {integer, 1.5}, {number, "12,5"}, {number, "1e3"}, {number, true},
		{date, "2026-01-01"}, {boolean, "yes"}, {&Column{Type: ColumnType(99)}, 1},
	} {
		_, err := normalise(bad.col, bad.in)
		assert.Error(t, err, "%v %#v", bad.col.Type, bad.in)
	}
}

func TestColumnTypeString(t *testing.T) {
	assert.Equal(t, "datetime", DateTime.String())
	assert.Equal(t, "ColumnType(9)", ColumnType(9).String())
}
