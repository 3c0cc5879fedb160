package identity

import (
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// BuiltinRole is a role template every organisation starts with; organisations may edit them.
type BuiltinRole struct {
	Key         string
	Name        string
	Description string
	Levels      func(module string) reqctx.Level
}

// sensitive modules hold secrets or personal data: auditors do not read them by default.
var sensitive = map[string]bool{"credentials": true, "people": true}

// BuiltinRoles are the six templates of SPEC §1.3.
var BuiltinRoles = []BuiltinRole{
	{"owner", "Owner", "Full control, including administration; cannot be left without one.",
		func(string) reqctx.Level { return reqctx.LevelAdmin }},
	{"administrator", "Administrator", "Administers the organisation and every module.",
		func(string) reqctx.Level { return reqctx.LevelAdmin }},
	{"editor", "Editor", "Creates and edits records in every business module; reads administration.",
		func(m string) reqctx.Level {
			if m == "administration" {
				return reqctx.LevelRead
			}
			return reqctx.LevelWrite
		}},
	{"viewer", "Viewer", "Reads every business module.",
		func(m string) reqctx.Level {
			if m == "administration" {
				return reqctx.LevelNone
			}
			return reqctx.LevelRead
		}},
	{"auditor", "Auditor", "Reads governance records and the audit trail; no secrets or personal files.",
		func(m string) reqctx.Level {
			if sensitive[m] {
				return reqctx.LevelNone
			}
			return reqctx.LevelRead
		}},
	{"employee", "Employee", "Reads policies and training; sees their own items.",
		func(m string) reqctx.Level {
			if m == "policies" || m == "training" {
				return reqctx.LevelRead
			}
			return reqctx.LevelNone
		}},
}

// Permissions renders a builtin role's levels as stored in roles.permissions.
func (b BuiltinRole) Permissions() map[string]string {
	out := map[string]string{}
	for _, m := range config.Modules {
		if lv := b.Levels(m); lv > reqctx.LevelNone {
			out[m] = lv.String()
		}
	}
	return out
}

// BuiltinRoleByKey finds a template.
func BuiltinRoleByKey(key string) (BuiltinRole, bool) {
	for _, b := range BuiltinRoles {
		if b.Key == key {
			return b, true
		}
	}
	return BuiltinRole{}, false
}
