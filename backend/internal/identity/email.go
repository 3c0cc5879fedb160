package identity

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/apitoken"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Lifetimes of e-mailed links.
const (
	InviteTTL = 7 * 24 * time.Hour
	ResetTTL  = 30 * time.Minute
)

type mailText struct{ subject, text, html string }

var mails = map[string]mailText{
	"invite": {
		subject: "You are invited to {{.Org}} on OpsDeck",
		text:    "Hello {{.Name}},\n\nYou have been invited to {{.Org}} on OpsDeck. Choose your password here (the link works once, for 7 days):\n\n{{.Link}}\n\nIf you did not expect this, ignore this e-mail.\n",
		html:    `<p>Hello {{.Name}},</p><p>You have been invited to <strong>{{.Org}}</strong> on OpsDeck.</p><p><a href="{{.Link}}">Choose your password</a> (the link works once, for 7 days).</p><p>If you did not expect this, ignore this e-mail.</p>`,
	},
	"reset": {
		subject: "Reset your OpsDeck password",
		text:    "Hello {{.Name}},\n\nSomeone asked to reset the password of your OpsDeck account. If it was you, choose a new one here (the link works once, for 30 minutes):\n\n{{.Link}}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n",
		html:    `<p>Hello {{.Name}},</p><p>Someone asked to reset the password of your OpsDeck account. If it was you, <a href="{{.Link}}">choose a new one</a> (the link works once, for 30 minutes).</p><p>If it was not you, ignore this e-mail: your password stays as it is.</p>`,
	},
	"new_ip": {
		subject: "New sign-in to your OpsDeck account",
		text:    "Hello {{.Name}},\n\nYour OpsDeck account was signed in to from an address it had not used before: {{.IP}} ({{.When}}).\n\nIf this was not you, change your password and tell your administrator.\n",
		html:    `<p>Hello {{.Name}},</p><p>Your OpsDeck account was signed in to from an address it had not used before: <strong>{{.IP}}</strong> ({{.When}}).</p><p>If this was not you, change your password and tell your administrator.</p>`,
	},
}

func render(kind string, data map[string]string, to string) (notify.Message, error) {
	t := mails[kind]
	var subj, text, html bytes.Buffer
	if err := texttemplate.Must(texttemplate.New("s").Parse(t.subject)).Execute(&subj, data); err != nil {
		return notify.Message{}, err
	}
	if err := texttemplate.Must(texttemplate.New("t").Parse(t.text)).Execute(&text, data); err != nil {
		return notify.Message{}, err
	}
	// html/template escapes every value: names and organisation names are user input.
	if err := template.Must(template.New("h").Parse(t.html)).Execute(&html, data); err != nil {
		return notify.Message{}, err
	}
	return notify.Message{To: to, Subject: subj.String(), Text: text.String(), HTML: html.String()}, nil
}

// issueActionToken stores a single-use token for user and returns its link.
func (a *Auth) issueActionToken(ctx context.Context, tx *gorm.DB, user uuid.UUID, purpose string, ttl time.Duration) (string, error) {
	raw, err := apitoken.NewRefresh()
	if err != nil {
		return "", err
	}
	token := "act_" + raw.Plaintext[len("ort_"):]
	if err := tx.Exec("INSERT INTO action_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)",
		apitoken.Hash(token), user, purpose, a.now().UTC().Add(ttl)).Error; err != nil {
		return "", err
	}
	return strings.TrimRight(a.publicURL, "/") + "/set-password?token=" + token, nil
}

// RequestPasswordReset e-mails a reset link when the address belongs to an active account. It never says whether it
// does; requests for unknown addresses are audited like the others.
func (a *Auth) RequestPasswordReset(ctx context.Context, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	u, found, err := a.userByEmail(ctx, email)
	if err != nil {
		return err
	}
	entry := audit.Entry{Organization: audit.PlatformOrg, Action: "password.reset_requested", EntityType: "user", EntityLabel: email}
	if !found || u.Status != StatusActive || !a.mailEnabled() {
		if found && !a.mailEnabled() {
			a.log.Warn("password reset requested but e-mail is not configured", "user.id", u.ID.String())
		}
		return a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return audit.Record(tx, entry) })
	}
	entry.EntityID = u.ID.String()
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		link, err := a.issueActionToken(ctx, tx, u.ID, "reset", ResetTTL)
		if err != nil {
			return err
		}
		if err := audit.Record(tx, entry); err != nil {
			return err
		}
		msg, err := render("reset", map[string]string{"Name": u.Name, "Link": link}, u.Email)
		if err != nil {
			return err
		}
		return a.sendMail(ctx, tx, "reset", msg)
	})
}

// MailQueue sends e-mail through the job engine (notifications.MailQueue).
type MailQueue interface {
	Enabled() bool
	Enqueue(tx *gorm.DB, purpose string, m notify.Message) error
}

// UseMailQueue makes identity e-mail go through the job engine: enqueued with the change that causes it, retried on
// temporary failures. Without it, mail is sent synchronously.
func (a *Auth) UseMailQueue(q MailQueue) { a.mailQueue = q }

func (a *Auth) mailEnabled() bool {
	if a.mailQueue != nil {
		return a.mailQueue.Enabled()
	}
	return a.mailer.Enabled()
}

// sendMail queues m in tx (or its own transaction when tx is nil), or sends it now without a queue.
func (a *Auth) sendMail(ctx context.Context, tx *gorm.DB, purpose string, m notify.Message) error {
	if a.mailQueue == nil {
		return a.mailer.Send(ctx, m)
	}
	if tx != nil {
		return a.mailQueue.Enqueue(tx, purpose, m)
	}
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return a.mailQueue.Enqueue(tx, purpose, m) })
}

