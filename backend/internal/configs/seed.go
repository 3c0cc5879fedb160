package configs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

type seedStep struct {
	message string
	author  int // index into the organisation's people
	daysAgo int
	edit    func(doc map[string]any)
}

type seedConfig struct {
	name, kind, description string
	doc                     string
	steps                   []seedStep // steps[0] is the first version (edit nil)
	assetModels             []string   // link to the first demo asset of each of these models
}

func at(doc map[string]any, path ...string) map[string]any {
	for _, p := range path {
		doc = doc[p].(map[string]any)
	}
	return doc
}

func appendTo(doc map[string]any, key string, v any) { doc[key] = append(doc[key].([]any), v) }

func obj(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return v
}

var seedConfigs = []seedConfig{
	{
		name: "Core firewall rule set (FortiGate HA pair)", kind: "network",
		description: "Perimeter policy of the Brussels and Antwerp FortiGate cluster. Change through CAB only.",
		doc: `{"device":"fgt-core-ha","firmware":"7.4.4","default_action":"deny","logging":{"traffic":"all","syslog":"10.20.0.15:514"},
			"policies":[{"id":1,"name":"LAN to Internet","src":"lan","dst":"wan","service":["HTTP","HTTPS","DNS"],"action":"accept","nat":true},
			{"id":2,"name":"Admin SSH from jump host","src":"10.20.5.10/32","dst":"mgmt","service":["SSH"],"action":"accept"},
			{"id":3,"name":"DMZ web","src":"wan","dst":"dmz-web","service":["HTTPS"],"action":"accept","ips_profile":"default"}]}`,
		steps: []seedStep{
			{message: "Baseline exported from FortiManager", author: 0, daysAgo: 210},
			{message: "CHG-1042: restrict admin SSH to the new bastion", author: 1, daysAgo: 160, edit: func(d map[string]any) {
				d["policies"].([]any)[1].(map[string]any)["src"] = "10.20.5.20/32"
			}},
			{message: "Enable IPS on outbound traffic after the pentest finding F-07", author: 0, daysAgo: 95, edit: func(d map[string]any) {
				d["policies"].([]any)[0].(map[string]any)["ips_profile"] = "strict"
			}},
			{message: "Firmware 7.4.5 (PSIRT FG-IR-24-029); syslog over TLS", author: 2, daysAgo: 30, edit: func(d map[string]any) {
				d["firmware"] = "7.4.5"
				at(d, "logging")["syslog"] = "10.20.0.15:6514"
				at(d, "logging")["tls"] = true
			}},
		},
		assetModels: []string{"FortiGate 200F"},
	},
	{
		name: "Active Directory GPO baseline", kind: "security",
		description: "Default Domain Policy and workstation GPO settings for acme.local.",
		doc: `{"domain":"acme.local","password_policy":{"min_length":12,"max_age_days":90,"history":24,"complexity":true},
			"account_lockout":{"threshold":10,"duration_minutes":15},"smb_signing":"enabled","llmnr":"enabled","lm_hash_storage":false}`,
		steps: []seedStep{
			{message: "Initial export with gpresult", author: 1, daysAgo: 300},
			{message: "Disable LLMNR and require SMB signing (ANSSI recommendation)", author: 1, daysAgo: 200, edit: func(d map[string]any) {
				d["llmnr"] = "disabled"
				d["smb_signing"] = "required"
			}},
			{message: "Passphrases: 14 characters, no periodic expiry (NIST SP 800-63B)", author: 3, daysAgo: 60, edit: func(d map[string]any) {
				pp := at(d, "password_policy")
				pp["min_length"] = 14
				pp["max_age_days"] = 0
			}},
		},
	},
	{
		name: "Kubernetes production cluster values", kind: "cloud",
		description: "Helm values of the EKS production cluster in eu-west-1 (platform chart).",
		doc: `{"cluster":"prod-euw1","kubernetes_version":"1.29","node_groups":[{"name":"general","instance_type":"m6i.xlarge","min":3,"max":9}],
			"ingress":{"class":"nginx","tls":true,"hsts":true},"network_policy":{"default_deny":false},"pod_security":"baseline"}`,
		steps: []seedStep{
			{message: "Import from the platform repo (tag v3.2.0)", author: 2, daysAgo: 180},
			{message: "Default-deny network policies in every namespace", author: 2, daysAgo: 120, edit: func(d map[string]any) {
				at(d, "network_policy")["default_deny"] = true
			}},
			{message: "Add a memory-optimised node group for the SCADA historian", author: 4, daysAgo: 75, edit: func(d map[string]any) {
				appendTo(d, "node_groups", obj(`{"name":"memory","instance_type":"r6i.2xlarge","min":2,"max":4,"taints":["workload=historian:NoSchedule"]}`))
			}},
			{message: "Upgrade to 1.30; enforce the restricted pod security standard", author: 2, daysAgo: 20, edit: func(d map[string]any) {
				d["kubernetes_version"] = "1.30"
				d["pod_security"] = "restricted"
			}},
			{message: "Scale general nodes for winter peak load", author: 4, daysAgo: 5, edit: func(d map[string]any) {
				d["node_groups"].([]any)[0].(map[string]any)["max"] = 12
			}},
		},
	},
	{
		name: "PostgreSQL server parameters (billing cluster)", kind: "database",
		description: "postgresql.conf overrides of the billing database primary and replicas.",
		doc: `{"version":"15","max_connections":300,"shared_buffers":"8GB","work_mem":"32MB","wal_level":"replica",
			"ssl":true,"ssl_min_protocol_version":"TLSv1.2","log_min_duration_statement":1000,"password_encryption":"md5"}`,
		steps: []seedStep{
			{message: "Parameters as installed by the DBA team", author: 3, daysAgo: 250},
			{message: "Switch password hashing to SCRAM-SHA-256", author: 3, daysAgo: 140, edit: func(d map[string]any) {
				d["password_encryption"] = "scram-sha-256"
			}},
			{message: "Tune memory after moving to 64 GB hosts", author: 0, daysAgo: 40, edit: func(d map[string]any) {
				d["shared_buffers"] = "16GB"
				d["work_mem"] = "64MB"
				d["effective_cache_size"] = "48GB"
			}},
		},
		assetModels: []string{"PowerEdge R760"},
	},
	{
		name: "Remote-access VPN concentrator", kind: "network",
		description: "IPsec/SSL VPN profile for employees and OT vendors.",
		doc: `{"gateway":"vpn.acme-energy.example","protocols":["ikev2","ssl"],"ike":{"encryption":"aes256","integrity":"sha256","dh_group":14},
			"mfa":"optional","split_tunnel":true,"idle_timeout_minutes":120,"vendor_access":{"enabled":true,"approval_required":false}}`,
		steps: []seedStep{
			{message: "Initial profile", author: 1, daysAgo: 320},
			{message: "MFA mandatory for every VPN user (NIS2 art. 21(2)(j))", author: 0, daysAgo: 150, edit: func(d map[string]any) {
				d["mfa"] = "required"
			}},
			{message: "Vendor sessions need an approval; DH group 20", author: 1, daysAgo: 45, edit: func(d map[string]any) {
				at(d, "vendor_access")["approval_required"] = true
				at(d, "vendor_access")["max_session_hours"] = 4
				at(d, "ike")["dh_group"] = 20
			}},
		},
		assetModels: []string{"FortiGate 200F"},
	},
	{
		name: "Backup policy (Veeam)", kind: "application",
		description: "Jobs, retention and immutability of the Veeam Backup & Replication server.",
		doc: `{"server":"vbr01.acme.local","jobs":[{"name":"Tier-1 VMs","schedule":"daily 22:00","retention_days":14},
			{"name":"File servers","schedule":"daily 23:30","retention_days":30}],"immutability_days":0,"offsite_copy":{"target":"S3 eu-central-1","enabled":false}}`,
		steps: []seedStep{
			{message: "Document the existing jobs", author: 4, daysAgo: 190},
			{message: "Immutable repository (7 days) after the ransomware tabletop", author: 4, daysAgo: 100, edit: func(d map[string]any) {
				d["immutability_days"] = 7
			}},
			{message: "Off-site copy to S3 with object lock", author: 2, daysAgo: 25, edit: func(d map[string]any) {
				at(d, "offsite_copy")["enabled"] = true
				at(d, "offsite_copy")["object_lock"] = true
			}},
		},
		assetModels: []string{"Nimble HF40"},
	},
	{
		name: "CIS-hardened Windows 11 baseline", kind: "security",
		description: "CIS Microsoft Windows 11 Enterprise benchmark level 1, as deployed through Intune.",
		doc: `{"benchmark":"CIS Windows 11 Enterprise v2.0.0","profile":"L1","bitlocker":{"enabled":true,"tpm_pin":false},
			"defender":{"asr_rules":"audit","tamper_protection":true},"local_admin":{"laps":true},"usb_storage":"allowed","exceptions":[]}`,
		steps: []seedStep{
			{message: "Baseline v2.0.0 imported", author: 3, daysAgo: 230},
			{message: "ASR rules to block mode after the 30-day audit", author: 3, daysAgo: 130, edit: func(d map[string]any) {
				at(d, "defender")["asr_rules"] = "block"
			}},
			{message: "Exception for the control-room HMI (vendor support contract)", author: 0, daysAgo: 80, edit: func(d map[string]any) {
				appendTo(d, "exceptions", obj(`{"rule":"18.9.19.1","scope":"HMI workstations","reason":"vendor-certified image","expires":"2026-12-31"}`))
			}},
			{message: "Block USB mass storage; BitLocker with TPM+PIN on laptops", author: 1, daysAgo: 15, edit: func(d map[string]any) {
				d["usb_storage"] = "blocked"
				at(d, "bitlocker")["tpm_pin"] = true
			}},
		},
		assetModels: []string{"Latitude 7440"},
	},
	{
		name: "SCADA gateway settings (Liège substation)", kind: "server",
		description: "IEC 60870-5-104 gateway between the substation RTUs and the control centre.",
		doc: `{"site":"Liège substation","protocol":"IEC 60870-5-104","common_address":1201,"rtus":[{"name":"RTU-L1","ip":"192.168.50.11"},
			{"name":"RTU-L2","ip":"192.168.50.12"}],"control_centre":{"primary":"10.50.0.10","secondary":"10.60.0.10"},
			"timeouts":{"t1":15,"t2":10,"t3":20},"tls":false,"write_access":["control_centre"]}`,
		steps: []seedStep{
			{message: "As commissioned by the integrator", author: 4, daysAgo: 400},
			{message: "Add RTU-L3 for the new transformer bay", author: 4, daysAgo: 170, edit: func(d map[string]any) {
				appendTo(d, "rtus", obj(`{"name":"RTU-L3","ip":"192.168.50.13"}`))
			}},
			{message: "IEC 62351-3 TLS towards the control centre", author: 0, daysAgo: 35, edit: func(d map[string]any) {
				d["tls"] = true
				d["tls_profile"] = obj(`{"min_version":"1.2","certificate":"gw-liege-2026","renegotiation_seconds":3600}`)
			}},
		},
		assetModels: []string{"SCALANCE XC208"},
	},
}

