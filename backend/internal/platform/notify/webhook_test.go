package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

// loopbackOnly is the allow-list tests use to reach their httptest servers: exactly 127.0.0.1, nothing else private.
var loopbackOnly = notify.AddressPolicy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}

type receivedHook struct {
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint that verifies every request with notify.Verify, as an integrator would.
type receiver struct {
	mu      sync.Mutex
	secrets []string
	got     []receivedHook
	errs    []error
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.got = append(rc.got, receivedHook{r.Header.Clone(), body})
	if err := notify.Verify(rc.secrets, r.Header, body); err != nil {
		rc.errs = append(rc.errs, err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	rc.errs = append(rc.errs, nil)
	w.WriteHeader(http.StatusNoContent)
}

func TestWebhookSignedAndVerifiedByTheReceiver(t *testing.T) {
	t.Parallel()
	secret, err := notify.NewSecret()
	require.NoError(t, err)
	rc := &receiver{secrets: []string{secret}}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)

	sender := notify.NewWebhookSender(loopbackOnly)
	n := notify.Notification{ID: "msg_2kQ7", Channel: notify.ChannelWebhook, To: srv.URL + "/hooks/opsdeck?token=abc",
		Event: "incident.created", OccurredAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		Payload: json.RawMessage(`{"id":"0195","title":"Phishing"}`), Secrets: []notify.SigningSecret{{Secret: secret}}}
	d, err := sender.Send(context.Background(), n)
	require.NoError(t, err, d.Error)
	assert.Equal(t, http.StatusNoContent, d.StatusCode)
	assert.Equal(t, "msg_2kQ7", d.MessageID)
	assert.NotContains(t, d.Target, "token", "no query string in the delivery log")
	assert.Positive(t, d.Duration)

	require.Len(t, rc.got, 1)
	require.NoError(t, rc.errs[0])
	h := rc.got[0]
	assert.Equal(t, "msg_2kQ7", h.header.Get("webhook-id"))
	assert.Equal(t, "application/json", h.header.Get("Content-Type"))
	ts, err := strconv.ParseInt(h.header.Get("webhook-timestamp"), 10, 64)
	require.NoError(t, err)
	assert.InDelta(t, time.Now().Unix(), ts, 5)
	assert.True(t, strings.HasPrefix(h.header.Get("webhook-signature"), "v1,"))
	var env notify.Envelope
	require.NoError(t, json.Unmarshal(h.body, &env))
	assert.Equal(t, "incident.created", env.Type)
	assert.Equal(t, "2026-03-01T09:30:00Z", env.Timestamp.Format(time.RFC3339))
	assert.JSONEq(t, `{"id":"0195","title":"Phishing"}`, string(env.Data))

	// The receiver's check rejects a tampered body, a replayed old request and a wrong secret.
	other, _ := notify.NewSecret()
	assert.ErrorIs(t, notify.Verify([]string{secret}, h.header, append(h.body[:len(h.body):len(h.body)], ' ')), notify.ErrWebhookSignature)
	assert.ErrorIs(t, notify.VerifyAt([]string{secret}, h.header, h.body, time.Unix(ts, 0).Add(6*time.Minute), notify.DefaultTolerance),
		notify.ErrWebhookTimestamp)
	assert.ErrorIs(t, notify.VerifyAt([]string{secret}, h.header, h.body, time.Unix(ts, 0).Add(-6*time.Minute), notify.DefaultTolerance),
		notify.ErrWebhookTimestamp, "from the future")
	assert.ErrorIs(t, notify.Verify([]string{other}, h.header, h.body), notify.ErrWebhookSignature)
	forged := h.header.Clone()
	forged.Set("webhook-id", "msg_other")
	assert.ErrorIs(t, notify.Verify([]string{secret}, forged, h.body), notify.ErrWebhookSignature, "the id is signed")
}

func TestWebhookTamperedInTransitIsRejected(t *testing.T) {
	t.Parallel()
	secret, _ := notify.NewSecret()
	rc := &receiver{secrets: []string{secret}}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	// A man in the middle that rewrites the body; and one that replays a request signed 10 minutes ago.
	body := []byte(`{"type":"risk.updated","timestamp":"2026-03-01T00:00:00Z","data":{"score":3}}`)
	h := http.Header{}
	require.NoError(t, notify.SetWebhookHeaders(h, []string{secret}, "msg_1", time.Now(), body))
	post := func(h http.Header, body string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header = h
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusNoContent, post(h, string(body)))
	assert.Equal(t, http.StatusUnauthorized, post(h, strings.Replace(string(body), `"score":3`, `"score":1`, 1)))
	old := http.Header{}
	require.NoError(t, notify.SetWebhookHeaders(old, []string{secret}, "msg_2", time.Now().Add(-10*time.Minute), body))
	assert.Equal(t, http.StatusUnauthorized, post(old, string(body)))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	assert.ErrorIs(t, rc.errs[1], notify.ErrWebhookSignature)
	assert.ErrorIs(t, rc.errs[2], notify.ErrWebhookTimestamp)
}

func TestWebhookSecretRotation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	oldSecret, _ := notify.NewSecret()
	newSecret, secrets, err := notify.RotateSecrets([]notify.SigningSecret{{Secret: oldSecret}}, 24*time.Hour, now)
	require.NoError(t, err)
	require.Len(t, secrets, 2)
	assert.Equal(t, newSecret, secrets[0].Secret)
	assert.True(t, secrets[0].NotAfter.IsZero())
	assert.Equal(t, now.Add(24*time.Hour), secrets[1].NotAfter)

	// During the grace period both sign: a receiver that knows either accepts the request.
	active := notify.ActiveSecrets(secrets, now.Add(time.Hour))
	require.Equal(t, []string{newSecret, oldSecret}, active)
	body := []byte(`{"type":"ping"}`)
	h := http.Header{}
	require.NoError(t, notify.SetWebhookHeaders(h, active, "msg_r", now, body))
	assert.Len(t, strings.Fields(h.Get("webhook-signature")), 2)
	for _, receiverSecrets := range [][]string{{oldSecret}, {newSecret}, {newSecret, oldSecret}} {
		assert.NoError(t, notify.VerifyAt(receiverSecrets, h, body, now, notify.DefaultTolerance))
	}

	// After it, the old secret no longer signs; a second rotation drops it.
	assert.Equal(t, []string{newSecret}, notify.ActiveSecrets(secrets, now.Add(25*time.Hour)))
	_, again, err := notify.RotateSecrets(secrets, time.Hour, now.Add(25*time.Hour))
	require.NoError(t, err)
	require.Len(t, again, 2)
	assert.Equal(t, newSecret, again[1].Secret)

	// A notification whose secrets have all expired is not sent unsigned.
	d, err := notify.NewWebhookSender(loopbackOnly).Send(context.Background(), notify.Notification{To: "http://127.0.0.1:1/",
		Event: "ping", Secrets: []notify.SigningSecret{{Secret: oldSecret, NotAfter: now}}})
	require.ErrorIs(t, err, notify.ErrNoSigningSecret)
	assert.False(t, d.Retryable)
}

func TestSignMatchesTheStandardWebhooksReference(t *testing.T) {
	t.Parallel()
	// Test vector of the Standard Webhooks reference implementations (svix/standard-webhooks test suites).
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	sig, err := notify.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	require.NoError(t, err)
	assert.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig)
	require.ErrorIs(t, notify.ValidateSecret("whsec_tooshort"), notify.ErrInvalidSecret)
	require.ErrorIs(t, notify.ValidateSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), notify.ErrInvalidSecret)
}

