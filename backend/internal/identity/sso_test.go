package identity_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type ssoFixture struct {
	fixture
	p    *testProvider
	slug string
}

// noFollow is an anonymous client that shows redirects instead of following them.
func noFollow(s *testkit.Server) *http.Client {
	c := s.HTTPClient(nil)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

func setupSSO(t *testing.T, settings string) ssoFixture {
	t.Helper()
	f := setupUser(t, "editor")
	p := newTestProvider(t)
	var slug string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), "SELECT slug FROM organizations WHERE id = $1", f.org).Scan(&slug))
	if settings == "" {
		settings = `{"enabled":true,"allowed_domains":["acme.example"],"auto_provision":false}`
	}
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(settings), &body))
	body["issuer"], body["client_id"], body["client_secret"] = p.URL, p.clientID, p.clientSecret
	b, _ := json.Marshal(body)
	r := f.as(t, testkit.AdminOf(f.org), http.MethodPut, "/api/v1/organization/sso", string(b), "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	return ssoFixture{fixture: f, p: p, slug: slug}
}

// as calls the API as principal p.
func (f fixture) as(t *testing.T, p *reqctx.Principal, method, path, body string, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.s.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := f.s.HTTPClient(p).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := reply{status: res.StatusCode, raw: string(raw), header: res.Header}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

func get(t *testing.T, c *http.Client, u string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	return res
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// signIn runs the browser's part: start → provider → callback. bind replaces the browser-binding cookie (nil: the
// one the start set). It answers the callback's response.
func (f ssoFixture) signIn(t *testing.T, bind func(*http.Cookie) *http.Cookie) *http.Response {
	t.Helper()
	c := noFollow(f.s)
	start := get(t, c, f.s.URL+"/api/v1/auth/sso/"+f.slug+"/start?redirect=%2Fassets")
	require.Equal(t, http.StatusFound, start.StatusCode)
	to, err := url.Parse(start.Header.Get("Location"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(to.String(), f.p.URL+"/authorize?"), to.String())
	assert.Equal(t, "S256", to.Query().Get("code_challenge_method"))
	assert.NotEmpty(t, to.Query().Get("nonce"))
	bound := cookieNamed(start, identity.SSOCookie)
	require.NotNil(t, bound)
	assert.True(t, bound.HttpOnly && bound.Secure)
	if bind != nil {
		bound = bind(bound)
	}
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	atProvider := get(t, plain, to.String())
	require.Equal(t, http.StatusFound, atProvider.StatusCode)
	back, err := url.Parse(atProvider.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "/api/v1/auth/sso/callback", back.Path)
	var cookies []*http.Cookie
	if bound != nil {
		cookies = append(cookies, bound)
	}
	return get(t, c, f.s.URL+back.Path+"?"+back.RawQuery, cookies...)
}

func ssoError(t *testing.T, res *http.Response) string {
	t.Helper()
	require.Equal(t, http.StatusFound, res.StatusCode)
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	if loc.Path != "/login" {
		return ""
	}
	assert.Nil(t, cookieNamed(res, identity.RefreshCookie), "a failed sign-in sets no session cookie")
	return loc.Query().Get("sso_error")
}

func countAudit(t *testing.T, f fixture, action, reason string) int {
	t.Helper()
	var n int
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM audit_events WHERE action = $1 AND ($2 = '' OR changes->'reason'->>1 = $2)", action, reason).Scan(&n))
	return n
}

func TestSSOSignInOpensASession(t *testing.T) {
	f := setupSSO(t, "")
	f.p.signInAs(map[string]any{"sub": "idp-olivia", "email": "Olivia@acme.example", "email_verified": true, "name": "Olivia"})
	res := f.signIn(t, nil)
	require.Equal(t, "", ssoError(t, res))
	assert.Equal(t, "/assets", res.Header.Get("Location"), "back where the user was heading")
	rc := cookieNamed(res, identity.RefreshCookie)
	require.NotNil(t, rc)
	assert.True(t, rc.HttpOnly && rc.Secure && rc.SameSite == http.SameSiteStrictMode)

	// The web application obtains its access token from the cookie, like after a password sign-in.
	r := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rc.Value, "X-OpsDeck-CSRF", "1")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+r.body["access_token"].(string))
	require.Equal(t, http.StatusOK, me.status, me.raw)
	assert.Equal(t, f.user.ID.String(), me.body["id"])
	assert.Equal(t, true, me.body["sso"])
	assert.Equal(t, f.org.String(), me.body["active_organization_id"])
	var amr string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(),
		"SELECT changes->'amr'->>1 FROM audit_events WHERE action = 'login' AND entity_id = $1", f.user.ID.String()).Scan(&amr))
	assert.Equal(t, "oidc", amr)

	// The provider account is now bound: a changed (even unverified) e-mail at the provider still reaches the user.
	f.p.signInAs(map[string]any{"sub": "idp-olivia", "email": "olivia.renamed@elsewhere.example", "email_verified": false})
	res = f.signIn(t, nil)
	assert.Equal(t, "", ssoError(t, res))
}

