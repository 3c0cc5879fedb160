package compliance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Drift grades, from the worst.
const (
	GradeCritical    = "critical"
	GradeHigh        = "high"
	GradeMedium      = "medium"
	GradeImprovement = "improvement"
)

// Grades lists the drift grades.
var Grades = []string{GradeCritical, GradeHigh, GradeMedium, GradeImprovement}

// What started a snapshot.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
	TriggerSeed     = "seed"
)

// EventRegression is the notification of a snapshot that found critical or high drift.
const EventRegression = "compliance.regression"

// TypeSnapshot is the audit entity of snapshots.
const TypeSnapshot = "compliance_snapshot"

// Snapshot is every control's status and the score of one framework at one moment.
type Snapshot struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	FrameworkID    uuid.UUID `gorm:"type:uuid"`
	TakenAt        time.Time
	Trigger        string
	TakenBy        string
	PreviousID     *uuid.UUID `gorm:"type:uuid"`
	Score          *float64
	Applicable     int64
	Counts         map[string]int64 `gorm:"type:jsonb;serializer:json"`
	Regressions    int
	Improvements   int
}

// TableName maps the model.
func (Snapshot) TableName() string { return "compliance_snapshots" }

// AuditInfo audits snapshots (one entry per snapshot, not per control).
func (Snapshot) AuditInfo() audit.Info {
	return audit.Info{Entity: TypeSnapshot, LabelColumn: "trigger"}
}

// Drift is one control's status change between two consecutive snapshots.
type Drift struct {
	ID           uuid.UUID `gorm:"type:uuid;primaryKey"`
	FrameworkID  uuid.UUID `gorm:"type:uuid"`
	SnapshotID   uuid.UUID `gorm:"type:uuid"`
	ControlID    uuid.UUID `gorm:"type:uuid"`
	ControlRef   string
	ControlTitle string
	FromStatus   string
	ToStatus     string
	Grade        string
	DetectedAt   time.Time
}

// rankSQL orders statuses from the best; not applicable has no rank.
func rankSQL(col string) string {
	return fmt.Sprintf(`(CASE %s WHEN 'compliant' THEN 0 WHEN 'manual' THEN 1 WHEN 'warning' THEN 2 WHEN 'uncovered' THEN 3
		WHEN 'non_compliant' THEN 4 END)`, col)
}

// gradeSQL grades a change from p.status to n.status (docs/compliance.md "Drift").
var gradeSQL = `CASE
	WHEN p.status = 'not_applicable' AND n.status IN ('compliant', 'manual') THEN 'improvement'
	WHEN p.status = 'not_applicable' AND n.status = 'non_compliant' THEN 'high'
	WHEN p.status = 'not_applicable' OR n.status = 'not_applicable' THEN 'medium'
	WHEN ` + rankSQL("n.status") + ` < ` + rankSQL("p.status") + ` THEN 'improvement'
	WHEN p.status IN ('compliant', 'manual') AND n.status = 'non_compliant' THEN 'critical'
	WHEN p.status IN ('compliant', 'manual') AND n.status = 'uncovered' THEN 'high'
	WHEN p.status = 'warning' AND n.status = 'non_compliant' THEN 'high'
	ELSE 'medium' END`

// TakeSnapshot records a framework's status now and its drift from the framework's latest snapshot, whatever its age.
func (s *Service) TakeSnapshot(ctx context.Context, framework uuid.UUID, trigger string) (Snapshot, error) {
	var snap Snapshot
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw, err := s.framework(tx, framework)
		if err != nil {
			return err
		}
		if fw.ArchivedAt != nil {
			return apperr.Conflict("An archived framework is not measured; restore it first.")
		}
		snap, err = s.snapshotIn(tx, fw.Framework, trigger, time.Now().UTC())
		return err
	})
	return snap, err
}

