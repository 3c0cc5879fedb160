package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

func TestSlackIncomingWebhook(t *testing.T) {
	t.Parallel()
	var got map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &got) != nil {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	hook := srv.URL + "/services/T000/B000/XXXXXXXXXXXXXXXX"
	n := notify.Notification{Channel: notify.ChannelSlack, To: hook, Locale: "fr", Subject: "Incident INC-42\ncritique",
		Text: "Signalé par <!channel> & <https://evil.example|votre banque>", Link: "https://opsdeck.acme.example/incidents/42"}

	d, err := notify.NewSlackSender(loopbackOnly).Send(context.Background(), n)
	require.NoError(t, err, d.Error)
	assert.Equal(t, "ok", d.Response)
	assert.Equal(t, notify.ChannelSlack, d.Channel)
	assert.NotContains(t, d.Target, "XXXX", "the webhook URL is a credential: not in the delivery log")

	assert.Contains(t, got["text"], "Incident INC-42 critique")
	blocks := got["blocks"].([]any)
	require.Len(t, blocks, 3)
	header := blocks[0].(map[string]any)["text"].(map[string]any)
	assert.Equal(t, "Incident INC-42 critique", header["text"])
	section := blocks[1].(map[string]any)["text"].(map[string]any)
	assert.Equal(t, "mrkdwn", section["type"])
	assert.Equal(t, "Signalé par &lt;!channel&gt; &amp; &lt;https://evil.example|votre banque&gt;", section["text"],
		"user data cannot ping the channel or disguise a link")
	button := blocks[2].(map[string]any)["elements"].([]any)[0].(map[string]any)
	assert.Equal(t, "https://opsdeck.acme.example/incidents/42", button["url"])
	assert.Equal(t, "Ouvrir dans OpsDeck", button["text"].(map[string]any)["text"])

	// The same URL without the allow-list: refused before any connection.
	_, err = notify.NewSlackSender(notify.AddressPolicy{}).Send(context.Background(), n)
	require.ErrorIs(t, err, notify.ErrBlockedAddress)
}

func TestSlackMessageWithoutLinkOrSubject(t *testing.T) {
	t.Parallel()
	m := notify.BuildSlackMessage(notify.Notification{Text: "plain", Link: "javascript:alert(1)"})
	require.Len(t, m.Blocks, 1, "no header without subject, no button for a non-http link")
	assert.Equal(t, "plain", m.Text)
}
