package identity

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// SSOSettings is what administrators see of their provider (never the secret).
type SSOSettings struct {
	Configured      bool
	Provider        SSOProvider
	SecretSet       bool
	OrganizationKey string // slug, for the start URL
}

// SSOInput is a full replacement of the provider settings; a nil secret keeps the stored one.
type SSOInput struct {
	Enabled        bool
	Issuer         string
	ClientID       string
	ClientSecret   *string
	AllowedDomains []string
	AutoProvision  bool
	DefaultRoleID  *uuid.UUID
}

func (s *SSO) slugOf(tx *gorm.DB, org uuid.UUID) (string, error) {
	var slug string
	err := tx.Raw("SELECT slug FROM organizations WHERE id = ?", org).Scan(&slug).Error
	return slug, err
}

// Settings returns the active organisation's provider settings.
func (s *SSO) Settings(ctx context.Context) (SSOSettings, error) {
	var out SSOSettings
	err := s.auth.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if out.OrganizationKey, err = s.slugOf(tx, reqctx.PrincipalFrom(ctx).OrganizationID); err != nil {
			return err
		}
		err = tx.Take(&out.Provider).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			out.Provider.AllowedDomains = db.TextArray{}
			return nil
		}
		out.Configured, out.SecretSet = err == nil, out.Provider.ClientSecret != nil
		return err
	})
	return out, err
}

// PutSettings replaces the active organisation's provider settings after checking the issuer answers its discovery
// document. ifMatch is the current version (0 before the first configuration).
func (s *SSO) PutSettings(ctx context.Context, ifMatch *int64, in SSOInput) (SSOSettings, error) {
	org := reqctx.PrincipalFrom(ctx).OrganizationID
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	in.ClientID = strings.TrimSpace(in.ClientID)
	var fields []apperr.FieldError
	if u, err := url.Parse(in.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		fields = append(fields, apperr.FieldError{Field: "issuer", Code: "invalid", Message: "must be the provider's issuer URL"})
	} else if s.requireHTTPS && u.Scheme != "https" {
		fields = append(fields, apperr.FieldError{Field: "issuer", Code: "insecure", Message: "must use https"})
	}
	if in.AutoProvision && in.DefaultRoleID == nil {
		fields = append(fields, apperr.FieldError{Field: "default_role_id", Code: "required", Message: "is required to create members on first sign-in"})
	}
	domains := make([]string, 0, len(in.AllowedDomains))
	for _, d := range in.AllowedDomains {
		domains = append(domains, strings.ToLower(strings.TrimSpace(d)))
	}
	if in.Enabled && len(domains) == 0 {
		fields = append(fields, apperr.FieldError{Field: "allowed_domains", Code: "required", Message: "list at least one e-mail domain"})
	}
	if len(fields) > 0 {
		return SSOSettings{}, apperr.Unprocessable("The single sign-on settings are not valid.", fields...)
	}
	// The issuer must answer with a discovery document naming itself (go-oidc checks the issuer matches).
	if _, err := s.provider(ctx, in.Issuer); err != nil {
		return SSOSettings{}, apperr.Unprocessable("The issuer's discovery document could not be used: "+err.Error(),
			apperr.FieldError{Field: "issuer", Code: "discovery_failed", Message: "does not answer a valid OpenID Connect discovery document"})
	}
	err := s.auth.db.Tx(ctx, func(tx *gorm.DB) error {
		var cur SSOProvider
		err := tx.Take(&cur).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if ifMatch != nil && *ifMatch != cur.Version {
			return apperr.PreconditionFailed(cur.Version)
		}
		if in.DefaultRoleID != nil {
			var n int64
			if err := tx.Model(&Role{}).Where("id = ? AND archived_at IS NULL", *in.DefaultRoleID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return apperr.Unprocessable("The default role does not exist in this organisation.",
					apperr.FieldError{Field: "default_role_id", Code: "not_found", Message: "is not a role of this organisation"})
			}
		}
		secret := cur.ClientSecret
		if in.ClientSecret != nil {
			sealed, err := s.auth.ssoEnc.Encrypt([]byte(*in.ClientSecret), s.secretAAD(org))
			if err != nil {
				return err
			}
			secret = &sealed
		}
		if !exists {
			return tx.Create(&SSOProvider{ID: uuid.Must(uuid.NewV7()), OrganizationID: org, Enabled: in.Enabled,
				Issuer: in.Issuer, ClientID: in.ClientID, ClientSecret: secret, AllowedDomains: db.TextArray(domains),
				AutoProvision: in.AutoProvision, DefaultRoleID: in.DefaultRoleID, Version: 1}).Error
		}
		return tx.Model(&cur).Updates(map[string]any{"enabled": in.Enabled, "issuer": in.Issuer, "client_id": in.ClientID,
			"client_secret": secret, "allowed_domains": db.TextArray(domains), "auto_provision": in.AutoProvision,
			"default_role_id": in.DefaultRoleID, "version": cur.Version + 1}).Error
	})
	if err != nil {
		return SSOSettings{}, err
	}
	return s.Settings(ctx)
}
