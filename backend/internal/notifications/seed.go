package notifications

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// SeedDemo gives an organisation a realistic notification set-up: a signed webhook and a Slack endpoint (both
// disabled: their demo hosts do not exist), customised settings and template, an inbox for people and a delivery
// log with successes and failures. ctx must be scoped to the organisation. It does nothing when the organisation
// already has webhook endpoints, and reports whether it seeded.
func (s *Service) SeedDemo(ctx context.Context, people []uuid.UUID) (bool, error) {
	org := reqctx.OrganizationID(ctx)
	if org == uuid.Nil {
		return false, db.ErrNoOrganization
	}
	seeded := false
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Webhook{}).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		seeded = true
		now := time.Now().UTC()
		siem := Webhook{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Name: "SIEM intake", Kind: KindStandard,
			URL: "https://siem.acme-energy.example/api/opsdeck-events", Events: db.TextArray{"*"}, Enabled: false,
			SecretRotatedAt: now.AddDate(0, -2, 0), Version: 1}
		secret, err := notify.NewSecret()
		if err != nil {
			return err
		}
		if err := s.seal(&siem, []notify.SigningSecret{{Secret: secret}}); err != nil {
			return err
		}
		slack := Webhook{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Name: "#it-operations", Kind: KindSlack,
			Events: db.TextArray{EventJobFailed}, Enabled: false, SecretRotatedAt: now, Version: 1}
		if err := s.sealURL(&slack, "https://hooks.slack.example/services/T0DEMO/B0DEMO/demo-not-a-real-token"); err != nil {
			return err
		}
		if err := s.seal(&slack, []notify.SigningSecret{}); err != nil {
			return err
		}
		for _, w := range []*Webhook{&siem, &slack} {
			if err := tx.Create(w).Error; err != nil {
				return err
			}
		}
		if err := tx.Create(&Setting{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Event: EventJobFailed, Enabled: true,
			Channels: db.TextArray{"in_app", "email", "webhook", "slack"}, OffsetsDays: pq.Int64Array{},
			RecipientRoleIDs: pq.StringArray{}, Version: 1}).Error; err != nil {
			return err
		}
		if err := tx.Create(&Template{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Event: EventJobFailed, Locale: "en",
			Subject:  "[OpsDeck] Job {{.job_kind}} failed",
			TextBody: "The background job {{.job_kind}} (number {{.job_id}}) failed on every attempt.\n\nLast error: {{.error}}\n\nIT operations on call: +32 2 555 01 23\n",
			HTMLBody: "<p>The background job <strong>{{.job_kind}}</strong> (number {{.job_id}}) failed on every attempt.</p><p>Last error: <code>{{.error}}</code></p><p>IT operations on call: +32 2 555 01 23</p>",
			Version:  1}).Error; err != nil {
			return err
		}
		for i, p := range people {
			for j, n := range []struct {
				event, title, body, link string
				ago                      time.Duration
				read                     bool
			}{
				{EventJobFailed, "A background job failed", "audit.export (job 1042) failed after 8 attempts: disk full", "/jobs", 3 * time.Hour, false},
				{EventWebhookTest, "Webhook test sent to SIEM intake", "The SIEM intake endpoint answered 204.", "/webhooks/" + siem.ID.String(), 26 * time.Hour, true},
				{EventJobFailed, "A background job failed", "notifications.webhook (job 977) failed after 8 attempts: connection refused", "/jobs", 50 * time.Hour, i%2 == 0},
			} {
				link := n.link
				row := Notification{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, UserID: p, Event: n.event, Title: n.title,
					Body: n.body, Link: &link, CreatedAt: now.Add(-n.ago - time.Duration(j)*time.Minute)}
				if n.read {
					at := row.CreatedAt.Add(time.Hour)
					row.ReadAt = &at
				}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
			}
		}
		// A delivery history: the SIEM answered, then failed twice before it was disabled; e-mail went out.
		for i, d := range []struct {
			endpoint *uuid.UUID
			channel  notify.Channel
			target   string
			code     int
			errText  string
			attempt  int
		}{
			{&siem.ID, notify.ChannelWebhook, notify.RedactURL(siem.URL), 204, "", 1},
			{&siem.ID, notify.ChannelWebhook, notify.RedactURL(siem.URL), 503, "the receiver answered 503", 1},
			{&siem.ID, notify.ChannelWebhook, notify.RedactURL(siem.URL), 503, "the receiver answered 503", 2},
			{nil, notify.ChannelEmail, "owner@acme-energy.example", 0, "", 1},
			{&slack.ID, notify.ChannelSlack, slack.URL, 200, "", 1},
		} {
			at := now.Add(-time.Duration(72-i*6) * time.Hour)
			del := notify.Delivery{Channel: d.channel, Target: d.target, MessageID: fmt.Sprintf("msg_demo%04d", i/3),
				StatusCode: d.code, Error: d.errText, Duration: time.Duration(40+i*17) * time.Millisecond, StartedAt: at}
			if err := logDelivery(tx, org, d.endpoint, EventJobFailed, 0, d.attempt, del); err != nil {
				return err
			}
		}
		return nil
	})
	return seeded, err
}
