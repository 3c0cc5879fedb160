package compliance

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// Criterion is a filter a target accepts: rules name accepted values of Column.
type Criterion struct {
	Name, Label string
	Column      string // column of the target's Source
	Values      []string
}

// Target is a kind of record whose newest date tells whether a control operates: modules register theirs.
type Target struct {
	Name, Label string
	Module      string // the module of the records (documentation; rules are compliance's)
	EntityType  string // the linkable type of the records (for rules scoped to the control's evidence)
	// Source selects the candidate records: their id, their date as `at` (timestamptz) and one column per criterion.
	// It runs in the organisation's scope (row-level security) and must not contain `?`.
	Source   string
	Criteria []Criterion
}

// Targets is the registry of rule targets.
type Targets struct {
	mu     sync.RWMutex
	byName map[string]Target
}

var targetName = regexp.MustCompile(`^[a-z][a-z0-9_]{1,59}$`)

// Register adds a target (at start, before any request).
func (t *Targets) Register(x Target) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byName == nil {
		t.byName = map[string]Target{}
	}
	if !targetName.MatchString(x.Name) || strings.Contains(x.Source, "?") {
		return fmt.Errorf("compliance: invalid rule target %q", x.Name)
	}
	if _, dup := t.byName[x.Name]; dup {
		return fmt.Errorf("compliance: rule target %q registered twice", x.Name)
	}
	for _, c := range x.Criteria {
		if !targetName.MatchString(c.Name) || !targetName.MatchString(c.Column) {
			return fmt.Errorf("compliance: invalid criterion %q of %q", c.Name, x.Name)
		}
	}
	t.byName[x.Name] = x
	return nil
}

// MustRegister is Register that panics (start-up wiring).
func (t *Targets) MustRegister(x Target) {
	if err := t.Register(x); err != nil {
		panic(err)
	}
}

// List returns the targets by name.
func (t *Targets) List() []Target {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]Target, 0, len(t.byName))
	for _, x := range t.byName {
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (t *Targets) get(name string) (Target, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	x, ok := t.byName[name]
	return x, ok
}

// Targets is the service's rule-target registry, for modules to register into.
func (s *Service) Targets() *Targets { return &s.targets }

// Rule is an automated rule of a control.
type Rule struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	ControlID      uuid.UUID `gorm:"type:uuid"`
	Target         string
	Criteria       map[string][]string `gorm:"type:jsonb;serializer:json"`
	Scope          string
	FrequencyDays  int
	GraceDays      int
	Enabled        bool
	Description    string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

// TableName maps the model.
func (Rule) TableName() string { return "compliance_rules" }

// AuditInfo audits rules; their label is their target.
func (Rule) AuditInfo() audit.Info {
	return audit.Info{Entity: "compliance_rule", LabelColumn: "target"}
}

// RuleView is a rule with its live status.
type RuleView struct {
	Rule
	Status   string
	NewestAt *time.Time
	NextDue  *time.Time
}

// Rule statuses and control statuses.
const (
	Compliant     = "compliant"
	Warning       = "warning"
	NonCompliant  = "non_compliant"
	Unknown       = "unknown"
	Manual        = "manual"
	Uncovered     = "uncovered"
	NotApplicable = "not_applicable"
)

// RuleInput is a new rule or a merge patch (Target: creation only).
type RuleInput struct {
	Target                   string
	Criteria                 *map[string][]string
	Scope, Description       *string
	FrequencyDays, GraceDays *int
	Enabled                  *bool
}

func (s *Service) checkRule(r *Rule, in RuleInput, f *apperr.Fields) {
	t, ok := s.targets.get(r.Target)
	if !ok {
		names := []string{}
		for _, x := range s.targets.List() {
			names = append(names, x.Name)
		}
		f.Add("target", "invalid", "must be one of "+strings.Join(names, ", "))
	}
	if in.Criteria != nil {
		r.Criteria = *in.Criteria
	}
	if r.Criteria == nil {
		r.Criteria = map[string][]string{}
	}
	for name, values := range r.Criteria {
		i := slices.IndexFunc(t.Criteria, func(c Criterion) bool { return c.Name == name })
		switch {
		case !ok:
		case i < 0:
			f.Add("criteria."+name, "unknown", "is not a criterion of "+t.Name)
		case len(values) == 0:
			f.Add("criteria."+name, "empty", "needs at least one value")
		default:
			for _, v := range values {
				if !slices.Contains(t.Criteria[i].Values, v) {
					f.Add("criteria."+name, "invalid", "values must be among "+strings.Join(t.Criteria[i].Values, ", "))
					break
				}
			}
		}
	}
	set(&r.Scope, in.Scope)
	if r.Scope != "organisation" && r.Scope != "linked" {
		f.Add("scope", "invalid", "must be organisation or linked")
	}
	set(&r.FrequencyDays, in.FrequencyDays)
	set(&r.GraceDays, in.GraceDays)
	set(&r.Enabled, in.Enabled)
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		in.Description = &d
		f.Text("description", in.Description, 2000, false)
		set(&r.Description, in.Description)
	}
	if r.FrequencyDays < 1 || r.FrequencyDays > 3660 {
		f.Add("frequency_days", "out_of_range", "must be between 1 and 3660 days")
	}
	if r.GraceDays < 0 || r.GraceDays > 3660 {
		f.Add("grace_days", "out_of_range", "must be between 0 and 3660 days")
	}
}

