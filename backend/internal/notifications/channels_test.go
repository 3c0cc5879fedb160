package notifications_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// chat is a Slack-compatible incoming-webhook receiver.
type chat struct {
	*httptest.Server
	mu  sync.Mutex
	got []chatPost
}

type chatPost struct {
	path string
	body map[string]any
	raw  string
}

func newChat(t *testing.T) *chat {
	c := &chat{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		c.mu.Lock()
		c.got = append(c.got, chatPost{path: r.URL.Path, body: m, raw: string(b)})
		c.mu.Unlock()
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *chat) posts() []chatPost {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]chatPost(nil), c.got...)
}

func TestSlackEndpointsGetReadableMessagesAndKeepTheirURLSecret(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"), testkit.WithEnv("OPSDECK_WEBHOOK_ALLOW_PRIVATE", "true"),
		testkit.WithEnv("OPSDECK_PUBLIC_URL", "https://opsdeck.acme.example"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	ctx := context.Background()
	c := newChat(t)
	rcv := newReceiver(t)
	const token = "T0001/B0002/s3cr3tT0k3nV4lu3"

	r := call(t, s, admin, http.MethodPost, "/api/v1/webhooks",
		fmt.Sprintf(`{"name":"#ops-alerts","kind":"slack","url":"%s/services/%s","events":["jobs.job_failed"]}`, c.URL, token))
	require.Equal(t, http.StatusCreated, r.status, r.raw)
	assert.Nil(t, r.body["secret"], "a Slack endpoint has no signing secret")
	ep := r.body["webhook"].(map[string]any)
	id := ep["id"].(string)
	assert.Equal(t, "slack", ep["kind"])
	assert.Equal(t, c.URL+"/services/…", ep["url"], "shown redacted")
	assert.NotContains(t, r.raw, "s3cr3t")
	// A standard endpoint on the same event, to prove channels pick the kind.
	std := call(t, s, admin, http.MethodPost, "/api/v1/webhooks", fmt.Sprintf(`{"name":"SIEM","url":%q,"events":["*"]}`, rcv.URL))
	require.Equal(t, http.StatusCreated, std.status, std.raw)
	assert.Equal(t, "standard", std.body["webhook"].(map[string]any)["kind"])

	// Stored encrypted; never in the audit trail; never in a read or a list.
	var url, sealed, audited string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT url, url_sealed FROM webhook_endpoints WHERE id = $1", id).Scan(&url, &sealed))
	assert.NotContains(t, url+sealed, "s3cr3t")
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT coalesce(string_agg(changes::text, ' '), '') FROM audit_events WHERE entity_id = $1", id).Scan(&audited))
	assert.NotContains(t, audited, "s3cr3t")
	assert.NotContains(t, audited, sealed)
	assert.NotContains(t, call(t, s, admin, http.MethodGet, "/api/v1/webhooks", "").raw, "s3cr3t")
	rot := call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/rotate-secret", "")
	assert.Equal(t, http.StatusConflict, rot.status, rot.raw)
	assert.Equal(t, "application/problem+json", rot.header.Get("Content-Type"))

	// The test button posts a readable message with a button back to OpsDeck.
	tr := call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/test", "")
	require.Equal(t, http.StatusAccepted, tr.status, tr.raw)
	waitJob(t, s, admin, int64(tr.body["job_id"].(float64)), "completed")
	posts := c.posts()
	require.Len(t, posts, 1)
	assert.Equal(t, "/services/"+token, posts[0].path)
	assert.Contains(t, posts[0].body["text"], "OpsDeck test: #ops-alerts")
	assert.Contains(t, posts[0].raw, "https://opsdeck.acme.example/webhooks/"+id)

	// Events go to Slack endpoints only when the organisation picks the slack channel for the event.
	failJob := func() {
		require.NoError(t, s.App.Notify.JobFailed(ctx, jobs.Failed{ID: 9, Kind: "reports.export", Attempt: 8, Error: "disk <full>",
			Metadata: jobs.Metadata{OrganizationID: org.ID, ActorKind: "system"}}))
	}
	failJob() // defaults: in_app + webhook → the standard endpoint only
	require.Eventually(t, func() bool { return len(rcv.received()) == 1 }, 20*time.Second, 50*time.Millisecond)
	p := call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", `{"enabled":true,"channels":["slack"]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	failJob() // slack only
	require.Eventually(t, func() bool { return len(c.posts()) == 2 }, 20*time.Second, 50*time.Millisecond)
	assert.Contains(t, c.posts()[1].body["text"], "disk &lt;full&gt;", "Slack's mrkdwn is escaped")
	time.Sleep(300 * time.Millisecond)
	assert.Len(t, rcv.received(), 1, "the standard endpoint got nothing more")

	// A new URL replaces the old one (encrypted again).
	etag := call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id, "").header.Get("ETag")
	u := call(t, s, admin, http.MethodPatch, "/api/v1/webhooks/"+id, fmt.Sprintf(`{"url":"%s/services/T9/B9/n3wT0k3n"}`, c.URL), "If-Match", etag)
	require.Equal(t, http.StatusOK, u.status, u.raw)
	assert.NotContains(t, u.raw, "n3wT0k3n")
	tr = call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/test", "")
	waitJob(t, s, admin, int64(tr.body["job_id"].(float64)), "completed")
	assert.Equal(t, "/services/T9/B9/n3wT0k3n", c.posts()[len(c.posts())-1].path)

	// The organisation-wide delivery log shows every channel, filtered.
	log := call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?channel=slack", "")
	require.Equal(t, http.StatusOK, log.status, log.raw)
	assert.EqualValues(t, 3, log.body["total"])
	row := log.body["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "slack", row["channel"])
	assert.Equal(t, id, row["endpoint_id"])
	assert.NotContains(t, log.raw, "T0k3n", "targets are redacted")
	all := call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries", "")
	assert.EqualValues(t, 4, all.body["total"], "three Slack posts and one signed webhook")
	ev := call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?event=jobs.job_failed&outcome=succeeded", "")
	assert.EqualValues(t, 2, ev.body["total"])
	// Bad filters are refused; another organisation sees none of it.
	assert.Equal(t, http.StatusBadRequest, call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?channel=pigeon", "").status)
	assert.Equal(t, http.StatusBadRequest, call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?sort=target", "").status)
	other := s.Organization("Other Org")
	assert.EqualValues(t, 0, call(t, s, testkit.AdminOf(other.ID), http.MethodGet, "/api/v1/notification-deliveries", "").body["total"])
	// Kind is checked.
	bad := call(t, s, admin, http.MethodPost, "/api/v1/webhooks", fmt.Sprintf(`{"name":"x","kind":"teams","url":%q,"events":["*"]}`, rcv.URL))
	assert.Equal(t, http.StatusBadRequest, bad.status, bad.raw)
}

func TestEmailAttemptsAreInTheDeliveryLog(t *testing.T) {
	t.Parallel()
	srv, opts := smtpWith(t, smtpmock.ConfigurationAttr{BlacklistedRcpttoEmails: []string{"gone@acme.example"},
		MsgRcpttoBlacklistedEmail: "550 5.1.1 No such mailbox"})
	s := testkit.NewServer(t, opts...)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	for _, email := range []string{"odile@acme.example", "gone@acme.example"} {
		u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: email})
		require.NoError(t, err)
		_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "administrator")
		require.NoError(t, err)
	}
	admin := testkit.AdminOf(org.ID)
	p := call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", `{"enabled":true,"channels":["email"],"recipient_role_ids":[]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	var role string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM roles WHERE organization_id = $1 AND builtin_key = 'administrator'", org.ID).Scan(&role))
	p = call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/jobs.job_failed", `{"enabled":true,"channels":["email"],"recipient_role_ids":["`+role+`"]}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	require.NoError(t, s.App.Notify.JobFailed(ctx, jobs.Failed{ID: 5, Kind: "reports.export", Attempt: 8, Error: "x",
		Metadata: jobs.Metadata{OrganizationID: org.ID, ActorKind: "system"}}))
	require.Eventually(t, func() bool { return len(mailTo(srv, "odile@acme.example")) == 1 }, 15*time.Second, 50*time.Millisecond)

	var log reply
	require.Eventually(t, func() bool {
		log = call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?channel=email", "")
		return log.body["total"] == 2.0
	}, 15*time.Second, 50*time.Millisecond, "one attempt per recipient")
	byTarget := map[string]map[string]any{}
	for _, it := range log.body["items"].([]any) {
		row := it.(map[string]any)
		byTarget[row["target"].(string)] = row
	}
	require.Contains(t, byTarget, "odile@acme.example")
	assert.Equal(t, true, byTarget["odile@acme.example"]["succeeded"])
	assert.Equal(t, "jobs.job_failed", byTarget["odile@acme.example"]["event"])
	assert.Nil(t, byTarget["odile@acme.example"]["endpoint_id"])
	require.Contains(t, byTarget, "gone@acme.example")
	assert.Equal(t, false, byTarget["gone@acme.example"]["succeeded"], "a refused mailbox is a failed attempt")
	assert.EqualValues(t, 550, byTarget["gone@acme.example"]["status_code"])
	assert.NotEmpty(t, byTarget["gone@acme.example"]["error"])
	q := call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?q=ODILE&outcome=succeeded", "")
	assert.EqualValues(t, 1, q.body["total"], "search is case-insensitive on the target")
	q = call(t, s, admin, http.MethodGet, "/api/v1/notification-deliveries?q=%25", "")
	assert.EqualValues(t, 0, q.body["total"], "LIKE wildcards are literal")
	// The permanent refusal ended its job (no retry storm).
	var attempts int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM notification_deliveries WHERE target = 'gone@acme.example'").Scan(&attempts))
	assert.Equal(t, 1, attempts)
}

