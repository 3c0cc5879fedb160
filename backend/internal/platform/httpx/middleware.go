package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// HeaderRequestID carries the request id in and out.
const HeaderRequestID = "X-Request-Id"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{8,128}$`)

// RequestContext accepts a well-formed X-Request-Id or makes one, echoes it back, and puts it and the client into the
// request context.
func RequestContext() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			id := r.Header.Get(HeaderRequestID)
			if !validRequestID.MatchString(id) {
				id = newRequestID()
			}
			c.Response().Header().Set(HeaderRequestID, id)
			ctx := reqctx.WithRequestID(r.Context(), id)
			ctx = reqctx.WithClient(ctx, reqctx.Client{IP: c.RealIP(), UserAgent: r.UserAgent()})
			c.SetRequest(r.WithContext(ctx))
			return next(c)
		}
	}
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Recover turns a panic into a 500 problem carrying the request id; the stack goes to the log only.
func Recover(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if rec := recover(); rec != nil {
					if rec == http.ErrAbortHandler {
						panic(rec)
					}
					log.ErrorContext(c.Request().Context(), "panic while serving request",
						"error.message", fmt.Sprint(rec), "error.stack_trace", string(debug.Stack()),
						"http.request.id", reqctx.RequestID(c.Request().Context()), "url.path", c.Request().URL.Path)
					err = fmt.Errorf("panic: %v", rec) // mapped to an opaque 500 by ErrorHandler
				}
			}()
			return next(c)
		}
	}
}

// AccessLog writes one structured line per request with ECS field names.
func AccessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err) // write the problem now so the status below is the real one
			}
			r := c.Request()
			status := c.Response().Status
			attrs := []any{
				"http.request.method", r.Method,
				"url.path", r.URL.Path,
				"http.route", routeOf(c),
				"http.response.status_code", status,
				"event.duration", time.Since(start).Nanoseconds(),
				"http.request.id", reqctx.RequestID(r.Context()),
				"client.ip", c.RealIP(),
				"user_agent.original", r.UserAgent(),
			}
			if p := reqctx.PrincipalFrom(r.Context()); p != nil {
				attrs = append(attrs, "user.id", p.ID, "user.kind", string(p.Kind))
				if o := reqctx.OrganizationID(r.Context()); o != uuid.Nil {
					attrs = append(attrs, "organization.id", o.String())
				}
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			log.Log(r.Context(), level, "request", attrs...)
			return nil
		}
	}
}

// routeOf returns the route template (bounded cardinality for logs and metrics).
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}

// SecurityHeaders sets the strict headers every response carries. The SPA has no inline scripts, so script-src is
// 'self' only; Mantine writes CSS variables into <style> tags, hence 'unsafe-inline' for styles.
func SecurityHeaders(hsts bool) echo.MiddlewareFunc {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
		"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
		"frame-ancestors 'none'"
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Cross-Origin-Resource-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			return next(c)
		}
	}
}

// RateLimiter limits requests per client IP with a token bucket, answering 429 + Retry-After, and tells clients where
// they stand with RateLimit-Limit / RateLimit-Remaining on every response.
type RateLimiter struct {
	rps   rate.Limit
	burst int
	mu    sync.Mutex
	seen  map[string]*visitor
	now   func() time.Time
}

type visitor struct {
	lim  *rate.Limiter
	last time.Time
}

// NewRateLimiter returns a limiter allowing rps requests per second per IP with the given burst.
func NewRateLimiter(rps float64, burst int) *RateLimiter {
	return &RateLimiter{rps: rate.Limit(rps), burst: burst, seen: map[string]*visitor{}, now: time.Now}
}

// Middleware enforces the limit. Health and metrics probes are exempt so orchestration never sees a 429.
func (rl *RateLimiter) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			switch c.Request().URL.Path {
			case "/healthz", "/readyz", "/metrics":
				return next(c)
			}
			now := rl.now()
			lim := rl.limiter(c.RealIP(), now)
			r := lim.ReserveN(now, 1)
			h := c.Response().Header()
			h.Set("RateLimit-Limit", strconv.Itoa(rl.burst))
			if delay := r.DelayFrom(now); delay > 0 {
				r.CancelAt(now)
				h.Set("RateLimit-Remaining", "0")
				h.Set("Retry-After", strconv.Itoa(int(math.Ceil(delay.Seconds()))))
				return echo.NewHTTPError(http.StatusTooManyRequests,
					"rate limit exceeded: retry after the number of seconds in Retry-After")
			}
			h.Set("RateLimit-Remaining", strconv.Itoa(max(0, int(lim.TokensAt(now)))))
			return next(c)
		}
	}
}

func (rl *RateLimiter) limiter(ip string, now time.Time) *rate.Limiter {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	v, ok := rl.seen[ip]
	if !ok {
		if len(rl.seen) > 100_000 {
			rl.evict(now)
		}
		v = &visitor{lim: rate.NewLimiter(rl.rps, rl.burst)}
		rl.seen[ip] = v
	}
	v.last = now
	return v.lim
}

// evict forgets clients idle long enough for their bucket to be full again.
func (rl *RateLimiter) evict(now time.Time) {
	idle := time.Duration(float64(rl.burst)/float64(rl.rps)*float64(time.Second)) + time.Minute
	for ip, v := range rl.seen {
		if now.Sub(v.last) > idle {
			delete(rl.seen, ip)
		}
	}
}
