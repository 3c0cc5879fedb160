package httpx

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

func TestParsePermission(t *testing.T) {
	modules := []string{"assets", "administration"}
	ok := map[string]Permission{
		`{"x-public": true}`: {Public: true},
		`{"x-permission": {"module": "assets", "level": "write"}}`: {Module: "assets", Level: reqctx.LevelWrite},
		`{"x-permission": {"scope": "member"}}`:                    {Scope: "member"},
		`{"x-permission": {"scope": "platform", "level": "read"}}`: {Scope: "platform", Level: reqctx.LevelRead},
	}
	for raw, want := range ok {
		var ext map[string]any
		require.NoError(t, json.Unmarshal([]byte(raw), &ext))
		got, err := ParsePermission(ext, modules)
		require.NoError(t, err, raw)
		assert.Equal(t, want, got, raw)
	}
	for _, raw := range []string{
		`{}`,
		`{"x-public": false}`,
		`{"x-public": true, "x-permission": {"scope": "member"}}`,
		`{"x-permission": {"module": "assets"}}`,
		`{"x-permission": {"module": "assets", "level": "none"}}`,
		`{"x-permission": {"module": "spaceships", "level": "read"}}`,
		`{"x-permission": {"scope": "member", "module": "assets"}}`,
		`{"x-permission": {"scope": "platform"}}`,
		`{"x-permission": {"scope": "galaxy", "level": "read"}}`,
		`{"x-permission": "assets:read"}`,
	} {
		var ext map[string]any
		require.NoError(t, json.Unmarshal([]byte(raw), &ext))
		_, err := ParsePermission(ext, modules)
		assert.Error(t, err, raw)
	}
}

func TestAuthorizeLevels(t *testing.T) {
	org := uuid.Must(uuid.NewV7())
	p := &reqctx.Principal{ID: "u", OrganizationID: org, Levels: map[string]reqctx.Level{"assets": reqctx.LevelWrite}}
	assert.NoError(t, Authorize(p, Permission{Module: "assets", Level: reqctx.LevelRead}))
	assert.NoError(t, Authorize(p, Permission{Module: "assets", Level: reqctx.LevelWrite}))
	err := Authorize(p, Permission{Module: "assets", Level: reqctx.LevelAdmin})
	ae, _ := apperr.As(err)
	require.NotNil(t, ae)
	assert.Equal(t, apperr.KindForbidden, ae.Kind)
	assert.Contains(t, ae.Detail, "needs admin access to assets; you have write")
	// Without an active organisation, module levels count for nothing.
	p.OrganizationID = uuid.Nil
	assert.Error(t, Authorize(p, Permission{Module: "assets", Level: reqctx.LevelRead}))
	assert.Error(t, Authorize(p, Permission{Scope: "member"}))
	ae, _ = apperr.As(Authorize(nil, Permission{Scope: "member"}))
	require.NotNil(t, ae)
	assert.Equal(t, apperr.KindUnauthorized, ae.Kind)
	assert.NoError(t, Authorize(nil, Permission{Public: true}))
}

func TestIfMatch(t *testing.T) {
	v, err := IfMatch(nil)
	require.NoError(t, err)
	assert.Nil(t, v)
	for in, want := range map[string]int64{`"3"`: 3, `W/"12"`: 12} {
		v, err := IfMatch(&in)
		require.NoError(t, err)
		assert.Equal(t, want, *v)
	}
	for _, bad := range []string{`"abc"`, `"0"`, `"-1"`, `*`} {
		_, err := IfMatch(&bad)
		assert.Error(t, err, bad)
	}
	assert.Equal(t, `"7"`, ETag(7))
}
