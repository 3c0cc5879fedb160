package identity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/apitoken"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/secrets"
)

// Session lifetimes. Access tokens are short so that a stolen one is worth little; the refresh token rotates on every
// use and its session ends after SessionTTL at the latest.
const (
	AccessTokenTTL = 15 * time.Minute
	SessionTTL     = 30 * 24 * time.Hour
	// Throttling: after lockoutAfter failures within failureWindow, an account or a client is locked out for
	// baseLockout, doubling with every further failure up to maxLockout.
	lockoutAfter  = 5
	failureWindow = 15 * time.Minute
	baseLockout   = 30 * time.Second
	maxLockout    = 15 * time.Minute
)

// Auth signs people in and out and authenticates requests.
type Auth struct {
	db       *db.DB
	ids      *Service
	ring     atomic.Pointer[tokens.KeyRing]
	params   password.Params
	dummy    string // hash verified when the e-mail is unknown, so both paths take as long
	log      *slog.Logger
	now      func() time.Time
	totpEnc  *secrets.Keyring
	ssoEnc   *secrets.Keyring
	keyEnc   *secrets.Keyring
	tokenCfg tokens.Config
	// resetUnreadableKeys: development and tests replace keys encrypted with another secret; production refuses.
	resetUnreadableKeys bool
	// lastKeyReload (unix nanoseconds) rate-limits reloads triggered by unknown key ids.
	lastKeyReload atomic.Int64
	mailer        notify.Mailer
	mailQueue     MailQueue
	publicURL     string
	// hashing bounds concurrent argon2id work: each verification takes ~19 MiB and tens of milliseconds of CPU, so a
	// burst of logins must queue rather than exhaust memory.
	hashing chan struct{}
}