func TestSSORefusals(t *testing.T) {
	f := setupSSO(t, "")
	olivia := map[string]any{"sub": "idp-olivia", "email": "olivia@acme.example", "email_verified": true}

	t.Run("state not bound to this browser", func(t *testing.T) {
		f.p.signInAs(olivia)
		res := f.signIn(t, func(c *http.Cookie) *http.Cookie { c.Value = "someone-else"; return c })
		assert.Equal(t, "invalid_state", ssoError(t, res))
		res = f.signIn(t, func(*http.Cookie) *http.Cookie { return nil })
		assert.Equal(t, "invalid_state", ssoError(t, res))
	})
	t.Run("provider refused", func(t *testing.T) {
		f.p.denyNext = true
		assert.Equal(t, "cancelled", ssoError(t, f.signIn(t, nil)))
	})
	t.Run("nonce replayed", func(t *testing.T) {
		f.p.signInAs(olivia)
		f.p.wrongNonce = true
		defer func() { f.p.wrongNonce = false }()
		assert.Equal(t, "provider_error", ssoError(t, f.signIn(t, nil)))
	})
	t.Run("token for another client", func(t *testing.T) {
		f.p.signInAs(olivia)
		f.p.audience = "another-app"
		defer func() { f.p.audience = "" }()
		assert.Equal(t, "provider_error", ssoError(t, f.signIn(t, nil)))
	})
	t.Run("unverified e-mail", func(t *testing.T) {
		f.p.signInAs(map[string]any{"sub": "idp-x", "email": "olivia@acme.example", "email_verified": false})
		assert.Equal(t, "email_not_verified", ssoError(t, f.signIn(t, nil)))
		f.p.signInAs(map[string]any{"sub": "idp-y", "email": "olivia@acme.example"})
		assert.Equal(t, "email_not_verified", ssoError(t, f.signIn(t, nil)), "no email_verified claim is not a verified e-mail")
	})
	t.Run("domain not allowed", func(t *testing.T) {
		f.p.signInAs(map[string]any{"sub": "idp-z", "email": "mallory@evil.example", "email_verified": true})
		assert.Equal(t, "domain_not_allowed", ssoError(t, f.signIn(t, nil)))
	})
	t.Run("unknown person without auto-provisioning", func(t *testing.T) {
		f.p.signInAs(map[string]any{"sub": "idp-new", "email": "newcomer@acme.example", "email_verified": true})
		assert.Equal(t, "not_a_member", ssoError(t, f.signIn(t, nil)))
		var n int
		require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users WHERE email = 'newcomer@acme.example'").Scan(&n))
		assert.Zero(t, n)
	})
	t.Run("suspended member", func(t *testing.T) {
		_, err := f.s.App.Identity.SetMemberStatus(testkit.AsAdmin(f.org), f.user.ID, identity.StatusSuspended)
		require.NoError(t, err)
		defer func() {
			_, err := f.s.App.Identity.SetMemberStatus(testkit.AsAdmin(f.org), f.user.ID, identity.StatusActive)
			require.NoError(t, err)
		}()
		f.p.signInAs(olivia)
		assert.Equal(t, "not_a_member", ssoError(t, f.signIn(t, nil)))
	})
	t.Run("state used twice", func(t *testing.T) {
		f.p.signInAs(olivia)
		c := noFollow(f.s)
		start := get(t, c, f.s.URL+"/api/v1/auth/sso/"+f.slug+"/start")
		plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		back, _ := url.Parse(get(t, plain, start.Header.Get("Location")).Header.Get("Location"))
		first := get(t, c, f.s.URL+back.Path+"?"+back.RawQuery, cookieNamed(start, identity.SSOCookie))
		assert.Equal(t, "", ssoError(t, first))
		again := get(t, c, f.s.URL+back.Path+"?"+back.RawQuery, cookieNamed(start, identity.SSOCookie))
		assert.Equal(t, "invalid_state", ssoError(t, again))
	})
	assert.Positive(t, countAudit(t, f.fixture, "sso.failed", "invalid_state"))
	assert.Positive(t, countAudit(t, f.fixture, "sso.failed", "domain_not_allowed"))

	t.Run("open redirect refused", func(t *testing.T) {
		c := noFollow(f.s)
		for _, bad := range []string{"//evil.example/x", "/\\evil.example"} {
			start := get(t, c, f.s.URL+"/api/v1/auth/sso/"+f.slug+"/start?redirect="+url.QueryEscape(bad))
			require.Equal(t, http.StatusFound, start.StatusCode)
			var after string
			state, _ := url.Parse(start.Header.Get("Location"))
			require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(),
				"SELECT redirect FROM sso_states ORDER BY expires_at DESC LIMIT 1").Scan(&after))
			assert.Equal(t, "/", after, state.String())
		}
	})
	t.Run("unknown organisation or disabled", func(t *testing.T) {
		res := get(t, noFollow(f.s), f.s.URL+"/api/v1/auth/sso/no-such-org/start")
		require.Equal(t, http.StatusFound, res.StatusCode)
		assert.Equal(t, "/login?sso_error=unknown_organization", res.Header.Get("Location"))
		assert.Nil(t, cookieNamed(res, identity.SSOCookie))
	})
}

