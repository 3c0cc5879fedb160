package app

import (
	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// registerJobs declares every job kind and schedule. Modules add theirs here.
func (a *App) registerJobs() error {
	jobs.Register(a.Jobs, &auditlog.PurgeWorker{DB: a.DB, Jobs: a.Jobs})
	jobs.Register(a.Jobs, &notifications.DeliverWorker{S: a.Notify})
	jobs.Register(a.Jobs, &notifications.MailWorker{Q: a.Mail})
	a.Jobs.OnFailed(a.Notify.JobFailed)
	return a.Jobs.AddSchedule(auditlog.PurgeSchedule())
}
