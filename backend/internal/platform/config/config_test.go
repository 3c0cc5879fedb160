package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(env map[string]string) (*Config, error) {
	return Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
}

const goodSecret = "kq3N8vZx1TfR7wLp0sYc5HbJ2mGd9AeQ4uXo6iKl"

func TestDefaultsAreProductionSafe(t *testing.T) {
	c, err := load(map[string]string{"OPSDECK_SECRET_KEY": goodSecret})
	require.NoError(t, err)
	assert.Equal(t, EnvProduction, c.Env)
	assert.Equal(t, ":8080", c.HTTPAddr)
	assert.False(t, c.DevBootstrap)
	assert.Equal(t, Modules, c.Modules)
	assert.True(t, c.Workers)
	assert.Equal(t, float64(50), c.RateLimitRPS)
	assert.False(t, c.HSTS())
}

func TestProductionRefusesMissingOrWeakSecret(t *testing.T) {
	for name, tc := range map[string]struct{ secret, want string }{
		"missing":      {"", "missing"},
		"short":        {"abc123", "too short"},
		"guessable":    {"changeme-changeme-changeme-changeme-1234", "guessable"},
		"not random":   {strings.Repeat("ab", 20), "not random"},
		"only letters": {"aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd", "not random"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := load(map[string]string{"OPSDECK_SECRET_KEY": tc.secret})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "OPSDECK_SECRET_KEY")
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "openssl rand", "the message says how to make a good one")
			if tc.secret != "" {
				assert.NotContains(t, err.Error(), tc.secret, "never echo the secret")
			}
		})
	}
}

func TestDevelopmentGetsBootstrapAndARandomSecret(t *testing.T) {
	c, err := load(map[string]string{"OPSDECK_ENV": "development"})
	require.NoError(t, err)
	assert.True(t, c.DevBootstrap)
	assert.GreaterOrEqual(t, len(c.SecretKey), 32)
	c2, _ := load(map[string]string{"OPSDECK_ENV": "development"})
	assert.NotEqual(t, c.SecretKey, c2.SecretKey)
}

func TestBootstrapPrincipalRefusedInProduction(t *testing.T) {
	_, err := load(map[string]string{"OPSDECK_SECRET_KEY": goodSecret, "OPSDECK_DEV_BOOTSTRAP": "true"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OPSDECK_DEV_BOOTSTRAP")
}

func TestEveryBadValueIsReportedAtOnce(t *testing.T) {
	_, err := load(map[string]string{
		"OPSDECK_ENV":              "staging",
		"DATABASE_URL":             "mysql://x",
		"OPSDECK_PUBLIC_URL":       "opsdeck.example.com",
		"OPSDECK_RATE_LIMIT_RPS":   "-1",
		"OPSDECK_RATE_LIMIT_BURST": "many",
		"OPSDECK_BODY_LIMIT_BYTES": "10",
		"OPSDECK_MODULES":          "assets,spaceships",
		"OPSDECK_LOG_LEVEL":        "chatty",
		"OPSDECK_LOG_FORMAT":       "xml",
		"OPSDECK_SHUTDOWN_TIMEOUT": "soon",
		"OPSDECK_DB_MAX_CONNS":     "1",
		"OPSDECK_CORS_ORIGINS":     "https://ok.example, not-an-origin",
		"OPSDECK_TLS_CERT_FILE":    "/cert.pem",
		"OPSDECK_WORKERS":          "perhaps",
	})
	require.Error(t, err)
	var cerr *Error
	require.ErrorAs(t, err, &cerr)
	msg := err.Error()
	for _, name := range []string{"OPSDECK_ENV", "DATABASE_URL", "OPSDECK_PUBLIC_URL", "OPSDECK_RATE_LIMIT_RPS",
		"OPSDECK_RATE_LIMIT_BURST", "OPSDECK_BODY_LIMIT_BYTES", "OPSDECK_MODULES", "OPSDECK_LOG_LEVEL",
		"OPSDECK_LOG_FORMAT", "OPSDECK_SHUTDOWN_TIMEOUT", "OPSDECK_DB_MAX_CONNS", "OPSDECK_CORS_ORIGINS",
		"OPSDECK_TLS_CERT_FILE", "OPSDECK_WORKERS"} {
		assert.Contains(t, msg, name+":")
	}
	assert.Contains(t, msg, `unknown module "spaceships"`)
}

func TestModulesAndHSTS(t *testing.T) {
	c, err := load(map[string]string{"OPSDECK_ENV": "test", "OPSDECK_MODULES": "assets, risk",
		"OPSDECK_PUBLIC_URL": "https://opsdeck.example.com"})
	require.NoError(t, err)
	assert.Equal(t, []string{"assets", "risk"}, c.Modules)
	assert.True(t, c.ModuleEnabled("risk"))
	assert.False(t, c.ModuleEnabled("finance"))
	assert.True(t, c.HSTS())
}

func TestEveryVariableIsDocumented(t *testing.T) {
	for _, v := range Vars {
		assert.NotEmpty(t, v.Description, v.Name)
		assert.True(t, v.Name == "DATABASE_URL" || strings.HasPrefix(v.Name, "OPSDECK_"), v.Name)
	}
}

func TestWebhookAllowPrivate(t *testing.T) {
	c, err := load(map[string]string{"OPSDECK_ENV": "test"})
	require.NoError(t, err)
	assert.False(t, c.Outbound.AllowPrivate, "private addresses are refused by default")
	assert.Empty(t, c.Outbound.AllowCIDRs)

	c, err = load(map[string]string{"OPSDECK_ENV": "test", "OPSDECK_WEBHOOK_ALLOW_PRIVATE": "true"})
	require.NoError(t, err)
	assert.True(t, c.Outbound.AllowPrivate)

	c, err = load(map[string]string{"OPSDECK_ENV": "test", "OPSDECK_WEBHOOK_ALLOW_PRIVATE": "10.20.1.7/16, fd00:1::/64,192.168.4.2"})
	require.NoError(t, err)
	assert.False(t, c.Outbound.AllowPrivate)
	require.Len(t, c.Outbound.AllowCIDRs, 3)
	assert.Equal(t, "10.20.0.0/16", c.Outbound.AllowCIDRs[0].String())
	assert.Equal(t, "fd00:1::/64", c.Outbound.AllowCIDRs[1].String())
	assert.Equal(t, "192.168.4.2/32", c.Outbound.AllowCIDRs[2].String())

	_, err = load(map[string]string{"OPSDECK_ENV": "test", "OPSDECK_WEBHOOK_ALLOW_PRIVATE": "sometimes"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OPSDECK_WEBHOOK_ALLOW_PRIVATE:")
}
