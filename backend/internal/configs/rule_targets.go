package configs

import "github.com/opsdeck/opsdeck/backend/internal/compliance"

// RegisterRuleTargets registers committed configuration versions (by kind of configuration) as a compliance rule
// target: a baseline reviewed and versioned at least so often.
func RegisterRuleTargets(t *compliance.Targets) {
	t.MustRegister(compliance.Target{Name: "configuration_versioned", Label: "Configuration version committed", Module: Module,
		EntityType: TypeConfiguration,
		Source: `SELECT c.id, v.created_at AS at, c.kind FROM configuration_versions v
			JOIN configurations c ON c.id = v.configuration_id WHERE c.archived_at IS NULL`,
		Criteria: []compliance.Criterion{{Name: "kind", Label: "Kind of configuration", Column: "kind", Values: Kinds}}})
}
