package app

import (
	"fmt"

	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/compliance"
	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/imports"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/reports"
)

// registerJobs declares every job kind and schedule. Modules add theirs here.
func (a *App) registerJobs() error {
	jobs.Register(a.Jobs, &auditlog.PurgeWorker{DB: a.DB, Jobs: a.Jobs})
	jobs.Register(a.Jobs, &notifications.DeliverWorker{S: a.Notify})
	jobs.Register(a.Jobs, &notifications.MailWorker{Q: a.Mail})
	jobs.Register(a.Jobs, &auditlog.ExportWorker{S: auditlog.NewService(a.DB), Jobs: a.Jobs, Files: a.Files})
	jobs.Register(a.Jobs, &reports.SummaryWorker{DB: a.DB, Jobs: a.Jobs, Files: a.Files})
	jobs.Register(a.Jobs, &reports.EquipmentWorker{DB: a.DB, Jobs: a.Jobs, Files: a.Files})
	jobs.Register(a.Jobs, &files.SweepWorker{S: a.Files})
	a.Jobs.OnFailed(a.Notify.JobFailed)
	jobs.Register(a.Jobs, &notifications.ExpiryScanWorker{S: a.Notify})
	jobs.Register(a.Jobs, &notifications.DigestWorker{S: a.Notify})
	jobs.Register(a.Jobs, &imports.ImportWorker{S: a.Imports})
	jobs.Register(a.Jobs, &imports.ExportWorker{S: a.Imports})
	jobs.Register(a.Jobs, &compliance.SnapshotWorker{S: a.Compliance, Jobs: a.Jobs})
	if err := a.Jobs.AddSchedule(compliance.SnapshotSchedule(a.Cfg.Get("OPSDECK_COMPLIANCE_SNAPSHOTS"))); err != nil {
		return fmt.Errorf("OPSDECK_COMPLIANCE_SNAPSHOTS: %w", err)
	}
	if err := a.Jobs.AddSchedule(notifications.DigestSchedule()); err != nil {
		return err
	}
	if err := a.Jobs.AddSchedule(files.SweepSchedule()); err != nil {
		return err
	}
	if err := a.Jobs.AddSchedule(notifications.ExpiryScanSchedule()); err != nil {
		return err
	}
	return a.Jobs.AddSchedule(auditlog.PurgeSchedule())
}
