package identity

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

func TestSensitiveActionsNeedARecentSignIn(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	a := &Auth{now: func() time.Time { return now }}
	id := uuid.New()
	user := func(authAt time.Time) *reqctx.Principal {
		return &reqctx.Principal{ID: id.String(), Kind: reqctx.KindUser, AuthTime: authAt}
	}
	got, err := a.requireRecentAuth(user(now.Add(-9 * time.Minute)))
	assert.NoError(t, err)
	assert.Equal(t, id, got)
	for name, p := range map[string]*reqctx.Principal{
		"stale":     user(now.Add(-11 * time.Minute)),
		"unknown":   user(time.Time{}),
		"not user":  {ID: "tok", Kind: reqctx.KindAPIToken, AuthTime: now},
		"anonymous": nil,
	} {
		_, err := a.requireRecentAuth(p)
		ae, ok := apperr.As(err)
		if assert.True(t, ok, name) {
			assert.Equal(t, apperr.KindForbidden, ae.Kind, name)
		}
	}
}