// NewAuth loads (or creates) the signing keys and returns the authentication service.
func NewAuth(ctx context.Context, d *db.DB, ids *Service, cfg *config.Config, log *slog.Logger) (*Auth, error) {
	enc, err := secrets.NewKeyring("jwt-signing-key", cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	tcfg := tokens.Config{Issuer: cfg.PublicURL.String(), Audience: "opsdeck-api", TTL: AccessTokenTTL, Leeway: 30 * time.Second}
	ring, err := loadKeyRing(ctx, d, enc, tcfg, log, cfg.Env != config.EnvProduction)
	if err != nil {
		return nil, err
	}
	a := &Auth{db: d, ids: ids, params: password.DefaultParams(), log: log, now: time.Now,
		mailer: notify.NewMailer(cfg.SMTP), publicURL: cfg.PublicURL.String(),
		hashing: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	a.ring.Store(ring)
	a.keyEnc, a.tokenCfg, a.resetUnreadableKeys = enc, tcfg, cfg.Env != config.EnvProduction
	if a.totpEnc, err = secrets.NewKeyring("totp-secret", cfg.SecretKey); err != nil {
		return nil, err
	}
	if a.ssoEnc, err = secrets.NewKeyring("sso-client-secret", cfg.SecretKey); err != nil {
		return nil, err
	}
	if a.dummy, err = password.Hash("opsdeck timing equaliser", a.params); err != nil {
		return nil, err
	}
	return a, nil
}

// Tokens is what a successful sign-in or refresh hands out.
type Tokens struct {
	AccessToken  string
	ExpiresIn    time.Duration
	RefreshToken string // goes into the cookie only
	Organization uuid.UUID
}

var errBadCredentials = apperr.Unauthorized("The e-mail address or password is not correct.")

// Login checks the password and opens a session — or, when the user has a second factor, answers a challenge to
// complete at CompleteMFA. Throttling applies per account and per client IP, and every failure is audited.
func (a *Auth) Login(ctx context.Context, email, pw string, org *uuid.UUID) (Tokens, *Challenge, error) {
	t, u, active, err := a.checkPassword(ctx, email, pw, org)
	if err != nil {
		return Tokens{}, nil, err
	}
	if u.TOTPEnabledAt != nil {
		c, err := a.challenge(ctx, u, active)
		return Tokens{}, c, err
	}
	t, err = a.openSession(ctx, u, active, []string{tokens.AMRPassword})
	return t, nil, err
}

func (a *Auth) checkPassword(ctx context.Context, email, pw string, org *uuid.UUID) (Tokens, User, uuid.UUID, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	client := reqctx.ClientFrom(ctx)
	keys := []string{"account:" + email, "ip:" + client.IP}
	if wait, err := a.lockedFor(ctx, keys); err != nil {
		return Tokens{}, User{}, uuid.Nil, err
	} else if wait > 0 {
		// Attempts during a lockout are failures too: audited, but they do not extend the lockout.
		entry := audit.Entry{Organization: audit.PlatformOrg, Action: "login.failed", EntityType: "user", EntityLabel: email,
			Changes: map[string]any{"reason": [2]any{nil, "locked out"}}}
		if err := a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return audit.Record(tx, entry) }); err != nil {
			return Tokens{}, User{}, uuid.Nil, err
		}
		return Tokens{}, User{}, uuid.Nil, apperr.TooManyRequests("Too many failed sign-in attempts: wait before trying again.", wait)
	}
	u, found, err := a.userByEmail(ctx, email)
	if err != nil {
		return Tokens{}, User{}, uuid.Nil, err
	}
	hash := a.dummy
	if found && u.PasswordHash != nil {
		hash = *u.PasswordHash
	}
	select {
	case a.hashing <- struct{}{}:
	case <-ctx.Done():
		return Tokens{}, User{}, uuid.Nil, ctx.Err()
	}
	ok, needsRehash, err := password.Verify(pw, hash, a.params)
	<-a.hashing
	if err != nil {
		return Tokens{}, User{}, uuid.Nil, err // a stored hash we cannot read is a server fault, not a wrong password
	}
	if !found || u.PasswordHash == nil || !ok || u.Status != StatusActive {
		reason := "wrong password"
		switch {
		case !found:
			reason = "unknown e-mail"
		case u.PasswordHash == nil:
			reason = "no password set"
		case ok:
			reason = "account " + u.Status
		}
		wait, ferr := a.recordFailure(ctx, keys, email, u, found, reason)
		if ferr != nil {
			return Tokens{}, User{}, uuid.Nil, ferr
		}
		if wait > 0 {
			return Tokens{}, User{}, uuid.Nil, apperr.TooManyRequests("Too many failed sign-in attempts: wait before trying again.", wait)
		}
		return Tokens{}, User{}, uuid.Nil, errBadCredentials
	}
	if _, err := a.db.Pool.Exec(ctx, "DELETE FROM auth_throttle WHERE key = $1", keys[0]); err != nil {
		return Tokens{}, User{}, uuid.Nil, err
	}
	if needsRehash {
		// Parameters were raised since this hash was made: upgrade it while we hold the plaintext.
		if h, err := password.Hash(pw, a.params); err == nil {
			if _, err := a.db.Pool.Exec(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2", h, u.ID); err != nil {
				return Tokens{}, User{}, uuid.Nil, err
			}
		}
	}
	active, err := a.pickOrganization(ctx, u.ID, org)
	if err != nil {
		return Tokens{}, User{}, uuid.Nil, err
	}
	return Tokens{}, u, active, nil
}

func (a *Auth) userByEmail(ctx context.Context, email string) (User, bool, error) {
	var u User
	err := a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return tx.Where("email = ?", email).Take(&u).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, false, nil
	}
	return u, err == nil, err
}

// pickOrganization returns the requested organisation if the user is an active member, else their first one, else
// none (platform administrators may belong to no organisation).
func (a *Auth) pickOrganization(ctx context.Context, user uuid.UUID, want *uuid.UUID) (uuid.UUID, error) {
	orgs, err := a.ids.Organizations(ctx, user)
	if err != nil {
		return uuid.Nil, err
	}
	if want != nil {
		for _, o := range orgs {
			if o.ID == *want {
				return o.ID, nil
			}
		}
		return uuid.Nil, apperr.Forbidden("You are not a member of that organisation.")
	}
	if len(orgs) == 0 {
		return uuid.Nil, nil
	}
	return orgs[0].ID, nil
}

