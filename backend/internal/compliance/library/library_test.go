package library

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// embeddedFiles returns the raw library files by name.
func embeddedFiles(t testing.TB) map[string][]byte {
	t.Helper()
	entries, err := embedded.ReadDir("frameworks")
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte)
	for _, e := range entries {
		data, err := embedded.ReadFile("frameworks/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func load(data []byte) (*File, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return f, f.Validate()
}

func TestEmbeddedFilesParseAndValidate(t *testing.T) {
	files := embeddedFiles(t)
	if len(files) == 0 {
		t.Fatal("no embedded framework files")
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			f, err := load(data)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimSuffix(name, ".yaml"); f.Framework.Key != want {
				t.Errorf("key %q does not match file name %s", f.Framework.Key, name)
			}
			if f.Count(KindControl) == 0 {
				t.Error("framework has no controls")
			}
		})
	}
	all, err := All()
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	if !slices.IsSortedFunc(all, func(a, b *File) int { return strings.Compare(a.Framework.Key, b.Framework.Key) }) {
		t.Error("All is not sorted by key")
	}
}

// publishedCount describes what the published standard says a framework
// contains. Zero-valued optional fields are not checked.
type publishedCount struct {
	key                string
	groups, controls   int
	requirements       int            // -1: not checked
	controlsPerTop     []int          // controls under each top-level node, in order
	groupsPerTop       []int          // groups under each top-level node, in order
	controlsUnder      map[string]int // group ref -> controls beneath it
	requirementsOf     map[string]int // control ref -> requirements beneath it
	controlRefs        []string       // exact control refs, in order
	sequentialControls bool           // controls under group G are G.1, G.2, ...
	extra              func(t *testing.T, f *File)
}

