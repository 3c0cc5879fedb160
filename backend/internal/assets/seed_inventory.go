package assets

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// SeedInventory gives the demo fleet its peripherals (some attached to laptops, some out with people), two years of
// maintenance with a data-erasure register, and disposals (one corrected with its reason). ctx must be scoped to the
// organisation and act as an administrator; it does nothing when the organisation already has peripherals or no
// assets, and reports how many records it made.
func (s *Service) SeedInventory(ctx context.Context, people []uuid.UUID) (int, error) {
	type pick struct {
		ID       uuid.UUID
		Status   string
		Category string
		HolderID *uuid.UUID
	}
	var assets []pick
	var peripherals int64
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Peripheral{}).Count(&peripherals).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT a.id, a.status, coalesce(m.category, 'other') AS category, a.holder_id FROM assets a
			LEFT JOIN asset_models m ON m.id = a.model_id WHERE a.archived_at IS NULL ORDER BY a.asset_tag, a.id`).Scan(&assets).Error
	})
	if err != nil || peripherals > 0 || len(assets) == 0 {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(7, 2026))
	str := func(v string) *string { return &v }
	today := time.Now().UTC().Truncate(24 * time.Hour)
	made := 0

	// Peripherals: a dock on a third of the laptops, headsets and monitors out with people, keyboards in stock.
	var models []Model
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("category IN ('monitor', 'peripheral') AND archived_at IS NULL").Order("name").Find(&models).Error
	}); err != nil {
		return made, err
	}
	modelOf := func() Opt[uuid.UUID] {
		if len(models) == 0 {
			return Opt[uuid.UUID]{}
		}
		return Some(models[rng.IntN(len(models))].ID)
	}
	n := 0
	for _, a := range assets {
		if a.Category != "laptop" || rng.IntN(3) != 0 {
			continue
		}
		n++
		if _, err := s.CreatePeripheral(ctx, PeripheralInput{Name: str(fmt.Sprintf("USB-C dock %03d", n)),
			Serial: Some(fmt.Sprintf("DK%08X", rng.Uint32())), AssetID: Some(a.ID), Cost: Some("189.00"), Currency: Some("EUR"),
			PurchaseDate: Some(today.AddDate(0, 0, -rng.IntN(900)-30)), WarrantyMonths: Some(24), SupplierName: str("Dustin")}); err != nil {
			return made, fmt.Errorf("demo dock: %w", err)
		}
		made++
	}
	for i := range 40 {
		kind := []string{"Headset", "Monitor 27\"", "Keyboard", "Webcam"}[i%4]
		p, err := s.CreatePeripheral(ctx, PeripheralInput{Name: str(fmt.Sprintf("%s %03d", kind, i+1)),
			Serial: Some(fmt.Sprintf("PR%08X", rng.Uint32())), ModelID: modelOf(), Cost: Some(fmt.Sprintf("%d.00", 40+rng.IntN(400))),
			Currency: Some("EUR"), PurchaseDate: Some(today.AddDate(0, 0, -rng.IntN(1200)-30)), WarrantyMonths: Some(24),
			SupplierName: str("Bechtle")})
		if err != nil {
			return made, fmt.Errorf("demo peripheral: %w", err)
		}
		made++
		if len(people) > 0 && i%4 != 2 && rng.IntN(10) < 7 {
			if _, err := s.CheckOutPeripheral(ctx, p.ID, nil, people[rng.IntN(len(people))], nil, i%3 == 0, ""); err != nil {
				return made, err
			}
		}
	}

	// Maintenance over two years: repairs cluster on a few models, planned work and inspections on the servers and
	// network, upgrades on laptops.
	titles := map[string][]string{
		"repair":     {"Replace battery", "Replace keyboard", "Screen cracked", "Fan noise", "Power supply failure"},
		"unplanned":  {"Blue screen after update", "Disk SMART errors", "Port flapping"},
		"planned":    {"Firmware update", "Quarterly patching", "Replace UPS batteries"},
		"inspection": {"Annual electrical safety test", "Physical security inspection"},
		"upgrade":    {"RAM upgrade to 32 GB", "SSD upgrade", "OS upgrade to Windows 11"},
	}
	for i := range 90 {
		a := assets[rng.IntN(len(assets))]
		typ := []string{"repair", "repair", "unplanned", "planned", "inspection", "upgrade"}[rng.IntN(6)]
		if (a.Category == "server" || a.Category == "network" || a.Category == "storage") && typ == "repair" {
			typ = "planned"
		}
		status, when := "done", today.AddDate(0, 0, -rng.IntN(720)-1)
		if i%15 == 0 {
			status, when = "scheduled", today.AddDate(0, 0, rng.IntN(60)+1)
		} else if i%23 == 0 {
			status = "in_progress"
		}
		in := MaintenanceInput{AssetID: &a.ID, Type: str(typ), Status: str(status), Title: str(titles[typ][rng.IntN(len(titles[typ]))]),
			PerformedOn: &when}
		if len(people) > 0 {
			in.AssigneeID = Some(people[rng.IntN(len(people))])
		}
		if typ == "repair" || typ == "unplanned" {
			in.TicketURL = Some(fmt.Sprintf("https://servicedesk.acme-energy.example/browse/IT-%d", 4000+i))
			in.Cost, in.Currency = Some(fmt.Sprintf("%d.00", 60+rng.IntN(400))), Some("EUR")
		}
		if _, err := s.CreateMaintenance(ctx, in); err != nil {
			return made, fmt.Errorf("demo maintenance: %w", err)
		}
		made++
	}

	// End of life: the assets awaiting disposal and some old stock are wiped (the erasure register), then disposed of.
	var leaving []pick
	for _, a := range assets {
		if a.Status == AwaitingDisposal || (a.Status == InStock && rng.IntN(12) == 0) {
			leaving = append(leaving, a)
		}
	}
	methods := []string{"recycled", "recycled", "destroyed", "sold", "donated"}
	for i, a := range leaving {
		when := today.AddDate(0, 0, -rng.IntN(300)-5)
		wiped := when.AddDate(0, 0, -3)
		method := []string{"clear", "purge", "purge", "destroy"}[rng.IntN(4)]
		if _, err := s.CreateMaintenance(ctx, MaintenanceInput{AssetID: &a.ID, Type: str(DataErasure), Status: str("done"),
			Title: str("Data erasure before disposal"), PerformedOn: &wiped, ErasureMethod: Some(method),
			VerifiedBy: str([]string{"GreenIT Recycling NV", "IT service desk"}[rng.IntN(2)])}); err != nil {
			return made, fmt.Errorf("demo erasure: %w", err)
		}
		made++
		if i%4 == 3 {
			continue // wiped, disposal still to come
		}
		m := methods[rng.IntN(len(methods))]
		in := DisposalInput{AssetID: &a.ID, DisposedOn: &when, Method: str(m), Partner: str("GreenIT Recycling NV"),
			Certificate: str(fmt.Sprintf("GIT-%d-%04d", when.Year(), 100+i))}
		if m == "sold" {
			in.Partner, in.Price, in.Currency = str("Staff sale"), Some(fmt.Sprintf("%d.00", 50+rng.IntN(250))), Some("EUR")
		}
		if m == "donated" {
			in.Partner = str("Digital for Youth vzw")
		}
		d, err := s.CreateDisposal(ctx, in)
		if err != nil {
			return made, fmt.Errorf("demo disposal: %w", err)
		}
		made++
		if i == 0 {
			if _, err := s.UpdateDisposal(ctx, d.ID, nil, DisposalInput{Certificate: str(fmt.Sprintf("GIT-%d-%04d-B", when.Year(), 100+i)),
				Reason: str("The recycler reissued the certificate with the serial numbers listed.")}); err != nil {
				return made, fmt.Errorf("demo disposal correction: %w", err)
			}
		}
	}
	return made, nil
}