func (a *Auth) lockedFor(ctx context.Context, keys []string) (time.Duration, error) {
	var until *time.Time
	err := a.db.Pool.QueryRow(ctx, "SELECT max(locked_until) FROM auth_throttle WHERE key = ANY($1) AND locked_until > now()", keys).Scan(&until)
	if err != nil || until == nil {
		return 0, err
	}
	return time.Until(*until), nil
}

// recordFailure counts a failed attempt against the account and the client, locks them out with backoff past the
// threshold, and audits the failure. It returns the lockout now in force, if any.
func (a *Auth) recordFailure(ctx context.Context, keys []string, email string, u User, found bool, reason string) (time.Duration, error) {
	var wait time.Duration
	for _, k := range keys {
		var failures int
		err := a.db.Pool.QueryRow(ctx, `
			INSERT INTO auth_throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, now())
			ON CONFLICT (key) DO UPDATE SET
			    failures = CASE WHEN t.last_failure_at < now() - $2::interval THEN 1 ELSE t.failures + 1 END,
			    last_failure_at = now()
			RETURNING failures`, k, fmt.Sprintf("%d seconds", int(failureWindow.Seconds()))).Scan(&failures)
		if err != nil {
			return 0, err
		}
		if failures >= lockoutAfter {
			d := time.Duration(float64(baseLockout) * math.Pow(2, float64(failures-lockoutAfter)))
			if d > maxLockout {
				d = maxLockout
			}
			if _, err := a.db.Pool.Exec(ctx, "UPDATE auth_throttle SET locked_until = now() + $2::interval WHERE key = $1",
				k, fmt.Sprintf("%d milliseconds", d.Milliseconds())); err != nil {
				return 0, err
			}
			wait = max(wait, d)
		}
	}
	entry := audit.Entry{Organization: audit.PlatformOrg, Action: "login.failed", EntityType: "user", EntityLabel: email,
		Changes: map[string]any{"reason": [2]any{nil, reason}}}
	if wait > 0 {
		entry.Changes["locked_for_seconds"] = [2]any{nil, int(wait.Seconds())}
	}
	if found {
		entry.EntityID = u.ID.String()
	}
	err := a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return audit.Record(tx, entry) })
	return wait, err
}

