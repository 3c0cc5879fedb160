package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

func TestRenderEscapesValuesInHTMLOnly(t *testing.T) {
	t.Parallel()
	tpl := notify.EmailTemplate{
		Subject: "New risk: {{.Title}}",
		Text:    "Risk {{.Title}} owned by {{.Owner}}",
		HTML:    `<p>Risk <b>{{.Title}}</b> owned by {{.Owner}}</p><a href="{{.Link}}">open</a>`,
	}
	out, err := notify.Render(context.Background(), tpl, map[string]string{
		"Title": `<script>alert("x")</script>`, "Owner": "Zoë & Co", "Link": "javascript:alert(1)"})
	require.NoError(t, err)
	assert.Empty(t, out.Warnings)
	assert.Equal(t, `New risk: <script>alert("x")</script>`, out.Subject, "the subject is plain text")
	assert.Equal(t, `Risk <script>alert("x")</script> owned by Zoë & Co`, out.Text)
	assert.NotContains(t, out.HTML, "<script>")
	assert.Contains(t, out.HTML, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	assert.Contains(t, out.HTML, "Zoë &amp; Co")
	assert.NotContains(t, out.HTML, "javascript:", "unsafe URLs are neutralised")
}

func TestRenderMissingPlaceholderIsAWarning(t *testing.T) {
	t.Parallel()
	tpl := notify.EmailTemplate{Subject: "{{.Title}}", Text: "Due {{.DueDate}}{{if .Note}} ({{.Note}}){{end}}.",
		HTML: "<p>Due {{.DueDate}}</p>"}
	out, err := notify.Render(context.Background(), tpl, map[string]string{"Title": "Review"})
	require.NoError(t, err)
	assert.Equal(t, "Review", out.Subject)
	assert.Equal(t, "Due .", out.Text, "missing values render as empty")
	assert.Equal(t, "<p>Due </p>", out.HTML)
	var names []string
	for _, w := range out.Warnings {
		names = append(names, w.Part+":"+w.Placeholder)
	}
	assert.ElementsMatch(t, []string{"text:DueDate", "text:Note", "html:DueDate"}, names)
}

func TestRenderSubjectIsOneLine(t *testing.T) {
	t.Parallel()
	out, err := notify.Render(context.Background(), notify.EmailTemplate{Subject: "Hello {{.Name}}"},
		map[string]string{"Name": "Eve\r\nBcc: victim@example.com"})
	require.NoError(t, err)
	assert.Equal(t, "Hello Eve Bcc: victim@example.com", out.Subject)
}

func TestRenderSandboxRefusals(t *testing.T) {
	t.Parallel()
	for name, src := range map[string]string{
		"range over a number": `{{range 1000000000}}x{{end}}`,
		"range over a value":  `{{range .Items}}{{.}}{{end}}`,
		"call":                `{{call .Fn}}`,
		"printf width bomb":   `{{printf "%0999999999d" 1}}`,
		"define":              `{{define "x"}}loop{{end}}hello`,
		"block":               `{{block "x" .}}hello{{end}}`,
		"template":            `{{template "x"}}`,
		"nested field":        `{{.Owner.Name}}`,
		"variable field":      `{{$x := .Owner}}{{$x.Name}}`,
		"unknown function":    `{{exec "rm"}}`,
		"syntax":              `{{if .X}}`,
		"chained":             `{{(.Owner).Name}}`,
		"method-like dollar":  `{{$.Owner.Name}}`,
		"undefined variable":  `{{$nope}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := notify.Render(context.Background(), notify.EmailTemplate{Text: src}, nil)
			require.Error(t, err)
			var te *notify.TemplateError
			assert.ErrorAs(t, err, &te)
			assert.Error(t, notify.DefaultRenderer.Check(notify.EmailTemplate{Text: src}))
		})
	}
	// The HTML part must end in a text context: an unfinished attribute is refused when the template is saved.
	err := notify.DefaultRenderer.Check(notify.EmailTemplate{HTML: `<a href="{{.Link}}`})
	var te *notify.TemplateError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "html", te.Part)

	// Allowed constructs still work.
	out, err := notify.Render(context.Background(), notify.EmailTemplate{
		Text: `{{with .Owner}}{{upper .}}{{end}}|{{.Missing | default "n/a"}}|{{if eq .Level "high"}}!{{else}}.{{end}}|{{$t := .Owner}}{{lower $t}}|{{len .Owner}}|{{$.Level}}{{/* comment */}}`,
	}, map[string]string{"Owner": "Ana", "Level": "high"})
	require.NoError(t, err)
	assert.Equal(t, "ANA|n/a|!|ana|3|high", out.Text)
}

func TestRenderLimits(t *testing.T) {
	t.Parallel()
	r := notify.Renderer{MaxTemplateBytes: 1024, MaxOutputBytes: 4096, Timeout: time.Second}
	_, err := r.Render(context.Background(), notify.EmailTemplate{Text: strings.Repeat("x", 1025)}, nil)
	require.ErrorIs(t, err, notify.ErrTemplateTooLarge)

	// A small template multiplying a large value past the output limit.
	big := strings.Repeat("y", 1000)
	_, err = r.Render(context.Background(), notify.EmailTemplate{HTML: "{{.V}}{{.V}}{{.V}}{{.V}}{{.V}}"}, map[string]string{"V": big})
	require.ErrorIs(t, err, notify.ErrOutputTooLarge)

	// A cancelled context stops the rendering.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = r.Render(ctx, notify.EmailTemplate{Text: "hello"}, nil)
	require.ErrorIs(t, err, context.Canceled)

	out, err := notify.DefaultRenderer.Render(context.Background(), notify.EmailTemplate{Subject: strings.Repeat("s", 400)}, nil)
	require.NoError(t, err)
	assert.LessOrEqual(t, len([]rune(out.Subject)), 250)
}

func TestPreviewUsesExampleValues(t *testing.T) {
	t.Parallel()
	placeholders := []notify.Placeholder{
		{Name: "Title", Description: "Title of the incident", Example: "Phishing wave"},
		{Name: "Severity", Description: "Severity level", Example: "critical"},
	}
	out, err := notify.Preview(context.Background(), notify.EmailTemplate{
		Subject: "[{{.Severity}}] {{.Title}}", Text: "{{.Title}} reported by {{.Reporter}}", HTML: "<h1>{{.Title}}</h1>"}, placeholders)
	require.NoError(t, err)
	require.NoError(t, notify.CheckPlaceholders(placeholders))
	assert.Error(t, notify.CheckPlaceholders([]notify.Placeholder{{Name: "due.date", Description: "d", Example: "e"}}))
	assert.Error(t, notify.CheckPlaceholders(append(placeholders, placeholders[0])))
	assert.Equal(t, "[critical] Phishing wave", out.Subject)
	assert.Equal(t, "Phishing wave reported by ", out.Text)
	assert.Equal(t, "<h1>Phishing wave</h1>", out.HTML)
	require.Len(t, out.Warnings, 1)
	assert.Equal(t, "Reporter", out.Warnings[0].Placeholder)
	assert.Contains(t, out.Warnings[0].Message, "not a placeholder of this event")
}

func TestLocaleFallback(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "fr", notify.NormalizeLocale("fr-CA"))
	assert.Equal(t, "de", notify.NormalizeLocale("de_AT"))
	assert.Equal(t, "nl", notify.NormalizeLocale("NL"))
	assert.Equal(t, "en", notify.NormalizeLocale("pt-BR"))
	assert.Equal(t, "en", notify.NormalizeLocale(""))
	lt := notify.LocalizedTemplate{"en": {Text: "hello"}, "de": {Text: "hallo"}}
	_, loc, ok := lt.For("de-CH")
	assert.True(t, ok)
	assert.Equal(t, "de", loc)
	tpl, loc, ok := lt.For("fr")
	assert.True(t, ok)
	assert.Equal(t, "en", loc)
	assert.Equal(t, "hello", tpl.Text)
}
