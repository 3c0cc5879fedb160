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
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type reply struct {
	status int
	body   map[string]any
	raw    string
	header http.Header
}

func call(t *testing.T, s *testkit.Server, p *reqctx.Principal, method, path, body string, hdr ...string) reply {
	t.Helper()
	r := s.Call(t, p, method, path, body, hdr...)
	return reply{status: r.Status, body: r.Body, raw: r.Raw, header: r.Header}
}

// receiver is a webhook receiver that verifies signatures with the secrets it is told.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	secrets  []string
	failNext atomic.Int32
	got      []received
}

type received struct {
	id       string
	verified bool
	body     map[string]any
	sigs     int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.failNext.Load() > 0 {
			r.failNext.Add(-1)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("busy, try later"))
			return
		}
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		sigs, _ := notify.ParseSignatureHeader(req.Header.Get("webhook-signature"))
		r.got = append(r.got, received{id: req.Header.Get("webhook-id"), body: m, sigs: len(sigs),
			verified: notify.Verify(r.secrets, req.Header, body) == nil})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func waitJob(t *testing.T, s *testkit.Server, p *reqctx.Principal, id int64, state string) {
	t.Helper()
	require.Eventually(t, func() bool {
		return call(t, s, p, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", id), "").body["state"] == state
	}, 20*time.Second, 100*time.Millisecond, "job %d never %s", id, state)
}

func TestWebhookEndpointsDeliverSignedMessagesWithRetriesAndALog(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"), testkit.WithEnv("OPSDECK_WEBHOOK_ALLOW_PRIVATE", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	rcv := newReceiver(t)

	r := call(t, s, admin, http.MethodPost, "/api/v1/webhooks",
		fmt.Sprintf(`{"name":"SIEM","url":%q,"events":["notifications.webhook_test","jobs.job_failed"]}`, rcv.URL))
	require.Equal(t, http.StatusCreated, r.status, r.raw)
	secret := r.body["secret"].(string)
	assert.True(t, strings.HasPrefix(secret, "whsec_"))
	id := r.body["webhook"].(map[string]any)["id"].(string)
	rcv.secrets = []string{secret}
	// The secret is never shown again, nor stored in clear, nor audited.
	g := call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id, "")
	require.Equal(t, http.StatusOK, g.status)
	assert.NotContains(t, g.raw, secret)
	var stored, audited string
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT secrets FROM webhook_endpoints WHERE id = $1", id).Scan(&stored))
	assert.NotContains(t, stored, strings.TrimPrefix(secret, "whsec_"))
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT coalesce(string_agg(changes::text, ' '), '') FROM audit_events WHERE entity_id = $1", id).Scan(&audited))
	assert.NotContains(t, audited, strings.TrimPrefix(secret, "whsec_"))
	assert.NotContains(t, audited, stored)

	// A test message: queued as a job, delivered signed, logged.
	rcv.failNext.Store(1) // the receiver is busy once: the job retries with the same webhook-id
	tr := call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/test", "")
	require.Equal(t, http.StatusAccepted, tr.status, tr.raw)
	waitJob(t, s, admin, int64(tr.body["job_id"].(float64)), "completed")
	got := rcv.received()
	require.Len(t, got, 1)
	assert.True(t, got[0].verified, "the signature verifies with the endpoint's secret")
	assert.Equal(t, "notifications.webhook_test", got[0].body["type"])
	log := call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id+"/deliveries", "")
	require.Equal(t, http.StatusOK, log.status, log.raw)
	items := log.body["items"].([]any)
	require.Len(t, items, 2)
	latest, first := items[0].(map[string]any), items[1].(map[string]any)
	assert.Equal(t, true, latest["succeeded"])
	assert.EqualValues(t, 204, latest["status_code"])
	assert.Equal(t, false, first["succeeded"])
	assert.EqualValues(t, 503, first["status_code"])
	assert.Equal(t, "busy, try later", first["response"])
	assert.Equal(t, latest["message_id"], first["message_id"], "a retry keeps the webhook-id")
	assert.Equal(t, got[0].id, latest["message_id"])
	failed := call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id+"/deliveries?outcome=failed", "")
	assert.EqualValues(t, 1, failed.body["total"])
	assert.Equal(t, "succeeded", call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id, "").body["last_status"])

	// Rotation: the new secret signs, and the old one still does for the grace period (two signatures).
	rot := call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/rotate-secret", "")
	require.Equal(t, http.StatusOK, rot.status, rot.raw)
	fresh := rot.body["secret"].(string)
	assert.NotEqual(t, secret, fresh)
	rcv.mu.Lock()
	rcv.secrets = []string{fresh}
	rcv.mu.Unlock()
	tr = call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/test", "")
	waitJob(t, s, admin, int64(tr.body["job_id"].(float64)), "completed")
	got = rcv.received()
	require.Len(t, got, 2)
	assert.True(t, got[1].verified, "verifies with the new secret")
	assert.Equal(t, 2, got[1].sigs, "old and new secrets both sign during the grace period")

	// A published event reaches subscribed endpoints; unsubscribed events do not.
	user := uuid.New()
	require.NoError(t, s.App.Notify.JobFailed(context.Background(), jobs.Failed{ID: 7, Kind: "demo.kind", Attempt: 3,
		Error: "boom", Metadata: jobs.Metadata{OrganizationID: org.ID, ActorID: user.String(), ActorKind: "api_token"}}))
	require.Eventually(t, func() bool { return len(rcv.received()) == 3 }, 20*time.Second, 100*time.Millisecond)
	assert.Equal(t, "jobs.job_failed", rcv.received()[2].body["type"])

	// Disabled: events no longer go out (but the test button still works).
	etag := call(t, s, admin, http.MethodGet, "/api/v1/webhooks/"+id, "").header.Get("ETag")
	u := call(t, s, admin, http.MethodPatch, "/api/v1/webhooks/"+id, `{"enabled":false}`, "If-Match", etag)
	require.Equal(t, http.StatusOK, u.status, u.raw)
	assert.Equal(t, http.StatusPreconditionFailed, call(t, s, admin, http.MethodPatch, "/api/v1/webhooks/"+id, `{"name":"X"}`, "If-Match", etag).status)
	var before, after int
	require.NoError(t, s.DB.Tx(reqctx.WithPrincipal(context.Background(), admin), func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT count(*) FROM river_job WHERE kind = 'notifications.webhook'").Scan(&before).Error; err != nil {
			return err
		}
		if err := s.App.Notify.Publish(tx, notifications.Message{Event: notifications.EventJobFailed, Title: "x"}); err != nil {
			return err
		}
		return tx.Raw("SELECT count(*) FROM river_job WHERE kind = 'notifications.webhook'").Scan(&after).Error
	}))
	assert.Equal(t, before, after, "a disabled endpoint gets no delivery")

	// Archived: nothing more, and it says so.
	a := call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/archive", "")
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, http.StatusConflict, call(t, s, admin, http.MethodPost, "/api/v1/webhooks/"+id+"/test", "").status)
	list := call(t, s, admin, http.MethodGet, "/api/v1/webhooks", "")
	assert.EqualValues(t, 0, list.body["total"])
	list = call(t, s, admin, http.MethodGet, "/api/v1/webhooks?include_archived=true", "")
	assert.EqualValues(t, 1, list.body["total"])
}