// SeedDemo gives an organisation realistic configuration items with their history, linked to demo assets. authors
// are the organisation's people who committed the versions. ctx must be scoped to the organisation as a system
// principal. It does nothing when the organisation already has configurations, and reports how many it made.
func (s *Service) SeedDemo(ctx context.Context, ls *links.Service, authors []uuid.UUID) (int, error) {
	var n int64
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Model(&Configuration{}).Count(&n).Error }); err != nil || n > 0 {
		return 0, err
	}
	type person struct {
		ID   uuid.UUID
		Name string
	}
	var people []person
	assetsOf := map[string]uuid.UUID{}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if len(authors) > 0 {
			if err := tx.Raw("SELECT id, name FROM users WHERE id IN ? ORDER BY email", authors).Scan(&people).Error; err != nil {
				return err
			}
		}
		for _, c := range seedConfigs {
			for _, m := range c.assetModels {
				var ids []uuid.UUID
				if err := tx.Raw(`SELECT a.id FROM assets a JOIN asset_models m ON m.id = a.model_id
					WHERE m.name = ? AND a.archived_at IS NULL ORDER BY a.name LIMIT 1`, m).Scan(&ids).Error; err != nil {
					return err
				}
				if len(ids) > 0 {
					assetsOf[m] = ids[0]
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	org := reqctx.OrganizationID(ctx)
	as := func(i int) context.Context {
		if len(people) == 0 {
			return ctx
		}
		p := people[i%len(people)]
		return reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: p.ID.String(), Kind: reqctx.KindUser, Name: p.Name, OrganizationID: org})
	}
	now := time.Now().UTC().Truncate(time.Second)
	created := 0
	for _, c := range seedConfigs {
		var doc map[string]any
		if err := json.Unmarshal([]byte(c.doc), &doc); err != nil {
			return created, fmt.Errorf("demo configuration %q: %w", c.name, err)
		}
		first := c.steps[0]
		name, kind, desc, msg := c.name, c.kind, c.description, first.message
		v, err := s.create(as(first.author), Input{Name: &name, Kind: &kind, Description: &desc, Document: doc, Message: &msg},
			now.AddDate(0, 0, -first.daysAgo))
		if err != nil {
			return created, fmt.Errorf("demo configuration %q: %w", c.name, err)
		}
		created++
		for i, step := range c.steps[1:] {
			step.edit(doc)
			if _, err := s.commit(as(step.author), v.ID, Commit{Document: doc, Message: step.message, BaseVersion: i + 1},
				now.AddDate(0, 0, -step.daysAgo)); err != nil {
				return created, fmt.Errorf("demo configuration %q, version %d: %w", c.name, i+2, err)
			}
		}
		for _, m := range c.assetModels {
			if id, ok := assetsOf[m]; ok {
				if _, err := ls.Create(ctx, links.Input{SourceType: TypeConfiguration, SourceID: v.ID, TargetType: "asset",
					TargetID: id, Relation: "part_of", Note: "Running configuration"}); err != nil {
					return created, fmt.Errorf("demo configuration link: %w", err)
				}
			}
		}
	}
	return created, nil
}