func TestPublishedCounts(t *testing.T) {
	cases := []publishedCount{
		{
			// ISO/IEC 27001:2022 Annex A: 93 controls in themes 5-8.
			key: "iso27001-2022", groups: 4, controls: 93, requirements: 0,
			controlsPerTop:     []int{37, 8, 14, 34},
			controlsUnder:      map[string]int{"5": 37, "6": 8, "7": 14, "8": 34},
			sequentialControls: true,
			extra: func(t *testing.T, f *File) {
				var tops []string
				for _, n := range f.Nodes {
					tops = append(tops, n.Ref)
				}
				if !slices.Equal(tops, []string{"5", "6", "7", "8"}) {
					t.Errorf("themes = %v, want [5 6 7 8]", tops)
				}
				allowed := []string{"preventive", "detective", "corrective"}
				_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
					for _, v := range n.Attributes["control_type"] {
						if !slices.Contains(allowed, v) {
							t.Errorf("%s: control_type %q not in %v", n.Ref, v, allowed)
						}
					}
					return nil
				})
			},
		},
		{
			// NIST CSF 2.0: 6 functions, 22 categories, 106 subcategories.
			key: "nist-csf-2.0", groups: 6 + 22, controls: 106, requirements: -1,
			controlsPerTop: []int{31, 21, 22, 11, 13, 8}, // GV ID PR DE RS RC
			groupsPerTop:   []int{6, 3, 5, 2, 4, 2},
		},
		{
			// NIS2 Article 21(2), points (a) to (j).
			key: "nis2-art21", groups: 1, controls: 10, requirements: 0,
			controlRefs: []string{
				"Art.21(2)(a)", "Art.21(2)(b)", "Art.21(2)(c)", "Art.21(2)(d)", "Art.21(2)(e)",
				"Art.21(2)(f)", "Art.21(2)(g)", "Art.21(2)(h)", "Art.21(2)(i)", "Art.21(2)(j)",
			},
		},
		{
			// AICPA TSC 2017: 33 common criteria, A1.1-A1.3, C1.1-C1.2, PI1.1-PI1.5, 18 privacy criteria.
			key: "soc2-tsc-2017", groups: 1 + 9 + 1 + 1 + 1 + 1 + 8, controls: 33 + 3 + 2 + 5 + 18, requirements: 0,
			controlsPerTop: []int{33, 3, 2, 5, 18},
			controlsUnder: map[string]int{
				"CC": 33, "CC1": 5, "CC2": 3, "CC3": 4, "CC4": 2, "CC5": 3, "CC6": 8, "CC7": 5, "CC8": 1, "CC9": 2,
				"A1": 3, "C1": 2, "PI1": 5,
				"P": 18, "P1": 1, "P2": 1, "P3": 2, "P4": 3, "P5": 2, "P6": 7, "P7": 1, "P8": 1,
			},
			sequentialControls: true,
			extra: func(t *testing.T, f *File) {
				// CC1-CC5 carry the 17 COSO principles, each exactly once.
				seen := map[string]int{}
				_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
					for _, p := range n.Attributes["coso_principle"] {
						seen[p]++
					}
					return nil
				})
				for i := 1; i <= 17; i++ {
					if seen[fmt.Sprint(i)] != 1 {
						t.Errorf("COSO principle %d used %d times, want 1", i, seen[fmt.Sprint(i)])
					}
				}
			},
		},
		{
			// CIS Controls v8: 18 controls, 153 safeguards; IG1 56, IG2 adds 74, IG3 adds 23.
			key: "cis-v8", groups: 18, controls: 153, requirements: -1,
			controlsPerTop: []int{5, 7, 14, 12, 6, 8, 7, 12, 7, 7, 5, 8, 11, 9, 7, 14, 9, 5},
			extra: func(t *testing.T, f *File) {
				lowest := map[int]int{}
				_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
					if n.Kind != KindControl {
						return nil
					}
					ig := 0
					for _, v := range n.Attributes["ig"] {
						g := implementationGroup(v)
						if g == 0 {
							t.Errorf("%s: unknown implementation group %q", n.Ref, v)
						} else if ig == 0 || g < ig {
							ig = g
						}
					}
					if ig == 0 {
						t.Errorf("%s: safeguard without attributes.ig", n.Ref)
					}
					lowest[ig]++
					return nil
				})
				if lowest[1] != 56 || lowest[2] != 74 || lowest[3] != 23 {
					t.Errorf("safeguards first required in IG1/IG2/IG3 = %d/%d/%d, want 56/74/23", lowest[1], lowest[2], lowest[3])
				}
			},
		},
		{
			// DORA Chapter II, Articles 5-16.
			key: "dora-ict-rm", groups: 1, controls: 12, requirements: 64,
			controlRefs: []string{"Art.5", "Art.6", "Art.7", "Art.8", "Art.9", "Art.10", "Art.11", "Art.12", "Art.13", "Art.14", "Art.15", "Art.16"},
			requirementsOf: map[string]int{
				"Art.5": 4, "Art.6": 10, "Art.7": 4, "Art.8": 7, "Art.9": 4, "Art.10": 4,
				"Art.11": 11, "Art.12": 7, "Art.13": 7, "Art.14": 3, "Art.15": 0, "Art.16": 3,
			},
		},
		{
			// GDPR security and accountability articles.
			key: "gdpr", groups: 5, controls: 9, requirements: 55,
			controlRefs:   []string{"Art.5", "Art.24", "Art.25", "Art.28", "Art.30", "Art.32", "Art.33", "Art.34", "Art.35"},
			controlsUnder: map[string]int{"Ch.II": 1, "Ch.IV": 8, "Ch.IV.S1": 4, "Ch.IV.S2": 3, "Ch.IV.S3": 1},
			requirementsOf: map[string]int{
				"Art.5": 7, "Art.24": 3, "Art.25": 3, "Art.28": 10, "Art.30": 5,
				"Art.32": 7, "Art.33": 5, "Art.34": 4, "Art.35": 11,
			},
		},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			f, ok, err := Get(c.key)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Fatalf("framework %q is not in the library", c.key)
			}
			checkCount(t, "groups", f.Count(KindGroup), c.groups)
			checkCount(t, "controls", f.Count(KindControl), c.controls)
			if c.requirements >= 0 {
				checkCount(t, "requirements", f.Count(KindRequirement), c.requirements)
			}
			if c.controlsPerTop != nil {
				var got []int
				for _, n := range f.Nodes {
					got = append(got, n.Count(KindControl))
				}
				if !slices.Equal(got, c.controlsPerTop) {
					t.Errorf("controls per top-level node = %v, want %v", got, c.controlsPerTop)
				}
			}
			if c.groupsPerTop != nil {
				var got []int
				for _, n := range f.Nodes {
					got = append(got, n.Count(KindGroup))
				}
				if !slices.Equal(got, c.groupsPerTop) {
					t.Errorf("groups per top-level node = %v, want %v", got, c.groupsPerTop)
				}
			}
			for ref, want := range c.controlsUnder {
				if n := find(f, ref); n == nil {
					t.Errorf("group %q missing", ref)
				} else {
					checkCount(t, "controls under "+ref, n.Count(KindControl), want)
				}
			}
			for ref, want := range c.requirementsOf {
				if n := find(f, ref); n == nil {
					t.Errorf("control %q missing", ref)
				} else {
					checkCount(t, "requirements of "+ref, n.Count(KindRequirement), want)
				}
			}
			if c.controlRefs != nil {
				if got := refsOf(f, KindControl); !slices.Equal(got, c.controlRefs) {
					t.Errorf("control refs = %v, want %v", got, c.controlRefs)
				}
			}
			if c.sequentialControls {
				_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
					i := 0
					for _, child := range n.Children {
						if child.Kind != KindControl {
							continue
						}
						i++
						if want := fmt.Sprintf("%s.%d", n.Ref, i); child.Ref != want {
							t.Errorf("control %d under %s is %q, want %q", i, n.Ref, child.Ref, want)
						}
					}
					return nil
				})
			}
			if c.extra != nil {
				c.extra(t, f)
			}
		})
	}
}