func TestWebhookRetryClassification(t *testing.T) {
	t.Parallel()
	secret, _ := notify.NewSecret()
	var status int
	var retryAfter string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(strings.Repeat("é", 2000))) // 4000 bytes
	}))
	t.Cleanup(srv.Close)
	sender := notify.NewWebhookSender(loopbackOnly)
	n := notify.Notification{To: srv.URL, Event: "ping", Secrets: []notify.SigningSecret{{Secret: secret}}}
	for _, tc := range []struct {
		status     int
		retryAfter string
		retryable  bool
		wait       time.Duration
	}{
		{200, "", false, 0},
		{400, "", false, 0},
		{401, "", false, 0},
		{410, "", false, 0},
		{408, "", true, 0},
		{429, "120", true, 2 * time.Minute},
		{500, "", true, 0},
		{503, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), true, time.Hour},
		{503, "999999999", true, 24 * time.Hour},
	} {
		mu.Lock()
		status, retryAfter = tc.status, tc.retryAfter
		mu.Unlock()
		d, err := sender.Send(context.Background(), n)
		assert.Equal(t, tc.status, d.StatusCode)
		assert.Equal(t, tc.status < 300, err == nil, "status %d", tc.status)
		assert.Equal(t, tc.retryable, d.Retryable, "status %d", tc.status)
		assert.InDelta(t, tc.wait.Seconds(), d.RetryAfter.Seconds(), 2, "status %d", tc.status)
		assert.LessOrEqual(t, len(d.Response), notify.MaxResponseExcerpt)
		assert.Equal(t, strings.Repeat("é", 512), d.Response, "a valid UTF-8 excerpt of 1 KiB")
	}
}

