package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
	"time"
)

// Notification templates are written by administrators, per event and per language, in Go's template language:
// html/template for the HTML part (every value is escaped for where it lands: text, attribute, URL), text/template for
// the subject and the text part. They run in a sandbox:
//
//   - the data is a flat map of strings (the event's placeholders): there is no method to call, no object to walk;
//   - only {{.Name}}, {{if}}/{{else}}, {{with}}, variables, comparisons and a short list of functions are allowed;
//     range, template/define/block, call and printf are refused when the template is saved, so execution time is
//     bounded by the template's size (the context's deadline is checked on every write as well);
//   - template and output sizes are limited;
//   - a placeholder without a value renders as empty and is reported as a Warning, not an error.

// Locales the notifications are written in; the first is the fallback.
var Locales = []string{"en", "fr", "de", "nl"}

// NormalizeLocale maps a caller's locale ("fr", "fr-BE", "de_AT", "NL") to one of Locales, else "en".
func NormalizeLocale(locale string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(locale)), "-")
	base, _, _ = strings.Cut(base, "_")
	if slices.Contains(Locales, base) {
		return base
	}
	return Locales[0]
}

// Placeholder is a value an event offers its templates, documented for the template editor.
type Placeholder struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Example     string `json:"example"`
}

// CheckPlaceholders validates an event's declaration: names usable as {{.Name}}, each once, each with an example
// (Preview renders with it).
func CheckPlaceholders(placeholders []Placeholder) error {
	seen := map[string]bool{}
	for _, p := range placeholders {
		switch {
		case !placeholderName.MatchString(p.Name):
			return fmt.Errorf("notify: placeholder %q: a name is a letter followed by letters, digits or _", p.Name)
		case seen[p.Name]:
			return fmt.Errorf("notify: placeholder %q declared twice", p.Name)
		case p.Description == "" || p.Example == "":
			return fmt.Errorf("notify: placeholder %q needs a description and an example", p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// EmailTemplate is one language's version of a notification.
type EmailTemplate struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

// LocalizedTemplate holds an event's template per locale.
type LocalizedTemplate map[string]EmailTemplate

// For returns the template for locale, falling back to English, and the locale actually chosen.
func (l LocalizedTemplate) For(locale string) (EmailTemplate, string, bool) {
	loc := NormalizeLocale(locale)
	if t, ok := l[loc]; ok {
		return t, loc, true
	}
	t, ok := l[Locales[0]]
	return t, Locales[0], ok
}

// Rendered is a rendered notification.
type Rendered struct {
	Locale   string    `json:"locale,omitempty"`
	Subject  string    `json:"subject"`
	Text     string    `json:"text"`
	HTML     string    `json:"html,omitempty"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// Message turns the rendering into an e-mail for to.
func (r Rendered) Message(to string) Message {
	return Message{To: to, Subject: r.Subject, Text: r.Text, HTML: r.HTML, Locale: r.Locale}
}

// Warning is a problem that did not stop rendering.
type Warning struct {
	Part        string `json:"part"` // subject, text or html
	Placeholder string `json:"placeholder,omitempty"`
	Message     string `json:"message"`
}

func (w Warning) String() string { return w.Part + ": " + w.Message }

// Template errors.
var (
	ErrTemplateTooLarge = errors.New("notify: template too large")
	ErrOutputTooLarge   = errors.New("notify: rendered message too large")
)

// TemplateError is a template that cannot be used: syntax, or a construct the sandbox refuses.
type TemplateError struct {
	Part string
	Err  error
}

func (e *TemplateError) Error() string { return fmt.Sprintf("notify: %s template: %v", e.Part, e.Err) }
func (e *TemplateError) Unwrap() error { return e.Err }

// Renderer renders templates within limits.
type Renderer struct {
	// MaxTemplateBytes bounds each part's template source.
	MaxTemplateBytes int
	// MaxOutputBytes bounds each rendered part.
	MaxOutputBytes int
	// Timeout bounds a whole rendering, on top of the caller's context.
	Timeout time.Duration
}

// DefaultRenderer has limits generous for any e-mail and small for an attacker.
var DefaultRenderer = Renderer{MaxTemplateBytes: 64 << 10, MaxOutputBytes: 512 << 10, Timeout: 2 * time.Second}

// Render renders t with data using DefaultRenderer.
func Render(ctx context.Context, t EmailTemplate, data map[string]string) (Rendered, error) {
	return DefaultRenderer.Render(ctx, t, data)
}

// Preview renders t with the placeholders' example values using DefaultRenderer, for the template editor.
func Preview(ctx context.Context, t EmailTemplate, placeholders []Placeholder) (Rendered, error) {
	return DefaultRenderer.Preview(ctx, t, placeholders)
}

// maxSubject bounds a subject, in characters.
const maxSubject = 250

// Render renders each part of t over data. A placeholder the template names but data lacks renders as "" and yields
// a Warning.
func (r Renderer) Render(ctx context.Context, t EmailTemplate, data map[string]string) (Rendered, error) {
	return r.render(ctx, t, data, "has no value")
}

// Preview renders t with the placeholders' example values; a placeholder the template names but the event does not
// declare yields a Warning.
func (r Renderer) Preview(ctx context.Context, t EmailTemplate, placeholders []Placeholder) (Rendered, error) {
	data := make(map[string]string, len(placeholders))
	for _, p := range placeholders {
		data[p.Name] = p.Example
	}
	return r.render(ctx, t, data, "is not a placeholder of this event")
}

// RenderLocalized renders the recipient's language version of lt (English when it has none).
func (r Renderer) RenderLocalized(ctx context.Context, lt LocalizedTemplate, locale string, data map[string]string) (Rendered, error) {
	t, loc, ok := lt.For(locale)
	if !ok {
		return Rendered{}, &TemplateError{Part: "subject", Err: fmt.Errorf("no template for %q nor %q", locale, Locales[0])}
	}
	out, err := r.Render(ctx, t, data)
	out.Locale = loc
	return out, err
}

// Check reports whether t can be used (syntax, sandbox, size, HTML contexts), by rendering it with no data: call it
// when a template is saved.
func (r Renderer) Check(t EmailTemplate) error {
	_, err := r.render(context.Background(), t, map[string]string{}, "has no value")
	return err
}

type part struct{ name, src string }

func (t EmailTemplate) parts() []part {
	return []part{{"subject", t.Subject}, {"text", t.Text}, {"html", t.HTML}}
}

func (r Renderer) render(ctx context.Context, t EmailTemplate, data map[string]string, missing string) (Rendered, error) {
	if r.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.Timeout)
		defer cancel()
	}
	if data == nil {
		data = map[string]string{}
	}
	var out Rendered
	for _, p := range t.parts() {
		if p.src == "" {
			continue
		}
		refs, err := r.parse(p.name, p.src)
		if err != nil {
			return Rendered{}, err
		}
		for _, name := range refs {
			if _, ok := data[name]; !ok {
				out.Warnings = append(out.Warnings, Warning{Part: p.name, Placeholder: name,
					Message: fmt.Sprintf("placeholder %q %s: rendered as empty", name, missing)})
			}
		}
		w := &boundedWriter{ctx: ctx, max: r.MaxOutputBytes}
		if p.name == "html" {
			tmpl, err := htmltemplate.New(p.name).Funcs(htmltemplate.FuncMap(sandboxFuncs)).Option("missingkey=zero").Parse(p.src)
			if err == nil {
				err = tmpl.Execute(w, data)
			}
			if err != nil {
				return Rendered{}, renderError(p.name, err)
			}
			out.HTML = w.buf.String()
			continue
		}
		tmpl, err := texttemplate.New(p.name).Funcs(sandboxFuncs).Option("missingkey=zero").Parse(p.src)
		if err == nil {
			err = tmpl.Execute(w, data)
		}
		if err != nil {
			return Rendered{}, renderError(p.name, err)
		}
		if p.name == "subject" {
			// A subject is one header line: no line break can reach it (header injection), and it stays short.
			out.Subject = truncateRunes(oneLine(w.buf.String()), maxSubject)
		} else {
			out.Text = w.buf.String()
		}
	}
	return out, nil
}

func renderError(part string, err error) error {
	switch {
	case errors.Is(err, ErrOutputTooLarge), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("notify: %s: %w", part, err)
	}
	return &TemplateError{Part: part, Err: err}
}

// parse checks a template's size and constructs and returns the placeholders it names, in order, once each.
func (r Renderer) parse(name, src string) ([]string, error) {
	if r.MaxTemplateBytes > 0 && len(src) > r.MaxTemplateBytes {
		return nil, &TemplateError{Part: name, Err: fmt.Errorf("%w (%d bytes, at most %d)", ErrTemplateTooLarge, len(src), r.MaxTemplateBytes)}
	}
	tmpl, err := texttemplate.New(name).Funcs(sandboxFuncs).Parse(src)
	if err != nil {
		return nil, &TemplateError{Part: name, Err: err}
	}
	if len(tmpl.Templates()) > 1 {
		return nil, &TemplateError{Part: name, Err: errors.New("define and block are not allowed")}
	}
	if tmpl.Tree == nil {
		return nil, nil
	}
	var refs []string
	if err := checkNode(tmpl.Tree.Root, &refs); err != nil {
		return nil, &TemplateError{Part: name, Err: err}
	}
	return refs, nil
}

// sandboxFuncs are the functions templates may call beyond the allowed built-ins.
var sandboxFuncs = texttemplate.FuncMap{
	"upper": strings.ToUpper,
	"lower": strings.ToLower,
	"trim":  strings.TrimSpace,
	// default "n/a" .Value: the value, or the fallback when the value is empty.
	"default": func(fallback, v string) string {
		if strings.TrimSpace(v) == "" {
			return fallback
		}
		return v
	},
}

// allowedFuncs are every function name a template may use: harmless built-ins and sandboxFuncs. call (would run any
// function value), printf (a width such as %999999999d allocates a gigabyte) and the range loop are out.
var allowedFuncs = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"len": true, "index": true, "slice": true, "print": true, "println": true, "html": true, "urlquery": true,
	"js": true, "upper": true, "lower": true, "trim": true, "default": true,
}

var placeholderName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func checkNode(node parse.Node, refs *[]string) error {
	ref := func(name string) {
		if !slices.Contains(*refs, name) {
			*refs = append(*refs, name)
		}
	}
	switch n := node.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNode(c, refs); err != nil {
				return err
			}
		}
		return nil
	case *parse.TextNode, *parse.CommentNode, *parse.DotNode, *parse.StringNode, *parse.NumberNode, *parse.BoolNode,
		*parse.NilNode:
		return nil
	case *parse.ActionNode:
		return checkNode(n.Pipe, refs)
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, refs)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, refs)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := checkNode(c, refs); err != nil {
				return err
			}
		}
		return nil
	case *parse.CommandNode:
		for _, a := range n.Args {
			if err := checkNode(a, refs); err != nil {
				return err
			}
		}
		return nil
	case *parse.FieldNode:
		if len(n.Ident) != 1 || !placeholderName.MatchString(n.Ident[0]) {
			return fmt.Errorf("%s: placeholders are single names such as {{.Title}}", n)
		}
		ref(n.Ident[0])
		return nil
	case *parse.VariableNode:
		switch {
		case len(n.Ident) == 1:
			return nil
		case len(n.Ident) == 2 && n.Ident[0] == "$" && placeholderName.MatchString(n.Ident[1]):
			ref(n.Ident[1])
			return nil
		}
		return fmt.Errorf("%s: placeholders are single names such as {{$.Title}}", n)
	case *parse.IdentifierNode:
		if !allowedFuncs[n.Ident] {
			return fmt.Errorf("function %q is not allowed", n.Ident)
		}
		return nil
	case *parse.RangeNode:
		return errors.New("range is not allowed: placeholders are single values")
	case *parse.TemplateNode:
		return errors.New("template is not allowed")
	case *parse.BreakNode, *parse.ContinueNode:
		return errors.New("break and continue are not allowed")
	case *parse.ChainNode:
		return fmt.Errorf("%s: placeholders are single names", n)
	default:
		return fmt.Errorf("%s is not allowed", node)
	}
}

func checkBranch(b *parse.BranchNode, refs *[]string) error {
	if err := checkNode(b.Pipe, refs); err != nil {
		return err
	}
	if err := checkNode(b.List, refs); err != nil {
		return err
	}
	return checkNode(b.ElseList, refs)
}

// boundedWriter stops a rendering that outgrows its limit or its context.
type boundedWriter struct {
	ctx context.Context
	buf bytes.Buffer
	max int
}

func (w *boundedWriter) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	if w.max > 0 && w.buf.Len()+len(p) > w.max {
		return 0, ErrOutputTooLarge
	}
	return w.buf.Write(p)
}
