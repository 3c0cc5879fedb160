package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Authenticate implements httpx.Authenticator for access tokens: no Authorization header is an anonymous request; a
// token that does not verify, belongs to a revoked session or to a user who is no longer active is refused.
func (a *Auth) Authenticate(c echo.Context) (*reqctx.Principal, error) {
	h := c.Request().Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return nil, errors.New("send the access token as \"Authorization: Bearer <token>\"")
	}
	if strings.HasPrefix(raw, "odk_") {
		return a.principalForAPIToken(c.Request().Context(), raw)
	}
	return a.PrincipalFor(c.Request().Context(), raw)
}

// PrincipalFor verifies an access token and resolves the principal it stands for.
func (a *Auth) PrincipalFor(ctx context.Context, raw string) (*reqctx.Principal, error) {
	claims, err := a.verify(ctx, raw)
	if err != nil {
		if errors.Is(err, tokens.ErrExpired) {
			return nil, errors.New("the access token has expired: refresh it")
		}
		return nil, errors.New("the access token is not valid")
	}
	userID, err1 := uuid.Parse(claims.Subject)
	sid, err2 := uuid.Parse(claims.Session)
	if err1 != nil || err2 != nil {
		return nil, errors.New("the access token is not valid")
	}
	var (
		email, name, status, platform string
		revoked                       *time.Time
		mustChange                    bool
	)
	err = a.db.Pool.QueryRow(ctx, `SELECT u.email, u.name, u.status, u.platform_level, u.must_change_password, s.revoked_at
		FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.id = $1 AND s.id = $2`, userID, sid).
		Scan(&email, &name, &status, &platform, &mustChange, &revoked)
	if err != nil || revoked != nil || status != StatusActive {
		return nil, errors.New("your session has ended: sign in again")
	}
	p := &reqctx.Principal{ID: userID.String(), Kind: reqctx.KindUser, Name: name, Email: email, SessionID: sid,
		AuthTime: claims.AuthTime, AMR: claims.AMR}
	p.PlatformLevel, _ = reqctx.ParseLevel(platform)
	if claims.Org != "" {
		org, err := uuid.Parse(claims.Org)
		if err != nil {
			return nil, errors.New("the access token is not valid")
		}
		levels, err := a.ids.EffectiveLevels(ctx, org, userID)
		if err != nil {
			return nil, err
		}
		if a.ids.isMember(ctx, org, userID) {
			p.OrganizationID, p.Levels = org, levels
			if mustChange && !claims.HasAMR(tokens.AMROIDC) {
				p.Restriction, p.AllowOnly = "password-change-required", passwordChangeOps
			} else if a.mfaMissing(ctx, org, userID, claims) {
				p.Restriction, p.AllowOnly = "mfa-enrolment-required", mfaEnrolmentOps
			} else if a.termsMissing(ctx, org, userID) {
				p.Restriction, p.AllowOnly = "terms-acceptance-required", termsOps
			}
		}
	}
	if p.Restriction == "" && mustChange && !claims.HasAMR(tokens.AMROIDC) {
		// Also without an organisation (a platform administrator with a temporary password).
		p.Restriction, p.AllowOnly = "password-change-required", passwordChangeOps
	}
	return p, nil
}

// passwordChangeOps are what a user may do while an administrator-set temporary password waits to be replaced.
var passwordChangeOps = map[string]bool{"getMe": true, "changePassword": true, "logout": true, "refreshSession": true,
	"getMeta": true}

func (s *Service) isMember(ctx context.Context, org, user uuid.UUID) bool {
	var ok bool
	_ = s.db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2
		AND status = 'active' AND archived_at IS NULL)`, org, user).Scan(&ok)
	return ok
}

// mfaEnrolmentOps are what a member may do while their organisation waits for them to set up a second factor.
var mfaEnrolmentOps = map[string]bool{"getMe": true, "startTotpEnrolment": true, "verifyTotpEnrolment": true,
	"logout": true, "refreshSession": true, "getMeta": true, "changePassword": true, "reauthenticate": true}

// mfaMissing reports whether org requires a second factor that this session did not use.
func (a *Auth) mfaMissing(ctx context.Context, org, user uuid.UUID, c tokens.Claims) bool {
	if c.HasAMR(tokens.AMROTP) || c.HasAMR(tokens.AMROIDC) {
		// Single sign-on: the identity provider is responsible for the second factor (docs/identity.md).
		return false
	}
	var required bool
	_ = a.db.Pool.QueryRow(ctx, "SELECT coalesce((settings->>'require_mfa')::boolean, false) FROM organizations WHERE id = $1", org).Scan(&required)
	return required
}

// termsOps are what a member may do before accepting the organisation's terms of use.
var termsOps = map[string]bool{"getMe": true, "acceptTerms": true, "getOrganization": true, "logout": true,
	"refreshSession": true, "getMeta": true}

// termsMissing reports whether org requires terms of use the user has not accepted (in this version, within a year).
func (a *Auth) termsMissing(ctx context.Context, org, user uuid.UUID) bool {
	var missing bool
	_ = a.db.Pool.QueryRow(ctx, `
		SELECT coalesce(o.settings->>'terms_version', '') <> '' AND NOT EXISTS (
			SELECT 1 FROM terms_acceptances t WHERE t.organization_id = o.id AND t.user_id = $2
			AND t.version = o.settings->>'terms_version' AND t.accepted_at > now() - interval '1 year')
		FROM organizations o WHERE o.id = $1`, org, user).Scan(&missing)
	return missing
}
