package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// BasePath is where the API lives.
const BasePath = "/api/v1"

// Permission is an operation's x-permission: the module and level it needs in the active organisation, or a scope
// (authenticated: any signed-in principal; member: any member of the active organisation; platform: deployment
// administrators).
type Permission struct {
	Public bool   // x-public: true
	Scope  string // "", "member" or "platform"
	Module string
	Level  reqctx.Level
}

func (p Permission) String() string {
	switch {
	case p.Public:
		return "public"
	case p.Scope == "member":
		return "member of the organisation"
	case p.Scope == "authenticated":
		return "signed in"
	case p.Scope == "platform":
		return "platform " + p.Level.String()
	}
	return p.Module + ":" + p.Level.String()
}

// Contract is the loaded API contract: the router that finds an operation, and each operation's permission.
type Contract struct {
	Spec   *openapi3.T
	router routers.Router
	perms  map[*openapi3.Operation]Permission
	Ops    map[string]Permission // by operationId, for tests and docs
}

// LoadContract prepares the embedded spec for routing and validation. It refuses a spec in which any operation lacks a
// permission declaration, so nothing is reachable without one.
func LoadContract(spec *openapi3.T) (*Contract, error) {
	// STACK trap 1: route on the real base path instead of echo-middleware's Prefix option.
	spec.Servers = openapi3.Servers{{URL: BasePath}}
	if err := spec.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.yaml is invalid: %w", err)
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, err
	}
	c := &Contract{Spec: spec, router: router, perms: map[*openapi3.Operation]Permission{}, Ops: map[string]Permission{}}
	modules := ModulesOf(spec)
	var problems []string
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			perm, err := ParsePermission(op.Extensions, modules)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: %v", method, path, err))
				continue
			}
			c.perms[op] = perm
			c.Ops[op.OperationID] = perm
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("operations without a valid permission declaration:\n  %s", strings.Join(problems, "\n  "))
	}
	return c, nil
}

// FindRoute finds the operation serving req (for response validation in tests).
func (c *Contract) FindRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	return c.router.FindRoute(req)
}