func TestWebhookEndpointValidation(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t) // private addresses not allowed (the default)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	for name, c := range map[string]struct {
		body   string
		status int
		field  string
	}{
		"loopback":          {`{"name":"a","url":"http://127.0.0.1:9/x","events":["*"]}`, http.StatusUnprocessableEntity, "blocked_address"},
		"localhost":         {`{"name":"a","url":"http://localhost:9/x","events":["*"]}`, http.StatusUnprocessableEntity, "blocked_address"},
		"cloud metadata":    {`{"name":"a","url":"http://169.254.169.254/latest","events":["*"]}`, http.StatusUnprocessableEntity, "blocked_address"},
		"private network":   {`{"name":"a","url":"https://10.1.2.3/hook","events":["*"]}`, http.StatusUnprocessableEntity, "blocked_address"},
		"not http":          {`{"name":"a","url":"ftp://example.org/x","events":["*"]}`, http.StatusBadRequest, "url"},
		"unknown event":     {`{"name":"a","url":"https://93.184.215.14/x","events":["nope.never"]}`, http.StatusUnprocessableEntity, "nope.never"},
		"bad event pattern": {`{"name":"a","url":"https://93.184.215.14/x","events":["DROP TABLE"]}`, http.StatusBadRequest, "events"},
		"no events":         {`{"name":"a","url":"https://93.184.215.14/x","events":[]}`, http.StatusBadRequest, "events"},
		"extra field":       {`{"name":"a","url":"https://93.184.215.14/x","events":["*"],"secret":"mine"}`, http.StatusBadRequest, "secret"},
	} {
		r := call(t, s, admin, http.MethodPost, "/api/v1/webhooks", c.body)
		assert.Equal(t, c.status, r.status, name+": "+r.raw)
		assert.Contains(t, r.raw, c.field, name)
	}
	assert.EqualValues(t, 0, call(t, s, admin, http.MethodGet, "/api/v1/webhooks?include_archived=true", "").body["total"], "nothing stored")
	// A viewer reads but cannot create.
	r := call(t, s, testkit.ViewerOf(org.ID), http.MethodPost, "/api/v1/webhooks", `{"name":"a","url":"https://93.184.215.14/x","events":["*"]}`)
	assert.Equal(t, http.StatusForbidden, r.status)
	// Duplicate names conflict.
	ok := call(t, s, admin, http.MethodPost, "/api/v1/webhooks", `{"name":"Intake","url":"https://93.184.215.14/x","events":["*"]}`)
	require.Equal(t, http.StatusCreated, ok.status, ok.raw)
	dup := call(t, s, admin, http.MethodPost, "/api/v1/webhooks", `{"name":"intake","url":"https://93.184.215.14/y","events":["*"]}`)
	assert.Equal(t, http.StatusConflict, dup.status, dup.raw)
}

