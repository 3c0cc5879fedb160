// Package notify sends OpsDeck's messages. This file is the e-mail channel: SMTP with STARTTLS or implicit TLS and
// authentication, multipart text + HTML. The job engine (retries, delivery log) wraps it in a later issue.
package notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/wneessen/go-mail"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
)

// ErrMailDisabled is returned when no SMTP server is configured.
var ErrMailDisabled = errors.New("notify: e-mail is not configured (OPSDECK_SMTP_HOST)")

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends e-mail.
type Mailer interface {
	Send(ctx context.Context, m Message) error
	Enabled() bool
}

// NewMailer returns the SMTP mailer of the configuration, or a disabled one.
func NewMailer(c config.SMTP) Mailer {
	if c.Host == "" {
		return disabled{}
	}
	return &smtpMailer{cfg: c}
}

type disabled struct{}

func (disabled) Send(context.Context, Message) error { return ErrMailDisabled }
func (disabled) Enabled() bool                       { return false }

type smtpMailer struct{ cfg config.SMTP }

func (s *smtpMailer) Enabled() bool { return true }

func (s *smtpMailer) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("notify: sender: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("notify: recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	opts := []mail.Option{mail.WithPort(s.cfg.Port)}
	if s.cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(s.cfg.HELO))
	}
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
	client, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("notify: smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("notify: send to %s: %w", m.To, err)
	}
	return nil
}