var errBadLink = apperr.Unauthorized("This link is not valid any more: ask for a new one.")

// SetPasswordWithToken completes an invitation or a reset: the token works once, the password meets the policy, and
// every session of the account ends.
func (a *Auth) SetPasswordWithToken(ctx context.Context, token, pw string) error {
	if !strings.HasPrefix(token, "act_") {
		return errBadLink
	}
	hash := apitoken.Hash(token)
	var userID uuid.UUID
	var purpose string
	err := a.db.Pool.QueryRow(ctx, `SELECT user_id, purpose FROM action_tokens
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, hash).Scan(&userID, &purpose)
	if errors.Is(err, pgx.ErrNoRows) {
		return errBadLink
	}
	if err != nil {
		return err
	}
	u, err := a.user(ctx, userID)
	if err != nil {
		return err
	}
	if u.Status != StatusActive {
		return errBadLink
	}
	rows, err := a.db.Pool.Query(ctx, "SELECT hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT 5", userID)
	if err != nil {
		return err
	}
	history, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if err := a.ids.policy.Check(pw, password.Account{Email: u.Email, Name: u.Name, PreviousHashes: history}); err != nil {
		return policyProblem(err)
	}
	h, err := password.Hash(pw, a.params)
	if err != nil {
		return err
	}
	action := "password.reset"
	if purpose == "invite" {
		action = "invitation.accepted"
	}
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE action_tokens SET used_at = now() WHERE token_hash = ? AND used_at IS NULL", hash)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errBadLink
		}
		if err := tx.Model(&User{ID: userID}).Updates(map[string]any{"password_hash": h, "password_changed_at": a.now().UTC(),
			"must_change_password": false}).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO password_history (user_id, hash) VALUES (?, ?)", userID, h).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'password set by link'
			WHERE user_id = ? AND revoked_at IS NULL`, userID).Error; err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: action, EntityType: "user",
			EntityID: userID.String(), EntityLabel: u.Email})
	})
}

// Invite adds a person to the active organisation with roles. A new account gets a set-password link by e-mail, or
// in the result when e-mail is not configured.
func (a *Auth) Invite(ctx context.Context, email, name string, roleIDs []uuid.UUID) (MemberView, bool, string, error) {
	org := reqctx.OrganizationID(ctx)
	norm, err := normaliseEmail(email)
	if err != nil {
		return MemberView{}, false, "", err
	}
	u, found, err := a.userByEmail(ctx, norm)
	if err != nil {
		return MemberView{}, false, "", err
	}
	if !found {
		if u, err = a.ids.CreateUser(ctx, NewUser{Email: norm, Name: name}); err != nil {
			return MemberView{}, false, "", err
		}
	}
	if _, err := a.ids.AddMember(ctx, org, u.ID); err != nil {
		return MemberView{}, false, "", err
	}
	m, err := a.ids.SetMemberRoles(ctx, u.ID, roleIDs, nil)
	if err != nil {
		return MemberView{}, false, "", err
	}
	if found {
		return m, false, "", nil
	}
	var orgName string
	if err := a.db.Pool.QueryRow(ctx, "SELECT name FROM organizations WHERE id = $1", org).Scan(&orgName); err != nil {
		return m, false, "", err
	}
	var link string
	mailed := a.mailEnabled()
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		var err error
		if link, err = a.issueActionToken(ctx, tx, u.ID, "invite", InviteTTL); err != nil || !mailed || a.mailQueue == nil {
			return err
		}
		msg, err := render("invite", map[string]string{"Name": u.Name, "Org": orgName, "Link": link}, u.Email)
		if err != nil {
			return err
		}
		return a.mailQueue.Enqueue(tx, "invite", msg)
	})
	if err != nil {
		return m, false, "", err
	}
	if !mailed {
		return m, false, link, nil
	}
	if a.mailQueue != nil {
		return m, true, "", nil
	}
	msg, err := render("invite", map[string]string{"Name": u.Name, "Org": orgName, "Link": link}, u.Email)
	if err != nil {
		return m, false, "", err
	}
	if err := a.mailer.Send(ctx, msg); err != nil {
		a.log.Error("invitation e-mail failed", "user.id", u.ID.String(), "error.message", err.Error())
		return m, false, link, nil // the administrator gets the link rather than a half-done invitation
	}
	return m, true, "", nil
}

// noteClientAddress remembers where a user signs in from and e-mails them on the first sign-in from a new address
// (not on their very first sign-in).
func (a *Auth) noteClientAddress(ctx context.Context, u User) {
	ip := reqctx.ClientFrom(ctx).IP
	if ip == "" {
		return
	}
	var known, any bool
	_ = a.db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM known_ips WHERE user_id = $1 AND ip = $2),
		EXISTS (SELECT 1 FROM known_ips WHERE user_id = $1)`, u.ID, ip).Scan(&known, &any)
	_, _ = a.db.Pool.Exec(ctx, `INSERT INTO known_ips (user_id, ip) VALUES ($1, $2)
		ON CONFLICT (user_id, ip) DO UPDATE SET last_seen = now()`, u.ID, ip)
	if known || !any || !a.mailEnabled() {
		return
	}
	msg, err := render("new_ip", map[string]string{"Name": u.Name, "IP": ip, "When": a.now().UTC().Format(time.RFC1123)}, u.Email)
	if err == nil {
		err = a.sendMail(ctx, nil, "new_ip", msg)
	}
	if err != nil {
		a.log.Warn("new sign-in address e-mail failed", "user.id", u.ID.String(), "error.message", err.Error())
	}
}
