// Package notify sends OpsDeck's notifications: e-mail (SMTP, text + HTML, per-recipient language, sandboxed
// templates), outgoing webhooks (Standard Webhooks signatures) and Slack, the last two through an HTTP client that
// refuses private addresses at dial time. It is a library: the job engine sends a Notification through the Sender of
// its channel and records the Delivery it gets back. docs/notifications.md is the user-facing description.
package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
)

// ErrMailDisabled is returned when no SMTP server is configured.
var ErrMailDisabled = errors.New("notify: e-mail is not configured (OPSDECK_SMTP_HOST)")

// ErrBadAddress is wrapped when a sender or recipient address is not valid.
var ErrBadAddress = errors.New("invalid e-mail address")

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// Locale is the language the message is written in (Content-Language); empty: not said.
	Locale string
	// ID becomes the Message-ID: "<ID@sender's domain>", or "<ID>" when it already has an @. Empty: random.
	ID string
}

// Mailer sends e-mail.
type Mailer interface {
	Send(ctx context.Context, m Message) error
	Enabled() bool
}

// MailerOption tunes the SMTP mailer.
type MailerOption func(*SMTPMailer)

// WithTLSConfig sets the TLS configuration for STARTTLS and implicit TLS (e.g. to trust a private CA). Its
// ServerName defaults to the SMTP host.
func WithTLSConfig(c *tls.Config) MailerOption { return func(s *SMTPMailer) { s.tlsConfig = c } }

// WithMailTimeout bounds the connection and each SMTP command (default 30s).
func WithMailTimeout(d time.Duration) MailerOption { return func(s *SMTPMailer) { s.timeout = d } }

// NewMailer returns the SMTP mailer of the configuration, or a disabled one.
func NewMailer(c config.SMTP, opts ...MailerOption) Mailer {
	if c.Host == "" {
		return disabled{}
	}
	return NewSMTPMailer(c, opts...)
}

// NewSMTPMailer returns the SMTP mailer of the configuration, even when no host is configured.
func NewSMTPMailer(c config.SMTP, opts ...MailerOption) *SMTPMailer {
	s := &SMTPMailer{cfg: c, timeout: 30 * time.Second}
	for _, o := range opts {
		o(s)
	}
	return s
}

type disabled struct{}

func (disabled) Send(context.Context, Message) error { return ErrMailDisabled }
func (disabled) Enabled() bool                       { return false }

// SMTPMailer sends e-mail through the configured SMTP server: STARTTLS (mandatory or opportunistic), implicit TLS or
// none, and authentication (the strongest mechanism the server offers) when a user name is configured.
type SMTPMailer struct {
	cfg       config.SMTP
	tlsConfig *tls.Config
	timeout   time.Duration
}

// Enabled reports true.
func (s *SMTPMailer) Enabled() bool { return true }

// Send sends m.
func (s *SMTPMailer) Send(ctx context.Context, m Message) error {
	_, err := s.SendMessage(ctx, m)
	return err
}

// SendMessage sends m and returns its Message-ID (with angle brackets), also when sending failed.
func (s *SMTPMailer) SendMessage(ctx context.Context, m Message) (string, error) {
	msg, id, err := s.build(m)
	if err != nil {
		return id, err
	}
	client, err := mail.NewClient(s.cfg.Host, s.clientOptions()...)
	if err != nil {
		return id, fmt.Errorf("notify: smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return id, fmt.Errorf("notify: send to %s: %w", m.To, err)
	}
	return id, nil
}

// build writes the message: multipart/alternative with the text part first and the HTML part last (the one mail
// clients prefer), Message-ID, Date, Content-Language, and Auto-Submitted so auto-responders stay quiet (RFC 3834).
func (s *SMTPMailer) build(m Message) (*mail.Msg, string, error) {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return nil, "", fmt.Errorf("notify: sender: %w: %w", ErrBadAddress, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, "", fmt.Errorf("notify: recipient: %w: %w", ErrBadAddress, err)
	}
	id := messageID(m.ID, s.domain())
	msg.SetMessageIDWithValue(id)
	msg.SetDateWithValue(time.Now())
	msg.SetUserAgent("OpsDeck")
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	if m.Locale != "" {
		msg.SetGenHeader(mail.HeaderContentLang, m.Locale)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, "<" + id + ">", nil
}

func (s *SMTPMailer) clientOptions() []mail.Option {
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(s.timeout)}
	if s.cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(s.cfg.HELO))
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.tlsConfig != nil {
		tlsConfig = s.tlsConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = s.cfg.Host
	}
	opts = append(opts, mail.WithTLSConfig(tlsConfig))
	switch s.cfg.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "implicit":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.cfg.Username),
			mail.WithPassword(s.cfg.Password))
	}
	return opts
}

// domain is the right-hand side of Message-IDs: the sender's domain, else the HELO name.
func (s *SMTPMailer) domain() string {
	if a, err := netmail.ParseAddress(s.cfg.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			return d
		}
	}
	if s.cfg.HELO != "" {
		return s.cfg.HELO
	}
	return "opsdeck.localhost"
}

// messageID returns the Message-ID value (without brackets) for a caller's id.
func messageID(id, domain string) string {
	id = strings.Trim(id, "<> ")
	if strings.Contains(id, "@") {
		local, d, _ := strings.Cut(id, "@")
		return atom(local) + "@" + atom(d)
	}
	if id == "" {
		b := make([]byte, 18)
		_, _ = rand.Read(b)
		id = base64.RawURLEncoding.EncodeToString(b)
	}
	return atom(id) + "@" + atom(domain)
}

// atom keeps the characters a Message-ID part may safely hold.
func atom(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-_+=", r):
			return r
		}
		return '-'
	}, s)
}

// EmailSender sends e-mail notifications through a Mailer.
type EmailSender struct{ Mailer Mailer }

// NewEmailSender returns the e-mail Sender of a Mailer.
func NewEmailSender(m Mailer) *EmailSender { return &EmailSender{Mailer: m} }

// Channel is ChannelEmail.
func (e *EmailSender) Channel() Channel { return ChannelEmail }

// Send sends n as an e-mail to n.To.
func (e *EmailSender) Send(ctx context.Context, n Notification) (Delivery, error) {
	d := Delivery{Channel: ChannelEmail, Target: n.To, StartedAt: time.Now().UTC()}
	if !e.Mailer.Enabled() {
		return d.fail(ErrMailDisabled, false)
	}
	m := Message{To: n.To, Subject: n.Subject, Text: n.Text, HTML: n.HTML, Locale: n.Locale, ID: n.ID}
	var err error
	start := time.Now()
	if sm, ok := e.Mailer.(interface {
		SendMessage(context.Context, Message) (string, error)
	}); ok {
		d.MessageID, err = sm.SendMessage(ctx, m)
	} else {
		err = e.Mailer.Send(ctx, m)
	}
	d.Duration = time.Since(start)
	if err != nil {
		retryable := true
		if se, ok := errors.AsType[*mail.SendError](err); ok {
			d.StatusCode = se.ErrorCode()
			// 5xx refusals (unknown mailbox, policy) are final; 4xx and failures without a reply may pass later.
			retryable = se.IsTemp() || d.StatusCode < 500
		}
		if errors.Is(err, ErrBadAddress) {
			retryable = false
		}
		return d.fail(err, retryable)
	}
	return d, nil
}
