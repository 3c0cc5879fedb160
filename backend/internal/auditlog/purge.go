package auditlog

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// PurgeArgs is the daily audit-log retention purge of one organisation (SPEC §1.4).
type PurgeArgs struct {
	Organization uuid.UUID `json:"organization_id" river:"unique"`
	Period       time.Time `json:"period" river:"unique"`
}

// Kind names the job.
func (PurgeArgs) Kind() string { return "audit.purge" }

// InsertOpts: one purge per organisation and period, however often it is enqueued.
func (PurgeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PurgeWorker removes the organisation's audit rows older than its retention setting. Only a prefix of the hash
// chain is ever removed (rows before the first one to keep, by sequence), so the chain still verifies from the first
// kept row; the purge itself is audited with the number of rows and the cutoff.
type PurgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	DB   *db.DB
	Jobs *jobs.Engine
}

// Work runs the purge.
func (w *PurgeWorker) Work(ctx context.Context, job *river.Job[PurgeArgs]) error {
	org := reqctx.OrganizationID(ctx)
	if org == uuid.Nil || org != job.Args.Organization {
		return river.JobCancel(errNoOrganization)
	}
	n, cutoff, err := Purge(ctx, w.DB, org, time.Now())
	if err != nil {
		return err
	}
	return w.Jobs.SetResult(ctx, jobs.Result{Summary: map[string]any{"deleted": n, "cutoff": cutoff.Format(time.RFC3339)}})
}

type purgeError string

func (e purgeError) Error() string { return string(e) }

const errNoOrganization = purgeError("audit purge: the job has no organisation")

// Purge deletes org's audit rows older than its retention (audit_log_days) as of now, and audits the purge.
func Purge(ctx context.Context, d *db.DB, org uuid.UUID, now time.Time) (int64, time.Time, error) {
	var days int
	if err := d.Pool.QueryRow(ctx, "SELECT coalesce((settings->'retention'->>'audit_log_days')::int, 0) FROM organizations WHERE id = $1",
		org).Scan(&days); err != nil {
		return 0, time.Time{}, err
	}
	if days <= 0 {
		return 0, time.Time{}, nil
	}
	cutoff := now.Add(-time.Duration(days) * 24 * time.Hour).UTC()
	var deleted int64
	err := d.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL opsdeck.audit_purge = 'on'").Error; err != nil {
			return err
		}
		// Keep everything from the first row (by sequence) that is newer than the cutoff: the removed part is a prefix.
		res := tx.Exec(`DELETE FROM audit_events WHERE organization_id = ? AND seq < coalesce(
			(SELECT min(seq) FROM audit_events WHERE organization_id = ? AND occurred_at >= ?),
			(SELECT max(seq) + 1 FROM audit_events WHERE organization_id = ?))
			AND occurred_at < ?`, org, org, cutoff, org, cutoff)
		if res.Error != nil {
			return res.Error
		}
		deleted = res.RowsAffected
		if err := tx.Exec("SET LOCAL opsdeck.audit_purge = 'off'").Error; err != nil {
			return err
		}
		if deleted == 0 {
			return nil
		}
		return audit.Record(tx, audit.Entry{Organization: org, Action: "audit.purged", EntityType: "audit_log",
			EntityLabel: "Audit log retention", Changes: map[string]any{"deleted": [2]any{nil, deleted},
				"cutoff": [2]any{nil, cutoff.Format(time.RFC3339)}, "retention_days": [2]any{nil, days}}})
	})
	return deleted, cutoff, err
}

// PurgeSchedule runs the purge every night at 02:30 in each organisation's timezone.
func PurgeSchedule() jobs.Schedule {
	return jobs.Schedule{Name: "audit-retention-purge", Spec: "30 2 * * *", PerOrganization: true,
		Args: func(org uuid.UUID, period time.Time) river.JobArgs {
			return PurgeArgs{Organization: org, Period: period}
		}}
}
