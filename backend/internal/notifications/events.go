// Package notifications is the notification platform of SPEC §1.7: an event catalogue modules register into, the
// in-app inbox, outgoing webhook endpoints, and delivery of every send through the job engine with a delivery log.
package notifications

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// Placeholder is a value an event's templates may use.
type Placeholder struct {
	Name, Description, Example string
}

// Event is a kind of thing OpsDeck notifies about.
type Event struct {
	Code            string // "module.what_happened"
	Module          string
	Name            string
	Description     string
	DefaultChannels []string // in_app, email, webhook, slack
	Placeholders    []Placeholder
}

var codePattern = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// Catalogue is the registry of events.
type Catalogue struct {
	mu     sync.RWMutex
	events map[string]Event
}

// NewCatalogue returns a catalogue holding the platform's own events.
func NewCatalogue() *Catalogue {
	c := &Catalogue{events: map[string]Event{}}
	for _, e := range platformEvents {
		c.MustRegister(e)
	}
	return c
}

// Register adds an event; codes are unique.
func (c *Catalogue) Register(e Event) error {
	if !codePattern.MatchString(e.Code) || len(e.Code) > 100 {
		return fmt.Errorf("notifications: event code %q is not module.what_happened", e.Code)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.events[e.Code]; dup {
		return fmt.Errorf("notifications: event %q registered twice", e.Code)
	}
	c.events[e.Code] = e
	return nil
}

// MustRegister registers or panics (for events declared in code at start).
func (c *Catalogue) MustRegister(e Event) {
	if err := c.Register(e); err != nil {
		panic(err)
	}
}

// Has reports whether code is a registered event.
func (c *Catalogue) Has(code string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.events[code]
	return ok
}

// List returns every event by code.
func (c *Catalogue) List() []Event {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]Event, 0, len(c.events))
	for _, e := range c.events {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Event codes of the platform.
const (
	EventWebhookTest = "notifications.webhook_test"
	EventJobFailed   = "jobs.job_failed"
)

var platformEvents = []Event{
	{Code: EventWebhookTest, Module: "administration", Name: "Webhook test",
		Description:     "Sent on demand to check that an endpoint receives and verifies OpsDeck's webhooks.",
		DefaultChannels: []string{"webhook"},
		Placeholders:    []Placeholder{{"endpoint_name", "The endpoint's name", "SIEM intake"}}},
	{Code: EventJobFailed, Module: "administration", Name: "Background job failed",
		Description:     "A background job failed on every attempt; the person who started it is told.",
		DefaultChannels: []string{"in_app", "webhook"},
		Placeholders: []Placeholder{{"job_kind", "What the job does", "audit.purge"},
			{"job_id", "The job's number", "42"}, {"error", "The last error", "connection refused"}}},
	{Code: EventDigest, Module: "administration", Name: "Daily digest",
		Description: "Every morning (07:00 in the organisation's timezone), one e-mail per person listing the in-app " +
			"notifications of the last 24 hours they have not read yet. Only the e-mail channel applies.",
		DefaultChannels: []string{"email"},
		Placeholders: []Placeholder{{"count", "How many unread notifications", "3"},
			{"items", "The list, one per line (the newest 20)", "- Licence Visio expires in 7 days (2026-11-22 06:00)"},
			{"since", "Start of the period", "2026-11-21 07:00"},
			{"inbox_link", "Address of the inbox", "https://opsdeck.example.com/notifications"}}},
}
