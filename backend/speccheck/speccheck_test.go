package speccheck

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

func repoFile(parts ...string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(here), "..", ".."}, parts...)...)
}

func load(t *testing.T, data []byte) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(t.Context()))
	return doc
}

// TestSpecFollowsConventions is the gate: openapi.yaml must break none of the conventions.
func TestSpecFollowsConventions(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(repoFile("openapi.yaml"))
	require.NoError(t, err)
	require.NoError(t, doc.Validate(t.Context()), "openapi.yaml is not valid OpenAPI 3")
	problems := Check(doc)
	assert.Empty(t, problems, "openapi.yaml breaks the API conventions:\n%s", strings.Join(problems, "\n"))
}

// TestCheckCatchesBrokenOperations proves the gate can fail.
func TestCheckCatchesBrokenOperations(t *testing.T) {
	doc := load(t, []byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: assets}]
components:
  schemas:
    ModuleSlug: {type: string, enum: [assets, risk]}
paths:
  /things:
    get:
      tags: [assets, risk]
      x-permission: {module: nosuchmodule, level: read}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {items: {type: array, items: {type: string}}, next_cursor: {type: string}, total: {type: integer}}
    patch:
      operationId: patchThing
      summary: Patch
      tags: [assets]
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        "200": {description: ok}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
`))
	got := strings.Join(Check(doc), "\n")
	for _, want := range []string{
		"GET /things: no operationId",
		"GET /things: has 2 tags",
		"GET /things: no summary",
		`x-permission module "nosuchmodule" is not a known module`,
		"GET /things: no 401 error response",
		`GET /things: a list needs the "cursor" query parameter`,
		"PATCH /things: no x-permission (or x-public: true)",
		"PATCH /things: a PATCH must accept If-Match",
		"PATCH /things: PATCH bodies are JSON Merge Patch",
		"PATCH /things: the 400 response is not application/problem+json",
		"PATCH /things: no 413 error response",
	} {
		assert.Contains(t, got, want)
	}
}

// TestGoSDKDoesNotPullInEcho keeps the integrators' client free of the server framework.
func TestGoSDKDoesNotPullInEcho(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/opsdeck/opsdeck/api/client").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "github.com/opsdeck/opsdeck/api/client")
	assert.NotContains(t, string(out), "labstack/echo")
	assert.NotContains(t, string(out), "getkin/kin-openapi")
}

// TestModuleListsAgree: the ModuleSlug enum of the contract and the server's module list are the same list.
func TestModuleListsAgree(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(repoFile("openapi.yaml"))
	require.NoError(t, err)
	assert.Equal(t, config.Modules, httpx.ModulesOf(doc))
}
