package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := rootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestHelpOnEveryCommand(t *testing.T) {
	for args, want := range map[string][]string{
		"--help":                {"serve", "worker", "migrate", "seed", "version"},
		"serve --help":          {"OPSDECK_SECRET_KEY", "DATABASE_URL", "OPSDECK_HTTP_ADDR", "/readyz", "graceful"},
		"worker --help":         {"OPSDECK_WORKERS"},
		"migrate --help":        {"up", "status"},
		"migrate up --help":     {"advisory lock"},
		"migrate status --help": {"applied"},
		"seed --help":           {"--demo", "idempotent"},
		"version --help":        {"version"},
		"audit verify --help":   {"--org", "broken"},
		"check links --help":    {"orphan", "trigger"},
	} {
		out, err := run(t, strings.Fields(args)...)
		require.NoError(t, err, args)
		for _, w := range want {
			assert.Contains(t, out, w, args)
		}
	}
}

func TestWrongUsageIsExplained(t *testing.T) {
	_, err := run(t, "migrate")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "opsdeck migrate up")
	_, err = run(t, "seed")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--demo")
	_, err = run(t, "serve", "extra")
	require.Error(t, err)
	_, err = run(t, "frobnicate")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown command")
}

func TestServeRefusesProductionWithoutSecret(t *testing.T) {
	t.Setenv("OPSDECK_ENV", "production")
	t.Setenv("OPSDECK_SECRET_KEY", "")
	_, err := run(t, "serve")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OPSDECK_SECRET_KEY")
}

func TestHealthcheck(t *testing.T) {
	ready := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer ready.Close()
	out, err := run(t, "healthcheck", "--url", ready.URL+"/readyz")
	require.NoError(t, err)
	assert.Contains(t, out, "ready")
	t.Setenv("OPSDECK_HTTP_ADDR", strings.TrimPrefix(ready.URL, "http://"))
	_, err = run(t, "healthcheck")
	require.NoError(t, err, "the URL is derived from OPSDECK_HTTP_ADDR")

	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	_, err = run(t, "healthcheck", "--url", notReady.URL+"/readyz")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "503")
	_, err = run(t, "healthcheck", "--url", "http://127.0.0.1:1/readyz")
	require.Error(t, err)
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	require.NoError(t, err)
	assert.Contains(t, out, "opsdeck ")
	assert.Contains(t, out, "go1.")
}

