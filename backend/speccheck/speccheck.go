// Package speccheck enforces the API conventions of DESIGN §3 on openapi.yaml. `make spec-check` (part of make test)
// runs its tests; a new operation that forgets a permission, a tag or its error responses fails the build.
package speccheck

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// Check returns every convention the spec breaks, sorted; nil when it follows them all.
func Check(doc *openapi3.T) []string {
	var out []string
	bad := func(where, format string, args ...any) {
		out = append(out, where+": "+fmt.Sprintf(format, args...))
	}
	tags := map[string]bool{}
	for _, t := range doc.Tags {
		tags[t.Name] = true
	}
	seenIDs := map[string]string{}
	modules := httpx.ModulesOf(doc)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" {
				bad(where, "no operationId")
			} else if prev, dup := seenIDs[op.OperationID]; dup {
				bad(where, "operationId %q already used by %s", op.OperationID, prev)
			} else {
				seenIDs[op.OperationID] = where
			}
			if len(op.Tags) != 1 {
				bad(where, "has %d tags, needs exactly one (its module)", len(op.Tags))
			} else if !tags[op.Tags[0]] {
				bad(where, "tag %q is not declared in the top-level tags", op.Tags[0])
			}
			if strings.TrimSpace(op.Summary) == "" {
				bad(where, "no summary")
			}
			perm, err := httpx.ParsePermission(op.Extensions, modules)
			if err != nil {
				bad(where, "%v", err)
			}
			need := []string{"400", "429", "500"}
			if !perm.Public {
				need = append(need, "401", "403")
			}
			if op.RequestBody != nil {
				need = append(need, "413")
			}
			if method != http.MethodGet && method != http.MethodHead {
				need = append(need, "409")
			}
			if method == http.MethodPatch || method == http.MethodPut || method == http.MethodDelete {
				need = append(need, "404", "412")
				if !hasParam(op, "header", "If-Match") {
					bad(where, "a %s must accept If-Match", method)
				}
			}
			if method == http.MethodPatch && op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/merge-patch+json") == nil {
				bad(where, "PATCH bodies are JSON Merge Patch (application/merge-patch+json)")
			}
			for _, code := range need {
				r := op.Responses.Value(code)
				if r == nil {
					bad(where, "no %s error response", code)
					continue
				}
				if !isProblem(r) {
					bad(where, "the %s response is not application/problem+json with the Problem schema", code)
				}
			}
			hasSuccess := false
			for code, r := range op.Responses.Map() {
				// A redirect is the success of operations a browser navigates to (single sign-on).
				if strings.HasPrefix(code, "2") || strings.HasPrefix(code, "3") {
					hasSuccess = true
				}
				if (strings.HasPrefix(code, "4") || strings.HasPrefix(code, "5")) && !isProblem(r) {
					bad(where, "the %s response is not application/problem+json with the Problem schema", code)
				}
			}
			if !hasSuccess {
				bad(where, "no 2xx (or 3xx) response")
			}
			if isList(op) {
				for _, p := range []string{"limit", "cursor", "sort"} {
					if !hasParam(op, "query", p) {
						bad(where, "a list needs the %q query parameter", p)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func hasParam(op *openapi3.Operation, in, name string) bool {
	return slices.ContainsFunc(op.Parameters, func(p *openapi3.ParameterRef) bool {
		return p.Value != nil && p.Value.In == in && strings.EqualFold(p.Value.Name, name)
	})
}

func isProblem(r *openapi3.ResponseRef) bool {
	if r == nil || r.Value == nil {
		return false
	}
	mt := r.Value.Content.Get("application/problem+json")
	if mt == nil || mt.Schema == nil {
		return false
	}
	return strings.HasSuffix(mt.Schema.Ref, "/Problem")
}

// isList reports whether the operation answers the list envelope {items, next_cursor, total}.
func isList(op *openapi3.Operation) bool {
	if op.Responses == nil {
		return false
	}
	r := op.Responses.Value("200")
	if r == nil || r.Value == nil {
		return false
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return false
	}
	props := map[string]bool{}
	collect(mt.Schema.Value, props)
	return props["items"] && props["next_cursor"] && props["total"]
}

func collect(s *openapi3.Schema, props map[string]bool) {
	for name := range s.Properties {
		props[name] = true
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			collect(sub.Value, props)
		}
	}
}
