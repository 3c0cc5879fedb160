package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"
)

// Outgoing webhooks follow Standard Webhooks (https://www.standardwebhooks.com/): every request carries
//
//	webhook-id:        msg_… (the same on every retry: receivers deduplicate on it)
//	webhook-timestamp: Unix seconds of this attempt
//	webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")> [v1,<…> …]
//
// where key is the base64-decoded part of a secret "whsec_<base64>". During a secret rotation the old secret stays
// active for a grace period and the request carries one signature per active secret, so receivers can switch at
// their pace.

// Standard Webhooks header names.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// SecretPrefix starts every webhook signing secret.
const SecretPrefix = "whsec_"

// DefaultTolerance is how far a webhook's timestamp may be from the receiver's clock (either way).
const DefaultTolerance = 5 * time.Minute

// Limits on what Verify accepts, so a hostile request cannot make it work hard.
const (
	maxSignatureHeader = 4096
	maxSignatures      = 32
	maxWebhookID       = 256
	minSecretBytes     = 24
	maxSecretBytes     = 64
)

// Webhook errors; Verify's errors wrap one of them.
var (
	ErrInvalidSecret     = errors.New("notify: webhook secret must be whsec_ followed by base64 of 24 to 64 bytes")
	ErrWebhookHeaders    = errors.New("notify: missing or malformed webhook headers")
	ErrWebhookTimestamp  = errors.New("notify: webhook timestamp outside the tolerance")
	ErrWebhookSignature  = errors.New("notify: no webhook signature matches")
	ErrNoSigningSecret   = errors.New("notify: the webhook endpoint has no active signing secret")
	ErrWebhookEventEmpty = errors.New("notify: a webhook notification needs an event type")
)

// NewSecret returns a fresh signing secret: whsec_ and 32 random bytes in base64.
func NewSecret() (string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(key), nil
}

// ValidateSecret checks the form of a signing secret (e.g. one an administrator pastes).
func ValidateSecret(secret string) error {
	_, err := secretKey(secret)
	return err
}

func secretKey(secret string) ([]byte, error) {
	enc, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, ErrInvalidSecret
	}
	key, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(key) < minSecretBytes || len(key) > maxSecretBytes {
		return nil, ErrInvalidSecret
	}
	return key, nil
}

// SigningSecret is one secret of an endpoint, with the end of its validity during a rotation.
type SigningSecret struct {
	Secret string `json:"secret"`
	// NotAfter ends the secret's grace period; zero: current secret, no end.
	NotAfter time.Time `json:"not_after,omitzero"`
}

// ActiveAt reports whether the secret still signs at t.
func (s SigningSecret) ActiveAt(t time.Time) bool { return s.NotAfter.IsZero() || t.Before(s.NotAfter) }

// ActiveSecrets returns the secrets that sign at now, newest first as given.
func ActiveSecrets(secrets []SigningSecret, now time.Time) []string {
	var out []string
	for _, s := range secrets {
		if s.ActiveAt(now) {
			out = append(out, s.Secret)
		}
	}
	return out
}

// RotateSecrets starts a rotation: it returns a new secret and the endpoint's new list, in which the new secret comes
// first, the secrets that had no end get one grace period from now, and expired secrets are gone.
func RotateSecrets(current []SigningSecret, grace time.Duration, now time.Time) (string, []SigningSecret, error) {
	fresh, err := NewSecret()
	if err != nil {
		return "", nil, err
	}
	next := []SigningSecret{{Secret: fresh}}
	end := now.Add(grace)
	for _, s := range current {
		if !s.ActiveAt(now) {
			continue
		}
		if s.NotAfter.IsZero() || s.NotAfter.After(end) {
			s.NotAfter = end
		}
		next = append(next, s)
	}
	return fresh, next, nil
}

// Sign returns one signature, "v1,<base64>", of a webhook.
func Sign(secret, id string, timestamp time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, timestamp.Unix(), body)), nil
}

// SignatureHeader returns the webhook-signature value: one signature per secret, space-separated.
func SignatureHeader(secrets []string, id string, timestamp time.Time, body []byte) (string, error) {
	if len(secrets) == 0 {
		return "", ErrNoSigningSecret
	}
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		sig, err := Sign(s, id, timestamp, body)
		if err != nil {
			return "", err
		}
		sigs = append(sigs, sig)
	}
	return strings.Join(sigs, " "), nil
}

