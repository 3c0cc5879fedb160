// Package app wires OpsDeck together: configuration, database, the HTTP stack and one handler per module. The Server
// struct embeds the module handlers so it satisfies the generated strict-server interface without a god file.
package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/assets"
	"github.com/opsdeck/opsdeck/backend/internal/attachments"
	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/compliance"
	"github.com/opsdeck/opsdeck/backend/internal/configs"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/files"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/imports"
	"github.com/opsdeck/opsdeck/backend/internal/inventory"
	"github.com/opsdeck/opsdeck/backend/internal/jobsapi"
	"github.com/opsdeck/opsdeck/backend/internal/meta"
	"github.com/opsdeck/opsdeck/backend/internal/notifications"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/jobs"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/rbac"
	"github.com/opsdeck/opsdeck/backend/internal/platform/storage"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
	"github.com/opsdeck/opsdeck/backend/internal/platform/timeline"
	"github.com/opsdeck/opsdeck/backend/internal/platform/web"
	"github.com/opsdeck/opsdeck/backend/internal/reports"
	"github.com/opsdeck/opsdeck/backend/internal/software"
)

// Server implements api.StrictServerInterface by embedding one handler per module.
type Server struct {
	*identity.IdentityHandler
	*auditlog.AuditLogHandler
	*meta.MetaHandler
	*organizations.OrganizationHandler
	*SetupHandler
	*jobsapi.JobsHandler
	*notifications.NotificationsHandler
	*files.FilesHandler
	*reports.ReportsHandler
	*dataplatform.DataHandler
	*assets.AssetsHandler
	*imports.ImportsHandler
	*attachments.AttachmentsHandler
	*software.SoftwareHandler
	*configs.ConfigsHandler
	*compliance.ComplianceHandler
	*inventory.InventoryHandler
}

var _ api.StrictServerInterface = (*Server)(nil)

// App is a running OpsDeck instance.
type App struct {
	Cfg      *config.Config
	Log      *slog.Logger
	DB       *db.DB
	Echo     *echo.Echo
	Contract *httpx.Contract
	Metrics  *httpx.Metrics
	Orgs     *organizations.Service
	Identity *identity.Service
	Auth     *identity.Auth
	RBAC     *rbac.Enforcer
	Jobs     *jobs.Engine
	Notify   *notifications.Service
	Mail     *notifications.MailQueue
	Files    *files.Store
	// The data platform (ADR 0010): the linkable registry, links, tags and custom fields.
	Links        *links.Service
	Timeline     *timeline.Service
	Tags         *tags.Service
	CustomFields *customfields.Service
	Assets       *assets.Service
	Inventory    *inventory.Service
	Imports      *imports.Service
	Storage      storage.Store
	Attachments  *attachments.Service
	Configs      *configs.Service
	Compliance   *compliance.Service
	Software     *software.Service

	schemaCurrent atomic.Bool
}

// Options let tests replace parts (the authenticator, the SPA files).
type Options struct {
	Authenticator httpx.Authenticator
	WebFS         fs.FS
	// Jobs tunes the job engine (tests shorten its polling); Workers comes from the configuration.
	Jobs jobs.Options
}

// LinkableTypes is the registry of every module's linkable types (ADR 0010).
func LinkableTypes() *links.Registry {
	r := links.NewRegistry()
	assets.RegisterTypes(r)
	configs.RegisterTypes(r)
	compliance.RegisterTypes(r)
	inventory.RegisterTypes(r)
	software.RegisterTypes(r)
	r.MustRegisterReference(links.Reference{Noun: "attachment", End: "owner", Table: "attachments", TypeColumn: "owner_type",
		IDColumn: "owner_id", Where: "r.archived_at IS NULL"})
	return r
}

