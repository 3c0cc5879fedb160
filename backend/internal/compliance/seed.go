package compliance

import (
	"context"

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
	}
	return activated, nil
}