// CreateRule adds a rule to a control.
func (s *Service) CreateRule(ctx context.Context, control uuid.UUID, in RuleInput) (RuleView, error) {
	var v RuleView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var c Control
		if err := tx.Where("id = ?", control).Take(&c).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.NotFound("control")
		} else if err != nil {
			return err
		}
		if c.Kind != "control" {
			return apperr.Conflict("Rules go on controls, not on groups or requirements.")
		}
		r := Rule{ID: uuid.Must(uuid.NewV7()), OrganizationID: c.OrganizationID, ControlID: c.ID, Target: in.Target,
			Scope: "organisation", Enabled: true, Version: 1}
		var f apperr.Fields
		s.checkRule(&r, in, &f)
		if err := f.Err("rule"); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		var err error
		v, err = s.ruleView(tx, r.ID)
		return err
	})
	return v, err
}

func lockRule(tx *gorm.DB, id uuid.UUID, ifMatch *int64) (Rule, error) {
	var r Rule
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return r, apperr.NotFound("rule")
		}
		return r, err
	}
	if ifMatch != nil && *ifMatch != r.Version {
		return r, apperr.PreconditionFailed(r.Version)
	}
	return r, nil
}

// UpdateRule applies a merge patch.
func (s *Service) UpdateRule(ctx context.Context, id uuid.UUID, ifMatch *int64, in RuleInput) (RuleView, error) {
	var v RuleView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		r, err := lockRule(tx, id, ifMatch)
		if err != nil {
			return err
		}
		var f apperr.Fields
		s.checkRule(&r, in, &f)
		if err := f.Err("rule"); err != nil {
			return err
		}
		r.Version++
		if err := tx.Model(&r).Select("criteria", "scope", "frequency_days", "grace_days", "enabled", "description", "version").
			Updates(&r).Error; err != nil {
			return err
		}
		v, err = s.ruleView(tx, id)
		return err
	})
	return v, err
}

// DeleteRule removes a rule.
func (s *Service) DeleteRule(ctx context.Context, id uuid.UUID, ifMatch *int64) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		r, err := lockRule(tx, id, ifMatch)
		if err != nil {
			return err
		}
		return tx.Delete(&r).Error
	})
}