// New builds the application on an open, migrated database.
func New(cfg *config.Config, log *slog.Logger, d *db.DB, opt Options) (*App, error) {
	contract, err := LoadContract()
	if err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, Log: log, DB: d, Contract: contract, Metrics: httpx.NewMetrics(d.Pool)}
	a.Orgs = organizations.NewService(d)
	a.Orgs.OnCreate(identity.SeedRoles)
	a.Identity = identity.NewService(d)
	if a.RBAC, err = rbac.New(d.Pool, log); err != nil {
		return nil, err
	}
	a.Identity.UseEnforcer(a.RBAC)
	if a.Auth, err = identity.NewAuth(context.Background(), d, a.Identity, cfg, log); err != nil {
		return nil, err
	}
	jopt := opt.Jobs
	jopt.Workers = cfg.Workers
	if a.Jobs, err = jobs.New(d, log, jopt); err != nil {
		return nil, err
	}
	if a.Notify, err = notifications.NewService(d, a.Jobs, notifications.NewCatalogue(), cfg.SecretKey,
		notify.PolicyFromConfig(cfg.Outbound)); err != nil {
		return nil, err
	}
	if a.Mail, err = notifications.NewMailQueue(d, a.Jobs, notify.NewMailer(cfg.SMTP), cfg.SecretKey); err != nil {
		return nil, err
	}
	a.Auth.UseMailQueue(a.Mail)
	a.Notify.UseMail(a.Mail)
	if cfg.PublicURL != nil {
		a.Notify.UsePublicURL(cfg.PublicURL.String())
	}
	if a.Storage, err = storage.FromEnv(context.Background(), func(name string) string {
		if v := cfg.Get(name); v != "" || name != "OPSDECK_STORAGE_DIR" {
			return v
		}
		return filepath.Join(cfg.DataDir, "files")
	}); err != nil {
		return nil, fmt.Errorf("file storage: %w", err)
	}
	a.Files = files.NewStore(d, a.Jobs, a.Storage)
	registry := LinkableTypes()
	a.Links = links.NewService(d, registry)
	a.Timeline = timeline.New(d, registry)
	assets.RegisterTimeline(a.Timeline)
	software.RegisterTimeline(a.Timeline)
	a.Tags = tags.NewService(d)
	a.CustomFields = customfields.NewService(d, func(t string) bool {
		lt, ok := registry.Get(t)
		return ok && lt.CustomFields
	})
	a.Assets = assets.NewService(d)
	a.Configs = configs.NewService(d)
	a.Compliance = compliance.NewService(d, registry)
	assets.RegisterRuleTargets(a.Compliance.Targets())
	inventory.RegisterRuleTargets(a.Compliance.Targets())
	configs.RegisterRuleTargets(a.Compliance.Targets())
	a.Inventory = inventory.NewService(d)
	a.Identity.RegisterHoldingsGuard(assets.Module, assets.Holdings)
	if a.Software, err = software.NewService(d, cfg.SecretKey); err != nil {
		return nil, err
	}
	a.Identity.RegisterHoldingsGuard(software.HoldingsModule, software.Holdings)
	a.Attachments = attachments.NewService(d, registry, a.Storage, cfg.UploadLimit)
	a.Imports = imports.NewService(d, a.Jobs, a.Files)
	a.Imports.Register(imports.Entity{Name: assets.TypeAsset, Label: "Assets", Module: assets.Module,
		Importer: func(ctx context.Context) tabular.Importer { return a.Assets.NewAssetImporter(ctx) },
		Columns:  a.Assets.AssetFileColumns, Export: a.Assets.ExportAssets})
	fileLabels := map[string]string{assets.TypeLocation: "Locations", "asset_model": "Models", assets.TypePeripheral: "Peripherals",
		software.TypeSoftware: "Software", software.TypeLicence: "Licences"}
	for entity, f := range a.Assets.Files() {
		imports.RegisterFile(a.Imports, entity, fileLabels[entity], assets.Module, f)
	}
	for entity, f := range a.Software.Files() {
		imports.RegisterFile(a.Imports, entity, fileLabels[entity], software.Module, f)
	}
	if err := assets.RegisterNotifications(a.Notify); err != nil {
		return nil, err
	}
	if err := software.RegisterNotifications(a.Notify); err != nil {
		return nil, err
	}
	if err := compliance.RegisterNotifications(a.Notify); err != nil {
		return nil, err
	}
	a.Compliance.UseNotifications(a.Notify)
	if err := a.registerJobs(); err != nil {
		return nil, err
	}
	// Authenticators are tried in order: the first that recognises the request decides.
	chain := authChain{}
	if opt.Authenticator != nil {
		chain = append(chain, opt.Authenticator)
	}
	chain = append(chain, a.Auth)
	if cfg.DevBootstrap {
		chain = append(chain, NewDevBootstrap(d))
	}
	auth := chain
	webFiles := opt.WebFS
	if webFiles == nil {
		webFiles = web.FS()
	}
	a.Echo = a.buildEcho(auth, webFiles, &Server{
		IdentityHandler:      identity.NewHandler(a.Auth, a.Identity, identity.NewSSO(a.Auth, nil, cfg.Env == config.EnvProduction)),
		AuditLogHandler:      auditlog.NewHandler(auditlog.NewService(d), a.Jobs),
		MetaHandler:          meta.NewHandler(cfg, a.Orgs),
		OrganizationHandler:  organizations.NewHandler(a.Orgs),
		SetupHandler:         &SetupHandler{db: d, ids: a.Identity, orgs: a.Orgs, code: SetupCode([]byte(cfg.SecretKey))},
		JobsHandler:          jobsapi.NewHandler(jobsapi.NewService(d, a.Jobs)),
		NotificationsHandler: notifications.NewHandler(a.Notify),
		FilesHandler:         files.NewHandler(a.Files),
		ReportsHandler:       reports.NewHandler(d, a.Jobs),
		DataHandler:          dataplatform.NewHandler(a.Links, a.Tags, a.CustomFields, a.Timeline),
		AssetsHandler:        assets.NewHandler(a.Assets, a.Timeline),
		ImportsHandler:       imports.NewHandler(a.Imports),
		AttachmentsHandler:   attachments.NewHandler(a.Attachments),
		SoftwareHandler:      software.NewHandler(a.Software),
		ConfigsHandler:       configs.NewHandler(a.Configs),
		ComplianceHandler:    compliance.NewHandler(a.Compliance),
		InventoryHandler:     inventory.NewHandler(a.Inventory),
	})
	return a, nil
}