// SnapshotAll takes a snapshot of every active, unarchived framework of the organisation in ctx (the scheduled job).
func (s *Service) SnapshotAll(ctx context.Context, trigger string) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var fws []Framework
		if err := tx.Where("active AND archived_at IS NULL").Order("name, id").Find(&fws).Error; err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, fw := range fws {
			if _, err := s.snapshotIn(tx, fw, trigger, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func (s *Service) snapshotIn(tx *gorm.DB, fw Framework, trigger string, at time.Time) (Snapshot, error) {
	st, err := s.statusIn(tx, fw.ID, at)
	if err != nil {
		return Snapshot{}, err
	}
	return s.record(tx, fw, trigger, at, st)
}

// record writes a snapshot of st taken at and its drift from the framework's latest snapshot.
func (s *Service) record(tx *gorm.DB, fw Framework, trigger string, at time.Time, st FrameworkStatus) (Snapshot, error) {
	var prev *uuid.UUID
	var last Snapshot
	if err := tx.Where("framework_id = ?", fw.ID).Order("taken_at DESC, id DESC").Limit(1).Find(&last).Error; err != nil {
		return Snapshot{}, err
	}
	if last.ID != uuid.Nil {
		prev = &last.ID
	}
	snap := Snapshot{ID: uuid.Must(uuid.NewV7()), OrganizationID: fw.OrganizationID, FrameworkID: fw.ID, TakenAt: at,
		Trigger: trigger, TakenBy: reqctx.PrincipalFrom(tx.Statement.Context).Name, PreviousID: prev, Score: st.Score,
		Applicable: st.Applicable, Counts: st.Counts}
	ids := make([]string, len(st.Controls))
	statuses := make([]string, len(st.Controls))
	for i, c := range st.Controls {
		ids[i], statuses[i] = c.ControlID.String(), c.Status
	}
	// The drift is graded before the snapshot row is written, so that the row (and its audit entry) carries the counts.
	type change struct {
		ControlID            uuid.UUID
		Ref, Title           string
		OwnerUserID          *uuid.UUID
		FromStatus, ToStatus string
		Grade                string
	}
	var changes []change
	if prev != nil {
		if err := tx.Raw(`SELECT n.control_id, c.ref, c.title, c.owner_user_id, p.status AS from_status, n.status AS to_status,
				`+gradeSQL+` AS grade
			FROM unnest(CAST(@ids AS uuid[]), CAST(@statuses AS text[])) AS n(control_id, status)
			JOIN compliance_snapshot_controls p ON p.snapshot_id = @prev AND p.control_id = n.control_id
			JOIN controls c ON c.id = n.control_id
			WHERE p.status <> n.status ORDER BY c.position`,
			map[string]any{"ids": db.TextArray(ids), "statuses": db.TextArray(statuses), "prev": *prev}).Scan(&changes).Error; err != nil {
			return snap, err
		}
	}
	var serious []change
	for _, c := range changes {
		if c.Grade == GradeImprovement {
			snap.Improvements++
			continue
		}
		snap.Regressions++
		if c.Grade == GradeCritical || c.Grade == GradeHigh {
			serious = append(serious, c)
		}
	}
	if err := tx.Create(&snap).Error; err != nil {
		return snap, err
	}
	if err := tx.Exec(`INSERT INTO compliance_snapshot_controls (snapshot_id, organization_id, control_id, status)
		SELECT @snap, @org, id, status FROM unnest(CAST(@ids AS uuid[]), CAST(@statuses AS text[])) AS n(id, status)`,
		map[string]any{"snap": snap.ID, "org": fw.OrganizationID, "ids": db.TextArray(ids), "statuses": db.TextArray(statuses)}).Error; err != nil {
		return snap, err
	}
	if len(changes) > 0 {
		if err := tx.Exec(`INSERT INTO compliance_drift (id, organization_id, framework_id, snapshot_id, control_id, from_status,
				to_status, grade, detected_at)
			SELECT gen_random_uuid(), @org, @fw, @snap, n.control_id, p.status, n.status, `+gradeSQL+`, @at
			FROM unnest(CAST(@ids AS uuid[]), CAST(@statuses AS text[])) AS n(control_id, status)
			JOIN compliance_snapshot_controls p ON p.snapshot_id = @prev AND p.control_id = n.control_id
			WHERE p.status <> n.status`,
			map[string]any{"org": fw.OrganizationID, "fw": fw.ID, "snap": snap.ID, "at": at, "prev": *prev,
				"ids": db.TextArray(ids), "statuses": db.TextArray(statuses)}).Error; err != nil {
			return snap, err
		}
	}
	if len(serious) > 0 && s.notify != nil && trigger != TriggerSeed {
		var lines []string
		var owners []uuid.UUID
		for i, c := range serious {
			if i < 10 {
				lines = append(lines, fmt.Sprintf("%s %s: %s → %s (%s)", c.Ref, c.Title, c.FromStatus, c.ToStatus, c.Grade))
			}
			if c.OwnerUserID != nil {
				owners = append(owners, *c.OwnerUserID)
			}
		}
		if len(serious) > 10 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(serious)-10))
		}
		title := fmt.Sprintf("%s: %d control(s) regressed", fw.Name, len(serious))
		if err := s.notify.Publish(tx, notifications.Message{Event: EventRegression, Title: title,
			Body: strings.Join(lines, "\n"), Link: "/compliance/frameworks/" + fw.ID.String() + "/drift", Recipients: owners,
			Data:    map[string]string{"framework": fw.Name, "count": fmt.Sprint(len(serious)), "controls": strings.Join(lines, "\n")},
			Payload: map[string]any{"framework_id": fw.ID, "snapshot_id": snap.ID, "regressions": len(serious)}}); err != nil {
			return snap, err
		}
	}
	return snap, nil
}

// UseNotifications lets snapshots announce regressions.
func (s *Service) UseNotifications(n *notifications.Service) { s.notify = n }

