package notifications_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	smtpmock "github.com/mocktools/go-smtp-mock/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func smtp(t *testing.T) (*smtpmock.Server, []testkit.ServerOption) {
	return smtpWith(t, smtpmock.ConfigurationAttr{})
}

// smtpWith starts an in-process SMTP server with cfg (refused recipients…) and returns the options that point at it.
func smtpWith(t *testing.T, cfg smtpmock.ConfigurationAttr) (*smtpmock.Server, []testkit.ServerOption) {
	t.Helper()
	cfg.HostAddress, cfg.MultipleMessageReceiving = "127.0.0.1", true
	srv := smtpmock.New(cfg)
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Stop() })
	return srv, []testkit.ServerOption{
		testkit.WithEnv("OPSDECK_SMTP_HOST", "127.0.0.1"), testkit.WithEnv("OPSDECK_SMTP_PORT", strconv.Itoa(srv.PortNumber())),
		testkit.WithEnv("OPSDECK_SMTP_TLS", "none"), testkit.WithEnv("OPSDECK_SMTP_FROM", "OpsDeck <opsdeck@acme.example>"),
		testkit.WithEnv("OPSDECK_PUBLIC_URL", "https://opsdeck.acme.example"), testkit.WithEnv("OPSDECK_WORKERS", "true"),
	}
}

func mailTo(srv *smtpmock.Server, to string) []string {
	var out []string
	for _, m := range srv.Messages() {
		body := m.MsgRequest()
		if !strings.Contains(body, to) {
			continue
		}
		decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err != nil {
			decoded = []byte(body)
		}
		out = append(out, string(decoded))
	}
	return out
}

func TestNotificationSettingsAndTemplates(t *testing.T) {
	t.Parallel()
	srv, opts := smtp(t)
	s := testkit.NewServer(t, opts...)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "odile@acme.example", Name: "Odile"})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "administrator")
	require.NoError(t, err)
	_, err = s.DB.Pool.Exec(ctx, "UPDATE users SET locale = 'fr' WHERE id = $1", u.ID)
	require.NoError(t, err)
	var adminRole string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM roles WHERE organization_id = $1 AND builtin_key = 'administrator'", org.ID).Scan(&adminRole))
	admin := testkit.AdminOf(org.ID)
	admin.Email = "tester@acme.example"

	// Defaults until the organisation chooses.
	r := call(t, s, admin, http.MethodGet, "/api/v1/notification-settings", "")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Contains(t, r.raw, `{"channels":["in_app","webhook"],"customised":false,"enabled":true,"event":"jobs.job_failed"`)
	assert.Contains(t, r.raw, `"customised":false`)

	put := `{"enabled":true,"channels":["in_app","email"],"offsets_days":[7,1,30],"recipient_role_ids":["` + adminRole + `"]}`
	for name, c := range map[string]struct {
		path, body, etag string
		status           int
	}{
		"unknown event": {"/api/v1/notification-settings/nope.never", put, `"0"`, http.StatusNotFound},
		"unknown role":  {"/api/v1/notification-settings/jobs.job_failed", `{"enabled":true,"channels":["email"],"recipient_role_ids":["` + uuid.NewString() + `"]}`, `"0"`, http.StatusUnprocessableEntity},
		"bad channel":   {"/api/v1/notification-settings/jobs.job_failed", `{"enabled":true,"channels":["pigeon"]}`, `"0"`, http.StatusBadRequest},
		"stale version": {"/api/v1/notification-settings/jobs.job_failed", put, `"3"`, http.StatusPreconditionFailed},
	} {
		r := call(t, s, admin, http.MethodPut, c.path, c.body, "If-Match", c.etag)
		assert.Equal(t, c.status, r.status, name+": "+r.raw)
	}
	r = call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", put, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, []any{1.0, 7.0, 30.0}, r.body["offsets_days"])
	assert.Equal(t, true, r.body["customised"])
	assert.Equal(t, http.StatusForbidden, call(t, s, testkit.ViewerOf(org.ID), http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", put, "If-Match", `"1"`).status)

	// Templates: the system one until the organisation saves its own.
	tp := "/api/v1/email-templates/jobs.job_failed/fr"
	r = call(t, s, admin, http.MethodGet, tp, "")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, true, r.body["system"])
	assert.Contains(t, r.body["subject"], "Une tâche de fond a échoué")
	for name, body := range map[string]string{
		"loop":                `{"subject":"x","text":"{{range .error}}x{{end}}"}`,
		"unknown placeholder": `{"subject":"x {{.password}}","text":"y"}`,
		"bad syntax":          `{"subject":"x","text":"{{.error"}`,
	} {
		r := call(t, s, admin, http.MethodPut, tp, body, "If-Match", `"0"`)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, name+": "+r.raw)
	}
	mine := `{"subject":"[ACME] Échec : {{.job_kind}}","text":"Tâche {{.job_id}} : {{.error}}","html":"<p>Tâche {{.job_id}} : {{.error}}</p>"}`
	r = call(t, s, admin, http.MethodPost, tp+"/preview", mine)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, "[ACME] Échec : audit.purge", r.body["subject"], "example values")
	r = call(t, s, admin, http.MethodPut, tp, mine, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, false, r.body["system"])
	assert.EqualValues(t, 1, r.body["version"])

	// A failed job now e-mails the administrators, in their language, with the organisation's template; HTML escaped.
	require.NoError(t, s.App.Notify.JobFailed(ctx, jobs.Failed{ID: 42, Kind: "reports.export", Attempt: 8,
		Error: "<script>alert(1)</script>", Metadata: jobs.Metadata{OrganizationID: org.ID, ActorKind: "system"}}))
	var mails []string
	require.Eventually(t, func() bool { mails = mailTo(srv, "odile@acme.example"); return len(mails) == 1 }, 15*time.Second, 50*time.Millisecond)
	assert.Contains(t, mails[0], "Content-Language: fr")
	assert.Contains(t, mails[0], "Tâche 42")
	assert.Contains(t, mails[0], "&lt;script&gt;", "escaped in the HTML part")
	assert.Contains(t, mails[0], "text/plain")

	// Test send to oneself, then reset to the system template.
	r = call(t, s, admin, http.MethodPost, tp+"/test", mine)
	require.Equal(t, http.StatusAccepted, r.status, r.raw)
	require.Eventually(t, func() bool { return len(mailTo(srv, "tester@acme.example")) == 1 }, 15*time.Second, 50*time.Millisecond)
	r = call(t, s, admin, http.MethodPost, tp+"/reset", "")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, true, r.body["system"])
	assert.Equal(t, http.StatusNotFound, call(t, s, admin, http.MethodGet, "/api/v1/email-templates/nope.never/en", "").status)
	assert.Equal(t, http.StatusBadRequest, call(t, s, admin, http.MethodGet, "/api/v1/email-templates/jobs.job_failed/xx", "").status)
}

func TestTemplateTestSendNeedsEmail(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	admin.Email = "a@acme.example"
	r := call(t, s, admin, http.MethodPost, "/api/v1/email-templates/jobs.job_failed/en/test", `{"subject":"s","text":"t"}`)
	assert.Equal(t, http.StatusConflict, r.status, r.raw)
	// Settings of one organisation never show in another.
	other := s.Organization("Other Org")
	r = call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", `{"enabled":false,"channels":[]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	r = call(t, s, testkit.AdminOf(other.ID), http.MethodGet, "/api/v1/notification-settings", "")
	assert.NotContains(t, r.raw, `"customised":true`)
}
