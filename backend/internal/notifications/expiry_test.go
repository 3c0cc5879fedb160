package notifications_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestDailyExpiryScanRemindsOnTheConfiguredOffsets(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "owner@acme.example", Name: "Owen"})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "editor")
	require.NoError(t, err)
	_, err = s.DB.Pool.Exec(ctx, `CREATE TABLE test_things (id uuid PRIMARY KEY, organization_id uuid NOT NULL, label text, due_at timestamptz, owner uuid);
		GRANT SELECT ON test_things TO opsdeck_tenant`)
	require.NoError(t, err)
	day := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	for label, due := range map[string]time.Time{"TLS certificate": day.AddDate(0, 0, 7), "Support contract": day.AddDate(0, 0, 3),
		"Someone else's": day.AddDate(0, 0, 7)} {
		o := org.ID
		if label == "Someone else's" {
			o = uuid.New() // another organisation's row: the rule's query must stay in scope
		}
		_, err := s.DB.Pool.Exec(ctx, "INSERT INTO test_things VALUES ($1, $2, $3, $4, $5)", uuid.New(), o, label, due, u.ID)
		require.NoError(t, err)
	}
	require.NoError(t, s.App.Notify.Events().Register(notifications.Event{Code: "test.thing_expires", Module: "assets",
		Name: "Thing expires", DefaultChannels: []string{"in_app"}}))
	require.NoError(t, s.App.Notify.RegisterExpiry(notifications.ExpiryRule{Event: "test.thing_expires",
		Find: func(tx *gorm.DB, from, to time.Time) ([]notifications.Expiring, error) {
			var rows []struct {
				ID    uuid.UUID
				Label string
				DueAt time.Time
				Owner uuid.UUID
			}
			err := tx.Raw("SELECT id, label, due_at, owner FROM test_things WHERE organization_id = opsdeck_current_org() AND due_at >= ? AND due_at < ?", from, to).Scan(&rows).Error
			out := make([]notifications.Expiring, 0, len(rows))
			for _, r := range rows {
				out = append(out, notifications.Expiring{EntityType: "thing", EntityID: r.ID.String(), Label: r.Label,
					Link: "/assets", DueAt: r.DueAt, Owners: []uuid.UUID{r.Owner}})
			}
			return out, err
		}}))
	assert.Error(t, s.App.Notify.RegisterExpiry(notifications.ExpiryRule{Event: "no.such_event"}))

	orgCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "job:1", Kind: reqctx.KindSystem, OrganizationID: org.ID})
	n, err := s.App.Notify.ScanExpiries(orgCtx, day)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "default offsets 30/7/1/0: the certificate due in 7 days, not the contract due in 3")
	me := &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, OrganizationID: org.ID, Levels: map[string]reqctx.Level{}}
	r := call(t, s, me, http.MethodGet, "/api/v1/me/notifications", "")
	assert.Contains(t, r.raw, "TLS certificate is due in 7 days")
	assert.NotContains(t, r.raw, "Someone else")

	// The organisation chooses a 3-day reminder only.
	admin := testkit.AdminOf(org.ID)
	p := call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/test.thing_expires", `{"enabled":true,"channels":["in_app"],"offsets_days":[3]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	n, err = s.App.Notify.ScanExpiries(orgCtx, day)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	r = call(t, s, me, http.MethodGet, "/api/v1/me/notifications", "")
	assert.Contains(t, r.raw, "Support contract is due in 3 days")
	// Disabled: nothing.
	p = call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/test.thing_expires", `{"enabled":false,"channels":["in_app"]}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	n, err = s.App.Notify.ScanExpiries(orgCtx, day)
	require.NoError(t, err)
	assert.Zero(t, n)
}
