package logging

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONUsesECSFieldNames(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, "info", "json").Info("hello", "http.request.id", "r1")
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	assert.Equal(t, "hello", m["message"])
	assert.Equal(t, "info", m["log.level"])
	assert.NotEmpty(t, m["@timestamp"])
	assert.Equal(t, "opsdeck", m["service.name"])
	assert.Equal(t, "r1", m["http.request.id"])
	assert.NotContains(t, m, "msg")
}

func TestLevelFilters(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "warn", "text")
	l.Info("quiet")
	l.Warn("loud")
	assert.NotContains(t, buf.String(), "quiet")
	assert.Contains(t, buf.String(), "loud")
}
