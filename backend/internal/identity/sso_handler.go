package identity

import (
	"context"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

func ssoCookie(state string) string {
	c := &http.Cookie{Name: SSOCookie, Value: state, Path: "/api/v1/auth/sso", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int(ssoStateTTL.Seconds())}
	return c.String()
}

func (h *IdentityHandler) ssoToAPI(st SSOSettings) api.SsoSettings {
	p := st.Provider
	out := api.SsoSettings{Configured: st.Configured, Enabled: p.Enabled, Issuer: p.Issuer, ClientId: p.ClientID,
		ClientSecretSet: st.SecretSet, AllowedDomains: []string(p.AllowedDomains), AutoProvision: p.AutoProvision,
		RedirectUri: h.sso.RedirectURI(), StartUrl: h.sso.StartURL(st.OrganizationKey), Version: p.Version}
	if out.AllowedDomains == nil {
		out.AllowedDomains = []string{}
	}
	if p.DefaultRoleID != nil {
		out.DefaultRoleId.Set(*p.DefaultRoleID)
	} else {
		out.DefaultRoleId.SetNull()
	}
	return out
}

// GetSsoSettings implements GET /organization/sso.
func (h *IdentityHandler) GetSsoSettings(ctx context.Context, _ api.GetSsoSettingsRequestObject) (api.GetSsoSettingsResponseObject, error) {
	st, err := h.sso.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return api.GetSsoSettings200JSONResponse{Body: h.ssoToAPI(st), Headers: api.GetSsoSettings200ResponseHeaders{ETag: httpx.ETag(st.Provider.Version)}}, nil
}

// PutSsoSettings implements PUT /organization/sso.
func (h *IdentityHandler) PutSsoSettings(ctx context.Context, req api.PutSsoSettingsRequestObject) (api.PutSsoSettingsResponseObject, error) {
	ifMatch, err := httpx.IfMatchOrZero(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := SSOInput{Enabled: b.Enabled, Issuer: b.Issuer, ClientID: b.ClientId, ClientSecret: b.ClientSecret,
		AllowedDomains: b.AllowedDomains, AutoProvision: b.AutoProvision}
	if b.DefaultRoleId.IsSpecified() && !b.DefaultRoleId.IsNull() {
		id := uuid.UUID(b.DefaultRoleId.MustGet())
		in.DefaultRoleID = &id
	}
	st, err := h.sso.PutSettings(ctx, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.PutSsoSettings200JSONResponse{Body: h.ssoToAPI(st), Headers: api.PutSsoSettings200ResponseHeaders{ETag: httpx.ETag(st.Provider.Version)}}, nil
}

// StartSso implements GET /auth/sso/{organization}/start.
func (h *IdentityHandler) StartSso(ctx context.Context, req api.StartSsoRequestObject) (api.StartSsoResponseObject, error) {
	after := ""
	if req.Params.Redirect != nil {
		after = *req.Params.Redirect
	}
	to, state, err := h.sso.Start(ctx, req.Organization, after)
	if err != nil {
		// A browser navigation: a problem document would strand the user, so back to the sign-in page with the reason.
		ae, ok := apperr.As(err)
		switch {
		case ok && ae.Kind == apperr.KindNotFound:
			return ssoBack(string(SSOUnknownOrganization)), nil
		case ok && ae.Kind == apperr.KindUnprocessable:
			return ssoBack(string(SSOProviderUnavailable)), nil
		}
		return nil, err
	}
	c := ssoCookie(state)
	return api.StartSso302Response{Headers: api.StartSso302ResponseHeaders{Location: to, SetCookie: &c}}, nil
}

func ssoBack(code string) api.StartSso302Response {
	return api.StartSso302Response{Headers: api.StartSso302ResponseHeaders{Location: "/login?sso_error=" + url.QueryEscape(code)}}
}

// FinishSso implements GET /auth/sso/callback: always a redirect, to the web application or to its sign-in page.
func (h *IdentityHandler) FinishSso(ctx context.Context, req api.FinishSsoRequestObject) (api.FinishSsoResponseObject, error) {
	p := req.Params
	str := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	t, after, fail := h.sso.Callback(ctx, str(p.State), str(p.OpsdeckSso), str(p.Code), str(p.Error))
	if fail != "" {
		return api.FinishSso302Response{Headers: api.FinishSso302ResponseHeaders{
			Location: "/login?sso_error=" + url.QueryEscape(string(fail))}}, nil
	}
	c := cookie(t.RefreshToken, SessionTTL)
	return api.FinishSso302Response{Headers: api.FinishSso302ResponseHeaders{Location: after, SetCookie: &c}}, nil
}
