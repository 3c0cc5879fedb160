// Package library holds the compliance framework library shipped inside the
// binary and the opsdeck.framework/v1 file format it is written in.
//
// A library file describes one framework as a tree of nodes: groups (domains,
// themes, functions) contain groups or controls, controls contain
// requirements, requirements are leaves. Controls are the assessable units.
// The same format is accepted from users (YAML or JSON), so Parse and
// Validate are the single gate for both the embedded files and imports.
// docs/framework-format.md describes the format; docs/schema/framework.schema.json
// is its JSON Schema.
package library

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FormatV1 is the only value accepted in a file's format field.
const FormatV1 = "opsdeck.framework/v1"

// Node kinds.
const (
	KindGroup       = "group"
	KindControl     = "control"
	KindRequirement = "requirement"
)

// Limits enforced by Validate (and by the JSON Schema).
const (
	MaxRefLen   = 64
	MaxTitleLen = 300
	MaxNameLen  = 200
	MaxTextLen  = 10000 // a node's description and guidance (the database's limit)
	MaxAboutLen = 5000  // the framework's description
)

var (
	keyPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,62}$`)
	attrNamePattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	errEmptyDocument = errors.New("empty document")
)

//go:embed frameworks/*.yaml
var embedded embed.FS

// File is one framework library file.
type File struct {
	Format    string    `yaml:"format" json:"format"`
	Framework Framework `yaml:"framework" json:"framework"`
	Nodes     []*Node   `yaml:"nodes" json:"nodes"`
}

// Framework is the descriptive header of a library file.
type Framework struct {
	// Key is the stable identifier, e.g. "iso27001-2022".
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	Version     string `yaml:"version" json:"version"`
	Publisher   string `yaml:"publisher,omitempty" json:"publisher,omitempty"`
	SourceURL   string `yaml:"source_url,omitempty" json:"source_url,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// Node is a group, control or requirement of the framework tree.
