// Command opsdeck is the whole of OpsDeck in one binary: the API and web application, background workers, migrations
// and seeding.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	_ "time/tzdata" // time zones work on minimal images without /usr/share/zoneinfo

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/buildinfo"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/logging"
	"github.com/opsdeck/opsdeck/backend/internal/platform/pgdiscover"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := rootCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "opsdeck:", err)
		os.Exit(1)
	}
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "opsdeck",
		Short: "OpsDeck: IT operations and governance for regulated organisations",
		Long: `OpsDeck runs IT operations and governance (assets, vendors, frameworks, audits, risks, incidents and
their notification to authorities) in one binary on PostgreSQL.

Configuration comes from OPSDECK_* environment variables; see "opsdeck serve --help".`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serveCmd(), workerCmd(), migrateCmd(), seedCmd(), adminCmd(), auditCmd(), checkCmd(), versionCmd(), healthcheckCmd())
	return root
}

func envHelp() string {
	var b strings.Builder
	b.WriteString("\nEnvironment variables:\n")
	w := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	for _, v := range config.Vars {
		def := v.Default
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", v.Name, def, v.Description)
	}
	_ = w.Flush()
	return b.String()
}

// setup loads the configuration, the logger and the database (discovered as DESIGN §4 says).
func setup(ctx context.Context) (*config.Config, *slog.Logger, *db.DB, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, nil, nil, err
	}
	log := logging.New(os.Stderr, cfg.LogLevel, cfg.LogFormat)
	url, source, err := pgdiscover.DatabaseURL(ctx, cfg.DatabaseURL, cfg.DataDir, "opsdeck", log)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := db.Open(ctx, url, db.Options{MaxConns: cfg.DBMaxConns, Logger: log})
	if err != nil {
		return nil, nil, nil, err
	}
	log.Info("database connected", "source", string(source))
	return cfg, log, d, nil
}

// withDB runs fn with the configured database, closing it afterwards.
func withDB(fn func(cmd *cobra.Command, log *slog.Logger, d *db.DB) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		_, log, d, err := setup(cmd.Context())
		if err != nil {
			return err
		}
		defer d.Close()
		return fn(cmd, log, d)
	}
}

func migrate(ctx context.Context, log *slog.Logger, d *db.DB) error {
	applied, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "versions", applied)
	}
	return nil
}

func serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API, the web application and (by default) the background workers",
		Long: `Serve applies pending migrations (under an advisory lock, so replicas may start together), then serves
the REST API under /api/v1, its reference at /api/docs/, the web application at /, and /healthz, /readyz and
/metrics. It shuts down gracefully on SIGINT/SIGTERM.` + envHelp(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			ctx := cmd.Context()
			cfg, log, d, err := setup(ctx)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := migrate(ctx, log, d); err != nil {
				return err
			}
			a, err := app.New(cfg, log, d, app.Options{})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", cfg.HTTPAddr)
			if err != nil {
				return fmt.Errorf("listen on %s (OPSDECK_HTTP_ADDR): %w", cfg.HTTPAddr, err)
			}
			if required, err := app.SetupRequired(ctx, d); err == nil && required {
				log.Warn("first-run setup is pending: open the web application and enter this setup code (or run opsdeck admin create)",
					"setup_code", app.SetupCode([]byte(cfg.SecretKey)))
			}
			if cfg.DevBootstrap {
				log.Warn("development bootstrap principal is ON: every request acts as an administrator of the first organisation")
			}
			log.Info("opsdeck ready", "address", ln.Addr().String(), "public_url", cfg.PublicURL.String(),
				"environment", cfg.Env, "version", buildinfo.Version, "workers", cfg.Workers,
				"startup_ms", time.Since(start).Milliseconds())
			return a.Serve(ctx, ln)
		},
	}
	return cmd
}

func workerCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "worker",
		Short: "Run background workers only (for scale-out next to serve replicas started with OPSDECK_WORKERS=false)",
		Long: `Worker connects to the database and works background jobs and schedules without serving the API. Several
workers and serve replicas may run at once: jobs are taken by one of them, schedules fire once per period across all.
It stops gracefully on SIGINT/SIGTERM, letting running jobs finish within OPSDECK_SHUTDOWN_TIMEOUT.` + envHelp(),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			cfg, log, d, err := setup(ctx)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := migrate(ctx, log, d); err != nil {
				return err
			}
			cfg.Workers = true
			a, err := app.New(cfg, log, d, app.Options{})
			if err != nil {
				return err
			}
			if err := a.Jobs.Start(ctx); err != nil {
				return err
			}
			log.Info("worker started")
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
			defer cancel()
			if err := a.Jobs.Stop(sctx); err != nil {
				log.Warn("jobs did not stop cleanly", "error", err)
			}
			log.Info("worker stopped")
			return nil
		},
	}
}

func migrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply or inspect database migrations",
		Long:  "Migrations are forward-only SQL files embedded in the binary.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New(`say what to do: "opsdeck migrate up" or "opsdeck migrate status"`)
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration (under an advisory lock)",
		Args:  cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, log *slog.Logger, d *db.DB) error {
			applied, err := d.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			log.Info("migrate up done", "applied", len(applied))
			fmt.Fprintf(cmd.OutOrStdout(), "%d migration(s) applied\n", len(applied))
			return nil
		}),
	}, &cobra.Command{
		Use:   "status",
		Short: "List migrations and whether each is applied",
		Args:  cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, _ *slog.Logger, d *db.DB) error {
			st, err := d.MigrationStatuses(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "VERSION\tSTATE\tFILE")
			for _, s := range st {
				state := "pending"
				if s.Applied {
					state = "applied"
				}
				fmt.Fprintf(w, "%d\t%s\t%s\n", s.Version, state, s.Name)
			}
			return w.Flush()
		}),
	})
	return cmd
}

func seedCmd() *cobra.Command {
	var demo bool
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Load data into the database",
		Long: `Seed loads data into the database. --demo loads the demonstration organisations and their data; it is
idempotent: what already exists is left alone.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !demo {
				return errors.New("say what to seed: --demo")
			}
			ctx := cmd.Context()
			cfg, log, d, err := setup(ctx)
			if err != nil {
				return err
			}
			defer d.Close()
			if cfg.Env == config.EnvProduction {
				return errors.New("demo data has public passwords: seed --demo runs only with OPSDECK_ENV=development or test")
			}
			if err := migrate(ctx, log, d); err != nil {
				return err
			}
			a, err := app.New(cfg, log, d, app.Options{})
			if err != nil {
				return err
			}
			lines, err := a.SeedDemo(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "demo data: %s\n", strings.Join(lines, ", "))
			fmt.Fprintf(cmd.OutOrStdout(), "demo logins (password %s): owner@acme-energy.example, administrator@, editor@, viewer@, auditor@, employee@ (acme-energy.example and nca.example), platform@opsdeck.example\n", app.DemoPassword)
			return nil
		},
	}
	cmd.Flags().BoolVar(&demo, "demo", false, "load the demonstration data")
	return cmd
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and build of this binary",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "opsdeck %s (commit %s, built %s, %s)\n",
				buildinfo.Version, buildinfo.Commit, buildinfo.Date, buildinfo.GoVersion())
		},
	}
}

func healthcheckCmd() *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the local server answers /readyz with 200 (for container health checks)",
		Long: `Healthcheck asks a running "opsdeck serve" for GET /readyz and exits 0 when it is ready, 1 otherwise. Images
without a shell or curl use it as their HEALTHCHECK. By default it derives the URL from OPSDECK_HTTP_ADDR.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				addr := os.Getenv("OPSDECK_HTTP_ADDR")
				if addr == "" {
					addr = ":8080"
				}
				host, port, err := net.SplitHostPort(addr)
				if err != nil {
					return fmt.Errorf("OPSDECK_HTTP_ADDR %q: %w", addr, err)
				}
				if host == "" || host == "0.0.0.0" || host == "::" {
					host = "127.0.0.1"
				}
				url = "http://" + net.JoinHostPort(host, port) + "/readyz"
			}
			client := &http.Client{Timeout: timeout}
			res, err := client.Get(url)
			if err != nil {
				return fmt.Errorf("not healthy: %w", err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("not ready: %s answered %s", url, res.Status)
			}
			fmt.Fprintln(cmd.OutOrStdout(), "ready")
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "readiness URL (default: http://127.0.0.1:<port of OPSDECK_HTTP_ADDR>/readyz)")
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	return cmd
}

func checkCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the consistency of stored data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New(`say what to check: "opsdeck check links"`)
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "links",
		Short: "Prove that no link, attachment or evidence points to a record that does not exist",
		Long: `Links checks every pointer to a record of any linkable type, in every organisation: both ends of links, the owners
of unarchived attachments, the records of compliance evidence. Each must name a registered linkable type and an
existing row of that organisation. It prints each orphan (row, organisation, the missing end) and exits 1 when it
finds one. Archived records are not orphans: archiving keeps links; deleting a row removes its links and evidence and
archives its attachments (a database trigger).`,
		Args: cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, _ *slog.Logger, d *db.DB) error {
			orphans, total, err := links.NewService(d, app.LinkableTypes()).Check(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, o := range orphans {
				what := "is missing"
				if o.UnknownType {
					what = "is of a type no module registers"
				}
				fmt.Fprintf(out, "ORPHAN  %s %s (organisation %s): its %s %s:%s %s\n", o.Reference.Noun, o.ID, o.Organization,
					o.Reference.End, o.Type, o.EntityID, what)
			}
			if len(orphans) > 0 {
				return fmt.Errorf("%d orphan(s) among %d reference(s)", len(orphans), total)
			}
			fmt.Fprintf(out, "%d reference(s) checked (links, attachments, evidence), none orphaned\n", total)
			return nil
		}),
	})
	return cmd
}

func auditCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Inspect the audit trail",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New(`say what to do: "opsdeck audit verify"`)
		},
	}
	var org string
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Prove the audit hash chains and name the first broken link",
		Long: `Verify recomputes every organisation's audit hash chain (or only --org's) from the stored rows and compares it
with the stored hashes and the chain head. It exits 1 and names the first broken row (sequence number, id, reason)
when a row was altered, removed or inserted behind the application's back.`,
		Args: cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, _ *slog.Logger, d *db.DB) error {
			ctx := cmd.Context()
			var chains []uuid.UUID
			if org != "" {
				id, err := resolveOrganization(ctx, d, org)
				if err != nil {
					return err
				}
				chains = []uuid.UUID{id}
			} else {
				var err error
				if chains, err = audit.Chains(ctx, d.Pool); err != nil {
					return err
				}
			}
			broken := 0
			out := cmd.OutOrStdout()
			for _, c := range chains {
				rep, err := audit.Verify(ctx, d.Pool, c)
				if err != nil {
					return err
				}
				name := c.String()
				if c == audit.PlatformOrg {
					name = "platform"
				}
				if rep.OK() {
					fmt.Fprintf(out, "ok      %s  %d rows (seq %d..%d)\n", name, rep.Rows, rep.FirstSeq, rep.LastSeq)
					continue
				}
				broken++
				fmt.Fprintf(out, "BROKEN  %s  at seq %d (row %s): %s\n", name, rep.Broken.Seq, rep.Broken.ID, rep.Broken.Reason)
			}
			if broken > 0 {
				return fmt.Errorf("%d of %d audit chain(s) broken", broken, len(chains))
			}
			fmt.Fprintf(out, "%d audit chain(s) verified\n", len(chains))
			return nil
		}),
	}
	verify.Flags().StringVar(&org, "org", "", "only this organisation (slug or id)")
	cmd.AddCommand(verify)
	return cmd
}

// resolveOrganization accepts an organisation slug or id.
func resolveOrganization(ctx context.Context, d *db.DB, ref string) (uuid.UUID, error) {
	var id uuid.UUID
	err := d.Pool.QueryRow(ctx, "SELECT id FROM organizations WHERE slug = $1 OR id::text = $1", ref).Scan(&id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("no organisation with slug or id %q", ref)
	}
	return id, nil
}

func adminCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Administer users from the command line (first administrator, recovery)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New(`say what to do: "opsdeck admin create --email ..."`)
		},
	}
	var email, name, org, role string
	var platform, passwordStdin bool
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a user: the first administrator of an organisation, or a platform administrator",
		Long: `Create adds a user who can sign in at once. With --org the user becomes a member of that organisation with
--role (default owner); with --platform the user administers the deployment (organisations, not their data).
The password is read from standard input with --password-stdin; otherwise a random one is generated, printed once,
and must be changed at first sign-in.`,
		Args: cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, log *slog.Logger, d *db.DB) error {
			ctx := cmd.Context()
			if org == "" && !platform {
				return errors.New("say where the user belongs: --org <slug> (organisation administrator) or --platform")
			}
			if _, ok := identity.BuiltinRoleByKey(role); org != "" && !ok {
				return fmt.Errorf("unknown role %q (owner, administrator, editor, viewer, auditor, employee)", role)
			}
			cfg, err := config.FromEnv()
			if err != nil {
				return err
			}
			if err := migrate(ctx, log, d); err != nil {
				return err
			}
			a, err := app.New(cfg, log, d, app.Options{})
			if err != nil {
				return err
			}
			pw, generated := "", false
			if passwordStdin {
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1024))
				if err != nil {
					return err
				}
				pw = strings.TrimRight(string(b), "\r\n")
			} else {
				pw, generated = identity.RandomPassword(), true
			}
			level := "none"
			if platform {
				level = "admin"
			}
			u, err := a.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: name, Password: pw,
				PlatformLevel: level, MustChange: generated})
			if err != nil {
				return err
			}
			if org != "" {
				id, err := resolveOrganization(ctx, d, org)
				if err != nil {
					return err
				}
				if _, err := a.Identity.AddMember(ctx, id, u.ID, role); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "created %s (%s)\n", u.Email, u.ID)
			if generated {
				fmt.Fprintf(out, "password (shown once; change it at first sign-in): %s\n", pw)
			}
			return nil
		}),
	}
	create.Flags().StringVar(&email, "email", "", "e-mail address (the login)")
	create.Flags().StringVar(&name, "name", "Administrator", "display name")
	create.Flags().StringVar(&org, "org", "", "organisation slug or id to join")
	create.Flags().StringVar(&role, "role", "owner", "built-in role in --org")
	create.Flags().BoolVar(&platform, "platform", false, "make the user a platform administrator")
	create.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	_ = create.MarkFlagRequired("email")
	rotate := &cobra.Command{
		Use:   "rotate-signing-key",
		Short: "Retire the access-token signing key and start signing with a new one",
		Long: `Rotate-signing-key activates a new signing key. The old key keeps verifying the tokens it signed until they
expire (15 minutes), so nobody is signed out; running instances load the new key when they first meet it.`,
		Args: cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, log *slog.Logger, d *db.DB) error {
			cfg, err := config.FromEnv()
			if err != nil {
				return err
			}
			a, err := app.New(cfg, log, d, app.Options{})
			if err != nil {
				return err
			}
			kid, err := a.Auth.RotateSigningKey(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "new signing key %s is active\n", kid)
			return nil
		}),
	}
	setupCode := &cobra.Command{
		Use:   "setup-code",
		Short: "Print the one-time code that first-run setup in the web application asks for",
		Long: `Setup-code prints the code that the first-run setup page asks for, derived from OPSDECK_SECRET_KEY (every
instance accepts the same code). It only works while the deployment has no user at all; afterwards it refuses.`,
		Args: cobra.NoArgs,
		RunE: withDB(func(cmd *cobra.Command, _ *slog.Logger, d *db.DB) error {
			cfg, err := config.FromEnv()
			if err != nil {
				return err
			}
			required, err := app.SetupRequired(cmd.Context(), d)
			if err != nil {
				return err
			}
			if !required {
				return errors.New("setup is already done: this deployment has users (use opsdeck admin create to add one)")
			}
			fmt.Fprintln(cmd.OutOrStdout(), app.SetupCode([]byte(cfg.SecretKey)))
			return nil
		}),
	}
	cmd.AddCommand(create, rotate, setupCode)
	return cmd
}