func TestSSOAutoProvisioning(t *testing.T) {
	f := setupUser(t, "owner")
	roles, err := f.s.App.Identity.ListRoles(testkit.AsAdmin(f.org), false, "", "", 50)
	require.NoError(t, err)
	var employee uuid.UUID
	for _, r := range roles.Items {
		if r.BuiltinKey != nil && *r.BuiltinKey == "employee" {
			employee = r.ID
		}
	}
	p := newTestProvider(t)
	var slug string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), "SELECT slug FROM organizations WHERE id = $1", f.org).Scan(&slug))
	body := fmt.Sprintf(`{"enabled":true,"issuer":%q,"client_id":%q,"client_secret":%q,"allowed_domains":["acme.example"],"auto_provision":true,"default_role_id":%q}`,
		p.URL, p.clientID, p.clientSecret, employee)
	r := f.as(t, testkit.AdminOf(f.org), http.MethodPut, "/api/v1/organization/sso", body, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	sf := ssoFixture{fixture: f, p: p, slug: slug}

	p.signInAs(map[string]any{"sub": "idp-nina", "email": "nina@acme.example", "email_verified": true, "name": "Nina Newcomer"})
	assert.Equal(t, "", ssoError(t, sf.signIn(t, nil)))
	var name, role string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), `SELECT u.name, r.builtin_key FROM users u
		JOIN role_assignments ra ON ra.user_id = u.id JOIN roles r ON r.id = ra.role_id
		WHERE u.email = 'nina@acme.example' AND ra.organization_id = $1`, f.org).Scan(&name, &role))
	assert.Equal(t, "Nina Newcomer", name)
	assert.Equal(t, "employee", role)
	var hash *string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), "SELECT password_hash FROM users WHERE email = 'nina@acme.example'").Scan(&hash))
	assert.Nil(t, hash, "an account created by single sign-on has no password")
}

func TestSSOSettings(t *testing.T) {
	f := setupUser(t, "owner")
	p := newTestProvider(t)
	admin := testkit.AdminOf(f.org)

	r := f.as(t, admin, http.MethodGet, "/api/v1/organization/sso", "")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, false, r.body["configured"])
	assert.Equal(t, `"0"`, r.header.Get("ETag"))
	assert.True(t, strings.HasSuffix(r.body["redirect_uri"].(string), "/api/v1/auth/sso/callback"))

	good := fmt.Sprintf(`{"enabled":true,"issuer":%q,"client_id":"opsdeck-test","client_secret":"s3cret-value-xyz","allowed_domains":["acme.example"],"auto_provision":false}`, p.URL)
	bad := []struct{ name, body, field string }{
		{"issuer without discovery", strings.Replace(good, p.URL, p.URL+"/nothing-here", 1), "issuer"},
		{"auto-provision without role", strings.Replace(good, `"auto_provision":false`, `"auto_provision":true`, 1), "default_role_id"},
		{"unknown role", strings.Replace(good, `"auto_provision":false`, `"auto_provision":true,"default_role_id":"`+uuid.NewString()+`"`, 1), "default_role_id"},
	}
	for _, c := range bad {
		r := f.as(t, admin, http.MethodPut, "/api/v1/organization/sso", c.body, "If-Match", `"0"`)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, c.name+": "+r.raw)
		assert.Contains(t, r.raw, c.field, c.name)
	}
	r = f.as(t, admin, http.MethodPut, "/api/v1/organization/sso", `{"enabled":true}`, "If-Match", `"0"`)
	assert.Equal(t, http.StatusBadRequest, r.status, r.raw)
	r = f.as(t, admin, http.MethodGet, "/api/v1/organization/sso", "")
	assert.Equal(t, false, r.body["configured"], "refused changes stored nothing")

	r = f.as(t, admin, http.MethodPut, "/api/v1/organization/sso", good, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, true, r.body["client_secret_set"])
	assert.NotContains(t, r.raw, "s3cret-value-xyz")
	assert.Equal(t, `"1"`, r.header.Get("ETag"))

	// Stale version refused; omitting the secret keeps it.
	r = f.as(t, admin, http.MethodPut, "/api/v1/organization/sso", good, "If-Match", `"0"`)
	assert.Equal(t, http.StatusPreconditionFailed, r.status, r.raw)
	keep := strings.Replace(good, `"client_secret":"s3cret-value-xyz",`, "", 1)
	r = f.as(t, admin, http.MethodPut, "/api/v1/organization/sso", keep, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, true, r.body["client_secret_set"])

	var stored string
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(), "SELECT client_secret FROM sso_providers").Scan(&stored))
	assert.True(t, strings.HasPrefix(stored, "v1:"), "encrypted at rest")
	var leaks int
	require.NoError(t, f.s.App.DB.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM audit_events WHERE changes::text LIKE '%s3cret-value-xyz%' OR changes::text LIKE '%'||$1||'%'", stored).Scan(&leaks))
	assert.Zero(t, leaks, "neither the secret nor its ciphertext in the audit trail")
}
