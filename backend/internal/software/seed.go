package software

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
)

// IDs runs a query selecting one uuid column named id.
func IDs(tx *gorm.DB, sql string, args ...any) ([]uuid.UUID, error) {
	var rows []struct{ ID uuid.UUID }
	if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]uuid.UUID, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out, nil
}

// demoKey makes a fake product key in the usual five-groups shape.
func demoKey(rng *rand.Rand) string {
	const alphabet = "BCDFGHJKMPQRTVWXY2346789"
	groups := make([]string, 5)
	for i := range groups {
		var b strings.Builder
		for range 5 {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		groups[i] = b.String()
	}
	return strings.Join(groups, "-")
}

// SeedDemo gives an organisation a software catalogue: 16 products with owners and suppliers, 26 licences (some
// expired, some full, some expiring within 30 days, most with a key) and seats held by people and by the fleet's
// servers and laptops. groups are the owning teams by name (made if missing). ctx must be scoped to the organisation
// and act as an administrator. It does nothing when the organisation already has software, and reports how many
// licences it made.
func (s *Service) SeedDemo(ctx context.Context, cf *customfields.Service, group func(name string) (uuid.UUID, error), people []uuid.UUID) (int, error) {
	var n int64
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Model(&Software{}).Count(&n).Error }); err != nil || n > 0 {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(7, 2026))
	str := func(v string) *string { return &v }
	var servers, laptops []uuid.UUID
	var nis2 *uuid.UUID
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		q := `SELECT a.id FROM assets a JOIN asset_models m ON m.id = a.model_id
			WHERE a.archived_at IS NULL AND a.status NOT IN ('disposed', 'sold') AND m.category IN ? ORDER BY a.asset_tag, a.id LIMIT ?`
		var err error
		if servers, err = IDs(tx, q, []string{"server"}, 12); err != nil {
			return err
		}
		if laptops, err = IDs(tx, q, []string{"laptop", "desktop"}, 30); err != nil {
			return err
		}
		tag, err := IDs(tx, "SELECT id FROM tags WHERE name = 'NIS2 critical' AND archived_at IS NULL")
		if len(tag) > 0 {
			nis2 = &tag[0]
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("demo fleet: %w", err)
	}
	for _, def := range []customfields.Input{
		{EntityType: TypeSoftware, Key: "criticality", Type: "select", Label: str("Business criticality"), Options: &[]string{"low", "medium", "high", "vital"}},
		{EntityType: TypeSoftware, Key: "data_classification", Type: "select", Label: str("Data handled"), Options: &[]string{"public", "internal", "confidential", "restricted"}},
		{EntityType: TypeLicence, Key: "licence_model", Type: "select", Label: str("Licence model"), Options: &[]string{"subscription", "perpetual", "open_source", "enterprise_agreement"}},
		{EntityType: TypeLicence, Key: "contract_ref", Type: "text", Label: str("Contract reference"), Help: str("The purchase order or contract number.")},
	} {
		if _, err := cf.Create(ctx, def); err != nil {
			return 0, fmt.Errorf("demo custom field: %w", err)
		}
	}
	teams := map[string]uuid.UUID{}
	for _, name := range []string{"Workplace IT", "Security operations", "Infrastructure", "Engineering", "Finance systems"} {
		id, err := group(name)
		if err != nil {
			return 0, fmt.Errorf("demo team %s: %w", name, err)
		}
		teams[name] = id
	}
	person := func(i int) Opt[uuid.UUID] {
		if len(people) == 0 {
			return Opt[uuid.UUID]{}
		}
		return Some(people[i%len(people)])
	}
	type product struct {
		name, publisher, category, supplier, website, team, criticality, data string
		owner                                                                 int
		critical                                                              bool
	}
	catalogue := []product{
		{"Microsoft 365", "Microsoft", "productivity", "SoftwareONE", "https://www.microsoft.com/microsoft-365", "Workplace IT", "vital", "confidential", 0, true},
		{"Windows 11 Enterprise", "Microsoft", "operating_system", "SoftwareONE", "https://www.microsoft.com/windows", "Workplace IT", "high", "internal", 0, false},
		{"Adobe Acrobat Pro", "Adobe", "productivity", "Bechtle", "https://www.adobe.com/acrobat.html", "Workplace IT", "low", "confidential", 2, false},
		{"Slack", "Salesforce", "communication", "Salesforce", "https://slack.com", "Workplace IT", "high", "internal", 2, false},
		{"Atlassian Jira", "Atlassian", "development", "Atlassian", "https://www.atlassian.com/software/jira", "Engineering", "medium", "internal", 3, false},
		{"GitHub Enterprise", "GitHub", "development", "GitHub", "https://github.com/enterprise", "Engineering", "high", "confidential", 3, true},
		{"CrowdStrike Falcon", "CrowdStrike", "security", "Computacenter", "https://www.crowdstrike.com", "Security operations", "vital", "restricted", 1, true},
		{"1Password Business", "AgileBits", "security", "1Password", "https://1password.com/business", "Security operations", "vital", "restricted", 1, true},
		{"PostgreSQL", "PostgreSQL Global Development Group", "database", "", "https://www.postgresql.org", "Infrastructure", "high", "confidential", 4, false},
		{"Red Hat Enterprise Linux", "Red Hat", "operating_system", "Computacenter", "https://www.redhat.com/rhel", "Infrastructure", "high", "internal", 4, true},
		{"VMware vSphere", "Broadcom", "infrastructure", "Computacenter", "https://www.vmware.com/products/vsphere.html", "Infrastructure", "vital", "internal", 4, true},
		{"Zoom Workplace", "Zoom Video Communications", "communication", "Zoom", "https://zoom.us", "Workplace IT", "medium", "internal", 2, false},
		{"Tableau", "Salesforce", "saas", "Salesforce", "https://www.tableau.com", "Finance systems", "medium", "confidential", 5, false},
		{"AutoCAD", "Autodesk", "productivity", "Bechtle", "https://www.autodesk.com/products/autocad", "Engineering", "medium", "internal", 3, false},
		{"SAP S/4HANA", "SAP", "saas", "Delaware", "https://www.sap.com/products/erp/s4hana.html", "Finance systems", "vital", "restricted", 5, true},
		{"Veeam Backup & Replication", "Veeam", "infrastructure", "Econocom", "https://www.veeam.com", "Infrastructure", "vital", "restricted", 4, true},
	}
	ids := map[string]uuid.UUID{}
	for _, p := range catalogue {
		team := teams[p.team]
		in := SoftwareInput{Name: str(p.name), Publisher: str(p.publisher), Category: str(p.category), SupplierName: str(p.supplier),
			Website: str(p.website), OwnerUserID: person(p.owner), OwnerGroupID: Some(team),
			CustomFields: map[string]any{"criticality": p.criticality, "data_classification": p.data}}
		if p.critical && nis2 != nil {
			in.TagIDs = &[]uuid.UUID{*nis2}
		}
		sw, err := s.CreateSoftware(ctx, in)
		if err != nil {
			return 0, fmt.Errorf("demo software %s: %w", p.name, err)
		}
		ids[p.name] = sw.ID
	}

	today := time.Now().UTC().Truncate(24 * time.Hour)
	type licence struct {
		software, name, model, supplier, cost string
		seats                                 int // 0: unlimited
		bought, expires                       int // days from today; expires 0: never
		key                                   bool
		users, devices                        int // seats to give to people and to assets ("servers" or "laptops")
		toServers                             bool
		expireAfter                           int // days from today the expiry is moved to after seating (an expired licence still held)
	}
	plan := []licence{
		{"Microsoft 365", "Microsoft 365 E3 (EA 2025-2028)", "enterprise_agreement", "SoftwareONE", "86400.00", 250, -300, 795, false, 6, 0, false, 0},
		{"Microsoft 365", "Microsoft 365 E5 Security add-on", "subscription", "SoftwareONE", "14400.00", 40, -200, 165, false, 3, 0, false, 0},
		{"Windows 11 Enterprise", "Windows 11 Enterprise E3 (per device)", "enterprise_agreement", "SoftwareONE", "38250.00", 300, -300, 795, true, 0, 30, false, 0},
		{"Windows 11 Enterprise", "Windows 10 Enterprise LTSC 2019", "perpetual", "Bechtle", "4200.00", 20, -2200, 0, true, 0, 0, false, 0},
		{"Adobe Acrobat Pro", "Acrobat Pro — Teams (legal and finance)", "subscription", "Bechtle", "2339.40", 12, -340, 25, true, 5, 0, false, 0},
		{"Adobe Acrobat Pro", "Acrobat Pro DC 2020 (perpetual)", "perpetual", "Bechtle", "1140.00", 5, -1900, 0, true, 2, 0, false, 0},
		{"Slack", "Slack Business+", "subscription", "Salesforce", "19800.00", 150, -353, 12, false, 6, 0, false, 0},
		{"Atlassian Jira", "Jira Software Cloud Premium", "subscription", "Atlassian", "12300.00", 75, -120, 245, false, 4, 0, false, 0},
		{"Atlassian Jira", "Jira Server 8 (end of support)", "perpetual", "Atlassian", "8000.00", 50, -1500, -420, true, 0, 0, false, 0},
		{"GitHub Enterprise", "GitHub Enterprise Cloud", "subscription", "GitHub", "8820.00", 35, -90, 275, false, 4, 0, false, 0},
		{"CrowdStrike Falcon", "Falcon Insight XDR — endpoints", "subscription", "Computacenter", "41600.00", 400, -360, 5, true, 0, 30, false, 0},
		{"CrowdStrike Falcon", "Falcon Cloud Security — servers", "subscription", "Computacenter", "18900.00", 12, -360, 5, true, 0, 12, true, 0},
		{"1Password Business", "1Password Business (annual)", "subscription", "1Password", "7632.00", 6, -330, 35, true, 6, 0, false, 0},
		{"PostgreSQL", "PostgreSQL Licence (open source)", "open_source", "", "", 0, -1800, 0, false, 0, 6, true, 0},
		{"Red Hat Enterprise Linux", "RHEL Server Premium (2 sockets)", "subscription", "Computacenter", "15960.00", 12, -200, 165, true, 0, 12, true, 0},
		{"Red Hat Enterprise Linux", "RHEL Server Standard 2023-2024", "subscription", "Computacenter", "6400.00", 8, -760, -30, true, 0, 0, false, 0},
		{"VMware vSphere", "vSphere Foundation 8 (cores)", "subscription", "Computacenter", "52000.00", 8, -150, 580, true, 0, 8, true, 0},
		{"VMware vSphere", "vSphere 7 Enterprise Plus", "perpetual", "Computacenter", "28000.00", 8, -1600, -120, true, 0, 0, false, 0},
		{"Zoom Workplace", "Zoom Workplace Business 2024-2025", "subscription", "Zoom", "3960.00", 20, -410, 0, true, 4, 0, false, -45},
		{"Zoom Workplace", "Zoom Rooms (meeting rooms)", "subscription", "Zoom", "1796.00", 4, -100, 265, true, 0, 0, false, 0},
		{"Tableau", "Tableau Creator", "subscription", "Salesforce", "1800.00", 2, -280, 85, true, 2, 0, false, 0},
		{"Tableau", "Tableau Viewer", "subscription", "Salesforce", "1620.00", 30, -280, 85, false, 5, 0, false, 0},
		{"AutoCAD", "AutoCAD LT (network licence)", "subscription", "Bechtle", "1950.00", 3, -200, 165, true, 3, 0, false, 0},
		{"SAP S/4HANA", "S/4HANA Cloud — Professional users", "enterprise_agreement", "Delaware", "126000.00", 60, -500, 230, false, 5, 0, false, 0},
		{"SAP S/4HANA", "S/4HANA Cloud — Developer access", "subscription", "Delaware", "9600.00", 4, -500, 28, true, 1, 0, false, 0},
		{"Veeam Backup & Replication", "Veeam Data Platform Advanced (instances)", "subscription", "Econocom", "11200.00", 25, -250, 115, true, 0, 10, true, 0},
	}
	made := 0
	for i, p := range plan {
		in := LicenceInput{Name: str(p.name), SupplierName: str(p.supplier), PurchaseDate: Some(today.AddDate(0, 0, p.bought)),
			CustomFields: map[string]any{"licence_model": p.model, "contract_ref": fmt.Sprintf("PO-%d-%04d", today.AddDate(0, 0, p.bought).Year(), 1200+i*37)}}
		sw := ids[p.software]
		in.SoftwareID = &sw
		if p.seats > 0 {
			in.Seats = Some(p.seats)
		}
		if p.expires != 0 {
			in.ExpiresOn = Some(today.AddDate(0, 0, p.expires))
		}
		if p.cost != "" {
			in.Cost, in.Currency = Some(p.cost), Some("EUR")
		}
		if p.key {
			in.Key = Some(demoKey(rng))
		}
		if p.model == "open_source" {
			in.Notes = str("Open source (PostgreSQL Licence): no fee, tracked for the installed base and support.")
		}
		l, err := s.CreateLicence(ctx, in)
		if err != nil {
			return made, fmt.Errorf("demo licence %s: %w", p.name, err)
		}
		made++
		for u := 0; u < p.users && u < len(people); u++ {
			holder := people[(i+u)%len(people)]
			if _, err := s.AssignSeat(ctx, l.ID, nil, SeatInput{UserID: &holder}); err != nil {
				return made, fmt.Errorf("demo seat of %s: %w", p.name, err)
			}
		}
		devices := laptops
		if p.toServers {
			devices = servers
		}
		for d := 0; d < p.devices && d < len(devices); d++ {
			asset := devices[d]
			note := ""
			if d == 0 && p.toServers {
				note = "Cluster node"
			}
			if _, err := s.AssignSeat(ctx, l.ID, nil, SeatInput{AssetID: &asset, Note: note}); err != nil {
				return made, fmt.Errorf("demo device seat of %s: %w", p.name, err)
			}
		}
		if p.expireAfter != 0 {
			if _, err := s.UpdateLicence(ctx, l.ID, nil, LicenceInput{ExpiresOn: Some(today.AddDate(0, 0, p.expireAfter)),
				Notes: str("Not renewed: holders are moving to Microsoft Teams.")}); err != nil {
				return made, err
			}
		}
	}
	return made, nil
}
