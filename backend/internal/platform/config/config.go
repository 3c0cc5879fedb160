// Package config reads OpsDeck's configuration from OPSDECK_* environment variables. Every variable is declared once in
// Vars with its default and description, so `opsdeck serve --help` and the README table come from the same place.
package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Environments OpsDeck knows. Production refuses development shortcuts (bootstrap principal, weak secrets).
const (
	EnvProduction  = "production"
	EnvDevelopment = "development"
	EnvTest        = "test"
)

// Var documents one environment variable.
type Var struct {
	Name        string
	Default     string
	Description string
}

// Vars lists every variable OpsDeck reads, in the order they are documented.
var Vars = []Var{
	{"OPSDECK_ENV", "production", "production, development or test. Development enables the bootstrap principal and allows a missing secret."},
	{"OPSDECK_HTTP_ADDR", ":8080", "Address the HTTP server listens on."},
	{"DATABASE_URL", "", "PostgreSQL URL (also read as OPSDECK_DATABASE_URL). Empty: use 127.0.0.1:5432, else start a private cluster under OPSDECK_DATA_DIR."},
	{"OPSDECK_DATA_DIR", "./.data", "Directory for the private PostgreSQL cluster and local files."},
	{"OPSDECK_SECRET_KEY", "", "Signing secret (at least 32 characters, random). Required in production."},
	{"OPSDECK_PUBLIC_URL", "http://localhost:8080", "URL users reach OpsDeck at; https enables HSTS."},
	{"OPSDECK_TLS_CERT_FILE", "", "TLS certificate file; with OPSDECK_TLS_KEY_FILE the server speaks HTTPS itself."},
	{"OPSDECK_TLS_KEY_FILE", "", "TLS private key file."},
	{"OPSDECK_CORS_ORIGINS", "", "Comma-separated origins allowed to call the API from a browser (empty: same origin only)."},
	{"OPSDECK_RATE_LIMIT_RPS", "50", "Requests per second allowed per client IP (0 disables the limit)."},
	{"OPSDECK_RATE_LIMIT_BURST", "100", "Burst size of the per-IP rate limit."},
	{"OPSDECK_BODY_LIMIT_BYTES", "10485760", "Largest request body accepted, in bytes."},
	{"OPSDECK_UPLOAD_LIMIT_BYTES", "52428800", "Largest file upload (multipart: imports, attachments) accepted, in bytes."},
	{"OPSDECK_STORAGE", "local", "Where attachment files are kept: local (OPSDECK_STORAGE_DIR) or s3 (any S3-compatible store, OPSDECK_S3_*)."},
	{"OPSDECK_STORAGE_DIR", "", "Directory of local file storage. Empty: <OPSDECK_DATA_DIR>/files."},
	{"OPSDECK_S3_ENDPOINT", "", "S3 endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000."},
	{"OPSDECK_S3_REGION", "", "S3 region (e.g. eu-west-1)."},
	{"OPSDECK_S3_BUCKET", "", "S3 bucket holding the files."},
	{"OPSDECK_S3_ACCESS_KEY", "", "S3 access key id."},
	{"OPSDECK_S3_SECRET_KEY", "", "S3 secret access key."},
	{"OPSDECK_S3_PATH_STYLE", "false", "true for path-style addressing (MinIO, Ceph, Garage)."},
	{"OPSDECK_S3_PREFIX", "", "Key prefix inside the bucket (e.g. opsdeck/)."},
	{"OPSDECK_MODULES", "all", "Comma-separated modules enabled on this deployment, or 'all'."},
	{"OPSDECK_DEV_BOOTSTRAP", "", "Development only: act as an administrator of the first organisation without signing in (default on in development, refused in production)."},
	{"OPSDECK_WORKERS", "true", "Run background workers inside `opsdeck serve`."},
	{"OPSDECK_DB_MAX_CONNS", "20", "Largest number of PostgreSQL connections in the pool."},
	{"OPSDECK_SHUTDOWN_TIMEOUT", "15s", "How long a graceful shutdown waits for requests in flight."},
	{"OPSDECK_SMTP_HOST", "", "SMTP server for e-mail (invitations, password resets, sign-in alerts); empty disables e-mail."},
	{"OPSDECK_SMTP_PORT", "587", "SMTP port."},
	{"OPSDECK_SMTP_USERNAME", "", "SMTP user name (empty: no authentication)."},
	{"OPSDECK_SMTP_PASSWORD", "", "SMTP password."},
	{"OPSDECK_SMTP_FROM", "OpsDeck <opsdeck@localhost>", "Sender of OpsDeck's e-mails."},
	{"OPSDECK_SMTP_TLS", "mandatory", "mandatory (STARTTLS required), opportunistic, implicit (SMTPS) or none."},
	{"OPSDECK_WEBHOOK_ALLOW_PRIVATE", "false", "Outgoing webhooks and Slack refuse loopback, private, link-local (cloud metadata), CGNAT and other non-public addresses. true allows loopback, private and CGNAT ranges (on-premise receivers); or give a comma-separated list of CIDRs to allow only those (e.g. 10.20.0.0/16,fd00:1::/64)."},
	{"OPSDECK_COMPLIANCE_SNAPSHOTS", "15 3 * * *", "When compliance snapshots (score history and drift) are taken: a five-field cron expression in each organisation's timezone, or @daily, @every 6h…"},
	{"OPSDECK_LOG_LEVEL", "info", "debug, info, warn or error."},
	{"OPSDECK_LOG_FORMAT", "json", "json (ECS field names) or text."},
}