func TestInAppInbox(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	mk := func(email string) *reqctx.Principal {
		u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: email})
		require.NoError(t, err)
		_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "employee")
		require.NoError(t, err)
		return &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, Name: email, OrganizationID: org.ID,
			Levels: map[string]reqctx.Level{}}
	}
	olivia, bob := mk("olivia@acme.example"), mk("bob@acme.example")
	oid, _ := uuid.Parse(olivia.ID)
	for i := range 3 {
		require.NoError(t, s.App.Notify.JobFailed(ctx, jobs.Failed{ID: int64(i + 1), Kind: "export", Attempt: 8, Error: "disk full",
			Metadata: jobs.Metadata{OrganizationID: org.ID, ActorID: oid.String(), ActorKind: "user"}}))
	}
	r := call(t, s, olivia, http.MethodGet, "/api/v1/me/notifications?limit=2", "")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.EqualValues(t, 3, r.body["unread"])
	assert.EqualValues(t, 3, r.body["total"])
	items := r.body["items"].([]any)
	require.Len(t, items, 2)
	first := items[0].(map[string]any)
	assert.Contains(t, first["body"], "disk full")
	assert.Equal(t, "/jobs?job=3", first["link"], "newest first")

	// Bob sees none of Olivia's and cannot mark them.
	assert.EqualValues(t, 0, call(t, s, bob, http.MethodGet, "/api/v1/me/notifications", "").body["total"])
	assert.Equal(t, http.StatusNotFound, call(t, s, bob, http.MethodPost, "/api/v1/me/notifications/"+first["id"].(string)+"/read", "").status)

	m := call(t, s, olivia, http.MethodPost, "/api/v1/me/notifications/"+first["id"].(string)+"/read", "")
	require.Equal(t, http.StatusOK, m.status, m.raw)
	assert.NotNil(t, m.body["read_at"])
	assert.EqualValues(t, 2, call(t, s, olivia, http.MethodGet, "/api/v1/me/notifications?unread=true", "").body["total"])
	all := call(t, s, olivia, http.MethodPost, "/api/v1/me/notifications/read-all", "")
	assert.EqualValues(t, 2, all.body["updated"])
	assert.EqualValues(t, 0, call(t, s, olivia, http.MethodGet, "/api/v1/me/notifications", "").body["unread"])
	// API tokens and the like have no inbox.
	tok := &reqctx.Principal{ID: "tok", Kind: reqctx.KindAPIToken, OrganizationID: org.ID, Levels: map[string]reqctx.Level{"administration": reqctx.LevelAdmin}}
	assert.Equal(t, http.StatusForbidden, call(t, s, tok, http.MethodGet, "/api/v1/me/notifications", "").status)

	ev := call(t, s, olivia, http.MethodGet, "/api/v1/notification-events", "")
	require.Equal(t, http.StatusOK, ev.status)
	assert.Contains(t, ev.raw, "jobs.job_failed")
}
