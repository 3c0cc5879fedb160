package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestArchiveMemberIsGuardedAndRemovesAccess(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	ctx := context.Background()
	ids := f.s.App.Identity
	u, err := ids.CreateUser(ctx, identity.NewUser{Email: "leaver@acme.example", Name: "Lee Leaver", Password: goodPassword})
	require.NoError(t, err)
	_, err = ids.AddMember(ctx, f.org, u.ID, "editor")
	require.NoError(t, err)
	g, err := ids.CreateGroup(testkit.AsAdmin(f.org), "Team", "")
	require.NoError(t, err)
	_, err = ids.SetGroupMembers(testkit.AsAdmin(f.org), g.ID, nil, []uuid.UUID{u.ID})
	require.NoError(t, err)

	laptops := map[uuid.UUID]int{u.ID: 1}
	ids.RegisterHoldingsGuard("assets", func(_ context.Context, _ *gorm.DB, user uuid.UUID) ([]string, error) {
		if n := laptops[user]; n > 0 {
			return []string{"1 asset (laptop ACME-0042)"}, nil
		}
		return nil, nil
	})
	tok := "Bearer " + f.s.Token(testkit.AdminOf(f.org))
	refused := f.call(t, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/archive", "", "Authorization", tok)
	require.Equal(t, http.StatusConflict, refused.status, refused.raw)
	assert.Contains(t, refused.body["detail"], "laptop ACME-0042")

	laptops[u.ID] = 0
	ok := f.call(t, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/archive", "", "Authorization", tok)
	require.Equal(t, http.StatusOK, ok.status, ok.raw)
	assert.Equal(t, "archived", ok.body["status"])
	assert.Empty(t, ok.body["roles"])
	assert.Empty(t, ok.body["groups"])
	lv, _ := ids.EffectiveLevels(ctx, f.org, u.ID)
	assert.Empty(t, lv)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/suspend", "", "Authorization", tok).status)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/members/"+f.user.ID.String()+"/archive", "", "Authorization", tok).status,
		"the last owner stays")
	back := f.call(t, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/restore", "", "Authorization", tok)
	require.Equal(t, http.StatusOK, back.status)
	assert.Equal(t, "active", back.body["status"])
	assert.Empty(t, back.body["roles"], "restored without roles")
}
