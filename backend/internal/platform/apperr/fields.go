package apperr

import (
	"fmt"
	"strings"
)

// Fields collects the validation failures of one request, so that a refusal names every bad field at once.
type Fields []FieldError

// Add records a bad field.
func (f *Fields) Add(field, code, msg string) {
	*f = append(*f, FieldError{Field: field, Code: code, Message: msg})
}

// Text trims *s in place and checks its length in characters: 1..max when required, else 0..max (nil: not sent).
func (f *Fields) Text(field string, s *string, max int, required bool) {
	if s == nil {
		return
	}
	*s = strings.TrimSpace(*s)
	n := len([]rune(*s))
	if required && n == 0 {
		f.Add(field, "required", "is required")
	} else if n > max {
		f.Add(field, "too_long", fmt.Sprintf("is longer than %d characters", max))
	}
}

// Err is a 422 naming what is not valid ("The rule is not valid."), or nil when nothing was recorded.
func (f Fields) Err(what string) error {
	if len(f) == 0 {
		return nil
	}
	return Unprocessable("The "+what+" is not valid.", f...)
}
