// Package httpx is OpenAPI-driven HTTP plumbing on Echo: middleware (request id, logs, recovery, security headers,
// rate limit, metrics), the contract middleware (route, authentication, x-permission, request validation), and the
// single mapping of errors to RFC 9457 problem+json.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// ProblemBase prefixes problem type URIs; the documentation at docs/problems.md describes each type.
const ProblemBase = "https://opsdeck.dev/problems/"

// Problem is an RFC 9457 problem details body (mirrors the Problem schema of openapi.yaml).
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// FieldError names one bad field of a request.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type problemKind struct {
	status int
	slug   string
	title  string
}

// kindStatus maps each application error kind to its HTTP status; statusProblems gives the rest.
var kindStatus = map[apperr.Kind]int{
	apperr.KindInvalid:            http.StatusBadRequest,
	apperr.KindUnauthorized:       http.StatusUnauthorized,
	apperr.KindForbidden:          http.StatusForbidden,
	apperr.KindNotFound:           http.StatusNotFound,
	apperr.KindConflict:           http.StatusConflict,
	apperr.KindPreconditionFailed: http.StatusPreconditionFailed,
	apperr.KindUnprocessable:      http.StatusUnprocessableEntity,
	apperr.KindTooManyRequests:    http.StatusTooManyRequests,
}

// statusProblems name every status OpsDeck answers with, whether raised by a service (apperr) or by Echo itself.
var statusProblems = map[int]problemKind{
	http.StatusConflict:              {http.StatusConflict, "conflict", "Conflict"},
	http.StatusPreconditionFailed:    {http.StatusPreconditionFailed, "precondition-failed", "Precondition failed"},
	http.StatusUnprocessableEntity:   {http.StatusUnprocessableEntity, "validation-failed", "Validation failed"},
	http.StatusBadRequest:            {http.StatusBadRequest, "invalid-request", "Invalid request"},
	http.StatusUnauthorized:          {http.StatusUnauthorized, "unauthorized", "Authentication required"},
	http.StatusForbidden:             {http.StatusForbidden, "forbidden", "Permission denied"},
	http.StatusNotFound:              {http.StatusNotFound, "not-found", "Not found"},
	http.StatusMethodNotAllowed:      {http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed"},
	http.StatusRequestEntityTooLarge: {http.StatusRequestEntityTooLarge, "payload-too-large", "Request body too large"},
	http.StatusUnsupportedMediaType:  {http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type"},
	http.StatusTooManyRequests:       {http.StatusTooManyRequests, "rate-limited", "Too many requests"},
	http.StatusServiceUnavailable:    {http.StatusServiceUnavailable, "unavailable", "Service unavailable"},
	http.StatusInternalServerError:   {http.StatusInternalServerError, "internal", "Internal server error"},
}

// ProblemFor turns any error into a problem. Unknown errors become an opaque 500: their text may hold SQL or secrets,
// so it goes to the log only.
func ProblemFor(r *http.Request, err error) Problem {
	p := Problem{Instance: r.URL.Path, RequestID: reqctx.RequestID(r.Context())}
	var he *echo.HTTPError
	if ae, ok := apperr.As(err); ok {
		k := statusProblems[kindStatus[ae.Kind]]
		if ae.Slug != "" {
			k.slug = ae.Slug
		}
		p.Type, p.Title, p.Status, p.Detail = ProblemBase+k.slug, k.title, k.status, ae.Detail
		for _, f := range ae.Fields {
			p.Errors = append(p.Errors, FieldError(f))
		}
		return p
	} else if errors.As(err, &he) {
		k, ok := statusProblems[he.Code]
		if !ok {
			k = problemKind{he.Code, "http-" + http.StatusText(he.Code), http.StatusText(he.Code)}
		}
		p.Type, p.Title, p.Status = ProblemBase+k.slug, k.title, k.status
		if msg, ok := he.Message.(string); ok && he.Code < 500 {
			p.Detail = msg
		}
		return p
	}
	k := statusProblems[http.StatusInternalServerError]
	p.Type, p.Title, p.Status = ProblemBase+k.slug, k.title, k.status
	p.Detail = "An unexpected error occurred. Quote the request id when you report it."
	return p
}

// WriteProblem writes p as application/problem+json.
func WriteProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set(echo.HeaderContentType, "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// StatusClientClosedRequest is recorded for requests whose client left before the answer.
const StatusClientClosedRequest = 499

// ErrorHandler is Echo's HTTPErrorHandler: every error leaves the server as problem+json, whoever raised it.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
			// The client went away (a page closed, a navigation): nobody reads an answer, and it is not a server
			// fault. 499 is nginx's "client closed request"; the access log records it at info level.
			c.Response().WriteHeader(StatusClientClosedRequest)
			return
		}
		p := ProblemFor(c.Request(), err)
		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "error.message", err.Error(),
				"http.request.id", p.RequestID, "url.path", c.Request().URL.Path)
		}
		if p.Status == http.StatusTooManyRequests && c.Response().Header().Get("Retry-After") == "" {
			secs := 1
			if ae, ok := apperr.As(err); ok && ae.RetryAfter > 0 {
				secs = int(math.Ceil(ae.RetryAfter.Seconds()))
			}
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		}
		if c.Request().Method == http.MethodHead {
			c.Response().WriteHeader(p.Status)
			return
		}
		WriteProblem(c.Response(), p)
	}
}

// wantsHTML reports whether a browser navigation (not an API client) made the request.
func wantsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// KindStatus is the HTTP status of an application error kind (500 for an unknown kind).
func KindStatus(k apperr.Kind) int {
	if s, ok := kindStatus[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}
