package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Channel is a way of reaching someone.
type Channel string

// Channels OpsDeck sends through.
const (
	ChannelEmail   Channel = "email"
	ChannelWebhook Channel = "webhook"
	ChannelSlack   Channel = "slack"
)

// Notification is one message to one recipient on one channel, already rendered. The job engine stores it as job
// arguments and hands it to the channel's Sender; every attempt yields a Delivery to record.
type Notification struct {
	// ID identifies the notification across retries: it becomes the webhook-id (receivers deduplicate on it) and the
	// local part of the e-mail Message-ID. Empty: a random one per attempt.
	ID      string  `json:"id,omitempty"`
	Channel Channel `json:"channel"`
	// To is an e-mail address (email) or a URL (webhook, Slack). Webhook and Slack URLs can carry credentials: prefer
	// storing the endpoint's id in job arguments and filling To (and Secrets) when the job runs.
	To string `json:"to"`
	// Locale of the recipient (en, fr, de, nl), chosen by the caller; the e-mail says it in Content-Language.
	Locale  string `json:"locale,omitempty"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"`
	HTML    string `json:"html,omitempty"`
	// Link points to the record in OpsDeck (Slack shows it as a button).
	Link string `json:"link,omitempty"`
	// Event is the event type ("incident.created"): the webhook payload's "type".
	Event      string    `json:"event,omitempty"`
	OccurredAt time.Time `json:"occurred_at,omitzero"`
	// Payload is the webhook payload's "data" (a JSON value).
	Payload json.RawMessage `json:"payload,omitempty"`
	// Secrets sign webhooks. Never serialised: load them from the endpoint when the job runs.
	Secrets []SigningSecret `json:"-"`
}

// Delivery records one attempt to send a notification, for the delivery log. It never holds a secret: Target is the
// destination with credentials, query and most of the path removed.
type Delivery struct {
	Channel   Channel       `json:"channel"`
	Target    string        `json:"target"`
	MessageID string        `json:"message_id,omitempty"`
	StartedAt time.Time     `json:"started_at"`
	Duration  time.Duration `json:"duration"`
	// StatusCode is the HTTP status (webhook, Slack) or the SMTP reply code of a refusal (e-mail).
	StatusCode int `json:"status_code,omitempty"`
	// Response is the start of the receiver's answer, at most MaxResponseExcerpt bytes of valid UTF-8.
	Response string `json:"response,omitempty"`
	Error    string `json:"error,omitempty"`
	// Retryable says a later attempt may succeed (network error, timeout, 408, 429, 5xx, temporary SMTP refusal).
	Retryable bool `json:"retryable"`
	// RetryAfter is the receiver's Retry-After, when it sent one: wait at least this long.
	RetryAfter time.Duration `json:"retry_after,omitempty"`
}

// Succeeded reports whether the receiver accepted the notification.
func (d Delivery) Succeeded() bool { return d.Error == "" }

// MaxResponseExcerpt bounds Delivery.Response.
const MaxResponseExcerpt = 1024

// Sender sends notifications of one channel. Send always returns a Delivery describing the attempt; the error is
// non-nil when the notification was not accepted (and then Delivery.Error says why, Delivery.Retryable whether to try
// again).
type Sender interface {
	Channel() Channel
	Send(ctx context.Context, n Notification) (Delivery, error)
}

// ErrUnknownChannel is returned for a notification whose channel has no sender.
var ErrUnknownChannel = errors.New("notify: no sender for this channel")

// Senders routes notifications to the sender of their channel.
type Senders map[Channel]Sender

// NewSenders indexes senders by channel.
func NewSenders(senders ...Sender) Senders {
	out := Senders{}
	for _, s := range senders {
		out[s.Channel()] = s
	}
	return out
}

// Send sends n through the sender of its channel.
func (s Senders) Send(ctx context.Context, n Notification) (Delivery, error) {
	sender, ok := s[n.Channel]
	if !ok {
		d := Delivery{Channel: n.Channel, StartedAt: time.Now().UTC()}
		return d.fail(fmt.Errorf("%w: %q", ErrUnknownChannel, n.Channel), false)
	}
	return sender.Send(ctx, n)
}

// fail completes d with err and returns both, so senders end with `return d.fail(err, retryable)`.
func (d Delivery) fail(err error, retryable bool) (Delivery, error) {
	d.Error = err.Error()
	d.Retryable = retryable
	return d, err
}

// RedactURL keeps what identifies a destination in a log (scheme, host, first path segment) and drops what can be a
// credential (user info, the rest of the path, query, fragment): Slack and many chat webhooks put their secret in the
// path.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	out := u.Scheme + "://" + u.Host
	segments := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	if segments[0] != "" {
		out += "/" + segments[0]
		if len(segments) > 1 {
			out += "/…"
		}
	}
	return out
}

// excerpt returns at most max bytes of b as valid UTF-8: a character cut in two at the end is dropped, other invalid
// bytes become '?'.
func excerpt(b []byte, max int) string {
	if len(b) > max {
		b = b[:max]
		for range utf8.UTFMax - 1 {
			if r, size := utf8.DecodeLastRune(b); len(b) == 0 || r != utf8.RuneError || size != 1 {
				break
			}
			b = b[:len(b)-1]
		}
	}
	return strings.ToValidUTF8(string(b), "?")
}
