package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// The tenant-isolation harness. Each resource type registers how to create one instance in organisation A and how
// a user of organisation B tries to reach it (by id, in lists, in exports); the harness asserts B gets 404 and sees
// nothing. Every operation of openapi.yaml is either covered by a case or exempt with a reason, so a new operation
// fails TestEveryOperationIsIsolationClassified until someone decides which.

type tenants struct {
	s      *testkit.Server
	a, b   organizations.Organization
	adminA *reqctx.Principal
	adminB *reqctx.Principal
}

type isolationCase struct {
	name string
	ops  []string
	run  func(t *testing.T, x tenants)
}

var isolationExempt = map[string]string{
	"getMeta":                         "public deployment metadata, no tenant data",
	"listOrganizations":               "platform scope: organisation profiles for platform administrators only (matrix-tested)",
	"login":                           "authentication: no tenant data is read before the principal exists",
	"completeMfa":                     "authentication: no tenant data",
	"refreshSession":                  "authentication: switching organisation requires membership (identity tests)",
	"logout":                          "authentication: no tenant data",
	"getMe":                           "the caller's own principal; organisations listed are the caller's memberships",
	"startTotpEnrolment":              "the caller's own account (deployment-wide user), no tenant data",
	"verifyTotpEnrolment":             "the caller's own account (deployment-wide user), no tenant data",
	"disableTotp":                     "the caller's own account (deployment-wide user), no tenant data",
	"changePassword":                  "the caller's own account (deployment-wide user), no tenant data",
	"acceptTerms":                     "records the caller's own acceptance in the caller's active organisation only",
	"requestPasswordReset":            "authentication: answers 202 whatever the address, reads no tenant data",
	"setPasswordWithToken":            "authentication: the e-mailed token names the account, no tenant data",
	"createOrganization":              "platform scope: creates a tenant, reads none (matrix-tested)",
	"createOrganizationAdministrator": "platform scope: the target organisation is named explicitly (matrix-tested)",
	"reauthenticate":                  "the caller's own account and session, no tenant data",
	"listMySessions":                  "the caller's own sessions (deployment-wide), no tenant data",
	"revokeMySession":                 "the caller's own sessions; another user's session id answers 404 (identity tests)",
	"startSso":                        "authentication: public, the organisation is named by its slug and nothing of it is shown",
	"finishSso":                       "authentication: the single-use state names the organisation (identity tests)",
	"listNotificationEvents":          "the event catalogue is code, the same for every organisation",
	"getSetupStatus":                  "deployment scope: says only whether any user exists",
	"completeSetup":                   "deployment scope: works only before any user or tenant exists",
}