// SetWebhookHeaders sets the three Standard Webhooks headers of a request.
func SetWebhookHeaders(h http.Header, secrets []string, id string, timestamp time.Time, body []byte) error {
	sig, err := SignatureHeader(secrets, id, timestamp, body)
	if err != nil {
		return err
	}
	h.Set(HeaderWebhookID, id)
	h.Set(HeaderWebhookTimestamp, strconv.FormatInt(timestamp.Unix(), 10))
	h.Set(HeaderWebhookSignature, sig)
	return nil
}

func mac(key []byte, id string, unix int64, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id))
	h.Write([]byte{'.'})
	h.Write(strconv.AppendInt(nil, unix, 10))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Signature is one entry of a webhook-signature header.
type Signature struct {
	Version string
	Value   []byte
}

// ParseSignatureHeader splits a webhook-signature value into its signatures. Entries it does not understand (another
// version's encoding, garbage) are skipped, so new versions can be added beside v1; it fails only on a value too long,
// with too many entries, or with no entry at all.
func ParseSignatureHeader(value string) ([]Signature, error) {
	if len(value) > maxSignatureHeader {
		return nil, fmt.Errorf("%w: signature header longer than %d bytes", ErrWebhookHeaders, maxSignatureHeader)
	}
	fields := strings.Fields(value)
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: empty signature header", ErrWebhookHeaders)
	}
	if len(fields) > maxSignatures {
		return nil, fmt.Errorf("%w: more than %d signatures", ErrWebhookHeaders, maxSignatures)
	}
	var out []Signature
	for _, f := range fields {
		version, enc, ok := strings.Cut(f, ",")
		if !ok || version == "" {
			continue
		}
		v, err := base64.StdEncoding.DecodeString(enc)
		if err != nil || len(v) == 0 {
			continue
		}
		out = append(out, Signature{Version: version, Value: v})
	}
	return out, nil
}

// Verify checks a received webhook against the receiver's secrets (several during a rotation), with the default
// tolerance on the timestamp.
func Verify(secrets []string, h http.Header, body []byte) error {
	return VerifyAt(secrets, h, body, time.Now(), DefaultTolerance)
}

// VerifyAt is Verify with the receiver's clock and tolerance given.
func VerifyAt(secrets []string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	keys := make([][]byte, 0, len(secrets))
	for _, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return err
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return ErrNoSigningSecret
	}
	id, tsText, sigText := h.Get(HeaderWebhookID), h.Get(HeaderWebhookTimestamp), h.Get(HeaderWebhookSignature)
	if id == "" || len(id) > maxWebhookID || strings.ContainsAny(id, " \t\r\n") {
		return fmt.Errorf("%w: webhook-id", ErrWebhookHeaders)
	}
	ts, err := parseUnixSeconds(tsText)
	if err != nil {
		return err
	}
	if delta := now.Unix() - ts; delta > int64(tolerance/time.Second) || -delta > int64(tolerance/time.Second) {
		return fmt.Errorf("%w (%d s from now)", ErrWebhookTimestamp, -delta)
	}
	sigs, err := ParseSignatureHeader(sigText)
	if err != nil {
		return err
	}
	for _, key := range keys {
		want := mac(key, id, ts, body)
		for _, s := range sigs {
			if s.Version == "v1" && hmac.Equal(s.Value, want) {
				return nil
			}
		}
	}
	return ErrWebhookSignature
}

// parseUnixSeconds accepts only plain decimal digits (no sign, no spaces), as Standard Webhooks sends.
func parseUnixSeconds(s string) (int64, error) {
	if s == "" || len(s) > 18 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%w: webhook-timestamp", ErrWebhookHeaders)
	}
	return strconv.ParseInt(s, 10, 64)
}

// WebhookSender posts notifications to webhook endpoints, signed, through an SSRF-safe client.
type WebhookSender struct {
	// Client must refuse private addresses: NewWebhookSender gives it NewSafeClient.
	Client *http.Client
	// Timeout bounds one attempt (default 10s).
	Timeout   time.Duration
	UserAgent string
	// Now is the clock (tests).
	Now func() time.Time
}

// NewWebhookSender returns a sender whose requests obey the address policy and follow no redirect.
func NewWebhookSender(p AddressPolicy) *WebhookSender {
	return &WebhookSender{Client: NewSafeClient(p, ClientOptions{Timeout: 10 * time.Second})}
}

