package notifications

import "github.com/opsdeck/opsdeck/backend/internal/platform/notify"

// systemTemplates are the templates that ship with OpsDeck, per event and language (English is the fallback).
// Organisations override them per language; these never change at run time.
var systemTemplates = map[string]notify.LocalizedTemplate{
	EventWebhookTest: {
		"en": {Subject: "OpsDeck webhook test: {{.endpoint_name}}",
			Text: "This is a test of the webhook endpoint {{.endpoint_name}}.\n",
			HTML: "<p>This is a test of the webhook endpoint <strong>{{.endpoint_name}}</strong>.</p>"},
		"fr": {Subject: "Test de webhook OpsDeck : {{.endpoint_name}}",
			Text: "Ceci est un test du point de terminaison {{.endpoint_name}}.\n",
			HTML: "<p>Ceci est un test du point de terminaison <strong>{{.endpoint_name}}</strong>.</p>"},
	},
	EventJobFailed: {
		"en": {Subject: "A background job failed: {{.job_kind}}",
			Text: "The job {{.job_kind}} (number {{.job_id}}) failed on every attempt.\n\nLast error: {{.error}}\n\nOpen the job monitor in OpsDeck to see its attempts and run it again.\n",
			HTML: "<p>The job <strong>{{.job_kind}}</strong> (number {{.job_id}}) failed on every attempt.</p><p>Last error: <code>{{.error}}</code></p><p>Open the job monitor in OpsDeck to see its attempts and run it again.</p>"},
		"fr": {Subject: "Une tâche de fond a échoué : {{.job_kind}}",
			Text: "La tâche {{.job_kind}} (numéro {{.job_id}}) a échoué à chaque tentative.\n\nDernière erreur : {{.error}}\n\nOuvrez le suivi des tâches dans OpsDeck pour voir ses tentatives et la relancer.\n",
			HTML: "<p>La tâche <strong>{{.job_kind}}</strong> (numéro {{.job_id}}) a échoué à chaque tentative.</p><p>Dernière erreur : <code>{{.error}}</code></p><p>Ouvrez le suivi des tâches dans OpsDeck pour la relancer.</p>"},
	},
	EventDigest: {
		"en": {Subject: "OpsDeck: {{.count}} unread notifications",
			Text: "You have {{.count}} unread notifications since {{.since}}:\n\n{{.items}}\n\nOpen your inbox: {{.inbox_link}}\n",
			HTML: "<p>You have <strong>{{.count}}</strong> unread notifications since {{.since}}:</p><pre>{{.items}}</pre><p><a href=\"{{.inbox_link}}\">Open your inbox</a></p>"},
		"fr": {Subject: "OpsDeck : {{.count}} notifications non lues",
			Text: "Vous avez {{.count}} notifications non lues depuis le {{.since}} :\n\n{{.items}}\n\nOuvrir votre boîte de réception : {{.inbox_link}}\n",
			HTML: "<p>Vous avez <strong>{{.count}}</strong> notifications non lues depuis le {{.since}} :</p><pre>{{.items}}</pre><p><a href=\"{{.inbox_link}}\">Ouvrir votre boîte de réception</a></p>"},
	},
}

// SystemTemplate returns the shipped template of an event in a language (English when that language has none; a
// plain default built from the event's name when the event ships none at all).
func SystemTemplate(e Event, locale string) notify.EmailTemplate {
	if lt, ok := systemTemplates[e.Code]; ok {
		if t, _, ok := lt.For(locale); ok {
			return t
		}
	}
	return notify.EmailTemplate{Subject: "OpsDeck: " + e.Name, Text: e.Description + "\n"}
}
