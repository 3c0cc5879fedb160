package db

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

func TestParseSort(t *testing.T) {
	allowed := map[string]string{"name": "t.name", "created_at": "t.created_at"}
	s, err := ParseSort("", "name", allowed)
	require.NoError(t, err)
	assert.Equal(t, Sort{Name: "name", Column: "t.name"}, s)
	s, err = ParseSort("-created_at", "name", allowed)
	require.NoError(t, err)
	assert.Equal(t, Sort{Name: "-created_at", Column: "t.created_at", Desc: true}, s)
	_, err = ParseSort("password", "name", allowed)
	ae, ok := apperr.As(err)
	require.True(t, ok)
	assert.Equal(t, apperr.KindInvalid, ae.Kind)
	assert.Equal(t, "sort", ae.Fields[0].Field)
	assert.Equal(t, "t.id", idColumn("t.name"))
	assert.Equal(t, "id", idColumn("name"))
}

func TestCursorRoundTrip(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	c := cursor{Sort: "-name", Value: "Acme", ID: id}
	got, err := decodeCursor(encodeCursor(c))
	require.NoError(t, err)
	assert.Equal(t, c, got)
	for _, bad := range []string{"", "!!", "e30", encodeCursor(cursor{Sort: "name", Value: "x"}), encodeCursor(cursor{Sort: "name", ID: id})} {
		_, err := decodeCursor(bad)
		assert.Error(t, err, bad)
	}
}

// FuzzDecodeCursor: cursors come from clients; decoding any input must never panic, and whatever decodes must be
// complete.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor(cursor{Sort: "name", Value: "Acme", ID: uuid.Must(uuid.NewV7())}))
	f.Add(encodeCursor(cursor{Sort: "-created_at", Value: "2026-01-01T00:00:00Z", ID: uuid.Must(uuid.NewV7())}))
	f.Add("eyJzIjoibmFtZSJ9")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err == nil && (c.ID == uuid.Nil || c.Value == nil) {
			t.Fatalf("incomplete cursor accepted: %+v", c)
		}
	})
}
