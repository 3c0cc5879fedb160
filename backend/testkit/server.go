package testkit

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/api/client"
	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Server is the real OpsDeck HTTP server running in-process on a random loopback port, on its own database.
type Server struct {
	URL  string // e.g. http://127.0.0.1:41234
	App  *app.App
	DB   *db.DB
	Logs *SyncBuffer // everything the server logged (JSON lines)
	auth *TokenAuth
	t    testing.TB
}

// ServerOption adjusts the configuration before the server starts.
type ServerOption func(env map[string]string)

// WithEnv sets a configuration variable.
func WithEnv(name, value string) ServerOption {
	return func(env map[string]string) { env[name] = value }
}

// WebFS is a tiny SPA used by API tests (the real build is exercised by the e2e test).
var WebFS fs.FS = fstest.MapFS{
	"index.html":          {Data: []byte(`<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>`)},
	"assets/app.js":       {Data: []byte(`console.log("opsdeck")`)},
	"api-docs/index.html": {Data: []byte(`<!doctype html><title>API</title><div id="swagger-ui"></div>`)},
}

// NewServer starts OpsDeck on a fresh database. The rate limit is off unless an option sets it.
func NewServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	return NewServerOn(t, DB(t), opts...)
}

// NewServerOn starts another OpsDeck instance on an existing database (several instances, one database).
func NewServerOn(t testing.TB, d *db.DB, opts ...ServerOption) *Server {
	t.Helper()
	env := map[string]string{
		"OPSDECK_ENV":            config.EnvTest,
		"OPSDECK_RATE_LIMIT_RPS": "0",
		"OPSDECK_DEV_BOOTSTRAP":  "false",
		"OPSDECK_LOG_LEVEL":      "debug",
		// Job workers only where a test asks for them (WithEnv("OPSDECK_WORKERS", "true")).
		"OPSDECK_WORKERS": "false",
		// One secret for every test server: instances on one database must share it, as in production.
		"OPSDECK_SECRET_KEY": "testkit-shared-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
		// Attachment files in the test's own directory (removed with it).
		"OPSDECK_STORAGE_DIR": t.TempDir(),
	}
	for _, o := range opts {
		o(env)
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatalf("testkit: config: %v", err)
	}
	logs := &SyncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	auth := &TokenAuth{tokens: map[string]*reqctx.Principal{}}
	a, err := app.New(cfg, log, d, app.Options{Authenticator: auth, WebFS: WebFS,
		Jobs: jobs.Options{FetchPollInterval: 100 * time.Millisecond, NoSchedules: true}})
	if err != nil {
		t.Fatalf("testkit: app: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testkit: listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("testkit: server did not shut down")
		}
	})
	return &Server{URL: "http://" + ln.Addr().String(), App: a, DB: d, Logs: logs, auth: auth, t: t}
}

// Echo exposes the server's router, for tests that add a test-only route (e.g. one that panics).
func (s *Server) Echo() *echo.Echo { return s.App.Echo }

// TokenAuth authenticates test principals by opaque bearer tokens the harness issues ("test_…"); other credentials go
// on to the server's real authenticators.
type TokenAuth struct {
	mu     sync.Mutex
	tokens map[string]*reqctx.Principal
}

// Authenticate implements httpx.Authenticator.
func (a *TokenAuth) Authenticate(c echo.Context) (*reqctx.Principal, error) {
	h := c.Request().Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || !strings.HasPrefix(tok, "test_") {
		return nil, nil // not ours: the server's real authenticators decide
	}
	a.mu.Lock()
	p := a.tokens[tok]
	a.mu.Unlock()
	if p == nil {
		return nil, errInvalidToken
	}
	return p, nil
}

type tokenError string

func (e tokenError) Error() string { return string(e) }

const errInvalidToken = tokenError("the access token is invalid or expired")

// Token issues a bearer token for p.
func (s *Server) Token(p *reqctx.Principal) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := "test_" + hex.EncodeToString(b)
	s.auth.mu.Lock()
	s.auth.tokens[tok] = p
	s.auth.mu.Unlock()
	return tok
}

