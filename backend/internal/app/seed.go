package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
)

// DemoPassword signs in every demo user. It is public (README), so demo data must never reach a production
// deployment: `seed --demo` refuses to run in production.
const DemoPassword = "Harbour-Lantern-Quartz-42"

// DemoUser is a seeded login.
type DemoUser struct {
	Email, Name, Role string
	OrgSlug           string // empty: platform administrator without organisation
}

// DemoUsers are one user per built-in role in the operator and in the regulator, plus a platform administrator.
func DemoUsers() []DemoUser {
	var out []DemoUser
	for _, org := range []struct{ slug, domain string }{{"acme-energy", "acme-energy.example"}, {"national-cyber-authority", "nca.example"}} {
		for _, r := range identity.BuiltinRoles {
			out = append(out, DemoUser{Email: r.Key + "@" + org.domain, Name: "Demo " + r.Name, Role: r.Key, OrgSlug: org.slug})
		}
	}
	return append(out, DemoUser{Email: "platform@opsdeck.example", Name: "Demo Platform Administrator"})
}

// SeedDemo loads the demonstration data; what exists is left alone. It returns a summary line per kind of thing.
func (a *App) SeedDemo(ctx context.Context) ([]string, error) {
	orgsCreated, err := a.Orgs.SeedDemo(ctx)
	if err != nil {
		return nil, err
	}
	// Organisations seeded by older versions may lack their built-in roles.
	err = a.DB.PlatformTx(ctx, func(tx *gorm.DB) error {
		var orgs []organizations.Organization
		if err := tx.Find(&orgs).Error; err != nil {
			return err
		}
		for _, o := range orgs {
			if err := identity.SeedRoles(tx, o.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	usersCreated := 0
	for _, du := range DemoUsers() {
		level := "none"
		if du.OrgSlug == "" {
			level = "admin"
		}
		u, err := a.Identity.CreateUser(ctx, identity.NewUser{Email: du.Email, Name: du.Name, Password: DemoPassword, PlatformLevel: level})
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.KindConflict {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		usersCreated++
		if du.OrgSlug == "" {
			continue
		}
		var org organizations.Organization
		if err := a.DB.PlatformTx(ctx, func(tx *gorm.DB) error { return tx.Where("slug = ?", du.OrgSlug).Take(&org).Error }); err != nil {
			return nil, err
		}
		if _, err := a.Identity.AddMember(ctx, org.ID, u.ID, du.Role); err != nil && !isConflict(err) {
			return nil, err
		}
	}
	notified, err := a.seedNotifications(ctx)
	if err != nil {
		return nil, err
	}
	fleet, err := a.seedAssets(ctx)
	if err != nil {
		return nil, err
	}
	// Inventory campaigns (not in the summary: seed_test pins its lines).
	if _, err := a.seedInventory(ctx); err != nil {
		return nil, err
	}
	// The software catalogue and licences (not in the summary either).
	if _, err := a.seedSoftware(ctx); err != nil {
		return nil, err
	}
	// Configuration items (CMDB), linked to the fleet (not in the summary either).
	if _, err := a.seedConfigs(ctx); err != nil {
		return nil, err
	}
	// Compliance frameworks with their Statement of Applicability (not in the summary either).
	if _, err := a.seedCompliance(ctx); err != nil {
		return nil, err
	}
	return []string{
		fmt.Sprintf("%d organisation(s) created", orgsCreated),
		fmt.Sprintf("%d user(s) created", usersCreated),
		fmt.Sprintf("%d notification set-up(s) created", notified),
		fmt.Sprintf("%d asset(s) created", fleet),
	}, nil
}

// demoOperator is the demo operator organisation, its active members and a context acting in it for the seed.
func (a *App) demoOperator(ctx context.Context) (context.Context, []uuid.UUID, error) {
	var org organizations.Organization
	var people []uuid.UUID
	err := a.DB.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("slug = ?", "acme-energy").Take(&org).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = ? AND m.status = 'active' ORDER BY u.email`, org.ID).Scan(&people).Error
	})
	seedCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "demo-seed", Kind: reqctx.KindSystem, Name: "Demo seed",
		OrganizationID: org.ID})
	return seedCtx, people, err
}

// seedAssets gives the demo operator its fleet, with its peripherals, maintenance and disposals.
func (a *App) seedAssets(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	tagIDs := func(names ...string) ([]uuid.UUID, error) {
		colours := []string{"red", "green", "violet", "orange", "gray"}
		out := make([]uuid.UUID, 0, len(names))
		for i, n := range names {
			n, c := n, colours[i%len(colours)]
			t, err := a.Tags.Create(seedCtx, tags.Input{Name: &n, Colour: &c})
			if err != nil {
				return nil, err
			}
			out = append(out, t.ID)
		}
		return out, nil
	}
	fleet, err := a.Assets.SeedDemo(seedCtx, a.CustomFields, tagIDs, people)
	if err != nil {
		return fleet, err
	}
	// Peripherals, maintenance, the erasure register and disposals on top of the fleet (not in the summary line).
	_, err = a.Assets.SeedInventory(seedCtx, people)
	return fleet, err
}

// seedNotifications gives the demo operator its webhooks, settings, inbox and delivery log.
func (a *App) seedNotifications(ctx context.Context) (int, error) {
	seedCtx, people, err := a.demoOperator(ctx)
	if err != nil {
		return 0, err
	}
	seeded, err := a.Notify.SeedDemo(seedCtx, people)
	if seeded {
		return 1, err
	}
	return 0, err
}

func isConflict(err error) bool {
	var ae *apperr.Error
	return errors.As(err, &ae) && ae.Kind == apperr.KindConflict
}