func TestWebhookNetworkFailuresAreRetryable(t *testing.T) {
	t.Parallel()
	secret, _ := notify.NewSecret()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) }) // runs first: the handler returns, Close does not wait
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	sender := notify.NewWebhookSender(loopbackOnly)
	sender.Timeout = 200 * time.Millisecond
	for _, url := range []string{slow.URL, closedURL} {
		d, err := sender.Send(context.Background(), notify.Notification{To: url, Event: "ping",
			Secrets: []notify.SigningSecret{{Secret: secret}}})
		require.Error(t, err, url)
		assert.True(t, d.Retryable, url)
		assert.Zero(t, d.StatusCode)
	}
}

func TestWebhookRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	secret, _ := notify.NewSecret()
	var hit bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = true }))
	t.Cleanup(target.Close)
	redirector := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	t.Cleanup(redirector.Close)
	d, err := notify.NewWebhookSender(loopbackOnly).Send(context.Background(), notify.Notification{To: redirector.URL,
		Event: "ping", Secrets: []notify.SigningSecret{{Secret: secret}}})
	require.Error(t, err)
	assert.Equal(t, http.StatusTemporaryRedirect, d.StatusCode)
	assert.False(t, d.Retryable)
	assert.Contains(t, d.Error, "redirects are not followed")
	assert.False(t, hit)
}

func TestSendersRouteByChannel(t *testing.T) {
	t.Parallel()
	secret, _ := notify.NewSecret()
	rc := &receiver{secrets: []string{secret}}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	senders := notify.NewSenders(notify.NewWebhookSender(loopbackOnly), notify.NewSlackSender(loopbackOnly),
		notify.NewEmailSender(notify.NewMailer(plainSMTP(0))))
	d, err := senders.Send(context.Background(), notify.Notification{Channel: notify.ChannelWebhook, To: srv.URL,
		Event: "ping", Secrets: []notify.SigningSecret{{Secret: secret}}})
	require.NoError(t, err)
	assert.Equal(t, notify.ChannelWebhook, d.Channel)
	assert.True(t, strings.HasPrefix(d.MessageID, "msg_"), "a webhook id is made when the caller gives none")

	_, err = senders.Send(context.Background(), notify.Notification{Channel: "pager"})
	require.ErrorIs(t, err, notify.ErrUnknownChannel)

	// Secrets never reach job arguments.
	raw, err := json.Marshal(notify.Notification{Channel: notify.ChannelWebhook, Secrets: []notify.SigningSecret{{Secret: secret}}})
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "whsec_")
}