// openSession creates a session with its first refresh token and signs the first access token.
func (a *Auth) openSession(ctx context.Context, u User, org uuid.UUID, amr []string) (Tokens, error) {
	now := a.now().UTC()
	sid := uuid.Must(uuid.NewV7())
	rt, err := apitoken.NewRefresh()
	if err != nil {
		return Tokens{}, err
	}
	client := reqctx.ClientFrom(ctx)
	actorCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: u.ID.String(), Kind: reqctx.KindUser, Name: u.Name,
		Email: u.Email, OrganizationID: org})
	err = a.db.PlatformTx(actorCtx, func(tx *gorm.DB) error {
		var orgArg any
		if org != uuid.Nil {
			orgArg = org
		}
		if err := tx.Exec(`INSERT INTO sessions (id, user_id, organization_id, amr, auth_time, expires_at, client_ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sid, u.ID, orgArg, db.TextArray(amr), now, now.Add(SessionTTL),
			client.IP, truncate(client.UserAgent, 500)).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO refresh_tokens (token_hash, session_id) VALUES (?, ?)", rt.Hash, sid).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE users SET last_login_at = ? WHERE id = ?", now, u.ID).Error; err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "login", EntityType: "user",
			EntityID: u.ID.String(), EntityLabel: u.Email, Changes: map[string]any{"session": [2]any{nil, sid.String()},
				"amr": [2]any{nil, strings.Join(amr, ",")}}})
	})
	if err != nil {
		return Tokens{}, err
	}
	a.noteClientAddress(ctx, u)
	return a.sign(u.ID, org, sid, now, now, amr, rt.Plaintext)
}

func (a *Auth) sign(user, org, sid uuid.UUID, now, authTime time.Time, amr []string, refresh string) (Tokens, error) {
	c := tokens.Claims{Subject: user.String(), Session: sid.String(), IssuedAt: now, AuthTime: authTime, AMR: amr}
	if org != uuid.Nil {
		c.Org = org.String()
	}
	at, err := a.ring.Load().Sign(c)
	if err != nil {
		return Tokens{}, err
	}
	return Tokens{AccessToken: at, ExpiresIn: AccessTokenTTL, RefreshToken: refresh, Organization: org}, nil
}

var errSessionGone = apperr.Unauthorized("Your session has ended: sign in again.")

// Refresh rotates a refresh token and signs a new access token, optionally for another organisation of the user.
// A token that was already rotated means it was copied: the whole session is revoked.
func (a *Auth) Refresh(ctx context.Context, refresh string, switchTo *uuid.UUID) (Tokens, error) {
	if _, err := apitoken.Parse(refresh, apitoken.KindRefresh); err != nil {
		return Tokens{}, errSessionGone
	}
	hash := apitoken.Hash(refresh)
	var (
		sid       uuid.UUID
		userID    uuid.UUID
		org       *uuid.UUID
		amr       []string
		authTime  time.Time
		expires   time.Time
		revoked   *time.Time
		rotatedAt *time.Time
	)
	err := a.db.Pool.QueryRow(ctx, `
		SELECT s.id, s.user_id, s.organization_id, s.amr, s.auth_time, s.expires_at, s.revoked_at, t.rotated_at
		FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1`, hash).
		Scan(&sid, &userID, &org, &amr, &authTime, &expires, &revoked, &rotatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Tokens{}, errSessionGone
	}
	if err != nil {
		return Tokens{}, err
	}
	now := a.now().UTC()
	if rotatedAt != nil {
		if revoked == nil {
			if err := a.revoke(ctx, sid, userID, "refresh token reuse"); err != nil {
				return Tokens{}, err
			}
		}
		return Tokens{}, errSessionGone
	}
	if revoked != nil || now.After(expires) {
		return Tokens{}, errSessionGone
	}
	u, err := a.user(ctx, userID)
	if err != nil {
		return Tokens{}, err
	}
	if u.Status != StatusActive {
		return Tokens{}, errSessionGone
	}
	active := uuid.Nil
	if org != nil {
		active = *org
	}
	if switchTo != nil {
		if active, err = a.pickOrganization(ctx, userID, switchTo); err != nil {
			return Tokens{}, err
		}
	}
	next, err := apitoken.NewRefresh()
	if err != nil {
		return Tokens{}, err
	}
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		// Only one refresh can win a token: the conditional update makes a concurrent second use count as reuse.
		res := tx.Exec("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL", now, hash)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errSessionGone
		}
		var orgArg any
		if active != uuid.Nil {
			orgArg = active
		}
		if err := tx.Exec("UPDATE sessions SET last_used_at = ?, organization_id = ? WHERE id = ?", now, orgArg, sid).Error; err != nil {
			return err
		}
		return tx.Exec("INSERT INTO refresh_tokens (token_hash, session_id) VALUES (?, ?)", next.Hash, sid).Error
	})
	if err != nil {
		return Tokens{}, err
	}
	return a.sign(userID, active, sid, now, authTime, amr, next.Plaintext)
}

// Logout revokes the session of a refresh token; an unknown token is not an error.
func (a *Auth) Logout(ctx context.Context, refresh string) error {
	if refresh == "" {
		return nil
	}
	var sid, userID uuid.UUID
	err := a.db.Pool.QueryRow(ctx, `SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
		WHERE t.token_hash = $1 AND s.revoked_at IS NULL`, apitoken.Hash(refresh)).Scan(&sid, &userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return a.revoke(ctx, sid, userID, "logout")
}

func (a *Auth) revoke(ctx context.Context, sid, userID uuid.UUID, reason string) error {
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE sessions SET revoked_at = now(), revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
			reason, sid).Error; err != nil {
			return err
		}
		action := "logout"
		if reason != "logout" {
			action = "session.revoked"
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: action, EntityType: "user",
			EntityID: userID.String(), Changes: map[string]any{"session": [2]any{sid.String(), nil}, "reason": [2]any{nil, reason}}})
	})
}

func (a *Auth) user(ctx context.Context, id uuid.UUID) (User, error) {
	var u User
	err := a.db.PlatformTx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", id).Take(&u).Error })
	return u, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
