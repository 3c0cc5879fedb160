package identity

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/apitoken"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/totp"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

const (
	challengeTTL      = 5 * time.Minute
	challengeAttempts = 5
	// RecentAuthWindow is how recently a user must have proved who they are for sensitive actions.
	RecentAuthWindow = 10 * time.Minute
)

// Challenge is the half-finished sign-in of a user with a second factor.
type Challenge struct {
	Token     string
	ExpiresIn time.Duration
}

func (a *Auth) challenge(ctx context.Context, u User, org uuid.UUID) (*Challenge, error) {
	raw, err := apitoken.NewRefresh() // 256 random bits with a checksum; only its hash is stored
	if err != nil {
		return nil, err
	}
	token := "mfa_" + raw.Plaintext[len("ort_"):]
	var orgArg any
	if org != uuid.Nil {
		orgArg = org
	}
	_, err = a.db.Pool.Exec(ctx, `INSERT INTO mfa_challenges (token_hash, user_id, organization_id, expires_at)
		VALUES ($1, $2, $3, now() + $4::interval)`, apitoken.Hash(token), u.ID, orgArg, "5 minutes")
	if err != nil {
		return nil, err
	}
	return &Challenge{Token: token, ExpiresIn: challengeTTL}, nil
}

var errChallengeGone = apperr.Unauthorized("The sign-in expired or failed too often: start again.")

// CompleteMFA answers a challenge with a TOTP code or a recovery code and opens the session.
func (a *Auth) CompleteMFA(ctx context.Context, token, code, recovery string) (Tokens, error) {
	if (code == "") == (recovery == "") {
		return Tokens{}, apperr.Invalid("Send either a code or a recovery code.",
			apperr.FieldError{Field: "code", Code: "required", Message: "send code or recovery_code"})
	}
	hash := apitoken.Hash(token)
	var userID uuid.UUID
	var org *uuid.UUID
	err := a.db.Pool.QueryRow(ctx, `SELECT user_id, organization_id FROM mfa_challenges
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() AND attempts < $2`, hash, challengeAttempts).
		Scan(&userID, &org)
	if errors.Is(err, pgx.ErrNoRows) {
		return Tokens{}, errChallengeGone
	}
	if err != nil {
		return Tokens{}, err
	}
	u, err := a.user(ctx, userID)
	if err != nil {
		return Tokens{}, err
	}
	ok, method, err := a.checkSecondFactor(ctx, u, code, recovery)
	if err != nil {
		return Tokens{}, err
	}
	if !ok || u.Status != StatusActive {
		_, _ = a.db.Pool.Exec(ctx, "UPDATE mfa_challenges SET attempts = attempts + 1 WHERE token_hash = $1", hash)
		err := a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
			return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "mfa.failed", EntityType: "user",
				EntityID: u.ID.String(), EntityLabel: u.Email, Changes: map[string]any{"method": [2]any{nil, method}}})
		})
		if err != nil {
			return Tokens{}, err
		}
		return Tokens{}, apperr.Unauthorized("The code is not correct.")
	}
	res, err := a.db.Pool.Exec(ctx, "UPDATE mfa_challenges SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL", hash)
	if err != nil {
		return Tokens{}, err
	}
	if res.RowsAffected() == 0 {
		return Tokens{}, errChallengeGone
	}
	active := uuid.Nil
	if org != nil {
		active = *org
	}
	return a.openSession(ctx, u, active, []string{tokens.AMRPassword, tokens.AMROTP})
}

// checkSecondFactor verifies a TOTP code (refusing replay of a step already used) or consumes a recovery code.
func (a *Auth) checkSecondFactor(ctx context.Context, u User, code, recovery string) (bool, string, error) {
	if u.TOTPSecret == nil || u.TOTPEnabledAt == nil {
		return false, "none", nil
	}
	if code != "" {
		secret, err := a.totpEnc.Decrypt(*u.TOTPSecret, []byte("users.totp_secret:"+u.ID.String()))
		if err != nil {
			return false, "totp", err
		}
		step, ok := totp.Validate(string(secret), code, a.now(), u.TOTPLastStep)
		if !ok {
			return false, "totp", nil
		}
		// Conditional: of two concurrent uses of one code, only one advances the step.
		res, err := a.db.Pool.Exec(ctx, "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1", step, u.ID)
		if err != nil {
			return false, "totp", err
		}
		return res.RowsAffected() == 1, "totp", nil
	}
	rows, err := a.db.Pool.Query(ctx, "SELECT code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", u.ID)
	if err != nil {
		return false, "recovery_code", err
	}
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, "recovery_code", err
	}
	i, ok := totp.MatchRecoveryCode(recovery, hashes)
	if !ok {
		return false, "recovery_code", nil
	}
	res, err := a.db.Pool.Exec(ctx, "UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
		u.ID, hashes[i])
	if err != nil {
		return false, "recovery_code", err
	}
	return res.RowsAffected() == 1, "recovery_code", nil
}