type Node struct {
	// Ref is the identifier printed by the standard ("5.1", "CC6.1",
	// "Art.32(1)(a)"); unique within its file.
	Ref         string `yaml:"ref" json:"ref"`
	Title       string `yaml:"title" json:"title"`
	Kind        string `yaml:"kind" json:"kind"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Guidance says what evidence typically shows the node is met.
	Guidance string `yaml:"guidance,omitempty" json:"guidance,omitempty"`
	// Attributes carries framework-specific tags, e.g. ISO control_type or
	// CIS implementation groups (ig).
	Attributes map[string][]string `yaml:"attributes,omitempty" json:"attributes,omitempty"`
	Children   []*Node             `yaml:"children,omitempty" json:"children,omitempty"`
}

// Parse decodes a library file from YAML or JSON (JSON is read as YAML).
// Unknown fields are errors. Parse does not validate; call Validate.
func Parse(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("parse framework file: %w", errEmptyDocument)
		}
		return nil, fmt.Errorf("parse framework file: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("parse framework file: more than one YAML document")
	}
	return &f, nil
}

// Validate checks the structural rules of the format and returns every
// problem found, joined, each naming the path and ref of the offending node.
func (f *File) Validate() error {
	var errs []error
	fail := func(where, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
	}

	if f.Format != FormatV1 {
		fail("format", "must be %q, got %q", FormatV1, f.Format)
	}
	fw := f.Framework
	if !keyPattern.MatchString(fw.Key) {
		fail("framework.key", "%q is not a valid key (lowercase letters, digits, '.' and '-', 2-63 characters, starting with a letter or digit)", fw.Key)
	}
	checkText(fail, "framework.name", fw.Name, MaxNameLen, true)
	checkText(fail, "framework.version", fw.Version, MaxRefLen, true)
	checkText(fail, "framework.publisher", fw.Publisher, MaxNameLen, false)
	checkText(fail, "framework.description", fw.Description, MaxAboutLen, false)
	if fw.SourceURL != "" {
		if u, err := url.Parse(fw.SourceURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fail("framework.source_url", "%q is not an http(s) URL", fw.SourceURL)
		}
	}
	if len(f.Nodes) == 0 {
		fail("nodes", "a framework needs at least one node")
	}

	seen := make(map[string]string) // ref -> path of first use
	var walk func(nodes []*Node, parent *Node, base string)
	walk = func(nodes []*Node, parent *Node, base string) {
		for i, n := range nodes {
			path := fmt.Sprintf("%s[%d]", base, i)
			where := path
			if n == nil {
				fail(where, "empty node")
				continue
			}
			if n.Ref != "" {
				where += fmt.Sprintf(" (ref %q)", n.Ref)
			}
			switch {
			case strings.TrimSpace(n.Ref) == "":
				fail(where, "ref is empty")
			case n.Ref != strings.TrimSpace(n.Ref) || strings.ContainsFunc(n.Ref, isControl):
				fail(where, "ref has surrounding spaces or control characters")
			case utf8.RuneCountInString(n.Ref) > MaxRefLen:
				fail(where, "ref is longer than %d characters", MaxRefLen)
			default:
				if first, dup := seen[n.Ref]; dup {
					fail(where, "duplicate ref %q (first used at %s)", n.Ref, first)
				} else {
					seen[n.Ref] = path
				}
			}
			checkText(fail, where+".title", n.Title, MaxTitleLen, true)
			checkText(fail, where+".description", n.Description, MaxTextLen, false)
			checkText(fail, where+".guidance", n.Guidance, MaxTextLen, false)
			for name, values := range n.Attributes {
				if !attrNamePattern.MatchString(name) {
					fail(where+".attributes", "attribute name %q must be lowercase snake_case", name)
				}
				if len(values) == 0 || slices.Contains(values, "") {
					fail(where+".attributes."+name, "needs at least one non-empty value")
				}
			}

			switch n.Kind {
			case KindGroup, KindControl, KindRequirement:
				parentKind := ""
				if parent != nil {
					parentKind = parent.Kind
				}
				if msg := placement(parentKind, n.Kind); msg != "" {
					fail(where, "%s", msg)
				}
			default:
				fail(where+".kind", "must be group, control or requirement, got %q", n.Kind)
			}
			walk(n.Children, n, path+".children")
		}
	}
	walk(f.Nodes, nil, "nodes")
	return errors.Join(errs...)
}

// placement says why a node of kind may not sit under a parent of
// parentKind ("" = top level), or returns "" when it may.
func placement(parentKind, kind string) string {
	switch parentKind {
	case "", KindGroup:
		if kind == KindRequirement {
			if parentKind == "" {
				return "a requirement cannot be at the top level (requirements belong under a control)"
			}
			return "a requirement cannot be directly under a group (requirements belong under a control)"
		}
	case KindControl:
		if kind != KindRequirement {
			return fmt.Sprintf("a %s cannot be under a control (controls contain only requirements)", kind)
		}
	case KindRequirement:
		return fmt.Sprintf("a %s cannot be under a requirement (requirements are leaves)", kind)
	}
	return ""
}

func checkText(fail func(string, string, ...any), where, s string, max int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		fail(where, "is empty")
	case !utf8.ValidString(s):
		fail(where, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		fail(where, "is longer than %d characters", max)
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Walk visits nodes depth-first in display order. fn receives each node and
// its ancestors (outermost first; the slice is reused, copy it to keep it).
// A non-nil error from fn stops the walk and is returned.
func Walk(nodes []*Node, fn func(n *Node, ancestors []*Node) error) error {
	var stack []*Node
	var visit func([]*Node) error
	visit = func(nodes []*Node) error {
		for _, n := range nodes {
			if err := fn(n, stack); err != nil {
				return err
			}
			stack = append(stack, n)
			err := visit(n.Children)
			stack = stack[:len(stack)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	return visit(nodes)
}

// Count returns how many nodes of the given kind the framework has.
func (f *File) Count(kind string) int { return count(f.Nodes, kind) }

// Count returns how many descendants of n (n excluded) are of the given kind.
func (n *Node) Count(kind string) int { return count(n.Children, kind) }

func count(nodes []*Node, kind string) int {
	c := 0
	_ = Walk(nodes, func(n *Node, _ []*Node) error {
		if n.Kind == kind {
			c++
		}
		return nil
	})
	return c
}

// All parses and validates every framework embedded in the binary and
// returns them sorted by key. Each call returns fresh copies, which callers
// may modify. An error names the file at fault; it means the binary was
// built with a broken library, which the package tests prevent.
func All() ([]*File, error) {
	names, err := embedded.ReadDir("frameworks")
	if err != nil {
		return nil, err
	}
	files := make([]*File, 0, len(names))
	keys := make(map[string]string)
	for _, e := range names {
		if e.IsDir() || path.Ext(e.Name()) != ".yaml" {
			continue
		}
		data, err := embedded.ReadFile("frameworks/" + e.Name())
		if err != nil {
			return nil, err
		}
		f, err := Parse(data)
		if err == nil {
			err = f.Validate()
		}
		if err != nil {
			return nil, fmt.Errorf("framework library %s: %w", e.Name(), err)
		}
		if want := strings.TrimSuffix(e.Name(), ".yaml"); f.Framework.Key != want {
			return nil, fmt.Errorf("framework library %s: key %q does not match the file name", e.Name(), f.Framework.Key)
		}
		if other, dup := keys[f.Framework.Key]; dup {
			return nil, fmt.Errorf("framework library %s: key %q already used by %s", e.Name(), f.Framework.Key, other)
		}
		keys[f.Framework.Key] = e.Name()
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b *File) int { return strings.Compare(a.Framework.Key, b.Framework.Key) })
	return files, nil
}

// Get returns the embedded framework with the given key, or false when the
// library has no such framework.
func Get(key string) (*File, bool, error) {
	files, err := All()
	if err != nil {
		return nil, false, err
	}
	for _, f := range files {
		if f.Framework.Key == key {
			return f, true, nil
		}
	}
	return nil, false, nil
}
