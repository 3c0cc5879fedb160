package httpx

import (
	"strconv"
	"strings"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// ETag renders a resource version as a strong entity tag.
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// IfMatch parses an optional If-Match header into the version it names (nil when absent).
func IfMatch(h *string) (*int64, error) { return ifMatch(h, 1) }

// IfMatchOrZero is IfMatch for resources that exist as defaults until first saved (settings, templates): their GET
// answers version 0, and `If-Match: "0"` means "over the defaults".
func IfMatchOrZero(h *string) (*int64, error) { return ifMatch(h, 0) }

func ifMatch(h *string, lowest int64) (*int64, error) {
	if h == nil || *h == "" {
		return nil, nil
	}
	s := strings.TrimPrefix(strings.TrimSpace(*h), "W/")
	v, err := strconv.ParseInt(strings.Trim(s, `"`), 10, 64)
	if err != nil || v < lowest {
		return nil, apperr.Invalid("If-Match must be an ETag returned by this API",
			apperr.FieldError{Field: "If-Match", Code: "invalid_format", Message: `expected an ETag such as "3"`})
	}
	return &v, nil
}
