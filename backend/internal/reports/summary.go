// Package reports produces documents about an organisation as background jobs (PDF in the house style).
package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/docs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// SummaryArgs is the organisation summary report.
type SummaryArgs struct{}

// Kind names the job.
func (SummaryArgs) Kind() string { return "reports.organization_summary" }

// SummaryWorker writes the organisation summary PDF.
type SummaryWorker struct {
	river.WorkerDefaults[SummaryArgs]
	DB    *db.DB
	Jobs  *jobs.Engine
	Files *files.Store
}

type orgFacts struct {
	Name, Slug, Kind, Identifier, Country, Timezone string
	Retention                                       int
	RequireMFA                                      bool
	Modules                                         int
}

type roleCount struct {
	Name    string
	Members int64
}

type actionCount struct {
	Action string
	Count  int64
}

// Work gathers the facts in one tenant transaction and renders the report.
func (w *SummaryWorker) Work(ctx context.Context, _ *river.Job[SummaryArgs]) error {
	var (
		o                 orgFacts
		roles             []roleCount
		actions           []actionCount
		members, active   int64
		groups, mfaActive int64
	)
	err := w.DB.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT name, slug, kind, identifier, country, coalesce(settings->>'timezone', 'UTC') AS timezone,
			coalesce((settings->'retention'->>'audit_log_days')::int, 0) AS retention,
			coalesce((settings->>'require_mfa')::boolean, false) AS require_mfa, cardinality(enabled_modules) AS modules
			FROM organizations WHERE id = opsdeck_current_org()`).Scan(&o).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM memberships WHERE archived_at IS NULL`).Scan(&members).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM memberships WHERE status = 'active'`).Scan(&active).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.status = 'active' AND u.totp_enabled_at IS NOT NULL`).Scan(&mfaActive).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM groups WHERE archived_at IS NULL`).Scan(&groups).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT r.name, count(ra.user_id) AS members FROM roles r
			LEFT JOIN role_assignments ra ON ra.role_id = r.id AND ra.user_id IS NOT NULL
			WHERE r.archived_at IS NULL GROUP BY r.id, r.name ORDER BY r.name`).Scan(&roles).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT action, count(*) AS count FROM audit_events
			WHERE occurred_at > now() - interval '30 days' GROUP BY action ORDER BY count DESC, action LIMIT 15`).Scan(&actions).Error
	})
	if err != nil {
		return err
	}
	_ = w.Jobs.Progress(ctx, 50, "rendering")
	now := time.Now().UTC()
	r := docs.NewReport(docs.ReportMeta{Title: "Organisation summary", Subtitle: o.Name, Organisation: o.Name, Date: now,
		Classification: "Internal"})
	yes := map[bool]string{true: "Yes", false: "No"}
	r.H1("Profile").KeyValues(
		docs.KeyValue{Key: "Name", Value: o.Name}, docs.KeyValue{Key: "Identifier", Value: o.Identifier},
		docs.KeyValue{Key: "Kind", Value: o.Kind}, docs.KeyValue{Key: "Country", Value: dash(o.Country)},
		docs.KeyValue{Key: "Timezone", Value: o.Timezone}, docs.KeyValue{Key: "Modules enabled", Value: fmt.Sprint(o.Modules)},
		docs.KeyValue{Key: "Audit log retention", Value: fmt.Sprintf("%d days", o.Retention)},
		docs.KeyValue{Key: "Two-step verification required", Value: yes[o.RequireMFA]})
	r.H1("People").KeyValues(
		docs.KeyValue{Key: "Members", Value: fmt.Sprint(members)}, docs.KeyValue{Key: "Active members", Value: fmt.Sprint(active)},
		docs.KeyValue{Key: "Active members with two-step verification", Value: fmt.Sprintf("%d (%s)", mfaActive, percent(mfaActive, active))},
		docs.KeyValue{Key: "Groups", Value: fmt.Sprint(groups)})
	roleRows := make([]docs.Row, 0, len(roles))
	for _, rc := range roles {
		roleRows = append(roleRows, docs.Row{rc.Name, rc.Members})
	}
	r.H2("Members by role").Table(docs.Table{Columns: []docs.Column{{Title: "Role"}, {Title: "Members (direct)", Type: docs.Integer}},
		Rows: docs.RowsOf(roleRows...)})
	actionRows := make([]docs.Row, 0, len(actions))
	for _, a := range actions {
		actionRows = append(actionRows, docs.Row{a.Action, a.Count})
	}
	r.H1("Activity in the last 30 days").Paragraph("The most frequent actions recorded in the audit trail.").
		Table(docs.Table{Columns: []docs.Column{{Title: "Action"}, {Title: "Events", Type: docs.Integer}}, Rows: docs.RowsOf(actionRows...)})
	var buf bytes.Buffer
	if _, err := r.WriteTo(&buf); err != nil {
		return err
	}
	name := "organisation-summary-" + strings.ToLower(o.Slug) + "-" + now.Format("20060102") + ".pdf"
	_, err = w.Files.PutResult(ctx, name, "application/pdf", &buf, map[string]any{"members": members})
	return err
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func percent(part, whole int64) string {
	if whole == 0 {
		return "—"
	}
	return fmt.Sprintf("%d %%", part*100/whole)
}

// ReportsHandler starts report jobs.
type ReportsHandler struct {
	db   *db.DB
	jobs *jobs.Engine
}

// NewHandler returns the handler.
func NewHandler(d *db.DB, e *jobs.Engine) *ReportsHandler { return &ReportsHandler{db: d, jobs: e} }

// StartOrganizationSummary implements POST /organization/summary-report.
func (h *ReportsHandler) StartOrganizationSummary(ctx context.Context, _ api.StartOrganizationSummaryRequestObject) (api.StartOrganizationSummaryResponseObject, error) {
	var id int64
	err := h.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := audit.Record(tx, audit.Entry{Action: "report", EntityType: "organization", EntityLabel: "Organisation summary"}); err != nil {
			return err
		}
		var err error
		id, err = h.jobs.Enqueue(tx, SummaryArgs{}, &river.InsertOpts{MaxAttempts: 3})
		return err
	})
	if err != nil {
		return nil, err
	}
	return api.StartOrganizationSummary202JSONResponse{JobId: id}, nil
}
