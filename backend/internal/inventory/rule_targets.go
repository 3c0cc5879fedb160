package inventory

import "github.com/opsdeck/opsdeck/backend/internal/compliance"

// RegisterRuleTargets registers completed physical inventory campaigns as a compliance rule target.
func RegisterRuleTargets(t *compliance.Targets) {
	t.MustRegister(compliance.Target{Name: "inventory_completed", Label: "Physical inventory campaign completed", Module: "assets",
		EntityType: TypeCampaign,
		Source: `SELECT c.id, c.completed_at AS at FROM inventory_campaigns c
			WHERE c.status = 'completed' AND c.archived_at IS NULL`})
}
