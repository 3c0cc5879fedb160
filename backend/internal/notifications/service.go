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
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/secrets"
)

// Notification is one in-app notification of one user.
type Notification struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	UserID         uuid.UUID `gorm:"type:uuid"`
	Event          string
	Title          string
	Body           string
	Link           *string
	CreatedAt      time.Time
	ReadAt         *time.Time
}

// Service publishes notifications and serves the inbox and webhook endpoints.
type Service struct {
	db     *db.DB
	jobs   *jobs.Engine
	events *Catalogue
	enc    *secrets.Keyring
	policy notify.AddressPolicy
	sender *notify.WebhookSender
}

// NewService returns the service. secretKey encrypts webhook secrets at rest.
func NewService(d *db.DB, e *jobs.Engine, events *Catalogue, secretKey string, policy notify.AddressPolicy) (*Service, error) {
	enc, err := secrets.NewKeyring("webhook-secrets", secretKey)
	if err != nil {
		return nil, err
	}
	return &Service{db: d, jobs: e, events: events, enc: enc, policy: policy, sender: notify.NewWebhookSender(policy)}, nil
}

// Events is the catalogue.
func (s *Service) Events() *Catalogue { return s.events }

// Message is something to tell: in-app to the recipients, and to every webhook endpoint subscribed to the event.
type Message struct {
	Event      string
	Title      string
	Body       string
	Link       string // a path of the web application
	Recipients []uuid.UUID
	Payload    any // the webhook payload's data
}

// Publish records the in-app notifications and enqueues one delivery job per subscribed webhook endpoint, in tx (the
// transaction of the change that causes it, scoped to its organisation).
func (s *Service) Publish(tx *gorm.DB, m Message) error {
	if !s.events.Has(m.Event) {
		return errors.New("notifications: unknown event " + m.Event)
	}
	org := reqctx.OrganizationID(tx.Statement.Context)
	if org == uuid.Nil {
		return db.ErrNoOrganization
	}
	now := time.Now().UTC()
	var link *string
	if m.Link != "" && strings.HasPrefix(m.Link, "/") {
		link = &m.Link
	}
	for _, u := range m.Recipients {
		n := Notification{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, UserID: u, Event: m.Event,
			Title: truncate(m.Title, 200), Body: truncate(m.Body, 2000), Link: link, CreatedAt: now}
		if err := tx.Create(&n).Error; err != nil {
			return err
		}
	}
	var endpoints []uuid.UUID
	if err := tx.Raw(`SELECT id FROM webhook_endpoints WHERE enabled AND archived_at IS NULL
		AND (events @> ARRAY[?]::text[] OR events @> ARRAY['*']::text[])`, m.Event).Scan(&endpoints).Error; err != nil {
		return err
	}
	if len(endpoints) == 0 {
		return nil
	}
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return err
	}
	for _, ep := range endpoints {
		if _, err := s.jobs.Enqueue(tx, DeliverArgs{Organization: org, Endpoint: ep, MessageID: notify.NewMessageID(),
			Event: m.Event, OccurredAt: now, Payload: payload}, nil); err != nil {
			return err
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func userOf(ctx context.Context) (uuid.UUID, error) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser {
		return uuid.Nil, apperr.Forbidden("Only a signed-in person has notifications.")
	}
	return uuid.Parse(p.ID)
}

// Inbox lists the caller's notifications with the unread count.
func (s *Service) Inbox(ctx context.Context, unreadOnly bool, sort, cursor string, limit int) (db.PageResult[Notification], int64, error) {
	var res db.PageResult[Notification]
	var unread int64
	user, err := userOf(ctx)
	if err != nil {
		return res, 0, err
	}
	so, err := db.ParseSort(sort, "-created_at", map[string]string{"created_at": "notifications.created_at"})
	if err != nil {
		return res, 0, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", user).Count(&unread).Error; err != nil {
			return err
		}
		q := tx.Model(&Notification{}).Where("notifications.user_id = ?", user)
		if unreadOnly {
			q = q.Where("notifications.read_at IS NULL")
		}
		res, err = db.Page(q, so, cursor, limit, func(n *Notification) (any, uuid.UUID) {
			return n.CreatedAt.UTC().Format(time.RFC3339Nano), n.ID
		})
		return err
	})
	return res, unread, err
}

// MarkRead marks one of the caller's notifications read.
func (s *Service) MarkRead(ctx context.Context, id uuid.UUID) (Notification, error) {
	var n Notification
	user, err := userOf(ctx)
	if err != nil {
		return n, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND user_id = ?", id, user).Take(&n).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("notification")
			}
			return err
		}
		if n.ReadAt != nil {
			return nil
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		n.ReadAt = &now
		return tx.Exec("UPDATE notifications SET read_at = ? WHERE id = ?", now, id).Error
	})
	return n, err
}

// MarkAllRead marks every unread notification of the caller read.
func (s *Service) MarkAllRead(ctx context.Context) (int64, error) {
	user, err := userOf(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE notifications SET read_at = now() WHERE user_id = ? AND read_at IS NULL", user)
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}
