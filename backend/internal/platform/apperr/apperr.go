// Package apperr defines the typed errors services return. internal/platform/httpx maps them to problem+json once;
// services never think about HTTP status codes.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for the caller.
type Kind int

const (
	KindInvalid            Kind = iota + 1 // the request itself is malformed (400)
	KindUnauthorized                       // no valid credentials (401)
	KindForbidden                          // the principal may not do this (403)
	KindNotFound                           // no such resource in the caller's organisation (404)
	KindConflict                           // clashes with current state: duplicate, transition not allowed (409)
	KindPreconditionFailed                 // If-Match does not match the current version (412)
	KindUnprocessable                      // well-formed but breaks a business rule (422)
	KindTooManyRequests                    // throttled; retry after RetryAfter (429)
)

// FieldError names one bad field.
type FieldError struct {
	Field   string
	Code    string
	Message string
}

// Error is a typed application error.
type Error struct {
	Kind   Kind
	Detail string
	Fields []FieldError
	Err    error // cause, logged but never shown
	// RetryAfter is set on KindTooManyRequests.
	RetryAfter time.Duration
	// Slug, when set, names a more specific problem type than the kind's (e.g. "reauthentication-required").
	Slug string
}

func (e *Error) Error() string {
	msg := e.Detail
	for _, f := range e.Fields {
		msg += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// NotFound says the named resource does not exist for the caller.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Detail: what + " not found"}
}

// Invalid says the request is malformed.
func Invalid(detail string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Detail: detail, Fields: fields}
}

// Unprocessable says the request breaks business rules.
func Unprocessable(detail string, fields ...FieldError) *Error {
	return &Error{Kind: KindUnprocessable, Detail: detail, Fields: fields}
}

// Conflict says the change clashes with the current state.
func Conflict(detail string, fields ...FieldError) *Error {
	return &Error{Kind: KindConflict, Detail: detail, Fields: fields}
}

// PreconditionFailed says the client edited a stale version.
func PreconditionFailed(current int64) *Error {
	return &Error{Kind: KindPreconditionFailed,
		Detail: fmt.Sprintf("the resource changed since you read it (current version %d): reload and apply your change again", current)}
}

// Forbidden says the principal lacks a permission.
func Forbidden(detail string) *Error { return &Error{Kind: KindForbidden, Detail: detail} }

// Unauthorized says credentials are missing or invalid.
func Unauthorized(detail string) *Error { return &Error{Kind: KindUnauthorized, Detail: detail} }

// TooManyRequests says the caller is throttled for d.
func TooManyRequests(detail string, d time.Duration) *Error {
	return &Error{Kind: KindTooManyRequests, Detail: detail, RetryAfter: d}
}

// ReauthenticationRequired says a sensitive action needs a fresh sign-in (403 with its own problem type, so clients
// can prompt for the password instead of showing "permission denied").
func ReauthenticationRequired(detail string) *Error {
	return &Error{Kind: KindForbidden, Detail: detail, Slug: "reauthentication-required"}
}
