package assets

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
)

// SeedDemo gives an organisation a realistic fleet: sites, brands and models, custom fields, tags and 320 assets in
// every status, many checked out to people (with their custody history). ctx must be scoped to the organisation and
// act as an administrator. It does nothing when the organisation already has assets, and reports how many it made.
func (s *Service) SeedDemo(ctx context.Context, cf *customfields.Service, tagIDs func(names ...string) ([]uuid.UUID, error), people []uuid.UUID) (int, error) {
	var n int64
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Model(&Asset{}).Count(&n).Error }); err != nil || n > 0 {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(42, 2026))
	str := func(v string) *string { return &v }
	boolp := func(v bool) *bool { return &v }

	var sites []uuid.UUID
	for _, l := range []LocationInput{
		{Name: str("Brussels HQ"), AddressLine1: str("Rue de la Loi 42"), PostalCode: str("1000"), City: str("Brussels"), Country: str("BE"), Timezone: str("Europe/Brussels")},
		{Name: str("Antwerp data centre"), AddressLine1: str("Noorderlaan 133"), PostalCode: str("2030"), City: str("Antwerp"), Country: str("BE"), Timezone: str("Europe/Brussels")},
		{Name: str("Liège substation"), AddressLine1: str("Quai de la Batte 7"), PostalCode: str("4000"), City: str("Liège"), Country: str("BE"), Timezone: str("Europe/Brussels")},
		{Name: str("Rotterdam office"), AddressLine1: str("Wilhelminakade 91"), PostalCode: str("3072 AP"), City: str("Rotterdam"), Country: str("NL"), Timezone: str("Europe/Amsterdam")},
		{Name: str("AWS eu-west-1"), Physical: boolp(false), Timezone: str("Europe/Dublin"), Notes: str("Cloud region (virtual place).")},
	} {
		loc, err := s.CreateLocation(ctx, l)
		if err != nil {
			return 0, fmt.Errorf("demo location: %w", err)
		}
		sites = append(sites, loc.ID)
	}
	type m struct{ brand, name, category string }
	var models []Model
	brands := map[string]uuid.UUID{}
	for _, x := range []m{{"Dell", "Latitude 7440", "laptop"}, {"Dell", "OptiPlex 7010", "desktop"}, {"Dell", "PowerEdge R760", "server"},
		{"Lenovo", "ThinkPad T14 Gen 4", "laptop"}, {"Lenovo", "ThinkPad X1 Carbon", "laptop"}, {"Apple", "MacBook Pro 14", "laptop"},
		{"Apple", "iPhone 15", "phone"}, {"Samsung", "Galaxy S24", "phone"}, {"Cisco", "Catalyst 9300", "network"},
		{"Fortinet", "FortiGate 200F", "network"}, {"HPE", "Nimble HF40", "storage"}, {"Siemens", "SCALANCE XC208", "iot"},
		{"Dell", "UltraSharp U2723QE", "monitor"}, {"HP", "LaserJet M611", "printer"}} {
		if _, ok := brands[x.brand]; !ok {
			b, err := s.CreateBrand(ctx, BrandInput{Name: str(x.brand)})
			if err != nil {
				return 0, fmt.Errorf("demo brand: %w", err)
			}
			brands[x.brand] = b.ID
		}
		id := brands[x.brand]
		mod, err := s.CreateModel(ctx, ModelInput{BrandID: &id, Name: str(x.name), Category: str(x.category)})
		if err != nil {
			return 0, fmt.Errorf("demo model: %w", err)
		}
		models = append(models, mod)
	}
	for _, def := range []customfields.Input{
		{EntityType: TypeAsset, Key: "cost_centre", Type: "select", Label: str("Cost centre"), Options: &[]string{"IT", "OT", "Finance", "Operations", "Field services"}},
		{EntityType: TypeAsset, Key: "ram_gb", Type: "number", Label: str("RAM (GB)")},
		{EntityType: TypeAsset, Key: "disk_encrypted", Type: "boolean", Label: str("Disk encrypted"), Help: str("Full-disk encryption verified by IT.")},
		{EntityType: TypeAsset, Key: "network_zone", Type: "multi_select", Label: str("Network zones"), Options: &[]string{"office", "dmz", "ot", "management"}},
	} {
		if _, err := cf.Create(ctx, def); err != nil {
			return 0, fmt.Errorf("demo custom field: %w", err)
		}
	}
	tagSets, err := tagIDs("NIS2 critical", "Finance", "Loaner", "OT network", "Refresh 2027")
	if err != nil {
		return 0, err
	}
	created := 0
	today := time.Now().UTC()
	for i := range 320 {
		mod := models[rng.IntN(len(models))]
		bought := today.AddDate(0, 0, -rng.IntN(6*365)-10)
		cost := map[string]int{"laptop": 1400, "desktop": 900, "server": 9500, "phone": 850, "network": 4200, "storage": 28000,
			"iot": 650, "monitor": 480, "printer": 1200}[mod.Category]
		in := AssetInput{
			Name:           str(fmt.Sprintf("%s %03d", mod.Name, i+1)),
			AssetTag:       Some(fmt.Sprintf("AC-%05d", 1000+i)),
			Serial:         Some(fmt.Sprintf("%s%08X", mod.BrandName[:2], rng.Uint32())),
			ModelID:        Some(mod.ID),
			LocationID:     Some(sites[rng.IntN(len(sites))]),
			PurchaseDate:   Some(bought),
			Cost:           Some(fmt.Sprintf("%d.00", cost+rng.IntN(cost/5+1))),
			Currency:       Some("EUR"),
			WarrantyMonths: Some([]int{12, 24, 36, 36, 48, 60}[rng.IntN(6)]),
			SupplierName:   str([]string{"Bechtle", "Computacenter", "Econocom", "Dustin"}[rng.IntN(4)]),
			Critical:       boolp(mod.Category == "server" || mod.Category == "network" || mod.Category == "storage"),
			Virtual:        boolp(false),
			CustomFields: map[string]any{"cost_centre": []string{"IT", "OT", "Finance", "Operations", "Field services"}[rng.IntN(5)],
				"disk_encrypted": rng.IntN(10) > 1},
		}
		if mod.Category == "laptop" || mod.Category == "desktop" || mod.Category == "server" {
			in.CustomFields["ram_gb"] = float64([]int{8, 16, 16, 32, 64, 128}[rng.IntN(6)])
		}
		if mod.Category == "network" || mod.Category == "iot" {
			in.CustomFields["network_zone"] = []any{"ot", "management"}
		}
		var picked []uuid.UUID
		if mod.Category == "iot" || mod.Category == "network" {
			picked = append(picked, tagSets[3])
		}
		if in.Critical != nil && *in.Critical {
			picked = append(picked, tagSets[0])
		}
		if bought.Before(today.AddDate(-4, 0, 0)) {
			picked = append(picked, tagSets[4])
		}
		in.TagIDs = &picked
		a, err := s.CreateAsset(ctx, in)
		if err != nil {
			return created, fmt.Errorf("demo asset %d: %w", i, err)
		}
		created++
		// Most personal devices are out with someone; some came back; a few are in repair or awaiting disposal.
		personal := mod.Category == "laptop" || mod.Category == "phone" || mod.Category == "monitor"
		switch r := rng.IntN(100); {
		case personal && len(people) > 0 && r < 70:
			holder := people[rng.IntN(len(people))]
			if r < 15 { // an earlier holder first
				prev := people[rng.IntN(len(people))]
				if _, err := s.CheckOut(ctx, a.ID, nil, prev, nil, false, "New starter kit"); err != nil {
					return created, err
				}
				if _, err := s.CheckIn(ctx, a.ID, nil, nil, "Returned at offboarding, wiped"); err != nil {
					return created, err
				}
			}
			if _, err := s.CheckOut(ctx, a.ID, nil, holder, nil, r%4 == 0, ""); err != nil {
				return created, err
			}
		case r >= 90 && r < 95:
			if _, err := s.Transition(ctx, a.ID, nil, InRepair, "Sent to the supplier's repair centre"); err != nil {
				return created, err
			}
		case r >= 95:
			if _, err := s.Transition(ctx, a.ID, nil, AwaitingDisposal, "End of life"); err != nil {
				return created, err
			}
		}
	}
	return created, nil
}
