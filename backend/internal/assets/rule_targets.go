package assets

import "github.com/opsdeck/opsdeck/backend/internal/compliance"

// RegisterRuleTargets registers what the module's records prove to compliance rules: maintenance done (by type),
// data erasure performed (by NIST SP 800-88 method) and disposals recorded (by method).
func RegisterRuleTargets(t *compliance.Targets) {
	t.MustRegister(compliance.Target{Name: "maintenance_done", Label: "Maintenance done", Module: Module, EntityType: TypeMaintenanceLog,
		Source: `SELECT m.id, m.performed_on::timestamptz AS at, m.type FROM maintenance_logs m
			WHERE m.status = 'done' AND m.archived_at IS NULL`,
		Criteria: []compliance.Criterion{{Name: "type", Label: "Type of maintenance", Column: "type", Values: MaintenanceTypes}}})
	t.MustRegister(compliance.Target{Name: "data_erasure", Label: "Data erasure performed", Module: Module, EntityType: TypeMaintenanceLog,
		Source: `SELECT m.id, m.performed_on::timestamptz AS at, m.erasure_method FROM maintenance_logs m
			WHERE m.type = 'data_erasure' AND m.status = 'done' AND m.archived_at IS NULL`,
		Criteria: []compliance.Criterion{{Name: "method", Label: "NIST SP 800-88 method", Column: "erasure_method",
			Values: []string{"clear", "purge", "destroy"}}}})
	t.MustRegister(compliance.Target{Name: "disposal_recorded", Label: "Disposal recorded", Module: Module, EntityType: TypeDisposal,
		Source:   `SELECT d.id, d.disposed_on::timestamptz AS at, d.method FROM disposals d`,
		Criteria: []compliance.Criterion{{Name: "method", Label: "Disposal method", Column: "method", Values: DisposalMethods}}})
}
