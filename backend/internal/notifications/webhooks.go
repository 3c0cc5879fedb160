package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// SecretGrace is how long a rotated-out secret keeps signing.
const SecretGrace = 24 * time.Hour

// Webhook is an outgoing webhook endpoint.
type Webhook struct {
	ID              uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID  uuid.UUID `gorm:"type:uuid"`
	Name            string
	Kind            string       // KindStandard or KindSlack
	URL             string       `gorm:"column:url"`        // redacted for Slack endpoints
	URLSealed       *string      `gorm:"column:url_sealed"` // the whole Slack URL, encrypted
	Events          db.TextArray `gorm:"type:text[]"`
	Enabled         bool
	Secrets         string
	SecretRotatedAt time.Time
	LastDeliveryAt  *time.Time
	LastStatus      *string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
	ArchivedAt      *time.Time
}

// TableName maps the model.
func (Webhook) TableName() string { return "webhook_endpoints" }

// AuditInfo audits endpoint changes; the secrets never appear, and delivery bookkeeping is not a change.
func (Webhook) AuditInfo() audit.Info {
	return audit.Info{Entity: "webhook_endpoint", LabelColumn: "name", Redact: []string{"secrets", "url_sealed"},
		Ignore: []string{"last_delivery_at", "last_status"}}
}

// Endpoint kinds: signed JSON (Standard Webhooks) for the webhook channel, a Slack-compatible incoming webhook for the
// slack channel.
const (
	KindStandard = "standard"
	KindSlack    = "slack"
)

func urlAAD(org, id uuid.UUID) []byte {
	return []byte("webhook_endpoints.url_sealed:" + org.String() + ":" + id.String())
}

// sealURL stores a Slack URL: encrypted whole, and redacted for display.
func (s *Service) sealURL(w *Webhook, raw string) error {
	sealed, err := s.enc.Encrypt([]byte(raw), urlAAD(w.OrganizationID, w.ID))
	if err != nil {
		return err
	}
	w.URL, w.URLSealed = notify.RedactURL(raw), &sealed
	return nil
}

// target is where an endpoint's messages go.
func (s *Service) target(w Webhook) (string, error) {
	if w.URLSealed == nil {
		return w.URL, nil
	}
	b, err := s.enc.Decrypt(*w.URLSealed, urlAAD(w.OrganizationID, w.ID))
	return string(b), err
}

func (s *Service) aad(org, id uuid.UUID) []byte {
	return []byte("webhook_endpoints.secrets:" + org.String() + ":" + id.String())
}

func (s *Service) seal(w *Webhook, list []notify.SigningSecret) error {
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	sealed, err := s.enc.Encrypt(b, s.aad(w.OrganizationID, w.ID))
	w.Secrets = sealed
	return err
}

func (s *Service) open(w Webhook) ([]notify.SigningSecret, error) {
	b, err := s.enc.Decrypt(w.Secrets, s.aad(w.OrganizationID, w.ID))
	if err != nil {
		return nil, err
	}
	var list []notify.SigningSecret
	return list, json.Unmarshal(b, &list)
}

// WebhookInput is a new endpoint or a patch (nil: unchanged).
type WebhookInput struct {
	Kind      string // on creation; "" is KindStandard
	Name, URL *string
	Events    []string
	Enabled   *bool
}

func (s *Service) check(ctx context.Context, in WebhookInput) (WebhookInput, error) {
	var fields []apperr.FieldError
	switch in.Kind {
	case "", KindStandard, KindSlack:
	default:
		fields = append(fields, apperr.FieldError{Field: "kind", Code: "invalid", Message: "must be standard or slack"})
	}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		in.Name = &n
		if n == "" {
			fields = append(fields, apperr.FieldError{Field: "name", Code: "required", Message: "is required"})
		}
	}
	if in.URL != nil {
		u := strings.TrimSpace(*in.URL)
		in.URL = &u
		vctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := notify.ValidateURL(vctx, s.policy, nil, u)
		cancel()
		switch {
		case errors.Is(err, notify.ErrBlockedAddress):
			fields = append(fields, apperr.FieldError{Field: "url", Code: "blocked_address",
				Message: "points to a private, loopback or link-local address, which this deployment does not allow"})
		case err != nil:
			fields = append(fields, apperr.FieldError{Field: "url", Code: "invalid", Message: "must be an http(s) URL whose host resolves"})
		}
	}
	for _, e := range in.Events {
		if e != "*" && !s.events.Has(e) {
			fields = append(fields, apperr.FieldError{Field: "events", Code: "unknown_event", Message: "unknown event " + e})
		}
	}
	if len(fields) > 0 {
		return in, apperr.Unprocessable("The webhook endpoint is not valid.", fields...)
	}
	return in, nil
}