// LoadContract loads the embedded openapi.yaml and checks every operation's permission declaration.
func LoadContract() (*httpx.Contract, error) {
	spec, err := api.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("load embedded openapi.yaml: %w", err)
	}
	return httpx.LoadContract(spec)
}

func (a *App) buildEcho(auth httpx.Authenticator, files fs.FS, srv *Server) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = httpx.ErrorHandler(a.Log)
	e.IPExtractor = echo.ExtractIPDirect() // behind a proxy, configure it to overwrite; never trust X-Forwarded-For blindly

	// Order matters: the request id first (everything logs it), metrics outside the access log (which writes errors, so
	// metrics see final statuses), recovery inside both.
	e.Use(httpx.RequestContext(), a.Metrics.Middleware(), httpx.AccessLog(a.Log), httpx.Recover(a.Log),
		httpx.SecurityHeaders(a.Cfg.HSTS()))
	if len(a.Cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  a.Cfg.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
			AllowHeaders:  []string{"Authorization", "Content-Type", "If-Match", "Idempotency-Key", httpx.HeaderRequestID},
			ExposeHeaders: []string{"ETag", httpx.HeaderRequestID, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining"},
			MaxAge:        600,
		}))
	}
	if a.Cfg.RateLimitRPS > 0 {
		e.Use(httpx.NewRateLimiter(a.Cfg.RateLimitRPS, a.Cfg.RateLimitBurst).Middleware())
	}
	// File uploads (multipart) have their own, larger limit; every other body the general one.
	isUpload := func(c echo.Context) bool {
		return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
	}
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: fmt.Sprintf("%dB", a.Cfg.BodyLimitBytes), Skipper: isUpload}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: fmt.Sprintf("%dB", a.Cfg.UploadLimit),
		Skipper: func(c echo.Context) bool { return !isUpload(c) }}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Skipper: func(c echo.Context) bool { return c.Path() == "/metrics" },
	}))

	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/readyz", a.ready)
	e.GET("/metrics", a.Metrics.Handler())
	e.GET("/api/openapi.json", a.specJSON)
	e.GET("/api/docs", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/api/docs/") })
	e.GET("/api/docs/*", httpx.APIDocs(files))

	g := e.Group(httpx.BasePath, a.Contract.ContractMiddleware(auth, denialRecorder{a.DB}))
	api.RegisterHandlersWithBaseURL(g, api.NewStrictHandler(srv, nil), "")
	// Anything else under /api/v1 reaches the contract middleware too, which answers 404/405 problem+json.
	g.Any("/*", func(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound) })

	spa := httpx.SPA(files)
	e.GET("/*", spa)
	e.HEAD("/*", spa)
	e.RouteNotFound("/*", func(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound, "no such path") })
	return e
}

func (a *App) specJSON(c echo.Context) error {
	b, err := a.Contract.Spec.MarshalJSON()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSONBlob(http.StatusOK, b)
}

// ready answers 200 when the database answers and every migration is applied.
func (a *App) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
	}
	if !a.schemaCurrent.Load() {
		ok, err := a.DB.SchemaCurrent(ctx)
		if err != nil || !ok {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database schema not current: run opsdeck migrate up"})
		}
		a.schemaCurrent.Store(true) // migrations only move forward: once current, stays current for this binary
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// Serve listens until ctx is cancelled, then shuts down gracefully within the configured timeout.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           a.Echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	if a.Cfg.TLS() {
		cert, err := tls.LoadX509KeyPair(a.Cfg.TLSCertFile, a.Cfg.TLSKeyFile)
		if err != nil {
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		ln = tls.NewListener(ln, hs.TLSConfig)
	}
	if err := a.Jobs.Start(ctx); err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Rights changed on any instance reach this one through NOTIFY; a full reload every minute is the backstop.
	go a.RBAC.Listen(ctx, time.Minute)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "timeout", a.Cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), a.Cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := a.Jobs.Stop(sctx); err != nil {
		a.Log.Warn("jobs did not stop cleanly", "error", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
