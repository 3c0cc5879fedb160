package notifications

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Expiring is one thing that expires (a certificate, a contract, a licence, a policy review…).
type Expiring struct {
	EntityType, EntityID, Label string
	Link                        string // a path of the web application
	DueAt                       time.Time
	// Owners are told (besides the members of the roles chosen in the event's settings).
	Owners []uuid.UUID
	// Data fills the event's e-mail template (label, due date and days left are added).
	Data map[string]string
}

// ExpiryRule is what a module registers so the daily expiry scan finds its things that expire. Find runs in the
// organisation's transaction and returns the items due in [from, to).
type ExpiryRule struct {
	Event string // the event published for each reminder; its placeholders should include label, due_date, days_left
	Find  func(tx *gorm.DB, from, to time.Time) ([]Expiring, error)
}

// DefaultOffsets are the reminders (days before the due date) of an event whose settings name none.
var DefaultOffsets = []int{30, 7, 1, 0}

type expiryRegistry struct {
	mu    sync.RWMutex
	rules []ExpiryRule
}

// RegisterExpiry adds a rule to the daily scan. The rule's event must be in the catalogue.
func (s *Service) RegisterExpiry(r ExpiryRule) error {
	if !s.events.Has(r.Event) {
		return fmt.Errorf("notifications: expiry rule for unknown event %q", r.Event)
	}
	s.expiry.mu.Lock()
	defer s.expiry.mu.Unlock()
	s.expiry.rules = append(s.expiry.rules, r)
	return nil
}

// ScanExpiries publishes the reminders due on day (a date in the organisation's timezone) for every rule: an item
// due in d days, for each offset d of the event's settings, gets one reminder. Running once per day (the schedule)
// gives each reminder once.
func (s *Service) ScanExpiries(ctx context.Context, day time.Time) (int, error) {
	s.expiry.mu.RLock()
	rules := append([]ExpiryRule(nil), s.expiry.rules...)
	s.expiry.mu.RUnlock()
	sent := 0
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		for _, r := range rules {
			e, _ := s.events.event(r.Event)
			st, err := s.setting(tx, e)
			if err != nil {
				return err
			}
			if !st.Enabled {
				continue
			}
			offsets := DefaultOffsets
			if len(st.OffsetsDays) > 0 {
				offsets = offsets[:0:0]
				for _, o := range st.OffsetsDays {
					offsets = append(offsets, int(o))
				}
			}
			start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location())
			for _, d := range offsets {
				from := start.AddDate(0, 0, d)
				items, err := r.Find(tx, from, from.AddDate(0, 0, 1))
				if err != nil {
					return fmt.Errorf("expiry rule %s: %w", r.Event, err)
				}
				for _, it := range items {
					data := map[string]string{"label": it.Label, "due_date": it.DueAt.In(day.Location()).Format(time.DateOnly),
						"days_left": fmt.Sprint(d)}
					for k, v := range it.Data {
						data[k] = v
					}
					title := fmt.Sprintf("%s is due in %d days", it.Label, d)
					if d == 0 {
						title = it.Label + " is due today"
					}
					if err := s.Publish(tx, Message{Event: r.Event, Title: title,
						Body: "Due on " + data["due_date"] + ".", Link: it.Link, Recipients: it.Owners, Data: data,
						Payload: map[string]any{"entity_type": it.EntityType, "entity_id": it.EntityID, "label": it.Label,
							"due_at": it.DueAt.UTC(), "days_left": d}}); err != nil {
						return err
					}
					sent++
				}
			}
		}
		return nil
	})
	return sent, err
}

// ExpiryScanArgs is the daily expiry scan of one organisation.
type ExpiryScanArgs struct {
	Organization uuid.UUID `json:"organization_id" river:"unique"`
	Period       time.Time `json:"period" river:"unique"`
}

// Kind names the job.
func (ExpiryScanArgs) Kind() string { return "notifications.expiry_scan" }

// InsertOpts makes one scan per organisation and period.
func (ExpiryScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ExpiryScanWorker runs the scan for the period's day in the organisation's timezone.
type ExpiryScanWorker struct {
	river.WorkerDefaults[ExpiryScanArgs]
	S *Service
}

// Work scans.
func (w *ExpiryScanWorker) Work(ctx context.Context, job *river.Job[ExpiryScanArgs]) error {
	if reqctx.OrganizationID(ctx) != job.Args.Organization {
		return river.JobCancel(fmt.Errorf("the job's organisation does not match"))
	}
	loc, err := w.S.timezone(ctx, job.Args.Organization)
	if err != nil {
		return err
	}
	n, err := w.S.ScanExpiries(ctx, job.Args.Period.In(loc))
	if err != nil {
		return err
	}
	return w.S.jobs.SetResult(ctx, jobs.Result{Summary: map[string]any{"reminders": n}})
}

// ExpiryScanSchedule runs the scan every day at 06:00 in each organisation's timezone.
func ExpiryScanSchedule() jobs.Schedule {
	return jobs.Schedule{Name: "expiry-scan", Spec: "0 6 * * *", PerOrganization: true,
		Args: func(org uuid.UUID, period time.Time) river.JobArgs {
			return ExpiryScanArgs{Organization: org, Period: period}
		}}
}
