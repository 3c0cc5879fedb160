package compliance

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/patch"
)

// demoExclusions are the controls the demo operator leaves out of its Statement of Applicability, with its reasons.
var demoExclusions = map[string]map[string]string{
	"iso27001-2022": {
		"8.28": "No software is developed in-house: business applications are bought as SaaS or off the shelf.",
		"8.30": "No development is outsourced; suppliers deliver finished products only.",
		"7.6":  "No secure areas beyond the data centre rooms, which 7.1–7.4 already cover.",
	},
}

// SeedDemo activates ISO/IEC 27001:2022 and the NIS2 measures for the demo operator (acting in ctx), with owners for
// their controls and a few justified exclusions. What exists is left alone; it returns the frameworks it activated.
func (s *Service) SeedDemo(ctx context.Context, people []uuid.UUID) (int, error) {
	activated := 0
	for _, key := range []string{"iso27001-2022", "nis2-art21"} {
		var n int64
		if err := s.db.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&Framework{}).Where("origin = ? AND key = ?", Builtin, key).Count(&n).Error
		}); err != nil {
			return activated, err
		}
		if n > 0 {
			continue
		}
		fw, err := s.Activate(ctx, key)
		if err != nil {
			return activated, err
		}
		activated++
		controls, err := s.ListControls(ctx, fw.ID, ControlFilter{Kinds: []string{"control"}, Limit: 1000})
		if err != nil {
			return activated, err
		}
		byRef := map[string]uuid.UUID{}
		for _, c := range controls.Items {
			byRef[c.Ref] = c.ID
		}
		if key == "iso27001-2022" {
			if err := s.seedEvidence(ctx, byRef); err != nil {
				return activated, err
			}
			if err := s.seedRules(ctx, byRef); err != nil {
				return activated, err
			}
		}
		for i, c := range controls.Items {
			in := ControlInput{}
			if len(people) > 0 && i%3 != 2 { // two controls in three have an owner
				in.OwnerUserID = patch.Some(people[i%len(people)])
			}
			if why, ok := demoExclusions[key][c.Ref]; ok {
				na := "not_applicable"
				in.Applicability, in.Justification = &na, &why
			}
			if !in.OwnerUserID.Set && in.Applicability == nil {
				continue
			}
			if _, err := s.UpdateControl(ctx, c.ID, nil, in); err != nil {
				return activated, err
			}
		}
		if err := s.seedHistory(ctx, fw.ID); err != nil {
			return activated, err
		}
	}
	return activated, nil
}

// seedHistory gives a framework twelve weekly snapshots before one taken now, so that the demo shows a score trend
// and a drift history: each control covered today became covered on some week of the quarter (uncovered before),
// and every other non-compliant control (the first, the third…) was compliant until the last snapshot (a recent critical regression).
func (s *Service) seedHistory(ctx context.Context, framework uuid.UUID) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		var fw Framework
		if err := tx.Where("id = ?", framework).Take(&fw).Error; err != nil {
			return err
		}
		now := time.Now().UTC()
		current, err := s.statusIn(tx, framework, now)
		if err != nil {
			return err
		}
		for week := 12; week >= 1; week-- {
			past := FrameworkStatus{FrameworkID: framework, Controls: slices.Clone(current.Controls)}
			failing := 0
			for i := range past.Controls {
				c := &past.Controls[i]
				switch {
				case (c.Status == Compliant || c.Status == Manual) && week > 1+(i*5)%12:
					c.Status = Uncovered
				case c.Status == NonCompliant:
					if failing%2 == 0 {
						c.Status = Compliant
					}
					failing++
				}
			}
			past.tally()
			if _, err := s.record(tx, fw, TriggerSeed, now.AddDate(0, 0, -7*week), past); err != nil {
				return err
			}
		}
		_, err = s.record(tx, fw, TriggerSeed, now, current)
		return err
	})
}

// demoEvidence says which records of the demo fleet are evidence for which ISO 27001 control, and why.
var demoEvidence = []struct{ ref, typ, query, why string }{
	{"8.10", "maintenance_log", `SELECT id FROM maintenance_logs WHERE type = 'data_erasure' AND status = 'done' ORDER BY performed_on DESC, id LIMIT 3`,
		"Erasure performed and recorded with its NIST SP 800-88 method before the device left us."},
	{"7.14", "disposal", `SELECT id FROM disposals ORDER BY disposed_on DESC, id LIMIT 2`, "Disposal recorded with its certificate and partner."},
	{"5.9", "inventory_campaign", `SELECT id FROM inventory_campaigns WHERE status = 'completed' ORDER BY created_at DESC, id LIMIT 1`,
		"Physical inventory completed: every asset in scope verified, flagged or marked missing."},
	{"8.9", "configuration", `SELECT id FROM configurations WHERE archived_at IS NULL ORDER BY name, id LIMIT 3`,
		"Baseline kept as a versioned configuration with a message for every change."},
	{"5.11", "asset", `SELECT id FROM assets WHERE status = 'in_stock' AND archived_at IS NULL ORDER BY asset_tag, id LIMIT 2`,
		"Returned at departure: checked in with the custody log."},
}

// seedEvidence links demo records to ISO 27001 controls as evidence (skipping what the fleet lacks).
func (s *Service) seedEvidence(ctx context.Context, byRef map[string]uuid.UUID) error {
	for _, d := range demoEvidence {
		control, ok := byRef[d.ref]
		if !ok {
			continue
		}
		var ids []uuid.UUID
		if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Raw(d.query).Scan(&ids).Error }); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := s.AddEvidence(ctx, control, EvidenceInput{EntityType: d.typ, EntityID: id, Description: d.why}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoRules watch the demo fleet's records, so the dashboard shows a mix of statuses.
var demoRules = []struct {
	ref, target      string
	linked           bool
	criteria         map[string][]string
	frequency, grace int
	why              string
}{
	{"8.10", "data_erasure", false, nil, 90, 30, "Every retired device is erased; an erasure is recorded at least every quarter."},
	{"5.9", "inventory_completed", false, nil, 365, 30, "A physical inventory of the fleet is completed every year."},
	{"8.9", "configuration_versioned", false, map[string][]string{"kind": {"network", "security"}}, 180, 30, "Network and security baselines are reviewed and versioned twice a year."},
	{"7.14", "disposal_recorded", false, nil, 365, 0, "Disposals go through the recorded workflow."},
	{"7.13", "maintenance_done", false, map[string][]string{"type": {"planned", "inspection"}}, 30, 15, "Planned maintenance or an inspection every month."},
	{"8.13", "maintenance_done", false, map[string][]string{"type": {"upgrade"}}, 7, 0, "Backups are tested weekly (logged as an upgrade check)."},
	{"8.15", "maintenance_done", true, map[string][]string{"type": {"inspection"}}, 30, 7, "A monthly log review, linked to this control as evidence."},
}

// seedRules adds the demo rules to ISO 27001 controls.
func (s *Service) seedRules(ctx context.Context, byRef map[string]uuid.UUID) error {
	for _, d := range demoRules {
		control, ok := byRef[d.ref]
		if !ok {
			continue
		}
		in := RuleInput{Target: d.target, FrequencyDays: &d.frequency, GraceDays: &d.grace, Description: &d.why}
		if d.criteria != nil {
			in.Criteria = &d.criteria
		}
		if d.linked {
			scope := "linked"
			in.Scope = &scope
		}
		if _, err := s.CreateRule(ctx, control, in); err != nil {
			return err
		}
	}
	return nil
}
