package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
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
	slack  *notify.SlackSender
	mail   *MailQueue
	// publicURL is where users reach OpsDeck (links in chat messages).
	publicURL string
	expiry    expiryRegistry
}

// UsePublicURL sets where users reach OpsDeck, for links in chat messages.
func (s *Service) UsePublicURL(u string) { s.publicURL = u }

// UseMail sends the e-mail channel through q.
func (s *Service) UseMail(q *MailQueue) { s.mail = q }

// NewService returns the service. secretKey encrypts webhook secrets at rest.
func NewService(d *db.DB, e *jobs.Engine, events *Catalogue, secretKey string, policy notify.AddressPolicy) (*Service, error) {
	enc, err := secrets.NewKeyring("webhook-secrets", secretKey)
	if err != nil {
		return nil, err
	}
	return &Service{db: d, jobs: e, events: events, enc: enc, policy: policy, sender: notify.NewWebhookSender(policy),
		slack: notify.NewSlackSender(policy)}, nil
}

// Events is the catalogue.
func (s *Service) Events() *Catalogue { return s.events }

// Message is something to tell: to the people it names (and the members of the roles the organisation chose), on the
// channels the organisation chose for the event (in-app, e-mail, webhooks, Slack).
type Message struct {
	Event      string
	Title      string
	Body       string
	Link       string // a path of the web application
	Recipients []uuid.UUID
	// Data fills the e-mail template's placeholders.
	Data map[string]string
	// Payload is the webhook payload's data.
	Payload any
}

// Publish delivers m in tx (the transaction of the change that causes it, scoped to its organisation): in-app rows,
// one e-mail job per recipient with an address, one delivery job per subscribed webhook or Slack endpoint.
func (s *Service) Publish(tx *gorm.DB, m Message) error {
	e, ok := s.events.event(m.Event)
	if !ok {
		return errors.New("notifications: unknown event " + m.Event)
	}
	ctx := tx.Statement.Context
	org := reqctx.OrganizationID(ctx)
	if org == uuid.Nil {
		return db.ErrNoOrganization
	}
	setting, err := s.setting(tx, e)
	if err != nil || !setting.Enabled {
		return err
	}
	recipients, err := s.recipients(tx, m.Recipients, setting.RecipientRoleIDs)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	var link *string
	if m.Link != "" && strings.HasPrefix(m.Link, "/") {
		link = &m.Link
	}
	has := func(c string) bool { return slices.Contains([]string(setting.Channels), c) }
	if has("in_app") {
		for _, u := range recipients {
			n := Notification{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, UserID: u, Event: m.Event,
				Title: truncate(m.Title, 200), Body: truncate(m.Body, 2000), Link: link, CreatedAt: now}
			if err := tx.Create(&n).Error; err != nil {
				return err
			}
		}
	}
	if has("email") && s.mail != nil && s.mail.Enabled() && len(recipients) > 0 {
		if err := s.email(tx, e, recipients, m.Data); err != nil {
			return err
		}
	}
	var kinds []string
	if has("webhook") {
		kinds = append(kinds, KindStandard)
	}
	if has("slack") {
		kinds = append(kinds, KindSlack)
	}
	if len(kinds) == 0 {
		return nil
	}
	var endpoints []uuid.UUID
	if err := tx.Raw(`SELECT id FROM webhook_endpoints WHERE enabled AND archived_at IS NULL AND kind IN ?
		AND (events @> ARRAY[?]::text[] OR events @> ARRAY['*']::text[])`, kinds, m.Event).Scan(&endpoints).Error; err != nil {
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
			Event: m.Event, OccurredAt: now, Payload: payload, Title: truncate(m.Title, 200), Body: truncate(m.Body, 2000),
			Link: ptrOr(link)}, nil); err != nil {
			return err
		}
	}
	return nil
}

// recipients are the named people plus the active members holding one of the roles (directly or through a group).
func (s *Service) recipients(tx *gorm.DB, named []uuid.UUID, roles []string) ([]uuid.UUID, error) {
	out := slices.Clone(named)
	if len(roles) > 0 {
		var members []uuid.UUID
		err := tx.Raw(`SELECT DISTINCT m.user_id FROM memberships m
			WHERE m.status = 'active' AND (
				EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = m.user_id AND ra.role_id::text = ANY(?))
				OR EXISTS (SELECT 1 FROM role_assignments ra JOIN group_members gm ON gm.group_id = ra.group_id
					WHERE gm.user_id = m.user_id AND ra.role_id::text = ANY(?)))`, pq.StringArray(roles), pq.StringArray(roles)).
			Scan(&members).Error
		if err != nil {
			return nil, err
		}
		out = append(out, members...)
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out), nil
}

// email renders the event's template (the organisation's, else the system one) in each recipient's language and
// queues one e-mail per recipient.
func (s *Service) email(tx *gorm.DB, e Event, recipients []uuid.UUID, data map[string]string) error {
	type person struct {
		ID     uuid.UUID
		Email  string
		Locale string
	}
	var people []person
	if err := tx.Raw("SELECT id, email, locale FROM users WHERE id IN ? AND status = 'active'", recipients).Scan(&people).Error; err != nil {
		return err
	}
	ctx := tx.Statement.Context
	for _, p := range people {
		v, err := s.templateIn(tx, e, notify.NormalizeLocale(p.Locale))
		if err != nil {
			return err
		}
		r, err := notify.Render(ctx, v.Template, data)
		if err != nil {
			return fmt.Errorf("notifications: template of %s: %w", e.Code, err)
		}
		r.Locale = v.Locale
		if err := s.mail.Enqueue(tx, e.Code, r.Message(p.Email)); err != nil {
			return err
		}
	}
	return nil
}

func ptrOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
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