// ModulesOf returns the module slugs a spec declares (the ModuleSlug enum): the only modules x-permission may name.
func ModulesOf(spec *openapi3.T) []string {
	var out []string
	if s, ok := spec.Components.Schemas["ModuleSlug"]; ok && s.Value != nil {
		for _, v := range s.Value.Enum {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

// ParsePermission reads x-public / x-permission from an operation's extensions; modules are the known module slugs.
func ParsePermission(ext map[string]any, modules []string) (Permission, error) {
	if pub, ok := ext["x-public"]; ok {
		if b, _ := decodeExt[bool](pub); b {
			if _, both := ext["x-permission"]; both {
				return Permission{}, errors.New("declares both x-public and x-permission")
			}
			return Permission{Public: true}, nil
		}
	}
	raw, ok := ext["x-permission"]
	if !ok {
		return Permission{}, errors.New("no x-permission (or x-public: true)")
	}
	decl, err := decodeExt[struct {
		Module string `json:"module"`
		Level  string `json:"level"`
		Scope  string `json:"scope"`
	}](raw)
	if err != nil {
		return Permission{}, fmt.Errorf("x-permission: %w", err)
	}
	var p Permission
	switch decl.Scope {
	case "authenticated":
		if decl.Module != "" || decl.Level != "" {
			return p, errors.New("x-permission scope authenticated takes no module or level")
		}
		return Permission{Scope: "authenticated"}, nil
	case "member":
		if decl.Module != "" || decl.Level != "" {
			return p, errors.New("x-permission scope member takes no module or level")
		}
		return Permission{Scope: "member"}, nil
	case "platform":
		lv, ok := reqctx.ParseLevel(decl.Level)
		if !ok || lv == reqctx.LevelNone || decl.Module != "" {
			return p, errors.New("x-permission scope platform needs level read|write|admin and no module")
		}
		return Permission{Scope: "platform", Level: lv}, nil
	case "":
		lv, ok := reqctx.ParseLevel(decl.Level)
		if !ok || lv == reqctx.LevelNone {
			return p, fmt.Errorf("x-permission level %q is not read|write|admin", decl.Level)
		}
		if !slices.Contains(modules, decl.Module) {
			return p, fmt.Errorf("x-permission module %q is not a known module", decl.Module)
		}
		return Permission{Module: decl.Module, Level: lv}, nil
	}
	return p, fmt.Errorf("x-permission scope %q is not authenticated|member|platform", decl.Scope)
}

func decodeExt[T any](v any) (T, error) {
	var out T
	var b []byte
	switch x := v.(type) {
	case json.RawMessage:
		b = x
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			return out, err
		}
	}
	err := json.Unmarshal(b, &out)
	return out, err
}

// Authenticator resolves the principal of a request: nil without error for an anonymous request, an error for
// credentials that were presented but are invalid.
type Authenticator interface {
	Authenticate(c echo.Context) (*reqctx.Principal, error)
}

// DenialRecorder writes a refused request into the audit trail (SPEC §1.3: denials are audited).
type DenialRecorder interface {
	RecordDenial(ctx context.Context, operationID string, perm Permission) error
}

// ContractMiddleware runs before every API handler: it finds the operation (unknown route → 404, wrong method → 405),
// authenticates, enforces the operation's x-permission, and validates the request against the schema (violations →
// 400 naming each field). Handlers therefore only ever see permitted, well-formed requests.
func (c *Contract) ContractMiddleware(auth Authenticator, denials DenialRecorder) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(ec echo.Context) error {
			req := ec.Request()
			route, pathParams, err := c.router.FindRoute(req)
			if err != nil {
				if errors.Is(err, routers.ErrMethodNotAllowed) {
					return echo.NewHTTPError(http.StatusMethodNotAllowed, "this path does not support "+req.Method)
				}
				return echo.NewHTTPError(http.StatusNotFound, "no API operation at "+req.URL.Path)
			}
			perm := c.perms[route.Operation]
			principal, err := auth.Authenticate(ec)
			if err != nil {
				return apperr.Unauthorized(err.Error())
			}
			if principal != nil {
				req = req.WithContext(reqctx.WithPrincipal(req.Context(), principal))
				ec.SetRequest(req)
			}
			if principal != nil && principal.Restriction != "" && !principal.AllowOnly[route.Operation.OperationID] {
				return &apperr.Error{Kind: apperr.KindForbidden, Slug: principal.Restriction,
					Detail: restrictionDetail[principal.Restriction]}
			}
			if err := Authorize(principal, perm); err != nil {
				if ae, ok := apperr.As(err); ok && ae.Kind == apperr.KindForbidden && denials != nil {
					if rerr := denials.RecordDenial(req.Context(), route.Operation.OperationID, perm); rerr != nil {
						return rerr // an unauditable denial is a server fault, never a silent one
					}
				}
				return err
			}
			in := &openapi3filter.RequestValidationInput{
				Request:    req,
				PathParams: pathParams,
				Route:      route,
				Options: &openapi3filter.Options{
					MultiError:          true,
					SkipSettingDefaults: true, // a merge patch must not gain fields the client did not send
					KeepValidatedValue:  true,
					AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc, // done above, from x-permission
					// A file upload is read part by part by its handler (which checks every part) instead of being
					// buffered whole here.
					ExcludeRequestBody: strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/form-data"),
				},
			}
			if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
				return requestProblem(err)
			}
			return next(ec)
		}
	}
}

var restrictionDetail = map[string]string{
	"mfa-enrolment-required":    "Your organisation requires a second factor: set up an authenticator app first.",
	"terms-acceptance-required": "Accept your organisation's terms of use first.",
}

