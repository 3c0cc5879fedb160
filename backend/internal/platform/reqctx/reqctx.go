// Package reqctx carries what a request knows about itself — request id, client, principal, active organisation —
// through context.Context, so strict handlers, services and the db layer see it without globals.
package reqctx

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Level is an access level of the permission model: none < read < write < admin.
type Level int

const (
	LevelNone Level = iota
	LevelRead
	LevelWrite
	LevelAdmin
)

// ParseLevel maps the x-permission spelling to a Level.
func ParseLevel(s string) (Level, bool) {
	switch s {
	case "none":
		return LevelNone, true
	case "read":
		return LevelRead, true
	case "write":
		return LevelWrite, true
	case "admin":
		return LevelAdmin, true
	}
	return LevelNone, false
}

func (l Level) String() string {
	return [...]string{"none", "read", "write", "admin"}[l]
}

// PrincipalKind says who acts.
type PrincipalKind string

const (
	KindUser      PrincipalKind = "user"
	KindAPIToken  PrincipalKind = "api_token"
	KindSystem    PrincipalKind = "system"
	KindBootstrap PrincipalKind = "bootstrap" // development-only stand-in until the identity module exists
)

// Principal is the authenticated caller of a request.
type Principal struct {
	ID   string
	Kind PrincipalKind
	Name string
	// Email of a user principal (empty for tokens and system actors).
	Email string
	// SessionID is the sign-in session (refresh-token family) of a user principal.
	SessionID uuid.UUID
	// AuthTime is when the user last proved who they are (password, second factor), for recent re-authentication.
	AuthTime time.Time
	// AMR says how the user proved who they are in this session ("pwd", "otp", "oidc").
	AMR []string
	// OrganizationID is the active organisation; uuid.Nil when the principal acts in no organisation.
	OrganizationID uuid.UUID
	// PlatformLevel is the principal's deployment-scope level (platform administrators); never grants business data.
	PlatformLevel Level
	// Levels are the effective module levels in the active organisation.
	Levels map[string]Level
	// Restriction, when set, names why the principal may only call the operations in AllowOnly (for example
	// "mfa-enrolment-required": the organisation requires a second factor the user has not set up yet).
	Restriction string
	AllowOnly   map[string]bool
}

// Level returns the principal's level on a module in its active organisation.
func (p *Principal) Level(module string) Level {
	if p == nil || p.OrganizationID == uuid.Nil {
		return LevelNone
	}
	return p.Levels[module]
}

type key int

const (
	principalKey key = iota
	requestIDKey
	clientKey
)

// Client describes where a request came from, for logs and audit rows.
type Client struct {
	IP        string
	UserAgent string
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// PrincipalFrom returns the request's principal, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey).(*Principal)
	return p
}

// OrganizationID returns the active organisation of the request's principal, or uuid.Nil.
func OrganizationID(ctx context.Context) uuid.UUID {
	if p := PrincipalFrom(ctx); p != nil {
		return p.OrganizationID
	}
	return uuid.Nil
}

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithClient returns ctx carrying the client description.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey, c)
}

// ClientFrom returns the client description.
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey).(Client)
	return c
}