func TestAuditVerifyCommand(t *testing.T) {
	d := testkit.DB(t)
	t.Setenv("DATABASE_URL", testkit.DatabaseURLOf(t, d))
	t.Setenv("OPSDECK_ENV", "test")
	ctx := context.Background()
	o := organizations.Organization{Name: "Acme", Slug: "acme", Kind: "operator", Identifier: "ACME"}
	require.NoError(t, organizations.NewService(d).Create(ctx, &o))
	out, err := run(t, "audit", "verify")
	require.NoError(t, err, out)
	assert.Contains(t, out, "ok      "+o.ID.String()+"  1 rows")
	out, err = run(t, "audit", "verify", "--org", "acme")
	require.NoError(t, err, out)
	assert.Contains(t, out, "1 audit chain(s) verified")
	_, err = run(t, "audit", "verify", "--org", "nope")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no organisation with slug or id "nope"`)

	_, err = d.Pool.Exec(ctx, `ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard;
		UPDATE audit_events SET actor_name = 'someone else';
		ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard;`)
	require.NoError(t, err)
	out, err = run(t, "audit", "verify")
	require.Error(t, err)
	assert.Contains(t, out, "BROKEN  "+o.ID.String()+"  at seq 1")
	assert.Contains(t, out, "content altered")
}

func TestCheckLinksCommand(t *testing.T) {
	d := testkit.DB(t)
	t.Setenv("DATABASE_URL", testkit.DatabaseURLOf(t, d))
	t.Setenv("OPSDECK_ENV", "test")
	ctx := context.Background()
	o := organizations.Organization{Name: "Acme", Slug: "acme", Kind: "operator", Identifier: "ACME"}
	require.NoError(t, organizations.NewService(d).Create(ctx, &o))
	_, err := run(t, "check")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "opsdeck check links")
	out, err := run(t, "check", "links")
	require.NoError(t, err, out)
	assert.Contains(t, out, "0 reference(s) checked (links, attachments, evidence), none orphaned")
	// A link to a location that does not exist (written behind the application's back).
	_, err = d.Pool.Exec(ctx, `INSERT INTO locations (id, organization_id, name) VALUES ('00000000-0000-7000-8000-000000000001', $1, 'Site')`, o.ID)
	require.NoError(t, err)
	_, err = d.Pool.Exec(ctx, `INSERT INTO links (id, organization_id, source_type, source_id, target_type, target_id, relation)
		VALUES ('00000000-0000-7000-8000-0000000000aa', $1, 'location', '00000000-0000-7000-8000-000000000001', 'asset',
			'00000000-0000-7000-8000-0000000000ff', 'related_to')`, o.ID)
	require.NoError(t, err)
	out, err = run(t, "check", "links")
	require.Error(t, err)
	assert.Contains(t, out, "ORPHAN  link 00000000-0000-7000-8000-0000000000aa")
	assert.Contains(t, out, "its target asset:00000000-0000-7000-8000-0000000000ff is missing")
	assert.Contains(t, err.Error(), "1 orphan(s) among 2 reference(s)", "a link has two ends")
	// Evidence pointing at a configuration that does not exist, and an attachment of an unknown type: both found.
	_, err = d.Pool.Exec(ctx, `INSERT INTO frameworks (id, organization_id, key, name, origin) VALUES
		('00000000-0000-7000-8000-0000000000f1', $1, 'custom-x', 'X', 'custom')`, o.ID)
	require.NoError(t, err)
	_, err = d.Pool.Exec(ctx, `INSERT INTO controls (id, organization_id, framework_id, position, ref, title, kind) VALUES
		('00000000-0000-7000-8000-0000000000c1', $1, '00000000-0000-7000-8000-0000000000f1', 0, 'X.1', 'Control', 'control')`, o.ID)
	require.NoError(t, err)
	_, err = d.Pool.Exec(ctx, `INSERT INTO compliance_links (id, organization_id, control_id, entity_type, entity_id, description, created_by)
		VALUES ('00000000-0000-7000-8000-0000000000e1', $1, '00000000-0000-7000-8000-0000000000c1', 'configuration',
			'00000000-0000-7000-8000-0000000000fe', 'Gone', 'test')`, o.ID)
	require.NoError(t, err)
	out, err = run(t, "check", "links")
	require.Error(t, err)
	assert.Contains(t, out, "ORPHAN  evidence 00000000-0000-7000-8000-0000000000e1")
	assert.Contains(t, out, "its record configuration:00000000-0000-7000-8000-0000000000fe is missing")
	assert.Contains(t, err.Error(), "2 orphan(s) among 3 reference(s)")
}

func TestAdminCreate(t *testing.T) {
	d := testkit.DB(t)
	t.Setenv("DATABASE_URL", testkit.DatabaseURLOf(t, d))
	t.Setenv("OPSDECK_ENV", "test")
	ctx := context.Background()
	o := organizations.Organization{Name: "Acme", Slug: "acme", Kind: "operator", Identifier: "ACME"}
	require.NoError(t, organizations.NewService(d).Create(ctx, &o))

	t.Setenv("OPSDECK_SECRET_KEY", "cli-test-secret-0123456789abcdefghijklmnop")
	code, err := run(t, "admin", "setup-code")
	require.NoError(t, err, code)
	assert.Regexp(t, `^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}\n$`, code, "no user yet: the first-run code")

	out, err := run(t, "admin", "create", "--email", "boss@acme.example", "--org", "acme")
	require.NoError(t, err, out)
	assert.Contains(t, out, "created boss@acme.example")
	_, err = run(t, "admin", "setup-code")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "setup is already done")
	assert.Contains(t, out, "password (shown once")
	var must bool
	require.NoError(t, d.Pool.QueryRow(ctx, "SELECT must_change_password FROM users WHERE email = 'boss@acme.example'").Scan(&must))
	assert.True(t, must)

	cmd := rootCmd()
	var buf bytes.Buffer
	cmd.SetOut(&buf)
	cmd.SetErr(&buf)
	cmd.SetIn(strings.NewReader("a quite long passphrase 77\n"))
	cmd.SetArgs([]string{"admin", "create", "--email", "root@opsdeck.example", "--platform", "--password-stdin"})
	require.NoError(t, cmd.Execute(), buf.String())
	var level string
	require.NoError(t, d.Pool.QueryRow(ctx, "SELECT platform_level FROM users WHERE email = 'root@opsdeck.example'").Scan(&level))
	assert.Equal(t, "admin", level)

	out, err = run(t, "admin", "rotate-signing-key")
	require.NoError(t, err, out)
	assert.Contains(t, out, "is active")

	for args, want := range map[string]string{
		"admin create --email x@acme.example":                          "--org",
		"admin create --email x@acme.example --org acme --role wizard": "unknown role",
		"admin create --email boss@acme.example --org acme":            "already exists",
		"admin create --email not-an-email --org acme":                 "not valid",
		"admin create --org acme":                                      "email",
	} {
		_, err := run(t, strings.Fields(args)...)
		require.Error(t, err, args)
		assert.Contains(t, err.Error(), want, args)
	}
}
