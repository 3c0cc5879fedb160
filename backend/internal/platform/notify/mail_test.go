package notify_test

import (
	"context"
	"crypto/tls"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

func mockSMTP(t *testing.T, cfg smtpmock.ConfigurationAttr) *smtpmock.Server {
	t.Helper()
	cfg.HostAddress = "127.0.0.1"
	cfg.MultipleMessageReceiving = true
	srv := smtpmock.New(cfg)
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

func plainSMTP(port int) config.SMTP {
	return config.SMTP{Host: "127.0.0.1", Port: port, TLS: "none", From: "OpsDeck <opsdeck@acme.example>", HELO: "opsdeck.acme.example"}
}

// parsedMail is a received message split into its headers and its text and HTML parts (transfer encoding undone).
type parsedMail struct {
	header    netmail.Header
	mediaType string
	text      string
	html      string
	textLang  string
}

func parseMail(t *testing.T, raw string) parsedMail {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(raw))
	require.NoError(t, err)
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	require.NoError(t, err)
	out := parsedMail{header: m.Header, mediaType: mt}
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(m.Body)
		out.text = string(b)
		return out
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			out.text = string(b)
		case "text/html":
			out.html = string(b)
		}
	}
	return out
}

var incidentTemplates = notify.LocalizedTemplate{
	"en": {Subject: "Incident {{.Ref}}: {{.Title}}", Text: "A new incident was reported: {{.Title}}\nSeverity: {{.Severity}}\n{{.Link}}\n",
		HTML: `<p>A new incident was reported: <strong>{{.Title}}</strong></p><p>Severity: {{.Severity}}</p><p><a href="{{.Link}}">Open</a></p>`},
	"fr": {Subject: "Incident {{.Ref}} : {{.Title}}", Text: "Un nouvel incident a été signalé : {{.Title}}\nGravité : {{.Severity}}\n{{.Link}}\n",
		HTML: `<p>Un nouvel incident a été signalé : <strong>{{.Title}}</strong></p><p>Gravité : {{.Severity}}</p><p><a href="{{.Link}}">Ouvrir</a></p>`},
	"de": {Subject: "Vorfall {{.Ref}}: {{.Title}}", Text: "Ein neuer Vorfall wurde gemeldet: {{.Title}}\nSchweregrad: {{.Severity}}\n{{.Link}}\n",
		HTML: `<p>Ein neuer Vorfall wurde gemeldet: <strong>{{.Title}}</strong></p><p>Schweregrad: {{.Severity}}</p><p><a href="{{.Link}}">Öffnen</a></p>`},
	"nl": {Subject: "Incident {{.Ref}}: {{.Title}}", Text: "Er is een nieuw incident gemeld: {{.Title}}\nErnst: {{.Severity}}\n{{.Link}}\n",
		HTML: `<p>Er is een nieuw incident gemeld: <strong>{{.Title}}</strong></p><p>Ernst: {{.Severity}}</p><p><a href="{{.Link}}">Openen</a></p>`},
}

func TestEmailMultipartInTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	srv := mockSMTP(t, smtpmock.ConfigurationAttr{})
	sender := notify.NewEmailSender(notify.NewMailer(plainSMTP(srv.PortNumber())))
	data := map[string]string{"Ref": "INC-42", "Title": "Disk <full> & slow", "Severity": "high",
		"Link": "https://opsdeck.acme.example/incidents/42"}
	recipients := []struct{ to, locale, text, html string }{
		{"amelie@acme.example", "fr-BE", "Un nouvel incident a été signalé : Disk <full> & slow", "Un nouvel incident a été signalé"},
		{"dieter@acme.example", "de", "Ein neuer Vorfall wurde gemeldet: Disk <full> & slow", "Öffnen"},
		{"joost@acme.example", "nl", "Er is een nieuw incident gemeld", "Ernst:"},
		{"pat@acme.example", "es", "A new incident was reported", "Severity:"}, // no Spanish version: English
	}
	ctx := context.Background()
	for _, r := range recipients {
		rendered, err := notify.DefaultRenderer.RenderLocalized(ctx, incidentTemplates, r.locale, data)
		require.NoError(t, err)
		require.Empty(t, rendered.Warnings)
		d, err := sender.Send(ctx, notify.Notification{ID: "ntf-" + r.locale, Channel: notify.ChannelEmail, To: r.to,
			Locale: rendered.Locale, Subject: rendered.Subject, Text: rendered.Text, HTML: rendered.HTML})
		require.NoError(t, err, d.Error)
		assert.True(t, d.Succeeded())
		assert.Equal(t, "<ntf-"+r.locale+"@acme.example>", d.MessageID, "retries keep the Message-ID")
	}

	msgs, err := srv.WaitForMessages(len(recipients), 5*time.Second)
	require.NoError(t, err)
	byRecipient := map[string]parsedMail{}
	for _, m := range msgs {
		p := parseMail(t, m.MsgRequest())
		byRecipient[p.header.Get("To")] = p
	}
	for _, r := range recipients {
		p, ok := byRecipient["<"+r.to+">"]
		require.True(t, ok, "mail to %s", r.to)
		assert.Equal(t, "multipart/alternative", p.mediaType)
		assert.Contains(t, p.text, r.text, r.to)
		assert.Contains(t, p.html, r.html, r.to)
		assert.Contains(t, p.html, "Disk &lt;full&gt; &amp; slow", "values are escaped in the HTML part")
		assert.NotContains(t, p.html, "<full>")
		assert.NotEmpty(t, p.header.Get("Message-Id"))
		date, err := p.header.Date()
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now(), date, time.Minute)
		assert.Equal(t, "auto-generated", p.header.Get("Auto-Submitted"))
	}
	assert.Equal(t, "fr", byRecipient["<amelie@acme.example>"].header.Get("Content-Language"))
	assert.Equal(t, "de", byRecipient["<dieter@acme.example>"].header.Get("Content-Language"))
	assert.Equal(t, "en", byRecipient["<pat@acme.example>"].header.Get("Content-Language"), "the language actually sent")
	subject, err := new(mime.WordDecoder).DecodeHeader(byRecipient["<amelie@acme.example>"].header.Get("Subject"))
	require.NoError(t, err)
	assert.Equal(t, "Incident INC-42 : Disk <full> & slow", subject)
}

func TestEmailRefusedRecipientIsFinal(t *testing.T) {
	t.Parallel()
	srv := mockSMTP(t, smtpmock.ConfigurationAttr{NotRegisteredEmails: []string{"gone@acme.example"}})
	sender := notify.NewEmailSender(notify.NewMailer(plainSMTP(srv.PortNumber())))
	d, err := sender.Send(context.Background(), notify.Notification{Channel: notify.ChannelEmail, To: "gone@acme.example",
		Subject: "Hello", Text: "Hello"})
	require.Error(t, err)
	assert.False(t, d.Succeeded())
	assert.GreaterOrEqual(t, d.StatusCode, 500)
	assert.False(t, d.Retryable, "a 5xx refusal will not change on retry")

	// A 4xx answer (here 421) is temporary.
	busy := mockSMTP(t, smtpmock.ConfigurationAttr{BlacklistedRcpttoEmails: []string{"later@acme.example"}})
	d, err = notify.NewEmailSender(notify.NewMailer(plainSMTP(busy.PortNumber()))).Send(context.Background(),
		notify.Notification{Channel: notify.ChannelEmail, To: "later@acme.example", Subject: "Hello", Text: "Hello"})
	require.Error(t, err)
	assert.Equal(t, 421, d.StatusCode)
	assert.True(t, d.Retryable)

	d, err = sender.Send(context.Background(), notify.Notification{Channel: notify.ChannelEmail, To: "not an address"})
	require.ErrorIs(t, err, notify.ErrBadAddress)
	assert.False(t, d.Retryable)
}