// Channel is ChannelWebhook.
func (w *WebhookSender) Channel() Channel { return ChannelWebhook }

// Envelope is the JSON body of every webhook.
type Envelope struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Send posts n as an Envelope to n.To, signed with n's active secrets.
func (w *WebhookSender) Send(ctx context.Context, n Notification) (Delivery, error) {
	now := w.now()
	if n.ID == "" {
		n.ID = NewMessageID()
	}
	d := Delivery{Channel: ChannelWebhook, Target: RedactURL(n.To), MessageID: n.ID, StartedAt: now}
	if n.Event == "" {
		return d.fail(ErrWebhookEventEmpty, false)
	}
	occurred := n.OccurredAt
	if occurred.IsZero() {
		occurred = now
	}
	data := n.Payload
	if len(data) == 0 {
		data = json.RawMessage("{}")
	}
	body, err := json.Marshal(Envelope{Type: n.Event, Timestamp: occurred.UTC(), Data: data})
	if err != nil {
		return d.fail(fmt.Errorf("notify: webhook payload: %w", err), false)
	}
	return w.Post(ctx, n.To, n.ID, body, ActiveSecrets(n.Secrets, now))
}

// Post sends body, already JSON, to url as webhook id, signed with every secret given.
func (w *WebhookSender) Post(ctx context.Context, url, id string, body []byte, secrets []string) (Delivery, error) {
	now := w.now()
	d := Delivery{Channel: ChannelWebhook, Target: RedactURL(url), MessageID: id, StartedAt: now}
	h := http.Header{}
	if err := SetWebhookHeaders(h, secrets, id, now, body); err != nil {
		return d.fail(err, false)
	}
	return postJSON(ctx, w.Client, w.timeout(), w.userAgent(), url, h, body, d)
}

func (w *WebhookSender) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

func (w *WebhookSender) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return 10 * time.Second
}

func (w *WebhookSender) userAgent() string {
	if w.UserAgent != "" {
		return w.UserAgent
	}
	return "OpsDeck-Webhooks/1"
}

// NewMessageID returns a random webhook id in the msg_ form of Standard Webhooks.
func NewMessageID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "msg_" + base64.RawURLEncoding.EncodeToString(b)
}

// postJSON sends one request and fills the delivery: status, duration, a response excerpt, whether to retry.
func postJSON(ctx context.Context, client *http.Client, timeout time.Duration, userAgent, url string, h http.Header,
	body []byte, d Delivery) (Delivery, error) {
	if _, err := CheckURL(url); err != nil {
		return d.fail(err, false)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return d.fail(fmt.Errorf("notify: %w", ErrBadURL), false)
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		d.Duration = time.Since(start)
		// Refused addresses and malformed URLs stay refused; everything else (DNS, connection, TLS, timeout) may pass
		// later.
		permanent := errors.Is(err, ErrBlockedAddress) || errors.Is(err, ErrBadURL)
		return d.fail(fmt.Errorf("notify: post to %s: %w", d.Target, unwrapURLError(err)), !permanent)
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponseExcerpt+1))
	// Drain a little more so the connection can be reused; a huge answer is cut off by closing.
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	d.Duration = time.Since(start)
	d.StatusCode = resp.StatusCode
	d.Response = excerpt(head, MaxResponseExcerpt)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return d, nil
	}
	retryable := RetryableStatus(resp.StatusCode)
	if retryable {
		d.RetryAfter = ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	msg := fmt.Sprintf("notify: %s answered %d %s", d.Target, resp.StatusCode, http.StatusText(resp.StatusCode))
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		msg += " (redirects are not followed)"
	}
	return d.fail(&StatusError{Code: resp.StatusCode, msg: msg}, retryable)
}

// StatusError is a non-2xx answer of a receiver.
type StatusError struct {
	Code int
	msg  string
}

func (e *StatusError) Error() string { return e.msg }

// unwrapURLError drops *url.Error's "Post "<full URL>":" prefix, which would put the URL's secrets in logs.
func unwrapURLError(err error) error {
	if ue, ok := errors.AsType[*neturl.Error](err); ok {
		return ue.Err
	}
	return err
}

// RetryableStatus reports whether an HTTP status is worth another attempt: 408, 429 and 5xx.
func RetryableStatus(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
}

// maxRetryAfter caps a receiver's Retry-After so one answer cannot park a job for ever.
const maxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After header (seconds or an HTTP date), 0 when absent or invalid, at most 24h.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