// RegisterNotifications declares the module's events.
func RegisterNotifications(n *notifications.Service) error {
	return n.Events().Register(notifications.Event{Code: EventRegression, Module: Module, Name: "Compliance regression",
		Description: "A compliance snapshot found controls whose status got worse (critical: compliant to non-compliant; " +
			"high: compliant to uncovered, warning to non-compliant).",
		DefaultChannels: []string{"in_app", "email"},
		Placeholders: []notifications.Placeholder{{Name: "framework", Description: "The framework", Example: "ISO/IEC 27001:2022"},
			{Name: "count", Description: "How many controls regressed (critical and high)", Example: "3"},
			{Name: "controls", Description: "The controls, one per line", Example: "A.8.13 Information backup: compliant → non_compliant (critical)"}}})
}

// SnapshotFilter selects snapshots of a framework.
type SnapshotFilter struct {
	From, To     *time.Time
	Sort, Cursor string
	Limit        int
}

// ListSnapshots lists a framework's snapshots (the score trend), newest first by default.
func (s *Service) ListSnapshots(ctx context.Context, framework uuid.UUID, f SnapshotFilter) (db.PageResult[Snapshot], error) {
	var res db.PageResult[Snapshot]
	so, err := db.ParseSort(f.Sort, "-taken_at", map[string]string{"taken_at": "taken_at"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.framework(tx, framework); err != nil {
			return err
		}
		q := tx.Model(&Snapshot{}).Where("framework_id = ?", framework)
		if f.From != nil {
			q = q.Where("taken_at >= ?", *f.From)
		}
		if f.To != nil {
			q = q.Where("taken_at < ?", *f.To)
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(x *Snapshot) (any, uuid.UUID) {
			return x.TakenAt.UTC().Format(time.RFC3339Nano), x.ID
		})
		return err
	})
	return res, err
}

// DriftFilter selects drift of a framework.
type DriftFilter struct {
	Grades       []string
	Control      *uuid.UUID
	From, To     *time.Time
	Sort, Cursor string
	Limit        int
}

// ListDrift lists a framework's drift, newest first by default.
func (s *Service) ListDrift(ctx context.Context, framework uuid.UUID, f DriftFilter) (db.PageResult[Drift], error) {
	var res db.PageResult[Drift]
	var fe apperr.Fields
	for _, g := range f.Grades {
		if !slices.Contains(Grades, g) {
			fe.Add("grade", "invalid", "must be one of "+strings.Join(Grades, ", "))
		}
	}
	if err := fe.Err("drift filter"); err != nil {
		return res, err
	}
	so, err := db.ParseSort(f.Sort, "-detected_at", map[string]string{"detected_at": "d.detected_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "d.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.framework(tx, framework); err != nil {
			return err
		}
		q := tx.Table("compliance_drift d").Select("d.*, c.ref AS control_ref, c.title AS control_title").
			Joins("JOIN controls c ON c.id = d.control_id").Where("d.framework_id = ?", framework)
		if len(f.Grades) > 0 {
			q = q.Where("d.grade IN ?", f.Grades)
		}
		if f.Control != nil {
			q = q.Where("d.control_id = ?", *f.Control)
		}
		if f.From != nil {
			q = q.Where("d.detected_at >= ?", *f.From)
		}
		if f.To != nil {
			q = q.Where("d.detected_at < ?", *f.To)
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(x *Drift) (any, uuid.UUID) {
			return x.DetectedAt.UTC().Format(time.RFC3339Nano), x.ID
		})
		return err
	})
	return res, err
}

// SnapshotArgs is the scheduled snapshot of one organisation's active frameworks.
type SnapshotArgs struct {
	Organization uuid.UUID `json:"organization_id" river:"unique"`
	Period       time.Time `json:"period" river:"unique"`
}

// Kind names the job.
func (SnapshotArgs) Kind() string { return "compliance.snapshot" }

// InsertOpts: one snapshot run per organisation and period, however often it is enqueued.
func (SnapshotArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SnapshotWorker takes the snapshots. After downtime the schedule fires the missed period once; each framework is
// compared with its latest snapshot, whatever its age.
type SnapshotWorker struct {
	river.WorkerDefaults[SnapshotArgs]
	S    *Service
	Jobs *jobs.Engine
}

// Work runs the job in the organisation's scope.
func (w *SnapshotWorker) Work(ctx context.Context, job *river.Job[SnapshotArgs]) error {
	if org := reqctx.OrganizationID(ctx); org == uuid.Nil || org != job.Args.Organization {
		return river.JobCancel(errors.New("compliance snapshot: the job has no organisation"))
	}
	n, err := w.S.SnapshotAll(ctx, TriggerSchedule)
	if err != nil {
		return err
	}
	return w.Jobs.SetResult(ctx, jobs.Result{Summary: map[string]any{"frameworks": n}})
}

// SnapshotSchedule fires the snapshots on spec (OPSDECK_COMPLIANCE_SNAPSHOTS), per organisation.
func SnapshotSchedule(spec string) jobs.Schedule {
	return jobs.Schedule{Name: "compliance-snapshots", Spec: spec, PerOrganization: true,
		Args: func(org uuid.UUID, period time.Time) river.JobArgs {
			return SnapshotArgs{Organization: org, Period: period}
		}}
}
