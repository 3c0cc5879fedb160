package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// DeliverArgs is one message to one webhook or Slack endpoint. It names the endpoint rather than holding its URL or secrets,
// which are read when the job runs.
type DeliverArgs struct {
	Organization uuid.UUID       `json:"organization_id"`
	Endpoint     uuid.UUID       `json:"endpoint_id"`
	MessageID    string          `json:"message_id"`
	Event        string          `json:"event"`
	OccurredAt   time.Time       `json:"occurred_at"`
	Payload      json.RawMessage `json:"payload"`
	// Title, Body and Link (a path of the web application) are what a Slack endpoint shows.
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
	Link  string `json:"link,omitempty"`
	// Force sends even to a disabled endpoint (the test button).
	Force bool `json:"force,omitempty"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "notifications.webhook" }

// DeliverWorker sends a webhook and logs the attempt. A receiver that fails in a retryable way (network, timeout,
// 408, 429, 5xx) gets the message again with backoff, under the same webhook-id; other refusals end the job.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	S *Service
}

// Timeout bounds one attempt (the HTTP client has its own, shorter one).
func (w *DeliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return time.Minute }

// Work delivers.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	a := job.Args
	if reqctx.OrganizationID(ctx) != a.Organization {
		return river.JobCancel(errors.New("the job's organisation does not match its endpoint"))
	}
	s := w.S
	var ep Webhook
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		ep, err = s.webhook(tx, a.Endpoint)
		return err
	})
	if err != nil {
		return river.JobCancel(fmt.Errorf("endpoint: %w", err))
	}
	if ep.ArchivedAt != nil || (!ep.Enabled && !a.Force) {
		return river.JobCancel(errors.New("the endpoint is archived or disabled"))
	}
	to, err := s.target(ep)
	if err != nil {
		return river.JobCancel(fmt.Errorf("the endpoint's URL cannot be read (was OPSDECK_SECRET_KEY changed?): %w", err))
	}
	var d notify.Delivery
	var sendErr error
	if ep.Kind == KindSlack {
		n := notify.Notification{ID: a.MessageID, Channel: notify.ChannelSlack, To: to, Event: a.Event,
			OccurredAt: a.OccurredAt, Subject: a.Title, Text: a.Body, Link: s.absolute(a.Link)}
		d, sendErr = s.slack.Send(ctx, n)
	} else {
		list, err := s.open(ep)
		if err != nil {
			return err
		}
		n := notify.Notification{ID: a.MessageID, Channel: notify.ChannelWebhook, To: to, Event: a.Event,
			OccurredAt: a.OccurredAt, Payload: a.Payload, Secrets: list}
		d, sendErr = s.sender.Send(ctx, n)
	}
	if err := s.record(ctx, ep, a, job.ID, job.Attempt, d); err != nil {
		return err
	}
	if sendErr == nil {
		return nil
	}
	if !d.Retryable {
		return river.JobCancel(sendErr)
	}
	if d.RetryAfter > 0 && job.Attempt < job.MaxAttempts {
		return river.JobSnooze(min(d.RetryAfter, 24*time.Hour))
	}
	return sendErr
}

func (s *Service) record(ctx context.Context, ep Webhook, a DeliverArgs, job int64, attempt int, d notify.Delivery) error {
	status := "succeeded"
	if !d.Succeeded() {
		status = "failed"
	}
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := logDelivery(tx, a.Organization, &ep.ID, a.Event, job, attempt, d); err != nil {
			return err
		}
		// Bookkeeping, not a change of the endpoint: not audited (AuditInfo.Ignore), raw to keep the version.
		return tx.Exec("UPDATE webhook_endpoints SET last_delivery_at = now(), last_status = ? WHERE id = ?", status, ep.ID).Error
	})
}

// logDelivery writes one attempt to the delivery log.
func logDelivery(tx *gorm.DB, org uuid.UUID, endpoint *uuid.UUID, event string, job int64, attempt int, d notify.Delivery) error {
	var code, jobID any
	if d.StatusCode != 0 {
		code = d.StatusCode
	}
	if job != 0 {
		jobID = job
	}
	at := d.StartedAt
	if at.IsZero() {
		at = time.Now()
	}
	return tx.Exec(`INSERT INTO notification_deliveries (id, organization_id, channel, endpoint_id, event, message_id,
		target, attempt, succeeded, status_code, duration_ms, response, error, job_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		uuid.Must(uuid.NewV7()), org, string(d.Channel), endpoint, truncate(event, 100), truncate(d.MessageID, 100),
		truncate(d.Target, 500), attempt, d.Succeeded(), code, d.Duration.Milliseconds(), truncate(d.Response, 1024),
		truncate(d.Error, 1000), jobID, at.UTC()).Error
}

// absolute turns a path of the web application into a URL (chat messages link back to OpsDeck).
func (s *Service) absolute(path string) string {
	if path == "" || !strings.HasPrefix(path, "/") || s.publicURL == "" {
		return ""
	}
	return strings.TrimSuffix(s.publicURL, "/") + path
}

// JobFailed tells the person who started a job that it failed for good (in-app, and subscribed webhooks).
func (s *Service) JobFailed(ctx context.Context, job jobs.Failed) error {
	if job.Metadata.OrganizationID == uuid.Nil {
		return nil
	}
	var recipients []uuid.UUID
	if job.Metadata.ActorKind == string(reqctx.KindUser) {
		if id, err := uuid.Parse(job.Metadata.ActorID); err == nil {
			recipients = append(recipients, id)
		}
	}
	ctx = reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: fmt.Sprintf("job:%d", job.ID), Kind: reqctx.KindSystem,
		Name: "Job " + job.Kind, OrganizationID: job.Metadata.OrganizationID})
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		return s.Publish(tx, Message{Event: EventJobFailed, Title: "A background job failed",
			Body: fmt.Sprintf("%s (job %d) failed after %d attempts: %s", job.Kind, job.ID, job.Attempt, truncate(job.Error, 500)),
			Link: fmt.Sprintf("/jobs?job=%d", job.ID), Recipients: recipients,
			Data:    map[string]string{"job_kind": job.Kind, "job_id": fmt.Sprint(job.ID), "error": truncate(job.Error, 500)},
			Payload: map[string]any{"job_id": job.ID, "job_kind": job.Kind, "error": truncate(job.Error, 500)}})
	})
}