// CreateWebhook adds an endpoint and returns its first secret (shown once; "" for a Slack endpoint, which has none).
func (s *Service) CreateWebhook(ctx context.Context, in WebhookInput) (Webhook, string, error) {
	var w Webhook
	in, err := s.check(ctx, in)
	if err != nil {
		return w, "", err
	}
	if in.Kind == "" {
		in.Kind = KindStandard
	}
	var secret string
	list := []notify.SigningSecret{}
	if in.Kind == KindStandard {
		if secret, err = notify.NewSecret(); err != nil {
			return w, "", err
		}
		list = []notify.SigningSecret{{Secret: secret}}
	}
	enabled := in.Enabled == nil || *in.Enabled
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		w = Webhook{ID: uuid.Must(uuid.NewV7()), Name: *in.Name, Kind: in.Kind, URL: *in.URL, Events: db.TextArray(in.Events),
			Enabled: enabled, SecretRotatedAt: time.Now().UTC(), Version: 1}
		w.OrganizationID = reqctx.OrganizationID(ctx)
		if in.Kind == KindSlack {
			if err := s.sealURL(&w, *in.URL); err != nil {
				return err
			}
		}
		if err := s.seal(&w, list); err != nil {
			return err
		}
		return uniqueName(tx.Create(&w).Error)
	})
	return w, secret, err
}

func uniqueName(err error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return apperr.Conflict("Another webhook endpoint already has this name.",
			apperr.FieldError{Field: "name", Code: "taken", Message: "is already used by another endpoint"})
	}
	return err
}

func (s *Service) webhook(tx *gorm.DB, id uuid.UUID) (Webhook, error) {
	var w Webhook
	err := tx.Where("id = ?", id).Take(&w).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return w, apperr.NotFound("webhook endpoint")
	}
	return w, err
}

// GetWebhook returns one endpoint.
func (s *Service) GetWebhook(ctx context.Context, id uuid.UUID) (Webhook, error) {
	var w Webhook
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		w, err = s.webhook(tx, id)
		return err
	})
	return w, err
}

// ListWebhooks returns a page of endpoints.
func (s *Service) ListWebhooks(ctx context.Context, includeArchived bool, sort, cursor string, limit int) (db.PageResult[Webhook], error) {
	var res db.PageResult[Webhook]
	so, err := db.ParseSort(sort, "name", map[string]string{"name": "webhook_endpoints.name", "created_at": "webhook_endpoints.created_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Webhook{})
		if !includeArchived {
			q = q.Where("webhook_endpoints.archived_at IS NULL")
		}
		res, err = db.Page(q, so, cursor, limit, func(w *Webhook) (any, uuid.UUID) {
			if so.Column == "webhook_endpoints.created_at" {
				return w.CreatedAt.UTC().Format(time.RFC3339Nano), w.ID
			}
			return w.Name, w.ID
		})
		return err
	})
	return res, err
}

// UpdateWebhook applies a patch.
func (s *Service) UpdateWebhook(ctx context.Context, id uuid.UUID, ifMatch *int64, in WebhookInput) (Webhook, error) {
	var w Webhook
	in, err := s.check(ctx, in)
	if err != nil {
		return w, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if w, err = s.webhook(tx, id); err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != w.Version {
			return apperr.PreconditionFailed(w.Version)
		}
		if w.ArchivedAt != nil {
			return apperr.Conflict("An archived endpoint cannot be changed.")
		}
		changes := map[string]any{"version": w.Version + 1}
		if in.Name != nil {
			changes["name"] = *in.Name
		}
		if in.URL != nil && w.Kind == KindSlack {
			if err := s.sealURL(&w, *in.URL); err != nil {
				return err
			}
			changes["url"], changes["url_sealed"] = w.URL, *w.URLSealed
		} else if in.URL != nil {
			changes["url"] = *in.URL
		}
		if in.Events != nil {
			changes["events"] = db.TextArray(in.Events)
		}
		if in.Enabled != nil {
			changes["enabled"] = *in.Enabled
		}
		if err := uniqueName(tx.Model(&w).Updates(changes).Error); err != nil {
			return err
		}
		w, err = s.webhook(tx, id)
		return err
	})
	return w, err
}

// ArchiveWebhook stops an endpoint for good.
func (s *Service) ArchiveWebhook(ctx context.Context, id uuid.UUID) (Webhook, error) {
	var w Webhook
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if w, err = s.webhook(tx, id); err != nil {
			return err
		}
		if w.ArchivedAt != nil {
			return nil
		}
		if err := tx.Model(&w).Updates(map[string]any{"archived_at": time.Now().UTC(), "enabled": false, "version": w.Version + 1}).Error; err != nil {
			return err
		}
		w, err = s.webhook(tx, id)
		return err
	})
	return w, err
}

