package organizations

import (
	"context"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// DemoOrganizations are the organisations `opsdeck seed --demo` creates: an operator (the organisation the demo signs
// into), a second operator and the regulator supervising both.
func DemoOrganizations() []Organization {
	all := db.TextArray(config.Modules)
	withSettings := func(legal, tz, cur string, domains ...string) Settings {
		s := DefaultSettings()
		s.LegalName, s.Timezone, s.BaseCurrency, s.Domains = legal, tz, cur, domains
		return s
	}
	return []Organization{
		{Name: "Acme Energy", Slug: "acme-energy", Kind: KindOperator, Country: "BE", Identifier: "ACME",
			Settings:         withSettings("Acme Energy SA", "Europe/Brussels", "EUR", "acme-energy.example"),
			EntityCategories: db.TextArray{"essential"}, Sectors: db.TextArray{"energy"}, EnabledModules: all},
		{Name: "Northwind Health", Slug: "northwind-health", Kind: KindOperator, Country: "NL", Identifier: "NWH",
			Settings:         withSettings("Northwind Health B.V.", "Europe/Amsterdam", "EUR", "northwind-health.example"),
			EntityCategories: db.TextArray{"important"}, Sectors: db.TextArray{"health"}, EnabledModules: all},
		{Name: "National Cyber Authority", Slug: "national-cyber-authority", Kind: KindRegulator, Country: "BE",
			Identifier: "NCA", Settings: withSettings("National Cyber Authority", "Europe/Brussels", "EUR", "nca.example"),
			EnabledModules: db.TextArray{"incidents", "notifications_regulatory", "security_objectives", "reporting", "administration"}},
	}
}

// SeedDemo creates the demo organisations that do not exist yet; running it again changes nothing. It returns how many
// it created.
func (s *Service) SeedDemo(ctx context.Context) (int, error) {
	created := 0
	for _, o := range DemoOrganizations() {
		err := s.Create(ctx, &o)
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.KindConflict {
			continue // already seeded
		}
		if err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}