// newestSQL is the newest matching record of every rule of the scope (a SQL condition over compliance_rules r), two
// branches per registered target. Rules over the whole organisation match the target's records grouped by their
// criterion columns first (a handful of groups, whatever the number of records or rules); rules scoped to the
// control's evidence start from its links and look each linked record up by id.
func (s *Service) newestSQL(scope string) string {
	var parts []string
	for _, t := range s.targets.List() {
		var cols, grouped, linked []string
		for _, c := range t.Criteria {
			cols = append(cols, "src."+c.Column)
			cond := `(r.criteria -> '%s' IS NULL OR %s.%s::text IN (SELECT jsonb_array_elements_text(r.criteria -> '%s')))`
			grouped = append(grouped, fmt.Sprintf(cond, c.Name, "g", c.Column, c.Name))
			linked = append(linked, fmt.Sprintf(cond, c.Name, "src", c.Column, c.Name))
		}
		groups := fmt.Sprintf(`SELECT max(src.at) AS at FROM (%s) src`, t.Source)
		if len(cols) > 0 {
			groups = fmt.Sprintf(`SELECT %s, max(src.at) AS at FROM (%s) src GROUP BY %s`, strings.Join(cols, ", "), t.Source, strings.Join(cols, ", "))
		}
		parts = append(parts, fmt.Sprintf(`SELECT r.id AS rule_id, max(g.at) AS newest FROM compliance_rules r
			JOIN (%s) g ON %s WHERE r.target = '%s' AND r.scope = 'organisation' AND %s GROUP BY r.id`,
			groups, strings.Join(append(grouped, "true"), " AND "), t.Name, scope))
		parts = append(parts, fmt.Sprintf(`SELECT r.id AS rule_id, max(src.at) AS newest FROM compliance_rules r
			JOIN compliance_links l ON l.control_id = r.control_id AND l.entity_type = '%s'
			JOIN (%s) src ON src.id = l.entity_id AND %s
			WHERE r.target = '%s' AND r.scope = 'linked' AND %s GROUP BY r.id`,
			t.EntityType, t.Source, strings.Join(append(linked, "true"), " AND "), t.Name, scope))
	}
	if len(parts) == 0 {
		return `SELECT NULL::uuid AS rule_id, NULL::timestamptz AS newest WHERE false`
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// statusSQL computes each rule's status against @today from the newest matching record.
func (s *Service) statusSQL(scope string) string {
	return `WITH newest AS (` + s.newestSQL(scope) + `)
		SELECT r.*, n.newest AS newest_at, (n.newest::date + r.frequency_days) AS next_due,
			CASE WHEN NOT r.enabled THEN 'unknown'
				WHEN n.newest IS NULL THEN 'non_compliant'
				WHEN CAST(@today AS date) - n.newest::date <= r.frequency_days THEN 'compliant'
				WHEN CAST(@today AS date) - n.newest::date <= r.frequency_days + r.grace_days THEN 'warning'
				ELSE 'non_compliant' END AS status
		FROM compliance_rules r LEFT JOIN newest n ON n.rule_id = r.id WHERE ` + scope
}

func today() time.Time { return time.Now().UTC() }

func (s *Service) ruleView(tx *gorm.DB, id uuid.UUID) (RuleView, error) {
	var v RuleView
	err := tx.Raw(s.statusSQL("r.id = @id"), map[string]any{"id": id, "today": today().Format(time.DateOnly)}).Scan(&v).Error
	if err == nil && v.ID == uuid.Nil {
		return v, apperr.NotFound("rule")
	}
	return v, err
}

// ListRules returns a control's rules with their live status.
func (s *Service) ListRules(ctx context.Context, control uuid.UUID, sortKey, cursor string, limit int) (db.PageResult[RuleView], error) {
	var res db.PageResult[RuleView]
	so, err := db.ParseSort(sortKey, "created_at", map[string]string{"created_at": "t.created_at"})
	if err != nil {
		return res, err
	}
	so.IDColumn = "t.id"
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Control{}).Where("id = ?", control).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("control")
		}
		sub := tx.Session(&gorm.Session{NewDB: true}).Raw(s.statusSQL("r.control_id = @control"),
			map[string]any{"control": control, "today": today().Format(time.DateOnly)})
		q := tx.Table("(?) AS t", sub)
		res, err = db.Page(q, so, cursor, limit, func(r *RuleView) (any, uuid.UUID) {
			return r.CreatedAt.UTC().Format(time.RFC3339Nano), r.ID
		})
		return err
	})
	return res, err
}

// ControlStatus is one control's computed status.
type ControlStatus struct {
	ControlID uuid.UUID
	Ref       string
	Title     string
	Status    string
	NextDue   *time.Time
}