// Modules are the SPEC §2 modules, also the unit of permissions.
var Modules = []string{
	"assets", "procurement", "finance", "services", "operations", "risk", "compliance", "audits", "access_reviews",
	"incidents", "notifications_regulatory", "security_objectives", "reporting", "policies", "training", "people",
	"credentials", "communications", "administration",
}

// Config is the validated configuration.
type Config struct {
	Env            string
	HTTPAddr       string
	DatabaseURL    string
	DataDir        string
	SecretKey      string
	PublicURL      *url.URL
	TLSCertFile    string
	TLSKeyFile     string
	CORSOrigins    []string
	RateLimitRPS   float64
	RateLimitBurst int
	BodyLimitBytes int64
	UploadLimit    int64
	// Get reads any variable (with its default), for packages that read their own settings (file storage).
	Get             func(name string) string
	Modules         []string
	DevBootstrap    bool
	Workers         bool
	DBMaxConns      int32
	ShutdownTimeout time.Duration
	LogLevel        string
	LogFormat       string
	SMTP            SMTP
	Outbound        Outbound
}

// SMTP configures outgoing e-mail; Host empty means e-mail is disabled.
type SMTP struct {
	Host, Username, Password, From, TLS string
	Port                                int
	// HELO is the name OpsDeck greets the server with: the host of OPSDECK_PUBLIC_URL.
	HELO string
}

// Outbound limits the addresses OpsDeck's requests to user-configured URLs (webhooks, Slack) may reach.
type Outbound struct {
	// AllowPrivate lets them reach loopback, private (RFC 1918, fc00::/7) and CGNAT addresses.
	AllowPrivate bool
	// AllowCIDRs are reachable whatever their kind (on-premise receivers, tests).
	AllowCIDRs []netip.Prefix
}

// TLS reports whether the server terminates TLS itself.
func (c *Config) TLS() bool { return c.TLSCertFile != "" }

// HSTS reports whether Strict-Transport-Security should be sent.
func (c *Config) HSTS() bool { return c.TLS() || c.PublicURL.Scheme == "https" }

// ModuleEnabled reports whether a module is enabled on this deployment.
func (c *Config) ModuleEnabled(m string) bool { return slices.Contains(c.Modules, m) }

