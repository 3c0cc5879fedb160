package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/secrets"
)

// MailArgs is one e-mail to send. The message (which may hold a single-use link) is sealed with the deployment's
// secret key, so job rows never hold it in clear.
type MailArgs struct {
	Purpose string `json:"purpose"` // what the mail is for (invite, reset, new_ip, …), for the job list
	Sealed  string `json:"sealed"`
}

// Kind names the job.
func (MailArgs) Kind() string { return "notifications.email" }

// MailQueue sends e-mail through the job engine: enqueued in the transaction of the change, retried on temporary
// failures, visible in the job list.
type MailQueue struct {
	db     *db.DB
	jobs   *jobs.Engine
	enc    *secrets.Keyring
	sender *notify.EmailSender
}

// NewMailQueue returns the queue for a mailer. Each attempt of a mail queued for an organisation is written to its
// delivery log (mail to a person outside any organisation — a password reset — is only in the job list).
func NewMailQueue(d *db.DB, e *jobs.Engine, m notify.Mailer, secretKey string) (*MailQueue, error) {
	enc, err := secrets.NewKeyring("queued-mail", secretKey)
	if err != nil {
		return nil, err
	}
	return &MailQueue{db: d, jobs: e, enc: enc, sender: notify.NewEmailSender(m)}, nil
}

// Enabled reports whether e-mail is configured.
func (q *MailQueue) Enabled() bool { return q.sender.Mailer.Enabled() }

var mailAAD = []byte("river_job.args.sealed:notifications.email")

// Enqueue queues m in tx.
func (q *MailQueue) Enqueue(tx *gorm.DB, purpose string, m notify.Message) error {
	_, err := q.EnqueueJob(tx, purpose, m)
	return err
}

// EnqueueJob queues m in tx and returns the job.
func (q *MailQueue) EnqueueJob(tx *gorm.DB, purpose string, m notify.Message) (int64, error) {
	if m.ID == "" {
		m.ID = notify.NewMessageID()
	}
	b, err := json.Marshal(m)
	if err != nil {
		return 0, err
	}
	sealed, err := q.enc.Encrypt(b, mailAAD)
	if err != nil {
		return 0, err
	}
	return q.jobs.Enqueue(tx, MailArgs{Purpose: purpose, Sealed: sealed}, &river.InsertOpts{MaxAttempts: 10})
}

// MailWorker sends queued e-mail. Temporary refusals retry with backoff; permanent ones (unknown mailbox) end the job.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	Q *MailQueue
}

// Work sends one message.
func (w *MailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	b, err := w.Q.enc.Decrypt(job.Args.Sealed, mailAAD)
	if err != nil {
		return river.JobCancel(fmt.Errorf("the queued message cannot be read (was OPSDECK_SECRET_KEY changed?): %w", err))
	}
	var m notify.Message
	if err := json.Unmarshal(b, &m); err != nil {
		return river.JobCancel(err)
	}
	d, err := w.Q.sender.Send(ctx, notify.Notification{ID: m.ID, Channel: notify.ChannelEmail, To: m.To, Locale: m.Locale,
		Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	if org := reqctx.OrganizationID(ctx); org != uuid.Nil && !errors.Is(err, notify.ErrMailDisabled) {
		d.MessageID = m.ID
		event := job.Args.Purpose
		if !strings.Contains(event, ".") {
			event = "identity." + event // invitation, reset, new sign-in address
		}
		if lerr := w.Q.db.Tx(ctx, func(tx *gorm.DB) error {
			return logDelivery(tx, org, nil, event, job.ID, job.Attempt, d)
		}); lerr != nil {
			return lerr
		}
	}
	if err == nil {
		return nil
	}
	if !d.Retryable || errors.Is(err, notify.ErrMailDisabled) {
		return river.JobCancel(err)
	}
	return err
}
