package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/docs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
)

// EquipmentArgs is the equipment report of one person: what they hold, for a hand-over signature.
type EquipmentArgs struct {
	UserID uuid.UUID `json:"user_id"`
}

// Kind names the job.
func (EquipmentArgs) Kind() string { return "reports.user_equipment" }

// EquipmentWorker writes the equipment PDF.
type EquipmentWorker struct {
	river.WorkerDefaults[EquipmentArgs]
	DB    *db.DB
	Jobs  *jobs.Engine
	Files *files.Store
}

type heldItem struct {
	Kind, Name, Reference, Model, Location, Since string
	Remote                                        bool
}

// Work gathers what the person holds (assets, peripherals, licence seats) in one tenant transaction and renders it.
func (w *EquipmentWorker) Work(ctx context.Context, job *river.Job[EquipmentArgs]) error {
	var (
		person struct{ Name, Email string }
		org    string
		items  []heldItem
		seats  []struct{ Software, Licence, Since string }
	)
	err := w.DB.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT name FROM organizations WHERE id = opsdeck_current_org()`).Scan(&org).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT u.name, u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.id = ?`, job.Args.UserID).
			Scan(&person).Error; err != nil {
			return err
		}
		// Since: the latest check-out to this person.
		if err := tx.Raw(`SELECT 'Asset' AS kind, a.name, coalesce(a.asset_tag, a.serial, '') AS reference,
				coalesce(b.name || ' ' || m.name, '') AS model, coalesce(l.name, '') AS location, a.remote,
				coalesce(to_char((SELECT max(c.at) FROM asset_custody c WHERE c.asset_id = a.id AND c.user_id = a.holder_id), 'YYYY-MM-DD'), '') AS since
			FROM assets a LEFT JOIN asset_models m ON m.id = a.model_id LEFT JOIN brands b ON b.id = m.brand_id
			LEFT JOIN locations l ON l.id = a.location_id
			WHERE a.holder_id = ? AND a.archived_at IS NULL
			UNION ALL
			SELECT 'Peripheral', p.name, coalesce(p.serial, ''), coalesce(b.name || ' ' || m.name, ''), coalesce(l.name, ''), p.remote,
				coalesce(to_char((SELECT max(c.at) FROM asset_custody c WHERE c.peripheral_id = p.id AND c.user_id = p.holder_id), 'YYYY-MM-DD'), '')
			FROM peripherals p LEFT JOIN asset_models m ON m.id = p.model_id LEFT JOIN brands b ON b.id = m.brand_id
			LEFT JOIN locations l ON l.id = p.location_id
			WHERE p.holder_id = ? AND p.archived_at IS NULL
			ORDER BY 1, 2`, job.Args.UserID, job.Args.UserID).Scan(&items).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT sw.name AS software, l.name AS licence, to_char(s.assigned_at, 'YYYY-MM-DD') AS since
			FROM licence_seats s JOIN licences l ON l.id = s.licence_id JOIN software sw ON sw.id = l.software_id
			WHERE s.user_id = ? AND l.archived_at IS NULL ORDER BY sw.name, l.name`, job.Args.UserID).Scan(&seats).Error
	})
	if err != nil {
		return err
	}
	if person.Name == "" {
		return river.JobCancel(errors.New("the person is not a member of the organisation"))
	}
	_ = w.Jobs.Progress(ctx, 50, "rendering")
	now := time.Now().UTC()
	r := docs.NewReport(docs.ReportMeta{Title: "Equipment held", Subtitle: person.Name, Organisation: org, Date: now,
		Classification: "Internal"})
	r.H1("Holder").KeyValues(docs.KeyValue{Key: "Name", Value: person.Name}, docs.KeyValue{Key: "E-mail", Value: person.Email},
		docs.KeyValue{Key: "Items", Value: fmt.Sprint(len(items))}, docs.KeyValue{Key: "Licence seats", Value: fmt.Sprint(len(seats))})
	rows := make([]docs.Row, 0, len(items))
	for _, it := range items {
		where := dash(it.Location)
		if it.Remote {
			where += " (remote)"
		}
		rows = append(rows, docs.Row{it.Kind, it.Name, dash(it.Reference), dash(it.Model), where, dash(it.Since)})
	}
	r.H1("Assets and peripherals").Table(docs.Table{Columns: []docs.Column{{Title: "Kind"}, {Title: "Item"}, {Title: "Tag / serial"},
		{Title: "Model"}, {Title: "Location"}, {Title: "Since"}}, Rows: docs.RowsOf(rows...)})
	seatRows := make([]docs.Row, 0, len(seats))
	for _, s := range seats {
		seatRows = append(seatRows, docs.Row{s.Software, s.Licence, s.Since})
	}
	r.H1("Licence seats").Table(docs.Table{Columns: []docs.Column{{Title: "Software"}, {Title: "Licence"}, {Title: "Since"}},
		Rows: docs.RowsOf(seatRows...)})
	r.H1("Hand-over").Paragraph("The holder confirms receiving the items above in working order, keeping them safe and returning "+
		"them when asked or when leaving the organisation.").
		KeyValues(docs.KeyValue{Key: "Holder's signature and date", Value: "______________________________"},
			docs.KeyValue{Key: "IT signature and date", Value: "______________________________"})
	var buf bytes.Buffer
	if _, err := r.WriteTo(&buf); err != nil {
		return err
	}
	name := "equipment-" + slug(person.Name) + "-" + now.Format("20060102") + ".pdf"
	_, err = w.Files.PutResult(ctx, name, "application/pdf", &buf, map[string]any{"items": len(items), "licence_seats": len(seats)})
	return err
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// StartEquipmentReport implements POST /people/{id}/equipment-report.
func (h *ReportsHandler) StartEquipmentReport(ctx context.Context, req api.StartEquipmentReportRequestObject) (api.StartEquipmentReportResponseObject, error) {
	var id int64
	err := h.db.Tx(ctx, func(tx *gorm.DB) error {
		var name string
		if err := tx.Raw(`SELECT u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.id = ?`, req.Id).Scan(&name).Error; err != nil {
			return err
		}
		if name == "" {
			return apperr.NotFound("person")
		}
		if err := audit.Record(tx, audit.Entry{Action: "report", EntityType: "user", EntityID: req.Id.String(),
			EntityLabel: "Equipment of " + name}); err != nil {
			return err
		}
		var err error
		id, err = h.jobs.Enqueue(tx, EquipmentArgs{UserID: req.Id}, &river.InsertOpts{MaxAttempts: 3})
		return err
	})
	if err != nil {
		return nil, err
	}
	return api.StartEquipmentReport202JSONResponse{JobId: id}, nil
}
