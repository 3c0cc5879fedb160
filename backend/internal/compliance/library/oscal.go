package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// OSCAL catalogs (NIST's Open Security Controls Assessment Language, JSON, versions 1.x) are read into the same
// framework file as our own format, so that one Validate and one activation path serve both.
//
// Mapping: groups become groups (nested groups stay nested), controls become controls, the controls nested in a
// control (800-53's enhancements) become its requirements, at any depth. A control's ref is its "label" property
// (AC-2(1)), else its id upper-cased; withdrawn controls are left out. The statement part's prose, with its items
// ("a. …", "1. …"), is the description; the guidance part's prose is the guidance. Parameter insertions
// ({{ insert: param, ac-01_odp.01 }}) read as the parameter's label, else "[id]". The catalog's class, family and
// sort-id are kept as attributes.

// MaxOSCALNodes bounds the tree an OSCAL catalog may produce (NIST SP 800-53 rev5 has about 1,200 controls and
// enhancements).
const MaxOSCALNodes = 20000

type oscalProp struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type oscalPart struct {
	ID    string      `json:"id"`
	Name  string      `json:"name"`
	Props []oscalProp `json:"props"`
	Prose string      `json:"prose"`
	Parts []oscalPart `json:"parts"`
}

type oscalParam struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Select *struct {
		Choice []string `json:"choice"`
	} `json:"select"`
}

type oscalControl struct {
	ID       string         `json:"id"`
	Class    string         `json:"class"`
	Title    string         `json:"title"`
	Params   []oscalParam   `json:"params"`
	Props    []oscalProp    `json:"props"`
	Parts    []oscalPart    `json:"parts"`
	Controls []oscalControl `json:"controls"`
}

type oscalGroup struct {
	ID       string         `json:"id"`
	Class    string         `json:"class"`
	Title    string         `json:"title"`
	Params   []oscalParam   `json:"params"`
	Props    []oscalProp    `json:"props"`
	Parts    []oscalPart    `json:"parts"`
	Groups   []oscalGroup   `json:"groups"`
	Controls []oscalControl `json:"controls"`
}

type oscalCatalog struct {
	Catalog *struct {
		UUID     string `json:"uuid"`
		Metadata struct {
			Title        string `json:"title"`
			Version      string `json:"version"`
			OSCALVersion string `json:"oscal-version"`
			Parties      []struct {
				Type string `json:"type"`
				Name string `json:"name"`
			} `json:"parties"`
		} `json:"metadata"`
		Params   []oscalParam   `json:"params"`
		Groups   []oscalGroup   `json:"groups"`
		Controls []oscalControl `json:"controls"`
	} `json:"catalog"`
}

// IsOSCALCatalog says whether data looks like an OSCAL catalog in JSON (a top-level "catalog" object).
func IsOSCALCatalog(data []byte) bool {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return false
	}
	_, ok := probe["catalog"]
	return ok
}

var (
	insertPattern = regexp.MustCompile(`\{\{\s*insert:\s*param\s*,\s*([A-Za-z0-9_.\-]+)\s*\}\}`)
	slugPattern   = regexp.MustCompile(`[^a-z0-9]+`)
)

// ParseOSCALCatalog reads an OSCAL catalog into a framework file keyed key (empty: derived from the title). The
// result still needs Validate (refs unique, limits).
func ParseOSCALCatalog(data []byte, key string) (*File, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var doc oscalCatalog
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse OSCAL catalog: %w", err)
	}
	if doc.Catalog == nil {
		return nil, errors.New(`parse OSCAL catalog: no "catalog" object (profiles must be resolved into a catalog first)`)
	}
	c := doc.Catalog
	md := c.Metadata
	f := &File{Format: FormatV1, Framework: Framework{Key: key, Name: clip(strings.TrimSpace(md.Title), MaxNameLen),
		Version: clip(strings.TrimSpace(md.Version), MaxRefLen)}}
	if f.Framework.Key == "" {
		f.Framework.Key = KeyFor(md.Title)
	}
	if f.Framework.Version == "" {
		f.Framework.Version = "1"
	}
	for _, p := range md.Parties {
		if p.Type == "organization" && strings.TrimSpace(p.Name) != "" {
			f.Framework.Publisher = clip(strings.TrimSpace(p.Name), MaxNameLen)
			break
		}
	}
	f.Framework.Description = clip(fmt.Sprintf("Imported from an OSCAL %s catalog (uuid %s).", md.OSCALVersion, c.UUID), MaxAboutLen)
	r := oscalReader{params: map[string]string{}}
	r.collectParams(c.Params)
	for _, g := range c.Groups {
		if n := r.group(g); n != nil {
			f.Nodes = append(f.Nodes, n)
		}
	}
	for _, ctl := range c.Controls {
		if n := r.control(ctl, KindControl, ""); n != nil {
			f.Nodes = append(f.Nodes, n)
		}
	}
	if r.nodes > MaxOSCALNodes {
		return nil, fmt.Errorf("parse OSCAL catalog: %d nodes, more than the %d accepted", r.nodes, MaxOSCALNodes)
	}
	if r.nodes == 0 {
		return nil, errors.New("parse OSCAL catalog: no group or control")
	}
	return f, nil
}