// RotateWebhookSecret starts signing with a new secret; the previous one keeps signing for SecretGrace.
func (s *Service) RotateWebhookSecret(ctx context.Context, id uuid.UUID) (Webhook, string, error) {
	var (
		w      Webhook
		secret string
	)
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if w, err = s.webhook(tx, id); err != nil {
			return err
		}
		if w.ArchivedAt != nil {
			return apperr.Conflict("An archived endpoint has no secret to rotate.")
		}
		if w.Kind == KindSlack {
			return apperr.Conflict("A Slack endpoint has no signing secret: its URL is the credential. Change the URL to replace it.")
		}
		list, err := s.open(w)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		var next []notify.SigningSecret
		if secret, next, err = notify.RotateSecrets(list, SecretGrace, now); err != nil {
			return err
		}
		if err := s.seal(&w, next); err != nil {
			return err
		}
		if err := tx.Model(&w).Updates(map[string]any{"secrets": w.Secrets, "secret_rotated_at": now, "version": w.Version + 1}).Error; err != nil {
			return err
		}
		w, err = s.webhook(tx, id)
		return err
	})
	return w, secret, err
}

// TestWebhook queues a test event for one endpoint and returns the job.
func (s *Service) TestWebhook(ctx context.Context, id uuid.UUID) (int64, error) {
	var job int64
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		w, err := s.webhook(tx, id)
		if err != nil {
			return err
		}
		if w.ArchivedAt != nil {
			return apperr.Conflict("An archived endpoint receives nothing.")
		}
		payload, _ := json.Marshal(map[string]any{"endpoint_name": w.Name, "message": "This is a test from OpsDeck."})
		job, err = s.jobs.Enqueue(tx, DeliverArgs{Organization: w.OrganizationID, Endpoint: w.ID, MessageID: notify.NewMessageID(),
			Event: EventWebhookTest, OccurredAt: time.Now().UTC(), Payload: payload, Force: true,
			Title: "OpsDeck test: " + w.Name, Body: "This is a test from OpsDeck. If you can read it, the endpoint works.",
			Link: "/webhooks/" + w.ID.String()}, nil)
		return err
	})
	return job, err
}

// DeliveryRow is one attempt in the delivery log.
type DeliveryRow struct {
	ID         uuid.UUID `gorm:"type:uuid;primaryKey"`
	Channel    string
	EndpointID *uuid.UUID `gorm:"type:uuid"`
	Target     string
	Event      string
	MessageID  string
	Attempt    int
	Succeeded  bool
	StatusCode *int
	DurationMs int
	Response   string
	Error      string
	CreatedAt  time.Time
}

// DeliveryFilter narrows the delivery log.
type DeliveryFilter struct {
	Endpoint                *uuid.UUID
	Channel, Outcome, Event string
	Query                   string
}

// Deliveries lists the delivery log: one endpoint's (f.Endpoint, which must exist) or the organisation's.
func (s *Service) Deliveries(ctx context.Context, f DeliveryFilter, sort, cursor string, limit int) (db.PageResult[DeliveryRow], error) {
	var res db.PageResult[DeliveryRow]
	so, err := db.ParseSort(sort, "-created_at", map[string]string{"created_at": "notification_deliveries.created_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Table("notification_deliveries").Select(`id, channel, endpoint_id, target, event, message_id, attempt,
			succeeded, status_code, duration_ms, response, error, created_at`)
		if f.Endpoint != nil {
			if _, err := s.webhook(tx, *f.Endpoint); err != nil {
				return err
			}
			q = q.Where("notification_deliveries.endpoint_id = ?", *f.Endpoint)
		}
		switch f.Outcome {
		case "succeeded":
			q = q.Where("notification_deliveries.succeeded")
		case "failed":
			q = q.Where("NOT notification_deliveries.succeeded")
		}
		if f.Channel != "" {
			q = q.Where("notification_deliveries.channel = ?", f.Channel)
		}
		if f.Event != "" {
			q = q.Where("notification_deliveries.event = ?", f.Event)
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			q = q.Where("notification_deliveries.target ILIKE ?", db.Contains(t))
		}
		res, err = db.Page(q, so, cursor, limit, func(d *DeliveryRow) (any, uuid.UUID) {
			return d.CreatedAt.UTC().Format(time.RFC3339Nano), d.ID
		})
		return err
	})
	return res, err
}
