package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// TestPermissionMatrix is generated from openapi.yaml: for every operation it checks that anonymous callers get 401,
// callers one level short of the declared permission get 403, and callers holding exactly the declared permission get
// past authorisation. A new operation is covered the moment it enters the spec.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Matrix Org")
	contract, err := app.LoadContract()
	require.NoError(t, err)

	type op struct {
		method, path, id string
		perm             httpx.Permission
	}
	var ops []op
	for path, item := range contract.Spec.Paths.Map() {
		for method, o := range item.Operations() {
			p := path
			for _, prm := range o.Parameters {
				if prm.Value.In == "path" {
					p = strings.ReplaceAll(p, "{"+prm.Value.Name+"}", uuid.NewString())
				}
			}
			ops = append(ops, op{method, httpx.BasePath + p, o.OperationID, contract.Ops[o.OperationID]})
		}
	}
	require.NotEmpty(t, ops)

	// call answers the status, folding 403s raised by a handler's own rules (another problem type than the
	// permission gate's "forbidden") into 200: the gate let the request through.
	call := func(who *reqctx.Principal, o op) int {
		var body *strings.Reader
		if o.method == http.MethodGet || o.method == http.MethodDelete {
			body = strings.NewReader("")
		} else {
			body = strings.NewReader("{}")
		}
		req, _ := http.NewRequest(o.method, s.URL+o.path, body)
		req.Header.Set("Content-Type", "application/merge-patch+json")
		if o.method == http.MethodPost {
			req.Header.Set("Content-Type", "application/json")
		}
		c := http.DefaultClient
		if who != nil {
			req.Header.Set("Authorization", "Bearer "+s.Token(who))
		}
		res, err := c.Do(req)
		require.NoError(t, err)
		return gateStatus(t, res)
	}
	levelsWith := func(module string, lv reqctx.Level) map[string]reqctx.Level {
		return map[string]reqctx.Level{module: lv}
	}
	for _, o := range ops {
		t.Run(o.id, func(t *testing.T) {
			anon := call(nil, o)
			if o.perm.Public {
				assert.NotContains(t, []int{401, 403}, anon, "public operation refused an anonymous caller")
				return
			}
			assert.Equal(t, http.StatusUnauthorized, anon, "anonymous")
			switch o.perm.Scope {
			case "authenticated":
				assert.NotContains(t, []int{401, 403}, call(testkit.PlatformAdmin(), o), "any principal")
				assert.NotContains(t, []int{401, 403}, call(testkit.Member(org.ID, nil), o), "any principal")
			case "member":
				assert.Equal(t, http.StatusForbidden, call(testkit.PlatformAdmin(), o), "no active organisation")
				got := call(testkit.Member(org.ID, nil), o)
				assert.NotContains(t, []int{401, 403}, got, "any member may call it")
			case "platform":
				assert.Equal(t, http.StatusForbidden, call(testkit.AdminOf(org.ID), o), "organisation admin is not platform")
				short := &reqctx.Principal{ID: "p", Kind: reqctx.KindUser, PlatformLevel: o.perm.Level - 1}
				assert.Equal(t, http.StatusForbidden, call(short, o), "one level short")
				exact := &reqctx.Principal{ID: "p", Kind: reqctx.KindUser, PlatformLevel: o.perm.Level}
				assert.NotContains(t, []int{401, 403}, call(exact, o), "exact platform level")
			default:
				short := testkit.Member(org.ID, levelsWith(o.perm.Module, o.perm.Level-1))
				assert.Equal(t, http.StatusForbidden, call(short, o), "one level short on %s", o.perm.Module)
				other := testkit.Member(org.ID, levelsWith(otherModule(o.perm.Module), reqctx.LevelAdmin))
				assert.Equal(t, http.StatusForbidden, call(other, o), "admin of another module")
				exact := testkit.Member(org.ID, levelsWith(o.perm.Module, o.perm.Level))
				got := call(exact, o)
				assert.NotContains(t, []int{401, 403}, got, fmt.Sprintf("exact %s", o.perm))
			}
		})
	}
}

// TestBuiltinRoleMatrix walks every operation × every built-in role and asserts allowed versus 403 problem+json from
// the operation's declaration and the role's template alone.
func TestBuiltinRoleMatrix(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Matrix Org")
	contract, err := app.LoadContract()
	require.NoError(t, err)
	for path, item := range contract.Spec.Paths.Map() {
		for method, o := range item.Operations() {
			perm := contract.Ops[o.OperationID]
			if perm.Public {
				continue
			}
			for _, role := range identity.BuiltinRoles {
				levels := map[string]reqctx.Level{}
				for _, m := range config.Modules {
					levels[m] = role.Levels(m)
				}
				var want bool
				switch perm.Scope {
				case "authenticated", "member":
					want = true
				case "platform":
					want = false
				default:
					want = levels[perm.Module] >= perm.Level
				}
				body := strings.NewReader("{}")
				req, _ := http.NewRequest(method, s.URL+httpx.BasePath+path, body)
				req.Header.Set("Content-Type", "application/merge-patch+json")
				if method == http.MethodPost {
					req.Header.Set("Content-Type", "application/json")
				}
				req.Header.Set("Authorization", "Bearer "+s.Token(testkit.Member(org.ID, levels)))
				res, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				ct := res.Header.Get("Content-Type")
				status := gateStatus(t, res)
				name := fmt.Sprintf("%s %s as %s", method, path, role.Key)
				if want {
					assert.NotContains(t, []int{401, 403}, status, name)
				} else {
					assert.Equal(t, http.StatusForbidden, status, name)
					assert.Equal(t, "application/problem+json", ct, name)
				}
			}
		}
	}
}

func gateStatus(t *testing.T, res *http.Response) int {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		return res.StatusCode
	}
	var p struct {
		Type string `json:"type"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&p))
	if p.Type != httpx.ProblemBase+"forbidden" {
		return http.StatusOK
	}
	return res.StatusCode
}

func otherModule(m string) string {
	if m == "assets" {
		return "risk"
	}
	return "assets"
}