// Load reads the configuration from the environment. lookup is os.LookupEnv in production, a map in tests.
func Load(lookup func(string) (string, bool)) (*Config, error) {
	get := func(name string) string {
		if v, ok := lookup(name); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		for _, v := range Vars {
			if v.Name == name {
				return v.Default
			}
		}
		return ""
	}
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	c := &Config{
		Get:         get,
		Env:         get("OPSDECK_ENV"),
		HTTPAddr:    get("OPSDECK_HTTP_ADDR"),
		DatabaseURL: get("DATABASE_URL"),
		DataDir:     get("OPSDECK_DATA_DIR"),
		SecretKey:   get("OPSDECK_SECRET_KEY"),
		TLSCertFile: get("OPSDECK_TLS_CERT_FILE"),
		TLSKeyFile:  get("OPSDECK_TLS_KEY_FILE"),
		LogLevel:    strings.ToLower(get("OPSDECK_LOG_LEVEL")),
		LogFormat:   strings.ToLower(get("OPSDECK_LOG_FORMAT")),
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = get("OPSDECK_DATABASE_URL")
	}
	if !slices.Contains([]string{EnvProduction, EnvDevelopment, EnvTest}, c.Env) {
		bad("OPSDECK_ENV", "%q is not one of production, development, test", c.Env)
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			bad("DATABASE_URL", "must be a postgres:// URL")
		}
	}
	if u, err := url.Parse(get("OPSDECK_PUBLIC_URL")); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("OPSDECK_PUBLIC_URL", "must be an absolute http(s) URL such as https://opsdeck.example.com")
	} else {
		c.PublicURL = u
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		bad("OPSDECK_TLS_CERT_FILE", "set both OPSDECK_TLS_CERT_FILE and OPSDECK_TLS_KEY_FILE, or neither")
	}
	for _, o := range splitList(get("OPSDECK_CORS_ORIGINS")) {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			bad("OPSDECK_CORS_ORIGINS", "%q is not an origin such as https://app.example.com", o)
			continue
		}
		c.CORSOrigins = append(c.CORSOrigins, o)
	}
	var err error
	if c.RateLimitRPS, err = strconv.ParseFloat(get("OPSDECK_RATE_LIMIT_RPS"), 64); err != nil || c.RateLimitRPS < 0 {
		bad("OPSDECK_RATE_LIMIT_RPS", "must be a number ≥ 0")
	}
	if c.RateLimitBurst, err = strconv.Atoi(get("OPSDECK_RATE_LIMIT_BURST")); err != nil || c.RateLimitBurst < 1 {
		bad("OPSDECK_RATE_LIMIT_BURST", "must be a whole number ≥ 1")
	}
	if c.BodyLimitBytes, err = strconv.ParseInt(get("OPSDECK_BODY_LIMIT_BYTES"), 10, 64); err != nil || c.BodyLimitBytes < 1024 {
		bad("OPSDECK_BODY_LIMIT_BYTES", "must be a whole number of bytes ≥ 1024")
	}
	if c.UploadLimit, err = strconv.ParseInt(get("OPSDECK_UPLOAD_LIMIT_BYTES"), 10, 64); err != nil || c.UploadLimit < 1024 {
		bad("OPSDECK_UPLOAD_LIMIT_BYTES", "must be a whole number of bytes ≥ 1024")
	}
	if conns, err := strconv.ParseInt(get("OPSDECK_DB_MAX_CONNS"), 10, 32); err != nil || conns < 2 || conns > 1000 {
		bad("OPSDECK_DB_MAX_CONNS", "must be a whole number between 2 and 1000")
	} else {
		c.DBMaxConns = int32(conns)
	}
	if c.ShutdownTimeout, err = time.ParseDuration(get("OPSDECK_SHUTDOWN_TIMEOUT")); err != nil || c.ShutdownTimeout <= 0 {
		bad("OPSDECK_SHUTDOWN_TIMEOUT", "must be a duration such as 15s")
	}
	if c.Workers, err = strconv.ParseBool(get("OPSDECK_WORKERS")); err != nil {
		bad("OPSDECK_WORKERS", "must be true or false")
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		bad("OPSDECK_LOG_LEVEL", "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		bad("OPSDECK_LOG_FORMAT", "%q is not json or text", c.LogFormat)
	}
	if mods := get("OPSDECK_MODULES"); strings.EqualFold(mods, "all") {
		c.Modules = slices.Clone(Modules)
	} else {
		for _, m := range splitList(mods) {
			if !slices.Contains(Modules, m) {
				bad("OPSDECK_MODULES", "unknown module %q (known: %s)", m, strings.Join(Modules, ", "))
				continue
			}
			c.Modules = append(c.Modules, m)
		}
	}
	switch v := get("OPSDECK_DEV_BOOTSTRAP"); v {
	case "":
		c.DevBootstrap = c.Env == EnvDevelopment
	default:
		if c.DevBootstrap, err = strconv.ParseBool(v); err != nil {
			bad("OPSDECK_DEV_BOOTSTRAP", "must be true or false")
		}
	}
	c.SMTP = SMTP{Host: get("OPSDECK_SMTP_HOST"), Username: get("OPSDECK_SMTP_USERNAME"),
		Password: get("OPSDECK_SMTP_PASSWORD"), From: get("OPSDECK_SMTP_FROM"), TLS: strings.ToLower(get("OPSDECK_SMTP_TLS"))}
	if c.PublicURL != nil {
		c.SMTP.HELO = c.PublicURL.Hostname()
	}
	if c.SMTP.Port, err = strconv.Atoi(get("OPSDECK_SMTP_PORT")); err != nil || c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		bad("OPSDECK_SMTP_PORT", "must be a port number")
	}
	if !slices.Contains([]string{"mandatory", "opportunistic", "implicit", "none"}, c.SMTP.TLS) {
		bad("OPSDECK_SMTP_TLS", "%q is not mandatory, opportunistic, implicit or none", c.SMTP.TLS)
	}
	if v := get("OPSDECK_WEBHOOK_ALLOW_PRIVATE"); v != "" {
		if b, err := strconv.ParseBool(v); err == nil {
			c.Outbound.AllowPrivate = b
		} else {
			for _, p := range splitList(v) {
				prefix, err := netip.ParsePrefix(p)
				if err != nil {
					addr, aerr := netip.ParseAddr(p)
					if aerr != nil {
						bad("OPSDECK_WEBHOOK_ALLOW_PRIVATE", "%q is neither true/false nor a CIDR such as 10.20.0.0/16", p)
						continue
					}
					prefix = netip.PrefixFrom(addr, addr.BitLen())
				}
				c.Outbound.AllowCIDRs = append(c.Outbound.AllowCIDRs, prefix.Masked())
			}
		}
	}
	if c.Env == EnvProduction {
		if c.DevBootstrap {
			bad("OPSDECK_DEV_BOOTSTRAP", "the bootstrap principal is for development only; unset it in production")
		}
		if msg := weakSecret(c.SecretKey); msg != "" {
			bad("OPSDECK_SECRET_KEY", "%s; generate one with `openssl rand -base64 48`", msg)
		}
	} else if c.SecretKey == "" {
		// Development and tests get a per-process random secret: tokens do not survive a restart, which is fine there.
		c.SecretKey = randomSecret()
	}
	if len(errs) > 0 {
		return nil, &Error{Errs: errs}
	}
	return c, nil
}

// FromEnv loads the configuration from the process environment.
func FromEnv() (*Config, error) { return Load(os.LookupEnv) }

// Error lists every invalid variable at once, so a user fixes them in one go.
type Error struct{ Errs []error }

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("invalid configuration:")
	for _, err := range e.Errs {
		b.WriteString("\n  - ")
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap exposes the individual errors to errors.Is/As.
func (e *Error) Unwrap() []error { return e.Errs }

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var knownWeak = []string{"changeme", "secret", "password", "opsdeck", "0123456789"}

// weakSecret explains why a signing secret is unacceptable, or returns "".
func weakSecret(s string) string {
	if s == "" {
		return "missing: production needs a signing secret"
	}
	if len(s) < 32 {
		return fmt.Sprintf("too short (%d characters, need at least 32)", len(s))
	}
	lower := strings.ToLower(s)
	for _, w := range knownWeak {
		if strings.Contains(lower, w) {
			return fmt.Sprintf("contains the guessable word %q", w)
		}
	}
	distinct := map[rune]bool{}
	for _, r := range s {
		distinct[r] = true
	}
	if len(distinct) < 12 {
		return "not random enough (too few distinct characters)"
	}
	return ""
}
