package csvx

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormulaCellsAreNeutralised(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	require.NoError(t, w.Write([]string{"=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "", "a=b", "1-2"}))
	require.NoError(t, w.Flush())
	got, err := csv.NewReader(&buf).Read()
	require.NoError(t, err)
	assert.Equal(t, []string{"'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "a=b", "1-2"}, got)
}