func TestDailyDigestListsUnreadNotifications(t *testing.T) {
	t.Parallel()
	srv, opts := smtp(t)
	s := testkit.NewServer(t, opts...)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	mk := func(email, locale string) *reqctx.Principal {
		u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: email})
		require.NoError(t, err)
		_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "editor")
		require.NoError(t, err)
		_, err = s.DB.Pool.Exec(ctx, "UPDATE users SET locale = $2 WHERE id = $1", u.ID, locale)
		require.NoError(t, err)
		return &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, OrganizationID: org.ID, Levels: map[string]reqctx.Level{}}
	}
	busy, idle := mk("busy@acme.example", "fr"), mk("idle@acme.example", "en")
	end := time.Now().UTC().Truncate(time.Minute)
	insert := func(user, title string, at time.Time, read bool) {
		var readAt any
		if read {
			readAt = at
		}
		_, err := s.DB.Pool.Exec(ctx, `INSERT INTO notifications (id, organization_id, user_id, event, title, created_at, read_at)
			VALUES (gen_random_uuid(), $1, $2, 'jobs.job_failed', $3, $4, $5)`, org.ID, user, title, at, readAt)
		require.NoError(t, err)
	}
	insert(busy.ID, "Export <b>failed</b>", end.Add(-2*time.Hour), false)
	insert(busy.ID, "Purge failed", end.Add(-20*time.Hour), false)
	insert(busy.ID, "Already read", end.Add(-3*time.Hour), true)
	insert(busy.ID, "Too old", end.Add(-30*time.Hour), false)
	insert(idle.ID, "Read it", end.Add(-1*time.Hour), true)
	for i := range 25 {
		insert(idle.ID, fmt.Sprintf("Flood %02d", i), end.Add(-time.Duration(30+i)*time.Hour), false) // all outside the window
	}

	orgCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "job:1", Kind: reqctx.KindSystem, OrganizationID: org.ID})
	n, err := s.App.Notify.SendDigests(orgCtx, end.Add(-24*time.Hour), end)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the person with unread notifications of the period")
	var mails []string
	require.Eventually(t, func() bool { mails = mailTo(srv, "busy@acme.example"); return len(mails) == 1 }, 15*time.Second, 50*time.Millisecond)
	assert.Contains(t, mails[0], "2 notifications non lues", "in the recipient's language")
	assert.Contains(t, mails[0], "Purge failed")
	assert.Contains(t, mails[0], "Export &lt;b&gt;failed&lt;/b&gt;", "escaped in HTML")
	assert.NotContains(t, mails[0], "Already read")
	assert.NotContains(t, mails[0], "Too old")
	assert.Contains(t, mails[0], "https://opsdeck.acme.example/notifications")
	assert.Empty(t, mailTo(srv, "idle@acme.example"))

	// More than 20: the newest 20 and a count of the rest.
	n, err = s.App.Notify.SendDigests(orgCtx, end.Add(-60*time.Hour), end.Add(-24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	require.Eventually(t, func() bool { mails = mailTo(srv, "idle@acme.example"); return len(mails) == 1 }, 15*time.Second, 50*time.Millisecond)
	assert.Contains(t, mails[0], "25 unread notifications")
	assert.Contains(t, mails[0], "and 5 more")
	assert.Contains(t, mails[0], "Flood 00")
	assert.NotContains(t, mails[0], "Flood 24")

	// The organisation turns the digest off: nothing.
	admin := testkit.AdminOf(org.ID)
	p := call(t, s, admin, http.MethodPut, "/api/v1/notification-settings/"+notifications.EventDigest, `{"enabled":false,"channels":["email"]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	n, err = s.App.Notify.SendDigests(orgCtx, end.Add(-24*time.Hour), end)
	require.NoError(t, err)
	assert.Zero(t, n)

	// The schedule is declared: one job per organisation and period, unique.
	sched := notifications.DigestSchedule()
	args := sched.Args(org.ID, end).(notifications.DigestArgs)
	assert.Equal(t, org.ID, args.Organization)
	assert.True(t, strings.HasPrefix(sched.Spec, "0 7 "))
}
