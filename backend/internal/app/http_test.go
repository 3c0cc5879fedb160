package app_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	RequestID string `json:"request_id"`
	Errors    []struct {
		Field, Code, Message string
	} `json:"errors"`
}

func do(t *testing.T, c *http.Client, method, url string, body string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	require.NoError(t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, b
}

func decodeProblem(t *testing.T, res *http.Response, b []byte) problem {
	t.Helper()
	require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), "body: %s", b)
	var p problem
	require.NoError(t, json.Unmarshal(b, &p))
	require.Equal(t, res.StatusCode, p.Status)
	require.NotEmpty(t, p.Type)
	require.NotEmpty(t, p.Title)
	return p
}

func TestUnknownAPIRouteIsProblem404(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	for _, path := range []string{"/api/v1/nope", "/api/v1/organization/extra", "/api/v2/meta", "/api"} {
		res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+path, "")
		assert.Equal(t, http.StatusNotFound, res.StatusCode, path)
		p := decodeProblem(t, res, b)
		assert.Equal(t, path, p.Instance)
		assert.Equal(t, res.Header.Get("X-Request-Id"), p.RequestID)
	}
	res, b := do(t, http.DefaultClient, http.MethodDelete, s.URL+"/api/v1/organization", "")
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	decodeProblem(t, res, b)
}

func TestPanicAnswers500ProblemWithRequestIDAndLogsStack(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	s.Echo().GET("/test/panic", func(echo.Context) error { panic("deliberate test panic: secret=hunter2") })
	res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+"/test/panic", "", "X-Request-Id", "req-panic-0001")
	require.Equal(t, http.StatusInternalServerError, res.StatusCode)
	p := decodeProblem(t, res, b)
	assert.Equal(t, "req-panic-0001", p.RequestID)
	assert.Equal(t, "req-panic-0001", res.Header.Get("X-Request-Id"))
	assert.NotContains(t, string(b), "hunter2", "the panic value must not leak to the client")
	assert.NotContains(t, string(b), "goroutine", "no stack trace in the response")
	logs := s.Logs.String()
	assert.Contains(t, logs, "deliberate test panic")
	assert.Contains(t, logs, "error.stack_trace")
	assert.Contains(t, logs, "req-panic-0001")
}

func TestRequestIDAcceptedOrGenerated(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	res, _ := do(t, http.DefaultClient, http.MethodGet, s.URL+"/healthz", "", "X-Request-Id", "abcdef123456")
	assert.Equal(t, "abcdef123456", res.Header.Get("X-Request-Id"))
	// A malformed id (log injection attempt) is replaced.
	res, _ = do(t, http.DefaultClient, http.MethodGet, s.URL+"/healthz", "", "X-Request-Id", "bad id <script>")
	got := res.Header.Get("X-Request-Id")
	assert.NotEqual(t, "bad id <script>", got)
	assert.Len(t, got, 24)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	for _, path := range []string{"/", "/api/v1/meta", "/api/v1/nope"} {
		res, _ := do(t, http.DefaultClient, http.MethodGet, s.URL+path, "")
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		assert.Contains(t, csp, "script-src 'self'", path)
		assert.NotContains(t, csp, "script-src 'self' 'unsafe-inline'", path)
		assert.Contains(t, csp, "frame-ancestors 'none'", path)
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), path)
		assert.Equal(t, "strict-origin-when-cross-origin", h.Get("Referrer-Policy"), path)
		assert.NotEmpty(t, h.Get("Permissions-Policy"), path)
		assert.Empty(t, h.Get("Strict-Transport-Security"), "no HSTS over plain http")
	}
	https := testkit.NewServer(t, testkit.WithEnv("OPSDECK_PUBLIC_URL", "https://opsdeck.example.com"))
	res, _ := do(t, http.DefaultClient, http.MethodGet, https.URL+"/healthz", "")
	assert.Contains(t, res.Header.Get("Strict-Transport-Security"), "max-age=")
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_RATE_LIMIT_RPS", "1"), testkit.WithEnv("OPSDECK_RATE_LIMIT_BURST", "3"))
	var statuses []int
	var last *http.Response
	var lastBody []byte
	for range 5 {
		last, lastBody = do(t, http.DefaultClient, http.MethodGet, s.URL+"/api/v1/meta", "")
		statuses = append(statuses, last.StatusCode)
	}
	assert.Equal(t, []int{200, 200, 200, 429, 429}, statuses)
	assert.NotEmpty(t, last.Header.Get("Retry-After"))
	assert.Equal(t, "0", last.Header.Get("RateLimit-Remaining"))
	decodeProblem(t, last, lastBody)
	// Probes are never limited.
	res, _ := do(t, http.DefaultClient, http.MethodGet, s.URL+"/healthz", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_BODY_LIMIT_BYTES", "2048"))
	org := s.Organization("Acme Energy")
	c := s.HTTPClient(testkit.AdminOf(org.ID))
	big := `{"name":"` + strings.Repeat("a", 4096) + `"}`
	res, b := do(t, c, http.MethodPatch, s.URL+"/api/v1/organization", big, "Content-Type", "application/merge-patch+json")
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	decodeProblem(t, res, b)
}

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	res, _ := do(t, http.DefaultClient, http.MethodGet, s.URL+"/healthz", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+"/readyz", "")
	assert.Equal(t, http.StatusOK, res.StatusCode, string(b))
	for range 3 {
		do(t, http.DefaultClient, http.MethodGet, s.URL+"/api/v1/meta", "")
	}
	do(t, http.DefaultClient, http.MethodGet, s.URL+"/api/v1/organization", "")
	res, b = do(t, http.DefaultClient, http.MethodGet, s.URL+"/metrics", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	m := string(b)
	assert.Contains(t, m, `opsdeck_http_requests_total{method="GET",route="/api/v1/meta",status="200"} 3`)
	assert.Contains(t, m, `opsdeck_http_requests_total{method="GET",route="/api/v1/organization",status="401"} 1`)
	assert.Contains(t, m, `opsdeck_http_request_duration_seconds_bucket{method="GET",route="/api/v1/meta",status="200"`)
	assert.Contains(t, m, "opsdeck_db_pool_max_conns")
	assert.Contains(t, m, "go_goroutines")
}

func TestReadyzFailsWhenSchemaIsBehind(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	_, err := s.DB.Pool.Exec(t.Context(), "DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)")
	require.NoError(t, err)
	res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+"/readyz", "")
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Contains(t, string(b), "migrate up")
}

func TestSPAFallbackAndAPIDocs(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	for _, path := range []string{"/", "/assets-list", "/administration/organization"} {
		res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+path, "", "Accept", "text/html")
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Contains(t, string(b), `<div id="root">`, path)
	}
	res, b := do(t, http.DefaultClient, http.MethodGet, s.URL+"/assets/app.js", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(b), "opsdeck")
	assert.Contains(t, res.Header.Get("Cache-Control"), "immutable")
	// A missing asset is a 404, not index.html.
	res, _ = do(t, http.DefaultClient, http.MethodGet, s.URL+"/assets/missing.js", "")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	res, b = do(t, http.DefaultClient, http.MethodGet, s.URL+"/api/docs/", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(b), "swagger-ui")
	res, b = do(t, http.DefaultClient, http.MethodGet, s.URL+"/api/openapi.json", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	var spec map[string]any
	require.NoError(t, json.Unmarshal(b, &spec))
	assert.Equal(t, "3.0.3", spec["openapi"])
}

func TestGzip(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/openapi.json", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(res.Body)
	require.NoError(t, err)
	b, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"openapi"`)
}
