package app

import (
	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// registerJobs declares every job kind and schedule. Modules add theirs here.
func (a *App) registerJobs() error {
	jobs.Register(a.Jobs, &auditlog.PurgeWorker{DB: a.DB, Jobs: a.Jobs})
	return a.Jobs.AddSchedule(auditlog.PurgeSchedule())
}