// FrameworkStatus is every control's status and the framework's score.
type FrameworkStatus struct {
	FrameworkID uuid.UUID
	Controls    []ControlStatus
	Counts      map[string]int64
	Applicable  int64
	Score       *float64
	ComputedAt  time.Time
}

// Status computes the status of every control of a framework in one set-based query: not applicable (SoA), the
// worst status of its enabled rules, manual (no enabled rule but evidence in effect), or uncovered; and the score
// (compliant + manual) ÷ applicable.
func (s *Service) Status(ctx context.Context, framework uuid.UUID) (FrameworkStatus, error) {
	return s.statusAt(ctx, framework, today())
}

func (s *Service) statusAt(ctx context.Context, framework uuid.UUID, at time.Time) (FrameworkStatus, error) {
	var out FrameworkStatus
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.framework(tx, framework); err != nil {
			return err
		}
		var err error
		out, err = s.statusIn(tx, framework, at)
		return err
	})
	return out, err
}

// inEffect is the condition "evidence link l is in effect on @today".
const inEffect = `(l.effective_from IS NULL OR l.effective_from <= CAST(@today AS date))
	AND (l.effective_to IS NULL OR l.effective_to >= CAST(@today AS date))`

// statusIn computes a framework's status in tx (see Status). Evidence counts for a control when it is linked to the
// control, or to a control mapped to it whose mapping lets evidence flow this way.
func (s *Service) statusIn(tx *gorm.DB, framework uuid.UUID, at time.Time) (FrameworkStatus, error) {
	out := FrameworkStatus{FrameworkID: framework, ComputedAt: time.Now().UTC()}
	args := map[string]any{"framework": framework, "today": at.Format(time.DateOnly)}
	scope := `r.control_id IN (SELECT id FROM controls WHERE framework_id = @framework)`
	err := tx.Raw(`WITH rs AS (`+s.statusSQL(scope)+`),
		worst AS (SELECT control_id, max(CASE status WHEN 'compliant' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END) AS rank,
			min(next_due) AS next_due FROM rs WHERE enabled GROUP BY control_id),
		mapped AS (SELECT m.target_control_id AS control_id, m.source_control_id AS from_id FROM control_mappings m
				JOIN controls t ON t.id = m.target_control_id
				WHERE t.framework_id = @framework AND m.evidence_flow IN ('source_to_target', 'both')
			UNION ALL
			SELECT m.source_control_id, m.target_control_id FROM control_mappings m
				JOIN controls t ON t.id = m.source_control_id
				WHERE t.framework_id = @framework AND m.evidence_flow = 'both')
		SELECT c.id AS control_id, c.ref, c.title, w.next_due,
			CASE WHEN c.applicability = 'not_applicable' THEN 'not_applicable'
				WHEN w.rank IS NOT NULL THEN (ARRAY['compliant', 'warning', 'non_compliant'])[w.rank]
				WHEN EXISTS (SELECT 1 FROM compliance_links l WHERE l.control_id = c.id AND `+inEffect+`) THEN 'manual'
				WHEN EXISTS (SELECT 1 FROM mapped mp JOIN compliance_links l ON l.control_id = mp.from_id
					WHERE mp.control_id = c.id AND `+inEffect+`) THEN 'manual'
				ELSE 'uncovered' END AS status
		FROM controls c LEFT JOIN worst w ON w.control_id = c.id
		WHERE c.framework_id = @framework AND c.kind = 'control' ORDER BY c.position`, args).Scan(&out.Controls).Error
	if err != nil {
		return out, err
	}
	out.tally()
	return out, nil
}

// tally counts the controls by status and computes the score.
func (out *FrameworkStatus) tally() {
	out.Counts, out.Applicable, out.Score = map[string]int64{}, 0, nil
	for _, k := range []string{Compliant, Warning, NonCompliant, Manual, Uncovered, NotApplicable} {
		out.Counts[k] = 0
	}
	for _, c := range out.Controls {
		out.Counts[c.Status]++
		if c.Status != NotApplicable {
			out.Applicable++
		}
	}
	if out.Applicable > 0 {
		score := float64(out.Counts[Compliant]+out.Counts[Manual]) / float64(out.Applicable)
		out.Score = &score
	}
}
