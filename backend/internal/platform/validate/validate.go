// Package validate checks domain rules beyond the schema (go-playground/validator) and reports them as apperr field
// errors named like the API's JSON fields (settings.timezone), so the SPA can put each message on its field.
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

var v = newValidator()

func newValidator() *validator.Validate {
	val := validator.New(validator.WithRequiredStructEnabled())
	val.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return toSnake(f.Name)
		}
		return name
	})
	return val
}

// Struct validates s and returns an *apperr.Error (422) listing every failing field, or nil.
func Struct(s any) error {
	err := v.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	fields := make([]apperr.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		ns := fe.Namespace()
		if i := strings.Index(ns, "."); i >= 0 {
			ns = ns[i+1:] // drop the root struct name
		}
		fields = append(fields, apperr.FieldError{Field: ns, Code: code(fe.Tag()), Message: message(fe)})
	}
	return apperr.Unprocessable("Some fields are not valid.", fields...)
}

func code(tag string) string {
	switch tag {
	case "required":
		return "required"
	case "max":
		return "too_long"
	case "min":
		return "too_short"
	case "oneof":
		return "not_allowed"
	}
	return "invalid"
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		if fe.Kind() == reflect.String || fe.Kind() == reflect.Slice {
			return fmt.Sprintf("must have at most %s items or characters", fe.Param())
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String || fe.Kind() == reflect.Slice {
			return fmt.Sprintf("must have at least %s items or characters", fe.Param())
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "timezone":
		return "is not a known IANA time zone (e.g. Europe/Brussels)"
	case "iso4217":
		return "is not an ISO 4217 currency code (e.g. EUR)"
	case "iso3166_1_alpha2":
		return "is not an ISO 3166-1 alpha-2 country code (e.g. BE)"
	case "fqdn":
		return "is not a domain name"
	case "url", "startswith":
		return "is not an http(s) URL"
	}
	return "is not valid (" + fe.Tag() + ")"
}

func toSnake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