func TestEmailUnreachableServerIsRetryable(t *testing.T) {
	t.Parallel()
	srv := mockSMTP(t, smtpmock.ConfigurationAttr{})
	port := srv.PortNumber()
	require.NoError(t, srv.Stop())
	sender := notify.NewEmailSender(notify.NewMailer(plainSMTP(port), notify.WithMailTimeout(2*time.Second)))
	d, err := sender.Send(context.Background(), notify.Notification{Channel: notify.ChannelEmail, To: "a@acme.example", Text: "x"})
	require.Error(t, err)
	assert.True(t, d.Retryable)
}

func TestEmailDisabledWithoutHost(t *testing.T) {
	t.Parallel()
	m := notify.NewMailer(config.SMTP{})
	assert.False(t, m.Enabled())
	require.ErrorIs(t, m.Send(context.Background(), notify.Message{To: "a@acme.example"}), notify.ErrMailDisabled)
	d, err := notify.NewEmailSender(m).Send(context.Background(), notify.Notification{To: "a@acme.example"})
	require.ErrorIs(t, err, notify.ErrMailDisabled)
	assert.False(t, d.Retryable)
}

func TestEmailMandatoryTLSNeverFallsBackToPlaintext(t *testing.T) {
	t.Parallel()
	srv := mockSMTP(t, smtpmock.ConfigurationAttr{}) // offers no STARTTLS
	cfg := plainSMTP(srv.PortNumber())
	cfg.TLS = "mandatory"
	err := notify.NewMailer(cfg).Send(context.Background(), notify.Message{To: "a@acme.example", Subject: "s", Text: "t"})
	require.Error(t, err)
	assert.Empty(t, srv.Messages(), "nothing was sent in clear")
}

func TestEmailSTARTTLSWithAuthentication(t *testing.T) {
	t.Parallel()
	srv, pool := startSMTPD(t, false, "mailer", "s3cret-pass")
	cfg := config.SMTP{Host: "127.0.0.1", Port: srv.port(), TLS: "mandatory", From: "opsdeck@acme.example",
		Username: "mailer", Password: "s3cret-pass"}
	m := notify.NewMailer(cfg, notify.WithTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	require.NoError(t, m.Send(context.Background(), notify.Message{To: "a@acme.example", Subject: "Over TLS",
		Text: "hello", HTML: "<p>hello</p>", Locale: "en"}))
	got := srv.received()
	require.Len(t, got, 1)
	assert.True(t, got[0].tls, "sent after STARTTLS")
	assert.Equal(t, "mailer", got[0].authUser)
	p := parseMail(t, got[0].data)
	assert.Equal(t, "Over TLS", p.header.Get("Subject"))
	assert.Equal(t, "hello", strings.TrimSpace(p.text))

	cfg.Password = "wrong"
	m = notify.NewMailer(cfg, notify.WithTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	require.Error(t, m.Send(context.Background(), notify.Message{To: "a@acme.example", Subject: "x", Text: "x"}))
	assert.Len(t, srv.received(), 1)
}

func TestEmailImplicitTLS(t *testing.T) {
	t.Parallel()
	srv, pool := startSMTPD(t, true, "mailer", "pw-implicit")
	cfg := config.SMTP{Host: "127.0.0.1", Port: srv.port(), TLS: "implicit", From: "opsdeck@acme.example",
		Username: "mailer", Password: "pw-implicit"}
	m := notify.NewMailer(cfg, notify.WithTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	require.NoError(t, m.Send(context.Background(), notify.Message{To: "a@acme.example", Subject: "SMTPS", Text: "hi"}))
	got := srv.received()
	require.Len(t, got, 1)
	assert.True(t, got[0].tls)
	assert.Equal(t, "mailer", got[0].authUser)

	// An untrusted certificate is refused.
	m = notify.NewMailer(cfg)
	require.Error(t, m.Send(context.Background(), notify.Message{To: "a@acme.example", Subject: "x", Text: "x"}))
	assert.Len(t, srv.received(), 1)
}