func checkCount(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

func find(f *File, ref string) *Node {
	var found *Node
	_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
		if n.Ref == ref && found == nil {
			found = n
		}
		return nil
	})
	return found
}

func refsOf(f *File, kind string) []string {
	var refs []string
	_ = Walk(f.Nodes, func(n *Node, _ []*Node) error {
		if n.Kind == kind {
			refs = append(refs, n.Ref)
		}
		return nil
	})
	return refs
}

// implementationGroup reads "IG1", "ig2" or "3" as 1..3, anything else as 0.
func implementationGroup(v string) int {
	switch strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(v)), "IG") {
	case "1":
		return 1
	case "2":
		return 2
	case "3":
		return 3
	}
	return 0
}

func TestWalkAncestors(t *testing.T) {
	f, ok, err := Get("soc2-tsc-2017")
	if err != nil || !ok {
		t.Fatalf("Get: %v %v", ok, err)
	}
	var path []string
	_ = Walk(f.Nodes, func(n *Node, ancestors []*Node) error {
		if n.Ref == "P6.3" {
			for _, a := range ancestors {
				path = append(path, a.Ref)
			}
		}
		return nil
	})
	if !slices.Equal(path, []string{"P", "P6"}) {
		t.Errorf("ancestors of P6.3 = %v, want [P P6]", path)
	}
}

const validHeader = `format: opsdeck.framework/v1
framework:
  key: test-fw
  name: Test framework
  version: "1"
`

// badInputs are rejected by Validate or Parse; schema says whether the JSON
// Schema can reject them too (duplicate refs and YAML syntax are beyond it).
var badInputs = []struct {
	name, input, want string
	schema            bool
}{
	{"unknown key", validHeader + `nodes:
  - ref: "A"
    title: A
    kind: control
    colour: blue
`, "field colour not found", true},
	{"unknown top-level key", validHeader + `extra: 1
nodes:
  - {ref: "A", title: A, kind: control}
`, "field extra not found", true},
	{"duplicate ref", validHeader + `nodes:
  - ref: "G"
    title: G
    kind: group
    children:
      - {ref: "A.1", title: One, kind: control}
      - {ref: "A.1", title: Two, kind: control}
`, `nodes[0].children[1] (ref "A.1"): duplicate ref "A.1" (first used at nodes[0].children[0]`, false},
	{"control under requirement", validHeader + `nodes:
  - ref: "C"
    title: C
    kind: control
    children:
      - ref: "C.a"
        title: Req
        kind: requirement
        children:
          - {ref: "C.a.1", title: Nested, kind: control}
`, `(ref "C.a.1"): a control cannot be under a requirement (requirements are leaves)`, true},
	{"group under control", validHeader + `nodes:
  - ref: "C"
    title: C
    kind: control
    children:
      - {ref: "G", title: G, kind: group}
`, `(ref "G"): a group cannot be under a control (controls contain only requirements)`, true},
	{"requirement at top level", validHeader + `nodes:
  - {ref: "R", title: R, kind: requirement}
`, `nodes[0] (ref "R"): a requirement cannot be at the top level`, true},
	{"requirement under group", validHeader + `nodes:
  - ref: "G"
    title: G
    kind: group
    children:
      - {ref: "R", title: R, kind: requirement}
`, `a requirement cannot be directly under a group`, true},
	{"empty title", validHeader + `nodes:
  - {ref: "A", title: "  ", kind: control}
`, `nodes[0] (ref "A").title: is empty`, true},
	{"missing title", validHeader + `nodes:
  - {ref: "A", kind: control}
`, `nodes[0] (ref "A").title: is empty`, true},
	{"empty ref", validHeader + `nodes:
  - {ref: "", title: A, kind: control}
`, `nodes[0]: ref is empty`, true},
	{"long title", validHeader + `nodes:
  - {ref: "A", title: "` + strings.Repeat("x", MaxTitleLen+1) + `", kind: control}
`, `title: is longer than 300 characters`, true},
	{"bad kind", validHeader + `nodes:
  - {ref: "A", title: A, kind: domain}
`, `nodes[0] (ref "A").kind: must be group, control or requirement, got "domain"`, true},
	{"bad key", `format: opsdeck.framework/v1
framework:
  key: Bad Key
  name: Test
  version: "1"
nodes:
  - {ref: "A", title: A, kind: control}
`, `framework.key: "Bad Key" is not a valid key`, true},
	{"bad format", `format: opsdeck.framework/v2
framework: {key: test-fw, name: Test, version: "1"}
nodes:
  - {ref: "A", title: A, kind: control}
`, `format: must be "opsdeck.framework/v1"`, true},
	{"no nodes", validHeader + "nodes: []\n", "nodes: a framework needs at least one node", true},
	{"bad attribute", validHeader + `nodes:
  - {ref: "A", title: A, kind: control, attributes: {Control-Type: [x]}}
`, `attribute name "Control-Type" must be lowercase snake_case`, true},
	{"bad source url", `format: opsdeck.framework/v1
framework: {key: test-fw, name: Test, version: "1", source_url: "ftp://example.org/x"}
nodes:
  - {ref: "A", title: A, kind: control}
`, `framework.source_url: "ftp://example.org/x" is not an http(s) URL`, true},
	{"bad YAML", validHeader + "nodes:\n  - ref: [unclosed\n", "yaml: line", false},
	{"empty document", "", "empty document", false},
	{"two documents", validHeader + "nodes:\n  - {ref: A, title: A, kind: control}\n---\nformat: x\n", "more than one YAML document", false},
	{"unknown key in JSON", `{"format": "opsdeck.framework/v1", "framework": {"key": "test-fw", "name": "T", "version": "1", "owner": "me"},
	 "nodes": [{"ref": "A", "title": "A", "kind": "control"}]}`, "field owner not found", true},
}