// discoveryOnly serves an OpenID Connect discovery document naming itself, enough for settings validation.
func discoveryOnly(t *testing.T) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"authorization_endpoint":%q,"token_endpoint":%q,"jwks_uri":%q}`,
			srv.URL, srv.URL+"/authorize", srv.URL+"/token", srv.URL+"/jwks")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func do2(t *testing.T, s *testkit.Server, who *reqctx.Principal, method, path, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		if method == http.MethodPatch {
			req.Header.Set("Content-Type", "application/merge-patch+json")
		}
	}
	res, err := s.HTTPClient(who).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var isolationCases = []isolationCase{
	{
		name: "custom roles and groups",
		ops:  []string{"createRole", "updateRole", "archiveRole", "listGroups", "createGroup", "updateGroup", "archiveGroup", "setGroupMembers", "setGroupRoles"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/roles", `{"name":"A secret role","permissions":[{"module":"risk","level":"read"}]}`)
			require.Equal(t, http.StatusCreated, status, body)
			roleA := body[strings.Index(body, `"id":"`)+6:][:36]
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/groups", `{"name":"A secret group"}`)
			require.Equal(t, http.StatusCreated, status, body)
			groupA := body[strings.Index(body, `"id":"`)+6:][:36]
			for _, path := range []string{"/api/v1/roles?include_archived=true", "/api/v1/groups?include_archived=true"} {
				status, body := do2(t, x.s, x.adminB, http.MethodGet, path, "")
				require.Equal(t, http.StatusOK, status)
				assert.NotContains(t, body, "A secret", path)
			}
			for _, c := range []struct{ method, path, body string }{
				{http.MethodPatch, "/api/v1/roles/" + roleA, `{"name":"hijacked"}`},
				{http.MethodPost, "/api/v1/roles/" + roleA + "/archive", ""},
				{http.MethodPatch, "/api/v1/groups/" + groupA, `{"name":"hijacked"}`},
				{http.MethodPost, "/api/v1/groups/" + groupA + "/archive", ""},
				{http.MethodPut, "/api/v1/groups/" + groupA + "/members", `{"user_ids":[]}`},
				{http.MethodPut, "/api/v1/groups/" + groupA + "/roles", `{"role_ids":[]}`},
			} {
				status, _ := do2(t, x.s, x.adminB, c.method, c.path, c.body)
				assert.Equal(t, http.StatusNotFound, status, c.path)
			}
			// B's own group cannot take A's role.
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/groups", `{"name":"B group"}`)
			require.Equal(t, http.StatusCreated, status)
			groupB := body[strings.Index(body, `"id":"`)+6:][:36]
			status, _ = do2(t, x.s, x.adminB, http.MethodPut, "/api/v1/groups/"+groupB+"/roles", `{"role_ids":["`+roleA+`"]}`)
			assert.Equal(t, http.StatusUnprocessableEntity, status)
		},
	},
	{
		name: "members and roles",
		ops:  []string{"listMembers", "getMember", "updateMember", "inviteMember", "suspendMember", "restoreMember", "archiveMember", "resetMemberMfa", "setMemberRoles", "listRoles"},
		run: func(t *testing.T, x tenants) {
			ctx := context.Background()
			ids := x.s.App.Identity
			u, err := ids.CreateUser(ctx, identity.NewUser{Email: "alice@a.example", Name: "Alice of A", Password: "correct horse battery staple 42"})
			require.NoError(t, err)
			_, err = ids.AddMember(ctx, x.a.ID, u.ID, "editor")
			require.NoError(t, err)
			var roleOfA string
			require.NoError(t, x.s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM roles WHERE organization_id = $1 AND builtin_key = 'viewer'", x.a.ID).Scan(&roleOfA))
			for _, path := range []string{"/api/v1/members", "/api/v1/members?q=alice", "/api/v1/roles"} {
				status, body := do2(t, x.s, x.adminB, http.MethodGet, path, "")
				require.Equal(t, http.StatusOK, status, path)
				assert.NotContains(t, body, u.ID.String(), path)
				assert.NotContains(t, body, "Alice of A", path)
				assert.NotContains(t, body, roleOfA, path)
			}
			for _, op := range []string{"suspend", "restore", "archive"} {
				status, _ := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/"+op, "")
				assert.Equal(t, http.StatusNotFound, status, op)
			}
			status, _ := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/members/"+u.ID.String()+"/mfa/reset", "")
			assert.Equal(t, http.StatusNotFound, status)
			status, _ = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/members/"+u.ID.String(), "")
			assert.Equal(t, http.StatusNotFound, status)
			status, _ = do2(t, x.s, x.adminB, http.MethodPatch, "/api/v1/members/"+u.ID.String(), `{"department":"hijacked"}`)
			assert.Equal(t, http.StatusNotFound, status)
			status, _ = do2(t, x.s, x.adminB, http.MethodPut, "/api/v1/members/"+u.ID.String()+"/roles", `{"role_ids":[]}`)
			assert.Equal(t, http.StatusNotFound, status)
			// B cannot hand A's role to one of its own members either.
			v, err := ids.CreateUser(ctx, identity.NewUser{Email: "bob@b.example", Name: "Bob of B", Password: "correct horse battery staple 42"})
			require.NoError(t, err)
			_, err = ids.AddMember(ctx, x.b.ID, v.ID, "viewer")
			require.NoError(t, err)
			status, _ = do2(t, x.s, x.adminB, http.MethodPut, "/api/v1/members/"+v.ID.String()+"/roles", `{"role_ids":["`+roleOfA+`"]}`)
			assert.Equal(t, http.StatusUnprocessableEntity, status)
			// Nor name A's member as the manager of one of its own.
			status, _ = do2(t, x.s, x.adminB, http.MethodPatch, "/api/v1/members/"+v.ID.String(), `{"manager_id":"`+u.ID.String()+`"}`)
			assert.Equal(t, http.StatusUnprocessableEntity, status)
			// Inviting A's member into B makes them a member of B too (one person, many organisations) without
			// showing or touching anything of A.
			status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/members", `{"email":"alice@a.example","name":"Alice","role_ids":[]}`)
			require.Equal(t, http.StatusCreated, status, body)
			assert.NotContains(t, body, "Editor", "A's roles stay invisible")
			lv, err := ids.Levels(ctx, x.a.ID, u.ID)
			require.NoError(t, err)
			assert.Equal(t, reqctx.LevelWrite, lv["assets"], "A's member is untouched")
		},
	},
	{
		name: "single sign-on settings",
		ops:  []string{"getSsoSettings", "putSsoSettings"},
		run: func(t *testing.T, x tenants) {
			issuer := discoveryOnly(t)
			body := `{"enabled":true,"issuer":"` + issuer + `","client_id":"client-of-a","client_secret":"secret-of-a-123","allowed_domains":["a.example"],"auto_provision":false}`
			status, resp := do2(t, x.s, x.adminA, http.MethodPut, "/api/v1/organization/sso", body)
			require.Equal(t, http.StatusOK, status, resp)
			status, resp = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/organization/sso", "")
			require.Equal(t, http.StatusOK, status)
			assert.NotContains(t, resp, "client-of-a")
			assert.Contains(t, resp, `"configured":false`)
			status, resp = do2(t, x.s, x.adminB, http.MethodPut, "/api/v1/organization/sso",
				strings.ReplaceAll(body, "client-of-a", "client-of-b"))
			require.Equal(t, http.StatusOK, status, resp)
			_, resp = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/organization/sso", "")
			assert.Contains(t, resp, "client-of-a", "B's settings are B's own")
		},
	},
	{
		name: "background jobs",
		ops:  []string{"listJobs", "getJob", "cancelJob", "retryJob"},
		run: func(t *testing.T, x tenants) {
			var id int64
			ctx := reqctx.WithPrincipal(context.Background(), x.adminA)
			require.NoError(t, x.s.DB.Tx(ctx, func(tx *gorm.DB) error {
				var err error
				id, err = x.s.App.Jobs.Enqueue(tx, auditlog.PurgeArgs{Organization: x.a.ID, Period: time.Now()}, nil)
				return err
			}))
			ref := fmt.Sprintf("/api/v1/jobs/%d", id)
			status, body := do2(t, x.s, x.adminA, http.MethodGet, ref, "")
			require.Equal(t, http.StatusOK, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/jobs", "")
			require.Equal(t, http.StatusOK, status)
			assert.Contains(t, body, `"total":0`)
			for _, c := range []struct{ method, path string }{
				{http.MethodGet, ref}, {http.MethodPost, ref + "/cancel"}, {http.MethodPost, ref + "/retry"},
			} {
				status, _ := do2(t, x.s, x.adminB, c.method, c.path, "")
				assert.Equal(t, http.StatusNotFound, status, c.path)
			}
			status, _ = do2(t, x.s, x.adminA, http.MethodGet, ref, "")
			assert.Equal(t, http.StatusOK, status, "A's job untouched")
		},
	},
	{
		name: "webhooks and notifications",
		ops: []string{"listWebhooks", "createWebhook", "getWebhook", "updateWebhook", "archiveWebhook", "rotateWebhookSecret",
			"testWebhook", "listWebhookDeliveries", "listDeliveries", "listMyNotifications", "markNotificationRead", "markAllNotificationsRead"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/webhooks", `{"name":"A intake","url":"https://93.184.215.14/a","events":["*"]}`)
			require.Equal(t, http.StatusCreated, status, body)
			id := body[strings.Index(body, `"id":"`)+6:][:36]
			status, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/webhooks?include_archived=true", "")
			require.Equal(t, http.StatusOK, status)
			assert.NotContains(t, body, "A intake")
			for _, c := range []struct{ method, path, body string }{
				{http.MethodGet, "/api/v1/webhooks/" + id, ""},
				{http.MethodPatch, "/api/v1/webhooks/" + id, `{"name":"hijacked"}`},
				{http.MethodPost, "/api/v1/webhooks/" + id + "/archive", ""},
				{http.MethodPost, "/api/v1/webhooks/" + id + "/rotate-secret", ""},
				{http.MethodPost, "/api/v1/webhooks/" + id + "/test", ""},
				{http.MethodGet, "/api/v1/webhooks/" + id + "/deliveries", ""},
			} {
				status, _ := do2(t, x.s, x.adminB, c.method, c.path, c.body)
				assert.Equal(t, http.StatusNotFound, status, c.method+" "+c.path)
			}
			// A's delivery log (every channel) is not B's.
			_, err := x.s.DB.Pool.Exec(context.Background(), `INSERT INTO notification_deliveries (id, organization_id, channel,
				event, message_id, target, attempt, succeeded) VALUES (gen_random_uuid(), $1, 'email', 'jobs.job_failed', 'm1',
				'a-secret-recipient@a.example', 1, true)`, x.a.ID)
			require.NoError(t, err)
			_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/notification-deliveries", "")
			require.Contains(t, body, "a-secret-recipient")
			_, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/notification-deliveries?q=secret", "")
			assert.Contains(t, body, `"total":0`)
			// A notification of A's member is invisible from B, even to the same person acting in B.
			u, err := x.s.App.Identity.CreateUser(context.Background(), identity.NewUser{Email: "both@x.example", Name: "Both"})
			require.NoError(t, err)
			for _, org := range []uuid.UUID{x.a.ID, x.b.ID} {
				_, err = x.s.App.Identity.AddMember(context.Background(), org, u.ID, "employee")
				require.NoError(t, err)
			}
			require.NoError(t, x.s.App.Notify.JobFailed(context.Background(), jobs.Failed{ID: 1, Kind: "k", Attempt: 1, Error: "A's secret failure",
				Metadata: jobs.Metadata{OrganizationID: x.a.ID, ActorID: u.ID.String(), ActorKind: "user"}}))
			inB := &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, OrganizationID: x.b.ID, Levels: map[string]reqctx.Level{}}
			inA := &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, OrganizationID: x.a.ID, Levels: map[string]reqctx.Level{}}
			_, body = do2(t, x.s, inB, http.MethodGet, "/api/v1/me/notifications", "")
			assert.NotContains(t, body, "A's secret failure")
			_, body = do2(t, x.s, inA, http.MethodGet, "/api/v1/me/notifications", "")
			require.Contains(t, body, "A's secret failure")
			nid := body[strings.Index(body, `"id":"`)+6:][:36]
			status, _ = do2(t, x.s, inB, http.MethodPost, "/api/v1/me/notifications/"+nid+"/read", "")
			assert.Equal(t, http.StatusNotFound, status)
			_, body = do2(t, x.s, inB, http.MethodPost, "/api/v1/me/notifications/read-all", "")
			assert.Contains(t, body, `"updated":0`)
		},
	},
	{
		name: "exports, reports and produced files",
		ops:  []string{"startAuditExport", "startOrganizationSummary", "downloadFile"},
		run: func(t *testing.T, x tenants) {
			// A's file, made by a job of A (written directly: the harness runs without workers).
			var fileA string
			require.NoError(t, x.s.DB.Pool.QueryRow(context.Background(), `INSERT INTO job_files
				(id, organization_id, job_id, name, content_type, size, sha256, data, created_by, expires_at)
				VALUES (gen_random_uuid(), $1, 1, 'a.csv', 'text/csv', 6, sha256('secret'::bytea), 'secret', $2, now() + interval '1 day')
				RETURNING id::text`, x.a.ID, x.adminA.ID).Scan(&fileA))
			status, _ := do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/files/"+fileA, "")
			require.Equal(t, http.StatusOK, status)
			status, _ = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/files/"+fileA, "")
			assert.Equal(t, http.StatusNotFound, status)
			// B's export and report jobs are B's: A's trail is not in what B's job reads (RLS scopes the job's
			// transaction to the job's organisation, proven in the jobs and reports tests); here: B sees only its jobs.
			for _, path := range []string{"/api/v1/audit-events/export-jobs", "/api/v1/organization/summary-report"} {
				body := ""
				if strings.Contains(path, "export") {
					body = `{"format":"csv"}`
				}
				status, resp := do2(t, x.s, x.adminB, http.MethodPost, path, body)
				require.Equal(t, http.StatusAccepted, status, resp)
			}
			_, body := do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/jobs", "")
			assert.Contains(t, body, `"total":0`, "A sees none of B's jobs")
		},
	},
	{
		name: "notification settings and e-mail templates",
		ops: []string{"listNotificationSettings", "putNotificationSetting", "getEmailTemplate", "putEmailTemplate",
			"resetEmailTemplate", "previewEmailTemplate", "testEmailTemplate"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", `{"enabled":false,"channels":["email"]}`)
			require.Equal(t, http.StatusOK, status, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPut, "/api/v1/email-templates/jobs.job_failed/en", `{"subject":"A secret subject","text":"A"}`)
			require.Equal(t, http.StatusOK, status, body)
			_, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/notification-settings", "")
			assert.NotContains(t, body, `"customised":true`)
			_, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/email-templates/jobs.job_failed/en", "")
			assert.NotContains(t, body, "A secret subject")
			// B's reset, preview and test act on B's own templates only.
			status, _ = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/email-templates/jobs.job_failed/en/reset", "")
			require.Equal(t, http.StatusOK, status)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/email-templates/jobs.job_failed/en/preview", `{"subject":"s","text":"t"}`)
			require.Equal(t, http.StatusOK, status, body)
			status, _ = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/email-templates/jobs.job_failed/en/test", `{"subject":"s","text":"t"}`)
			assert.Equal(t, http.StatusConflict, status, "no e-mail configured in the harness")
			_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/email-templates/jobs.job_failed/en", "")
			assert.Contains(t, body, "A secret subject", "A's template untouched by B's reset")
		},
	},
	{
		name: "organisation profile",
		ops:  []string{"getOrganization", "updateOrganization"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/organization", "")
			require.Equal(t, http.StatusOK, status)
			assert.NotContains(t, body, x.a.ID.String())
			assert.NotContains(t, body, x.a.Name)
			status, _ = do2(t, x.s, x.adminB, http.MethodPatch, "/api/v1/organization", `{"name":"Renamed by B"}`)
			require.Equal(t, http.StatusOK, status)
			_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/organization", "")
			assert.Contains(t, body, x.a.Name, "B's change touched only B")
		},
	},
	{
		name: "audit trail",
		ops:  []string{"listAuditEvents", "exportAuditEvents"},
		run: func(t *testing.T, x tenants) {
			status, _ := do2(t, x.s, x.adminA, http.MethodPatch, "/api/v1/organization", `{"name":"Secret rename of A"}`)
			require.Equal(t, http.StatusOK, status)
			for _, path := range []string{"/api/v1/audit-events?entity_id=" + x.a.ID.String(), "/api/v1/audit-events?q=secret"} {
				status, body := do2(t, x.s, x.adminB, http.MethodGet, path, "")
				require.Equal(t, http.StatusOK, status, path)
				assert.Contains(t, body, `"items":[]`, path)
				assert.Contains(t, body, `"total":0`, path)
			}
			// Exports: B's own export events name the filter B typed, so look for A's data, not the id B sent.
			for _, path := range []string{
				"/api/v1/audit-events/export?format=jsonl&entity_id=" + x.a.ID.String(),
				"/api/v1/audit-events/export?format=csv",
			} {
				status, body := do2(t, x.s, x.adminB, http.MethodGet, path, "")
				require.Equal(t, http.StatusOK, status, path)
				assert.NotContains(t, body, "Secret rename of A", path)
				assert.NotContains(t, body, x.a.Name, path)
				assert.NotContains(t, body, `"entity_id":"`+x.a.ID.String(), path)
			}
		},
	},
	{
		name: "API tokens",
		ops:  []string{"listMyApiTokens", "createApiToken", "revokeApiToken"},
		run: func(t *testing.T, x tenants) {
			ctx := context.Background()
			ids := x.s.App.Identity
			u, err := ids.CreateUser(ctx, identity.NewUser{Email: "owner@a.example", Name: "Owner A", Password: "correct horse battery staple 42"})
			require.NoError(t, err)
			_, err = ids.AddMember(ctx, x.a.ID, u.ID, "owner")
			require.NoError(t, err)
			ownerA := &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, Name: u.Name, OrganizationID: x.a.ID,
				AuthTime: time.Now(), Levels: map[string]reqctx.Level{"assets": reqctx.LevelAdmin}}
			status, body := do2(t, x.s, ownerA, http.MethodPost, "/api/v1/me/api-tokens",
				fmt.Sprintf(`{"name":"A's integration","scopes":[{"module":"assets","level":"read"}],"expires_at":%q}`,
					time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339)))
			require.Equal(t, http.StatusCreated, status, body)
			id := body[strings.Index(body, `"id":"`)+6:]
			id = id[:36]
			// The same user id acting in B (a member there too) must not see or revoke A's token.
			_, err = ids.AddMember(ctx, x.b.ID, u.ID, "owner")
			require.NoError(t, err)
			ownerInB := *ownerA
			ownerInB.OrganizationID = x.b.ID
			status, body = do2(t, x.s, &ownerInB, http.MethodGet, "/api/v1/me/api-tokens?include_revoked=true", "")
			require.Equal(t, http.StatusOK, status)
			assert.NotContains(t, body, id)
			status, _ = do2(t, x.s, &ownerInB, http.MethodPost, "/api/v1/me/api-tokens/"+id+"/revoke", "")
			assert.Equal(t, http.StatusNotFound, status)
			status, _ = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/me/api-tokens/"+id+"/revoke", "")
			assert.Equal(t, http.StatusNotFound, status)
		},
	},
}

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	for _, c := range isolationCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := testkit.NewServer(t)
			a := s.Organization("Alpha Org")
			b := s.Organization("Bravo Org")
			c.run(t, tenants{s: s, a: a, b: b, adminA: testkit.AdminOf(a.ID), adminB: testkit.AdminOf(b.ID)})
		})
	}
}

func TestEveryOperationIsIsolationClassified(t *testing.T) {
	contract, err := app.LoadContract()
	require.NoError(t, err)
	covered := map[string]string{}
	for _, c := range isolationCases {
		for _, op := range c.ops {
			covered[op] = c.name
		}
	}
	for id := range contract.Ops {
		_, isCovered := covered[id]
		_, isExempt := isolationExempt[id]
		assert.True(t, isCovered || isExempt,
			"operation %s is neither covered by a tenant-isolation case nor exempt with a reason", id)
		assert.False(t, isCovered && isExempt, "operation %s is both covered and exempt", id)
	}
	for id := range covered {
		_, ok := contract.Ops[id]
		assert.True(t, ok, "isolation case names unknown operation %s", id)
	}
}