func (a *Auth) requireRecentAuth(p *reqctx.Principal) (uuid.UUID, error) {
	if p == nil || p.Kind != reqctx.KindUser {
		return uuid.Nil, apperr.ReauthenticationRequired("Only a signed-in user can manage their second factor.")
	}
	if p.AuthTime.IsZero() || a.now().Sub(p.AuthTime) > RecentAuthWindow {
		return uuid.Nil, apperr.ReauthenticationRequired("Sign in again: this action needs a sign-in within the last 10 minutes.")
	}
	return uuid.Parse(p.ID)
}

// Enrolment is a pending TOTP secret.
type Enrolment struct {
	Secret, URL string
	QRPNG       []byte
}

// StartTOTP creates a pending secret for the signed-in user (replacing any pending one).
func (a *Auth) StartTOTP(ctx context.Context) (Enrolment, error) {
	id, err := a.requireRecentAuth(reqctx.PrincipalFrom(ctx))
	if err != nil {
		return Enrolment{}, err
	}
	u, err := a.user(ctx, id)
	if err != nil {
		return Enrolment{}, err
	}
	if u.TOTPEnabledAt != nil {
		return Enrolment{}, apperr.Conflict("An authenticator app is already active: turn it off first.")
	}
	e, err := totp.NewEnrollment("OpsDeck", u.Email)
	if err != nil {
		return Enrolment{}, err
	}
	sealed, err := a.totpEnc.Encrypt([]byte(e.Secret), []byte("users.totp_secret:"+u.ID.String()))
	if err != nil {
		return Enrolment{}, err
	}
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&User{ID: u.ID}).Updates(map[string]any{"totp_secret": sealed, "totp_last_step": 0}).Error
	})
	return Enrolment{Secret: e.Secret, URL: e.URL, QRPNG: e.QRPNG}, err
}

// VerifyTOTP activates the pending secret with a code from the app and returns fresh recovery codes.
func (a *Auth) VerifyTOTP(ctx context.Context, code string) ([]string, error) {
	id, err := a.requireRecentAuth(reqctx.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	u, err := a.user(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.TOTPSecret == nil || u.TOTPEnabledAt != nil {
		return nil, apperr.Conflict("There is no pending enrolment: start one first.")
	}
	secret, err := a.totpEnc.Decrypt(*u.TOTPSecret, []byte("users.totp_secret:"+u.ID.String()))
	if err != nil {
		return nil, err
	}
	step, ok := totp.Validate(string(secret), code, a.now(), 0)
	if !ok {
		return nil, apperr.Unprocessable("The code is not correct.",
			apperr.FieldError{Field: "code", Code: "invalid", Message: "does not match the authenticator app"})
	}
	codes, hashes, err := totp.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{ID: u.ID}).Updates(map[string]any{"totp_enabled_at": a.now().UTC(), "totp_last_step": step}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM recovery_codes WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		for _, h := range hashes {
			if err := tx.Exec("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", u.ID, h).Error; err != nil {
				return err
			}
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "mfa.enrolled", EntityType: "user",
			EntityID: u.ID.String(), EntityLabel: u.Email})
	})
	return codes, err
}

// DisableTOTP turns the second factor off after checking the password again.
func (a *Auth) DisableTOTP(ctx context.Context, pw string) error {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser {
		return apperr.Forbidden("Only a signed-in user can manage their second factor.")
	}
	id, err := uuid.Parse(p.ID)
	if err != nil {
		return err
	}
	u, err := a.user(ctx, id)
	if err != nil {
		return err
	}
	ok := false
	if u.PasswordHash != nil {
		ok, _, err = password.Verify(pw, *u.PasswordHash, a.params)
		if err != nil {
			return err
		}
	}
	if !ok {
		return apperr.Unprocessable("The password is not correct.",
			apperr.FieldError{Field: "password", Code: "invalid", Message: "is not your current password"})
	}
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{ID: u.ID}).Updates(map[string]any{"totp_secret": nil, "totp_enabled_at": nil, "totp_last_step": 0}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM recovery_codes WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "mfa.disabled", EntityType: "user",
			EntityID: u.ID.String(), EntityLabel: u.Email})
	})
}