// KeyFor derives a framework key from a title ("NIST SP 800-53 Rev 5" → "oscal-nist-sp-800-53-rev-5").
func KeyFor(title string) string {
	s := strings.Trim(slugPattern.ReplaceAllString(strings.ToLower(title), "-"), "-")
	key := "oscal-" + s
	if len(key) > 63 {
		key = strings.TrimRight(key[:63], "-.")
	}
	if !keyPattern.MatchString(key) {
		return "oscal-catalog"
	}
	return key
}

type oscalReader struct {
	params map[string]string
	nodes  int
}

func (r *oscalReader) collectParams(ps []oscalParam) {
	for _, p := range ps {
		switch {
		case p.Label != "":
			r.params[p.ID] = "[" + p.Label + "]"
		case p.Select != nil && len(p.Select.Choice) > 0:
			r.params[p.ID] = "[" + strings.Join(p.Select.Choice, " | ") + "]"
		}
	}
}

func (r *oscalReader) text(s string) string {
	return strings.TrimSpace(insertPattern.ReplaceAllStringFunc(s, func(m string) string {
		id := insertPattern.FindStringSubmatch(m)[1]
		if v, ok := r.params[id]; ok {
			return v
		}
		return "[" + id + "]"
	}))
}

func prop(props []oscalProp, name string) string {
	for _, p := range props {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// prose flattens a part and its sub-parts, each on its own line with its label, indented under the line above (a
// part without text of its own does not indent its items).
func (r *oscalReader) prose(p oscalPart, depth int, b *strings.Builder) {
	line := r.text(p.Prose)
	if label := prop(p.Props, "label"); label != "" {
		line = strings.TrimSpace(label + " " + line)
	}
	next := depth
	if line != "" {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("  ", depth))
		b.WriteString(line)
		next++
	}
	for _, sub := range p.Parts {
		r.prose(sub, next, b)
	}
}

func (r *oscalReader) partText(parts []oscalPart, name string) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Name == name {
			r.prose(p, 0, &b)
		}
	}
	return clip(b.String(), MaxTextLen)
}

func (r *oscalReader) group(g oscalGroup) *Node {
	r.collectParams(g.Params)
	r.nodes++
	n := &Node{Ref: refOf(g.ID, g.Props), Title: clip(r.text(g.Title), MaxTitleLen), Kind: KindGroup,
		Description: r.partText(g.Parts, "overview"), Attributes: attrs(g.Class, g.Props)}
	for _, sub := range g.Groups {
		if c := r.group(sub); c != nil {
			n.Children = append(n.Children, c)
		}
	}
	for _, ctl := range g.Controls {
		if c := r.control(ctl, KindControl, g.ID); c != nil {
			n.Children = append(n.Children, c)
		}
	}
	return n
}

// control reads a control as kind; the controls nested in it become requirements of the outermost control, in
// reading order.
func (r *oscalReader) control(c oscalControl, kind, family string) *Node {
	if strings.EqualFold(prop(c.Props, "status"), "withdrawn") {
		return nil
	}
	r.collectParams(c.Params)
	r.nodes++
	a := attrs(c.Class, c.Props)
	if family != "" && kind == KindControl {
		a["family"] = []string{family}
	}
	n := &Node{Ref: refOf(c.ID, c.Props), Title: clip(r.text(c.Title), MaxTitleLen), Kind: kind,
		Description: r.partText(c.Parts, "statement"), Guidance: r.partText(c.Parts, "guidance"), Attributes: a}
	if len(n.Attributes) == 0 {
		n.Attributes = nil
	}
	var nested func(cs []oscalControl)
	nested = func(cs []oscalControl) {
		for _, sub := range cs {
			if child := r.control(oscalControl{ID: sub.ID, Class: sub.Class, Title: sub.Title, Params: sub.Params,
				Props: sub.Props, Parts: sub.Parts}, KindRequirement, ""); child != nil {
				n.Children = append(n.Children, child)
			}
			if !strings.EqualFold(prop(sub.Props, "status"), "withdrawn") {
				nested(sub.Controls)
			}
		}
	}
	nested(c.Controls)
	return n
}

