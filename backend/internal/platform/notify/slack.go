package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// SlackSender posts notifications to Slack incoming webhooks (and the Slack-compatible webhooks of Mattermost,
// Rocket.Chat and others) through an SSRF-safe client. The webhook URL is the credential: it never appears in a
// Delivery.
type SlackSender struct {
	// Client must refuse private addresses: NewSlackSender gives it NewSafeClient.
	Client *http.Client
	// Timeout bounds one attempt (default 10s).
	Timeout time.Duration
}

// NewSlackSender returns a sender whose requests obey the address policy and follow no redirect.
func NewSlackSender(p AddressPolicy) *SlackSender {
	return &SlackSender{Client: NewSafeClient(p, ClientOptions{Timeout: 10 * time.Second})}
}

// Channel is ChannelSlack.
func (s *SlackSender) Channel() Channel { return ChannelSlack }

// SlackMessage is the body of an incoming-webhook request: text is the notification fallback, blocks the layout.
type SlackMessage struct {
	Text   string       `json:"text"`
	Blocks []SlackBlock `json:"blocks,omitempty"`
}

// SlackBlock is a Block Kit block (the few kinds OpsDeck uses).
type SlackBlock struct {
	Type     string         `json:"type"`
	Text     *SlackText     `json:"text,omitempty"`
	Elements []SlackElement `json:"elements,omitempty"`
}

// SlackText is a Block Kit text object.
type SlackText struct {
	Type string `json:"type"` // plain_text or mrkdwn
	Text string `json:"text"`
}

// SlackElement is a Block Kit button.
type SlackElement struct {
	Type string     `json:"type"`
	Text *SlackText `json:"text"`
	URL  string     `json:"url"`
}

// Block Kit limits.
const (
	slackHeaderMax  = 150
	slackSectionMax = 3000
)

var openLabel = map[string]string{
	"en": "Open in OpsDeck", "fr": "Ouvrir dans OpsDeck", "de": "In OpsDeck öffnen", "nl": "Openen in OpsDeck",
}

// BuildSlackMessage lays a notification out: a header with the subject, a section with the text, a button to the
// record. Text is escaped, so user data cannot mention @channel or disguise a link.
func BuildSlackMessage(n Notification) SlackMessage {
	var blocks []SlackBlock
	if n.Subject != "" {
		blocks = append(blocks, SlackBlock{Type: "header",
			Text: &SlackText{Type: "plain_text", Text: truncateRunes(oneLine(n.Subject), slackHeaderMax)}})
	}
	if n.Text != "" {
		blocks = append(blocks, SlackBlock{Type: "section",
			Text: &SlackText{Type: "mrkdwn", Text: truncateRunes(SlackEscape(n.Text), slackSectionMax)}})
	}
	if _, err := CheckURL(n.Link); err == nil && n.Link != "" {
		blocks = append(blocks, SlackBlock{Type: "actions", Elements: []SlackElement{{Type: "button",
			Text: &SlackText{Type: "plain_text", Text: openLabel[NormalizeLocale(n.Locale)]}, URL: n.Link}}})
	}
	fallback := strings.TrimSpace(oneLine(n.Subject) + "\n" + n.Text)
	return SlackMessage{Text: truncateRunes(SlackEscape(fallback), slackSectionMax), Blocks: blocks}
}

// SlackEscape escapes the three characters Slack's mrkdwn gives meaning to (<!channel>, <url|label>, &…;).
func SlackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Send posts n to the Slack webhook URL in n.To.
func (s *SlackSender) Send(ctx context.Context, n Notification) (Delivery, error) {
	d := Delivery{Channel: ChannelSlack, Target: RedactURL(n.To), MessageID: n.ID, StartedAt: time.Now().UTC()}
	body, err := json.Marshal(BuildSlackMessage(n))
	if err != nil {
		return d.fail(fmt.Errorf("notify: slack message: %w", err), false)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return postJSON(ctx, s.Client, timeout, "OpsDeck-Notifications/1", n.To, http.Header{}, body, d)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