func TestRejectsBadInput(t *testing.T) {
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			_, err := load([]byte(c.input))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\ndoes not contain %q", err, c.want)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	_, err := load([]byte(validHeader + `nodes:
  - {ref: "R", title: R, kind: requirement}
  - {ref: "R", title: "", kind: control}
`))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"top level", "duplicate ref", "title: is empty"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestParseAcceptsJSON(t *testing.T) {
	// Tab-indented JSON, as many tools write it.
	input := "{\n\t\"format\": \"opsdeck.framework/v1\",\n\t\"framework\": {\"key\": \"json-fw\", \"name\": \"JSON\", \"version\": \"1\"},\n" +
		"\t\"nodes\": [\n\t\t{\"ref\": \"G\", \"title\": \"Group\", \"kind\": \"group\", \"children\": [\n" +
		"\t\t\t{\"ref\": \"G.1\", \"title\": \"Ctl \\u00e9\", \"kind\": \"control\", \"attributes\": {\"ig\": [\"IG1\"]},\n" +
		"\t\t\t \"children\": [{\"ref\": \"G.1.a\", \"title\": \"Req\", \"kind\": \"requirement\"}]}\n\t\t]}\n\t]\n}\n"
	f, err := load([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	if f.Count(KindControl) != 1 || f.Count(KindRequirement) != 1 || f.Nodes[0].Children[0].Title != "Ctl é" {
		t.Errorf("unexpected parse result: %+v", f.Nodes[0].Children[0])
	}
}

// TestJSONRoundTrip checks that every library file survives export as JSON
// and re-import, the path a user's exported framework takes.
func TestJSONRoundTrip(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		data, err := json.MarshalIndent(f, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		back, err := load(data)
		if err != nil {
			t.Fatalf("%s: re-import of JSON export: %v", f.Framework.Key, err)
		}
		again, _ := json.MarshalIndent(back, "", "\t")
		if !bytes.Equal(data, again) {
			t.Errorf("%s: JSON round trip changed the framework", f.Framework.Key)
		}
	}
}

func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("..", "..", "..", "..", "docs", "schema", "framework.schema.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("framework.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("framework.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asJSONValue reads YAML (or JSON) into the generic JSON value model the
// schema validator expects.
func asJSONValue(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSchemaAcceptsLibraryFiles(t *testing.T) {
	s := compileSchema(t)
	for name, data := range embeddedFiles(t) {
		t.Run(name, func(t *testing.T) {
			if err := s.Validate(asJSONValue(t, data)); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSchemaRejectsBadInput(t *testing.T) {
	s := compileSchema(t)
	for _, c := range badInputs {
		if !c.schema {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if err := s.Validate(asJSONValue(t, []byte(c.input))); err == nil {
				t.Error("schema accepted the input")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	// One small library file as a seed: large seeds make the fuzzer's input
	// minimisation crawl.
	f.Add(embeddedFiles(f)["nis2-art21.yaml"])
	for _, c := range badInputs {
		f.Add([]byte(c.input))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := load(data)
		if err != nil {
			return
		}
		// A valid file must survive a JSON export and re-import unchanged.
		j, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		back, err := load(j)
		if err != nil {
			t.Fatalf("re-import of a valid file failed: %v", err)
		}
		j2, _ := json.Marshal(back)
		if !bytes.Equal(j, j2) {
			t.Fatalf("round trip changed the file:\n%s\n%s", j, j2)
		}
	})
}
