package identity

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"golang.org/x/oauth2"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/apitoken"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// SSO sign-in through each organisation's OpenID Connect provider: authorization code flow with PKCE, state (bound
// to the browser by a cookie) and nonce; see docs/identity.md.
const (
	ssoStateTTL = 10 * time.Minute
	// SSOCookie binds a sign-in attempt to the browser that started it.
	SSOCookie       = "opsdeck_sso"
	ssoCallbackPath = "/api/v1/auth/sso/callback"
	// providerTTL is how long a fetched discovery document (and its key set) is reused.
	providerTTL = 15 * time.Minute
)

// SSOProvider is an organisation's single sign-on configuration.
type SSOProvider struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Enabled        bool
	Issuer         string
	ClientID       string
	ClientSecret   *string
	AllowedDomains db.TextArray `gorm:"type:text[]"`
	AutoProvision  bool
	DefaultRoleID  *uuid.UUID `gorm:"type:uuid"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

// TableName maps the model.
func (SSOProvider) TableName() string { return "sso_providers" }

// AuditInfo audits configuration changes; the client secret never appears in the diff.
func (SSOProvider) AuditInfo() audit.Info {
	return audit.Info{Entity: "sso_provider", LabelColumn: "issuer", Redact: []string{"client_secret"}}
}

// SSOError is why a single sign-on failed, as the sign-in page names it (`/login?sso_error=<code>`).
type SSOError string

const (
	SSOCancelled        SSOError = "cancelled"
	SSOInvalidState     SSOError = "invalid_state"
	SSOProviderError    SSOError = "provider_error"
	SSOEmailNotVerified SSOError = "email_not_verified"
	SSODomainNotAllowed SSOError = "domain_not_allowed"
	SSONotAMember       SSOError = "not_a_member"
	SSOAccountInactive  SSOError = "account_inactive"
	SSODisabled         SSOError = "disabled"
	// At the start: no organisation with enabled single sign-on has this slug, or its provider cannot be reached.
	SSOUnknownOrganization SSOError = "unknown_organization"
	SSOProviderUnavailable SSOError = "provider_unavailable"
)

type cachedProvider struct {
	p       *oidc.Provider
	fetched time.Time
}

// ssoState is what the callback needs back.
type ssoState struct {
	Org                    uuid.UUID
	Nonce, Verifier, After string
}

// SSO runs single sign-on.
type SSO struct {
	auth      *Auth
	client    *http.Client
	mu        sync.Mutex
	providers map[string]cachedProvider
	// requireHTTPS refuses plain-http issuers (production).
	requireHTTPS bool
}

// NewSSO returns the single sign-on service. client is used for every call to providers.
func NewSSO(a *Auth, client *http.Client, requireHTTPS bool) *SSO {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &SSO{auth: a, client: client, providers: map[string]cachedProvider{}, requireHTTPS: requireHTTPS}
}

// RedirectURI is the callback address to register at providers.
func (s *SSO) RedirectURI() string { return strings.TrimRight(s.auth.publicURL, "/") + ssoCallbackPath }

// StartURL is the address that starts a sign-in with org's provider.
func (s *SSO) StartURL(slug string) string {
	return strings.TrimRight(s.auth.publicURL, "/") + "/api/v1/auth/sso/" + url.PathEscape(slug) + "/start"
}

func (s *SSO) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.mu.Lock()
	c, ok := s.providers[issuer]
	s.mu.Unlock()
	if ok && time.Since(c.fetched) < providerTTL {
		return c.p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.client), issuer)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.providers[issuer] = cachedProvider{p: p, fetched: time.Now()}
	s.mu.Unlock()
	return p, nil
}

func (s *SSO) oauthConfig(p *oidc.Provider, cfg SSOProvider, secret string) *oauth2.Config {
	return &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: secret, Endpoint: p.Endpoint(), RedirectURL: s.RedirectURI(),
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// safeRedirect keeps only a path of this site ("/x", not "//host" or "/\host").
func safeRedirect(r string) string {
	if r == "" || !strings.HasPrefix(r, "/") || strings.HasPrefix(r, "//") || strings.HasPrefix(r, "/\\") ||
		strings.HasPrefix(r, "/api/") || strings.ContainsAny(r, "\r\n") {
		return "/"
	}
	return r
}

func (s *SSO) secretAAD(org uuid.UUID) []byte {
	return []byte("sso_providers.client_secret:" + org.String())
}

// Start begins a sign-in with the provider of the organisation with this slug: it answers the provider's
// authorization URL and the state for the browser-binding cookie.
func (s *SSO) Start(ctx context.Context, slug, after string) (string, string, error) {
	var cfg SSOProvider
	err := s.auth.db.Pool.QueryRow(ctx, `SELECT p.organization_id, p.issuer, p.client_id, p.client_secret
		FROM sso_providers p JOIN organizations o ON o.id = p.organization_id
		WHERE o.slug = $1 AND p.enabled AND o.archived_at IS NULL`, slug).
		Scan(&cfg.OrganizationID, &cfg.Issuer, &cfg.ClientID, &cfg.ClientSecret)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", apperr.NotFound("single sign-on for this organisation")
	}
	if err != nil {
		return "", "", err
	}
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		s.auth.log.Warn("single sign-on: provider unreachable", "issuer", cfg.Issuer, "error", err)
		return "", "", apperr.Unprocessable("The organisation's sign-in provider cannot be reached: try again later or ask your administrator.")
	}
	state, nonce, verifier := randomToken(), randomToken(), oauth2.GenerateVerifier()
	_, err = s.auth.db.Pool.Exec(ctx, `INSERT INTO sso_states (state_hash, organization_id, nonce, code_verifier, redirect, expires_at)
		VALUES ($1, $2, $3, $4, $5, now() + $6::interval)`, apitoken.Hash(state), cfg.OrganizationID, nonce, verifier,
		safeRedirect(after), fmt.Sprintf("%d seconds", int(ssoStateTTL.Seconds())))
	if err != nil {
		return "", "", err
	}
	// Expired attempts are swept as new ones start.
	_, _ = s.auth.db.Pool.Exec(ctx, "DELETE FROM sso_states WHERE expires_at < now() - interval '1 hour'")
	u := s.oauthConfig(p, cfg, "").AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	return u, state, nil
}

// Callback finishes a sign-in. It answers the tokens of the new session and where to send the browser, or the
// reason it failed (every outcome is audited).
func (s *SSO) Callback(ctx context.Context, state, cookieState, code, providerErr string) (Tokens, string, SSOError) {
	if state == "" || cookieState == "" || state != cookieState {
		s.auditFailure(ctx, uuid.Nil, "", SSOInvalidState, "state missing or not bound to this browser")
		return Tokens{}, "", SSOInvalidState
	}
	var st ssoState
	err := s.auth.db.Pool.QueryRow(ctx, `DELETE FROM sso_states WHERE state_hash = $1 AND expires_at > now()
		RETURNING organization_id, nonce, code_verifier, redirect`, apitoken.Hash(state)).
		Scan(&st.Org, &st.Nonce, &st.Verifier, &st.After)
	if err != nil {
		if !errors.Is(err, pgx.ErrNoRows) {
			s.auth.log.Error("single sign-on: read state", "error", err)
		}
		s.auditFailure(ctx, uuid.Nil, "", SSOInvalidState, "unknown, used or expired state")
		return Tokens{}, "", SSOInvalidState
	}
	if providerErr != "" {
		reason := SSOProviderError
		if providerErr == "access_denied" {
			reason = SSOCancelled
		}
		s.auditFailure(ctx, st.Org, "", reason, "provider answered "+truncate(providerErr, 100))
		return Tokens{}, "", reason
	}
	var cfg SSOProvider
	err = s.auth.db.TxFor(ctx, st.Org, func(tx *gorm.DB) error { return tx.Take(&cfg).Error })
	if err != nil || !cfg.Enabled {
		s.auditFailure(ctx, st.Org, "", SSODisabled, "single sign-on is not enabled")
		return Tokens{}, "", SSODisabled
	}
	claims, fail := s.exchange(ctx, cfg, code, st)
	if fail != "" {
		return Tokens{}, "", fail
	}
	u, fail := s.resolveUser(ctx, cfg, claims)
	if fail != "" {
		return Tokens{}, "", fail
	}
	t, err := s.auth.openSession(ctx, u, cfg.OrganizationID, []string{tokens.AMROIDC})
	if err != nil {
		s.auth.log.Error("single sign-on: open session", "error", err)
		return Tokens{}, "", SSOProviderError
	}
	return t, st.After, ""
}

type idClaims struct {
	Subject, Issuer string
	Email           string `json:"email"`
	EmailVerified   *bool  `json:"email_verified"`
	Name            string `json:"name"`
}

func (s *SSO) exchange(ctx context.Context, cfg SSOProvider, code string, st ssoState) (idClaims, SSOError) {
	var c idClaims
	fail := func(reason SSOError, detail string, err error) (idClaims, SSOError) {
		s.auth.log.Warn("single sign-on failed", "organization", cfg.OrganizationID, "reason", reason, "detail", detail, "error", err)
		s.auditFailure(ctx, cfg.OrganizationID, c.Email, reason, detail)
		return c, reason
	}
	if code == "" {
		return fail(SSOProviderError, "no authorization code", nil)
	}
	secret := ""
	if cfg.ClientSecret != nil {
		b, err := s.auth.ssoEnc.Decrypt(*cfg.ClientSecret, s.secretAAD(cfg.OrganizationID))
		if err != nil {
			return fail(SSOProviderError, "client secret unreadable", err)
		}
		secret = string(b)
	}
	pctx := oidc.ClientContext(ctx, s.client)
	p, err := s.provider(ctx, cfg.Issuer)
	if err != nil {
		return fail(SSOProviderError, "discovery failed", err)
	}
	tok, err := s.oauthConfig(p, cfg, secret).Exchange(pctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return fail(SSOProviderError, "code exchange refused", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return fail(SSOProviderError, "no ID token in the answer", nil)
	}
	idt, err := p.VerifierContext(pctx, &oidc.Config{ClientID: cfg.ClientID}).Verify(pctx, raw)
	if err != nil {
		return fail(SSOProviderError, "ID token refused", err)
	}
	if idt.Nonce != st.Nonce {
		return fail(SSOProviderError, "nonce mismatch", nil)
	}
	if err := idt.Claims(&c); err != nil {
		return fail(SSOProviderError, "ID token claims unreadable", err)
	}
	c.Subject, c.Issuer = idt.Subject, idt.Issuer
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	return c, ""
}

// resolveUser finds (or, with auto-provisioning, creates) the member the provider vouched for.
func (s *SSO) resolveUser(ctx context.Context, cfg SSOProvider, c idClaims) (User, SSOError) {
	fail := func(reason SSOError, detail string) (User, SSOError) {
		s.auditFailure(ctx, cfg.OrganizationID, c.Email, reason, detail)
		return User{}, reason
	}
	var bound uuid.UUID
	err := s.auth.db.Pool.QueryRow(ctx, "SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2", c.Issuer, c.Subject).Scan(&bound)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fail(SSOProviderError, "identity lookup failed")
	}
	var u User
	switch {
	case bound != uuid.Nil:
		if u, err = s.auth.user(ctx, bound); err != nil {
			return fail(SSOProviderError, "bound user unreadable")
		}
	default:
		// First sign-in of this provider account: the e-mail decides, so it must be verified and of an allowed domain.
		if c.EmailVerified == nil || !*c.EmailVerified || c.Email == "" {
			return fail(SSOEmailNotVerified, "the provider did not vouch for the e-mail address")
		}
		_, domain, _ := strings.Cut(c.Email, "@")
		if !slices.Contains([]string(cfg.AllowedDomains), domain) {
			return fail(SSODomainNotAllowed, "domain "+domain+" is not allowed")
		}
		found := false
		if u, found, err = s.auth.userByEmail(ctx, c.Email); err != nil {
			return fail(SSOProviderError, "user lookup failed")
		}
		if !found {
			if !cfg.AutoProvision {
				return fail(SSONotAMember, "no account for this e-mail")
			}
			name := strings.TrimSpace(c.Name)
			if name == "" {
				name, _, _ = strings.Cut(c.Email, "@")
			}
			if u, err = s.auth.ids.CreateUser(ctx, NewUser{Email: c.Email, Name: truncate(name, 200)}); err != nil {
				return fail(SSOProviderError, "could not create the account")
			}
		}
	}
	if u.Status != StatusActive {
		return fail(SSOAccountInactive, "account "+u.Status)
	}
	if !s.auth.ids.isMember(ctx, cfg.OrganizationID, u.ID) {
		if !cfg.AutoProvision || !s.neverMember(ctx, cfg.OrganizationID, u.ID) {
			return fail(SSONotAMember, "not an active member of the organisation")
		}
		if err := s.auth.ids.addMemberWithRole(ctx, cfg.OrganizationID, u.ID, cfg.DefaultRoleID); err != nil {
			return fail(SSOProviderError, "could not add the member")
		}
	}
	_, err = s.auth.db.Pool.Exec(ctx, `INSERT INTO sso_identities (issuer, subject, organization_id, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (issuer, subject) DO UPDATE SET last_used_at = now()`, c.Issuer, c.Subject, cfg.OrganizationID, u.ID)
	if err != nil {
		return fail(SSOProviderError, "could not bind the identity")
	}
	return u, ""
}

// neverMember reports whether the user has no membership at all in org (a suspended or archived member is not
// re-admitted by auto-provisioning).
func (s *SSO) neverMember(ctx context.Context, org, user uuid.UUID) bool {
	var exists bool
	_ = s.auth.db.Pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2)", org, user).Scan(&exists)
	return !exists
}

func (s *SSO) auditFailure(ctx context.Context, org uuid.UUID, email string, reason SSOError, detail string) {
	err := s.auth.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "sso.failed", EntityType: "user", EntityLabel: email,
			Changes: map[string]any{"reason": [2]any{nil, string(reason)}, "detail": [2]any{nil, detail},
				"organization": [2]any{nil, org.String()}}})
	})
	if err != nil {
		s.auth.log.Error("single sign-on: audit failure", "error", err)
	}
}

// addMemberWithRole makes user a member of org holding role (auto-provisioning).
func (s *Service) addMemberWithRole(ctx context.Context, org, userID uuid.UUID, role *uuid.UUID) error {
	actor := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "sso", Kind: reqctx.KindSystem, Name: "Single sign-on", OrganizationID: org})
	err := s.db.TxFor(actor, org, func(tx *gorm.DB) error {
		var m Membership
		err := tx.Where("user_id = ?", userID).Take(&m).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			m = Membership{ID: uuid.Must(uuid.NewV7()), UserID: userID, Status: StatusActive, Version: 1}
			if err := tx.Create(&m).Error; err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if role == nil {
			return nil
		}
		uid := userID
		return tx.Create(&RoleAssignment{ID: uuid.Must(uuid.NewV7()), RoleID: *role, UserID: &uid}).Error
	})
	if err != nil {
		return err
	}
	return s.reload()
}
