package notifications

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// EventDigest is the daily e-mail that sums up a person's unread in-app notifications.
const EventDigest = "notifications.digest"

// digestMaxItems bounds the list in one digest (the count says how many there are in all).
const digestMaxItems = 20

// SendDigests e-mails, to every active member with unread in-app notifications received in [from, to), one message
// listing them. It does nothing when the organisation disabled the digest or its e-mail channel, or when e-mail is
// not configured. It returns how many people were written to.
func (s *Service) SendDigests(ctx context.Context, from, to time.Time) (int, error) {
	e, _ := s.events.event(EventDigest)
	if s.mail == nil || !s.mail.Enabled() {
		return 0, nil
	}
	sent := 0
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		st, err := s.setting(tx, e)
		if err != nil || !st.Enabled || !hasChannel(st, "email") {
			return err
		}
		type row struct {
			UserID    uuid.UUID
			Title     string
			CreatedAt time.Time
			Total     int
		}
		var rows []row
		// The newest digestMaxItems per person, with each person's total, in one query.
		if err := tx.Raw(`SELECT user_id, title, created_at, total FROM (
				SELECT n.user_id, n.title, n.created_at,
					row_number() OVER (PARTITION BY n.user_id ORDER BY n.created_at DESC, n.id DESC) AS rn,
					count(*) OVER (PARTITION BY n.user_id) AS total
				FROM notifications n
				JOIN memberships m ON m.user_id = n.user_id AND m.status = 'active'
				WHERE n.read_at IS NULL AND n.created_at >= ? AND n.created_at < ? AND n.event <> ?) x
			WHERE rn <= ? ORDER BY user_id, created_at DESC`, from.UTC(), to.UTC(), EventDigest, digestMaxItems).
			Scan(&rows).Error; err != nil {
			return err
		}
		for i := 0; i < len(rows); {
			j := i
			var b strings.Builder
			for ; j < len(rows) && rows[j].UserID == rows[i].UserID; j++ {
				fmt.Fprintf(&b, "- %s (%s)\n", rows[j].Title, rows[j].CreatedAt.In(to.Location()).Format("2006-01-02 15:04"))
			}
			if rows[i].Total > j-i {
				fmt.Fprintf(&b, "- … and %d more\n", rows[i].Total-(j-i))
			}
			data := map[string]string{"count": fmt.Sprint(rows[i].Total), "items": strings.TrimRight(b.String(), "\n"),
				"inbox_link": s.absolute("/notifications"), "since": from.In(to.Location()).Format("2006-01-02 15:04")}
			if err := s.email(tx, e, []uuid.UUID{rows[i].UserID}, data); err != nil {
				return err
			}
			sent++
			i = j
		}
		return nil
	})
	return sent, err
}

func hasChannel(st Setting, c string) bool {
	for _, x := range st.Channels {
		if x == c {
			return true
		}
	}
	return false
}

// DigestArgs is the daily digest of one organisation for the day that ends at Period.
type DigestArgs struct {
	Organization uuid.UUID `json:"organization_id" river:"unique"`
	Period       time.Time `json:"period" river:"unique"`
}

// Kind names the job.
func (DigestArgs) Kind() string { return "notifications.digest" }

// InsertOpts makes one digest per organisation and period.
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DigestWorker sends the digest of the 24 hours before the period.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	S *Service
}

// Work sends.
func (w *DigestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	if reqctx.OrganizationID(ctx) != job.Args.Organization {
		return river.JobCancel(fmt.Errorf("the job's organisation does not match"))
	}
	loc, err := w.S.timezone(ctx, job.Args.Organization)
	if err != nil {
		return err
	}
	to := job.Args.Period.In(loc)
	n, err := w.S.SendDigests(ctx, to.Add(-24*time.Hour), to)
	if err != nil {
		return err
	}
	return w.S.jobs.SetResult(ctx, jobs.Result{Summary: map[string]any{"digests": n}})
}

// DigestSchedule sends the digest every day at 07:00 in each organisation's timezone.
func DigestSchedule() jobs.Schedule {
	return jobs.Schedule{Name: "notification-digest", Spec: "0 7 * * *", PerOrganization: true,
		Args: func(org uuid.UUID, period time.Time) river.JobArgs {
			return DigestArgs{Organization: org, Period: period}
		}}
}

// timezone is the organisation's timezone (UTC when it has none or an unknown one).
func (s *Service) timezone(ctx context.Context, org uuid.UUID) (*time.Location, error) {
	var tz string
	if err := s.db.Pool.QueryRow(ctx, "SELECT coalesce(settings->>'timezone', 'UTC') FROM organizations WHERE id = $1",
		org).Scan(&tz); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}