func refOf(id string, props []oscalProp) string {
	ref := strings.TrimSpace(prop(props, "label"))
	if ref == "" {
		ref = strings.ToUpper(strings.TrimSpace(id))
	}
	return clip(ref, MaxRefLen)
}

func attrs(class string, props []oscalProp) map[string][]string {
	a := map[string][]string{}
	if class != "" && attrNamePattern.MatchString("class") {
		a["class"] = []string{clip(class, 100)}
	}
	if v := prop(props, "sort-id"); v != "" {
		a["sort_id"] = []string{clip(v, 100)}
	}
	return a
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// OSCALVersion is the OSCAL version OSCALCatalogOf writes.
const OSCALVersion = "1.1.2"

var tokenInvalid = regexp.MustCompile(`[^A-Za-z0-9_.\-]+`)

type outProp struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type outPart struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Prose string `json:"prose"`
}

type outControl struct {
	ID       string       `json:"id"`
	Class    string       `json:"class,omitempty"`
	Title    string       `json:"title"`
	Props    []outProp    `json:"props,omitempty"`
	Parts    []outPart    `json:"parts,omitempty"`
	Controls []outControl `json:"controls,omitempty"`
}

type outGroup struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Props    []outProp    `json:"props,omitempty"`
	Parts    []outPart    `json:"parts,omitempty"`
	Groups   []outGroup   `json:"groups,omitempty"`
	Controls []outControl `json:"controls,omitempty"`
}

// OSCALCatalog is the JSON document OSCALCatalogOf builds.
type OSCALCatalog struct {
	Catalog struct {
		UUID     string `json:"uuid"`
		Metadata struct {
			Title        string `json:"title"`
			LastModified string `json:"last-modified"`
			Version      string `json:"version"`
			OSCALVersion string `json:"oscal-version"`
		} `json:"metadata"`
		Groups   []outGroup   `json:"groups,omitempty"`
		Controls []outControl `json:"controls,omitempty"`
	} `json:"catalog"`
}

// OSCALCatalogOf writes a framework file as an OSCAL catalog: groups as groups, controls as controls with their ref as
// the "label" property, requirements as nested controls, descriptions as statement parts and guidance as guidance
// parts. ParseOSCALCatalog reads it back to the same tree. id seeds the catalog's uuid.
func OSCALCatalogOf(f *File, id [16]byte) OSCALCatalog {
	var out OSCALCatalog
	c := &out.Catalog
	c.UUID = fmt.Sprintf("%x-%x-%x-%x-%x", id[0:4], id[4:6], id[6:8], id[8:10], id[10:16])
	c.Metadata.Title, c.Metadata.Version, c.Metadata.OSCALVersion = f.Framework.Name, f.Framework.Version, OSCALVersion
	c.Metadata.LastModified = "1970-01-01T00:00:00Z"
	used := map[string]int{}
	token := func(ref string) string {
		t := strings.Trim(tokenInvalid.ReplaceAllString(strings.ToLower(ref), "-"), "-.")
		if t == "" || !(t[0] == '_' || (t[0] >= 'a' && t[0] <= 'z')) {
			t = "n-" + t
		}
		used[t]++
		if used[t] > 1 {
			t = fmt.Sprintf("%s-%d", t, used[t])
		}
		return t
	}
	parts := func(id string, n *Node, statement string) []outPart {
		var ps []outPart
		if n.Description != "" {
			ps = append(ps, outPart{ID: id + "_" + statement, Name: statement, Prose: n.Description})
		}
		if n.Guidance != "" {
			ps = append(ps, outPart{ID: id + "_gdn", Name: "guidance", Prose: n.Guidance})
		}
		return ps
	}
	var control func(n *Node) outControl
	control = func(n *Node) outControl {
		id := token(n.Ref)
		oc := outControl{ID: id, Title: n.Title, Props: []outProp{{Name: "label", Value: n.Ref}}, Parts: parts(id, n, "statement")}
		for _, ch := range n.Children {
			oc.Controls = append(oc.Controls, control(ch))
		}
		return oc
	}
	var group func(n *Node) outGroup
	group = func(n *Node) outGroup {
		id := token(n.Ref)
		og := outGroup{ID: id, Title: n.Title, Props: []outProp{{Name: "label", Value: n.Ref}}, Parts: parts(id, n, "overview")}
		for _, ch := range n.Children {
			if ch.Kind == KindGroup {
				og.Groups = append(og.Groups, group(ch))
			} else {
				og.Controls = append(og.Controls, control(ch))
			}
		}
		return og
	}
	for _, n := range f.Nodes {
		if n.Kind == KindGroup {
			c.Groups = append(c.Groups, group(n))
		} else {
			c.Controls = append(c.Controls, control(n))
		}
	}
	return out
}