// HTTPClient returns an http.Client that authenticates as p (nil: anonymous) and validates every API response against
// openapi.yaml, failing the test on a response the contract does not allow.
func (s *Server) HTTPClient(p *reqctx.Principal) *http.Client {
	var token string
	if p != nil {
		token = s.Token(p)
	}
	return &http.Client{Transport: &validatingTransport{t: s.t, contract: s.App.Contract, token: token,
		base: http.DefaultTransport}, Timeout: 30 * time.Second}
}

// Client returns the generated Go SDK client acting as p (nil: anonymous).
func (s *Server) Client(p *reqctx.Principal) *client.ClientWithResponses {
	c, err := client.NewClientWithResponses(s.URL+httpx.BasePath, client.WithHTTPClient(s.HTTPClient(p)))
	if err != nil {
		s.t.Fatalf("testkit: client: %v", err)
	}
	return c
}

type validatingTransport struct {
	t        testing.TB
	contract *httpx.Contract
	token    string
	base     http.RoundTripper
}

func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if v.token != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	res, err := v.base.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, httpx.BasePath+"/") {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	// Route on a copy with the body restored, then validate the response against that operation.
	vreq := req.Clone(req.Context())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := v.contract.FindRoute(vreq)
	if err != nil {
		// Unknown routes answer problem+json 404/405; there is no operation to validate against.
		if res.Header.Get("Content-Type") != "application/problem+json" {
			v.t.Errorf("contract: %s %s: unknown route answered %q, want problem+json", req.Method, req.URL.Path,
				res.Header.Get("Content-Type"))
		}
		return res, nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  res.StatusCode,
		Header:  res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		v.t.Errorf("contract: response to %s %s (status %d) breaks openapi.yaml: %v\nbody: %s",
			req.Method, req.URL.Path, res.StatusCode, err, body)
	}
	return res, nil
}

// SyncBuffer is a goroutine-safe log sink.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Organization creates an organisation with defaults (platform scope) and returns it.
func (s *Server) Organization(name string) organizations.Organization {
	s.t.Helper()
	slug := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
	ident := strings.ToUpper(strings.ReplaceAll(slug, "-", ""))
	if len(ident) > 12 {
		ident = ident[:12]
	}
	o := organizations.Organization{Name: name, Slug: slug, Kind: organizations.KindOperator, Identifier: ident,
		EnabledModules: db.TextArray(config.Modules)}
	if err := s.App.Orgs.Create(context.Background(), &o); err != nil {
		s.t.Fatalf("testkit: create organisation %q: %v", name, err)
	}
	return o
}

// Member returns a principal in org with the given module levels.
func Member(org uuid.UUID, levels map[string]reqctx.Level) *reqctx.Principal {
	return &reqctx.Principal{ID: uuid.NewString(), Kind: reqctx.KindUser, Name: "Test user",
		OrganizationID: org, Levels: levels}
}

// AdminOf returns an administrator (admin on every module) of org.
func AdminOf(org uuid.UUID) *reqctx.Principal {
	lv := map[string]reqctx.Level{}
	for _, m := range config.Modules {
		lv[m] = reqctx.LevelAdmin
	}
	return Member(org, lv)
}

// ViewerOf returns a read-only member of org.
func ViewerOf(org uuid.UUID) *reqctx.Principal {
	lv := map[string]reqctx.Level{}
	for _, m := range config.Modules {
		lv[m] = reqctx.LevelRead
	}
	return Member(org, lv)
}

// PlatformAdmin returns a deployment administrator with no organisation.
func PlatformAdmin() *reqctx.Principal {
	return &reqctx.Principal{ID: uuid.NewString(), Kind: reqctx.KindUser, Name: "Platform admin",
		PlatformLevel: reqctx.LevelAdmin}
}

// AsAdmin returns a context acting as an administrator of org, for calling services directly in tests.
func AsAdmin(org uuid.UUID) context.Context {
	return reqctx.WithPrincipal(context.Background(), AdminOf(org))
}
