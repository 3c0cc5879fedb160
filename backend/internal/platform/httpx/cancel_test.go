package httpx_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"

	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// A request whose client left (its context cancelled) is not a server error: 499, nothing logged at error level.
// A cancellation that is not the client's (the request still live) stays a 500.
func TestClientThatLeftIsNotAServerError(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	e := echo.New()
	e.HTTPErrorHandler = httpx.ErrorHandler(log)
	e.Use(httpx.AccessLog(log))
	e.GET("/slow", func(c echo.Context) error { return c.Request().Context().Err() })
	e.GET("/internal", func(c echo.Context) error { return context.Canceled })

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/slow", nil).WithContext(ctx))
	assert.Equal(t, httpx.StatusClientClosedRequest, rec.Code)
	assert.NotContains(t, logs.String(), `"level":"ERROR"`)
	assert.Contains(t, logs.String(), `"http.response.status_code":499`)

	logs.Reset()
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/internal", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Contains(t, logs.String(), `"level":"ERROR"`)
}
