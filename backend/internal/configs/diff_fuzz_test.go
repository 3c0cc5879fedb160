package configs

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// Apply applies changes, read as a JSON Patch (added → add, removed → remove, changed → replace), to v in order.
// It is the oracle of the diff tests: Apply(a, Diff(a, b)) must equal b.
func Apply(v any, changes []Change) (any, error) {
	for _, c := range changes {
		var err error
		if v, err = applyOne(v, tokens(c.Path), c); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func tokens(path string) []string {
	if path == "" {
		return nil
	}
	parts := strings.Split(path[1:], "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

func applyOne(v any, path []string, c Change) (any, error) {
	if len(path) == 0 {
		if c.Op != OpChanged {
			return nil, errors.New("only a replacement can target the root")
		}
		return c.After, nil
	}
	tok, last := path[0], len(path) == 1
	switch x := v.(type) {
	case map[string]any:
		if last {
			switch c.Op {
			case OpRemoved:
				delete(x, tok)
			default:
				x[tok] = c.After
			}
			return x, nil
		}
		child, err := applyOne(x[tok], path[1:], c)
		x[tok] = child
		return x, err
	case []any:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i > len(x) {
			return nil, errors.New("bad array index " + tok)
		}
		if last {
			switch c.Op {
			case OpAdded:
				if i != len(x) {
					return nil, errors.New("added element not at the end")
				}
				return append(x, c.After), nil
			case OpRemoved:
				if i != len(x)-1 {
					return nil, errors.New("removed element not the last")
				}
				return x[:i], nil
			default:
				x[i] = c.After
				return x, nil
			}
		}
		if i == len(x) {
			return nil, errors.New("index past the end")
		}
		child, err := applyOne(x[i], path[1:], c)
		x[i] = child
		return x, err
	}
	return nil, errors.New("path through a scalar")
}

func FuzzDiff(f *testing.F) {
	for _, seed := range [][2]string{
		{`{}`, `{}`},
		{`{"a":1}`, `{"a":2}`},
		{`{"a":[1,2,3]}`, `{"a":[1]}`},
		{`{"a":[1]}`, `{"a":[1,{"b":null},3]}`},
		{`{"a/b":{"m~n":true}}`, `{"a/b":{"m~n":false,"x":"y"}}`},
		{`{"a":{"b":1}}`, `{"a":[{"b":1}]}`},
		{`[1,2]`, `{"x":[]}`},
		{`"s"`, `null`},
		{`{"n":1.0}`, `{"n":1}`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		a, errA := Decode([]byte(from))
		b, errB := Decode([]byte(to))
		if errA != nil || errB != nil || depth(a) > MaxDocumentDepth || depth(b) > MaxDocumentDepth {
			return
		}
		if d := Diff(a, a); len(d) != 0 {
			t.Fatalf("diff(a, a) is not empty: %v", d)
		}
		changes := Diff(a, b)
		if (len(changes) == 0) != Equal(a, b) {
			t.Fatalf("empty diff iff equal: %v", changes)
		}
		for _, c := range changes {
			if c.Path != "" && !strings.HasPrefix(c.Path, "/") {
				t.Fatalf("not a JSON pointer: %q", c.Path)
			}
			if _, err := json.Marshal(c.Before); err != nil {
				t.Fatal(err)
			}
		}
		// Apply works on a fresh copy of a (it mutates), and must give b.
		fresh, _ := Decode([]byte(from))
		got, err := Apply(fresh, changes)
		if err != nil {
			t.Fatalf("apply: %v (changes %v)", err, changes)
		}
		if !Equal(got, b) {
			t.Fatalf("apply(a, diff(a, b)) != b\nfrom %s\nto %s\nchanges %v", from, to, changes)
		}
	})
}