// Authorize checks a principal against a permission declaration.
func Authorize(p *reqctx.Principal, perm Permission) error {
	if perm.Public {
		return nil
	}
	if p == nil {
		return apperr.Unauthorized("sign in, or send an access token in the Authorization header")
	}
	switch perm.Scope {
	case "authenticated":
		return nil
	case "platform":
		if p.PlatformLevel < perm.Level {
			return apperr.Forbidden("this operation needs platform administrator rights (" + perm.String() + ")")
		}
		return nil
	case "member":
		if p.OrganizationID == uuid.Nil {
			return apperr.Forbidden("this operation needs an active organisation")
		}
		return nil
	}
	if got := p.Level(perm.Module); got < perm.Level {
		return apperr.Forbidden(fmt.Sprintf("this operation needs %s access to %s; you have %s",
			perm.Level, perm.Module, got))
	}
	return nil
}

// requestProblem turns kin-openapi's validation errors into a 400 naming each bad field.
func requestProblem(err error) error {
	var fields []apperr.FieldError
	var collect func(error)
	collect = func(err error) {
		// Match the outermost type first: a RequestError unwraps to its own MultiError, which must keep its prefix.
		var reqErr *openapi3filter.RequestError
		var multi openapi3.MultiError
		switch {
		case errors.As(err, &reqErr) && reqErr == err:
			prefix := "body"
			if reqErr.Parameter != nil {
				prefix = reqErr.Parameter.Name
			}
			var inner openapi3.MultiError
			if errors.As(reqErr.Err, &inner) {
				for _, e := range inner {
					fields = append(fields, fieldError(prefix, reqErr.Parameter != nil, e, reqErr.Reason))
				}
				return
			}
			fields = append(fields, fieldError(prefix, reqErr.Parameter != nil, reqErr.Err, reqErr.Reason))
		case errors.As(err, &multi):
			for _, e := range multi {
				collect(e)
			}
		default:
			fields = append(fields, fieldError("body", false, err, ""))
		}
	}
	collect(err)
	return apperr.Invalid("The request does not match the API contract.", fields...)
}

func fieldError(prefix string, isParam bool, err error, reason string) apperr.FieldError {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		field := prefix
		if ptr := se.JSONPointer(); len(ptr) > 0 {
			if isParam {
				field = prefix + "." + strings.Join(ptr, ".")
			} else {
				field = strings.Join(ptr, ".")
			}
		}
		code := schemaCode(se.SchemaField)
		// Unknown and missing properties are reported on their parent object; name the property itself.
		if m := propertyReason.FindStringSubmatch(se.Reason); m != nil {
			switch {
			case field == "body":
				field = m[1]
			case field != m[1] && !strings.HasSuffix(field, "."+m[1]):
				field += "." + m[1]
			}
			code = map[string]string{"unsupported": "unknown_field", "missing": "required"}[m[2]]
		}
		return apperr.FieldError{Field: field, Code: code, Message: se.Reason}
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		return apperr.FieldError{Field: prefix, Code: "malformed", Message: pe.Error()}
	}
	msg := reason
	if err != nil {
		msg = err.Error()
		if reason != "" {
			msg = reason + ": " + msg
		}
	}
	if errors.Is(err, openapi3filter.ErrInvalidRequired) {
		return apperr.FieldError{Field: prefix, Code: "required", Message: "is required"}
	}
	if errors.Is(err, openapi3filter.ErrInvalidEmptyValue) {
		return apperr.FieldError{Field: prefix, Code: "required", Message: "must not be empty"}
	}
	return apperr.FieldError{Field: prefix, Code: "invalid", Message: msg}
}

var propertyReason = regexp.MustCompile(`^property "([^"]+)" is (unsupported|missing)$`)

func schemaCode(schemaField string) string {
	switch schemaField {
	case "required":
		return "required"
	case "maxLength", "maxItems", "maxProperties":
		return "too_long"
	case "minLength", "minItems", "minProperties":
		return "too_short"
	case "pattern", "format":
		return "invalid_format"
	case "enum":
		return "not_allowed"
	case "additionalProperties":
		return "unknown_field"
	case "type", "nullable":
		return "invalid_type"
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		return "out_of_range"
	}
	return "invalid"
}
