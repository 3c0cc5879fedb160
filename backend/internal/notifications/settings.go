package notifications

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Setting is an organisation's choice for one event.
type Setting struct {
	ID               uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID   uuid.UUID `gorm:"type:uuid"`
	Event            string
	Enabled          bool
	Channels         db.TextArray   `gorm:"type:text[]"`
	OffsetsDays      pq.Int64Array  `gorm:"type:integer[]"`
	RecipientRoleIDs pq.StringArray `gorm:"type:uuid[];column:recipient_role_ids"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int64
}

// TableName maps the model.
func (Setting) TableName() string { return "notification_settings" }

// AuditInfo audits settings changes.
func (Setting) AuditInfo() audit.Info {
	return audit.Info{Entity: "notification_setting", LabelColumn: "event"}
}

// Template is an organisation's e-mail template for one event and language.
type Template struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Event          string
	Locale         string
	Subject        string
	TextBody       string
	HTMLBody       string `gorm:"column:html_body"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

// TableName maps the model.
func (Template) TableName() string { return "email_templates" }

// AuditInfo audits template changes.
func (Template) AuditInfo() audit.Info {
	return audit.Info{Entity: "email_template", LabelColumn: "event"}
}

// defaults is the setting an event has until the organisation chooses.
func (c *Catalogue) defaults(e Event) Setting {
	return Setting{Event: e.Code, Enabled: true, Channels: db.TextArray(slices.Clone(e.DefaultChannels)),
		OffsetsDays: pq.Int64Array{}, RecipientRoleIDs: pq.StringArray{}}
}

func (c *Catalogue) event(code string) (Event, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.events[code]
	return e, ok
}

// Settings returns every event's setting for the active organisation (customised or default).
func (s *Service) Settings(ctx context.Context) ([]Setting, error) {
	var stored []Setting
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Find(&stored).Error }); err != nil {
		return nil, err
	}
	byEvent := map[string]Setting{}
	for _, st := range stored {
		byEvent[st.Event] = st
	}
	var out []Setting
	for _, e := range s.events.List() {
		if st, ok := byEvent[e.Code]; ok {
			out = append(out, st)
			continue
		}
		out = append(out, s.events.defaults(e))
	}
	return out, nil
}

// setting returns the active organisation's setting for an event inside tx.
func (s *Service) setting(tx *gorm.DB, e Event) (Setting, error) {
	var st Setting
	err := tx.Where("event = ?", e.Code).Take(&st).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.events.defaults(e), nil
	}
	return st, err
}

// SettingInput is a full replacement of an event's setting.
type SettingInput struct {
	Enabled          bool
	Channels         []string
	OffsetsDays      []int
	RecipientRoleIDs []uuid.UUID
}

// PutSetting stores the active organisation's choice for an event. ifMatch 0 means "over the defaults".
func (s *Service) PutSetting(ctx context.Context, code string, ifMatch *int64, in SettingInput) (Setting, error) {
	e, ok := s.events.event(code)
	if !ok {
		return Setting{}, apperr.NotFound("notification event")
	}
	var out Setting
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		cur, err := s.setting(tx, e)
		if err != nil {
			return err
		}
		if ifMatch != nil && *ifMatch != cur.Version {
			return apperr.PreconditionFailed(cur.Version)
		}
		roles := pq.StringArray{}
		if len(in.RecipientRoleIDs) > 0 {
			var n int64
			if err := tx.Table("roles").Where("id IN ? AND archived_at IS NULL", in.RecipientRoleIDs).Count(&n).Error; err != nil {
				return err
			}
			if int(n) != len(in.RecipientRoleIDs) {
				return apperr.Unprocessable("Some roles do not exist in this organisation.",
					apperr.FieldError{Field: "recipient_role_ids", Code: "not_found", Message: "contains a role that does not exist here"})
			}
			for _, r := range in.RecipientRoleIDs {
				roles = append(roles, r.String())
			}
		}
		offsets := pq.Int64Array{}
		for _, o := range in.OffsetsDays {
			offsets = append(offsets, int64(o))
		}
		slices.Sort(offsets)
		channels := db.TextArray(in.Channels)
		if cur.ID == uuid.Nil {
			out = Setting{ID: uuid.Must(uuid.NewV7()), OrganizationID: reqctx.OrganizationID(ctx), Event: code,
				Enabled: in.Enabled, Channels: channels, OffsetsDays: offsets, RecipientRoleIDs: roles, Version: 1}
			return tx.Create(&out).Error
		}
		if err := tx.Model(&cur).Updates(map[string]any{"enabled": in.Enabled, "channels": channels, "offsets_days": offsets,
			"recipient_role_ids": roles, "version": cur.Version + 1}).Error; err != nil {
			return err
		}
		return tx.Where("id = ?", cur.ID).Take(&out).Error
	})
	return out, err
}

// TemplateView is the template in force for an event and language.
type TemplateView struct {
	Event, Locale string
	Template      notify.EmailTemplate
	System        bool
	Placeholders  []Placeholder
	Version       int64
}

// EmailTemplate returns the organisation's template or the system one.
func (s *Service) EmailTemplate(ctx context.Context, code, locale string) (TemplateView, error) {
	e, ok := s.events.event(code)
	if !ok {
		return TemplateView{}, apperr.NotFound("notification event")
	}
	var out TemplateView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.templateIn(tx, e, locale)
		return err
	})
	return out, err
}

func (s *Service) templateIn(tx *gorm.DB, e Event, locale string) (TemplateView, error) {
	v := TemplateView{Event: e.Code, Locale: locale, Placeholders: e.Placeholders}
	var t Template
	err := tx.Where("event = ? AND locale = ?", e.Code, locale).Take(&t).Error
	switch {
	case err == nil:
		v.Template = notify.EmailTemplate{Subject: t.Subject, Text: t.TextBody, HTML: t.HTMLBody}
		v.Version = t.Version
		return v, nil
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return v, err
	}
	v.Template, v.System = SystemTemplate(e, locale), true
	return v, nil
}

// checkTemplate refuses a template that does not render or names placeholders the event does not have.
func checkTemplate(ctx context.Context, e Event, t notify.EmailTemplate) (notify.Rendered, error) {
	r, err := notify.Preview(ctx, t, toNotify(e.Placeholders))
	if err != nil {
		var te *notify.TemplateError
		if errors.As(err, &te) {
			return r, apperr.Unprocessable("The template cannot be used: "+te.Err.Error(),
				apperr.FieldError{Field: te.Part, Code: "invalid_template", Message: te.Err.Error()})
		}
		return r, apperr.Unprocessable("The template cannot be used: " + err.Error())
	}
	var fields []apperr.FieldError
	for _, w := range r.Warnings {
		fields = append(fields, apperr.FieldError{Field: w.Part, Code: "unknown_placeholder",
			Message: fmt.Sprintf("{{.%s}} is not a placeholder of this event", w.Placeholder)})
	}
	if len(fields) > 0 {
		return r, apperr.Unprocessable("The template names placeholders this event does not have.", fields...)
	}
	return r, nil
}

func toNotify(ps []Placeholder) []notify.Placeholder {
	out := make([]notify.Placeholder, 0, len(ps))
	for _, p := range ps {
		out = append(out, notify.Placeholder{Name: p.Name, Description: p.Description, Example: p.Example})
	}
	return out
}

// PutEmailTemplate saves the organisation's template (ifMatch 0: over the system template).
func (s *Service) PutEmailTemplate(ctx context.Context, code, locale string, ifMatch *int64, t notify.EmailTemplate) (TemplateView, error) {
	e, ok := s.events.event(code)
	if !ok {
		return TemplateView{}, apperr.NotFound("notification event")
	}
	t.Subject, t.Text = strings.TrimSpace(t.Subject), strings.TrimRight(t.Text, " \n")
	if _, err := checkTemplate(ctx, e, t); err != nil {
		return TemplateView{}, err
	}
	var out TemplateView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var cur Template
		err := tx.Where("event = ? AND locale = ?", code, locale).Take(&cur).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if ifMatch != nil && *ifMatch != cur.Version {
			return apperr.PreconditionFailed(cur.Version)
		}
		if cur.ID == uuid.Nil {
			err = tx.Create(&Template{ID: uuid.Must(uuid.NewV7()), OrganizationID: reqctx.OrganizationID(ctx), Event: code,
				Locale: locale, Subject: t.Subject, TextBody: t.Text, HTMLBody: t.HTML, Version: 1}).Error
		} else {
			err = tx.Model(&cur).Updates(map[string]any{"subject": t.Subject, "text_body": t.Text, "html_body": t.HTML,
				"version": cur.Version + 1}).Error
		}
		if err != nil {
			return err
		}
		out, err = s.templateIn(tx, e, locale)
		return err
	})
	return out, err
}

// ResetEmailTemplate removes the organisation's template.
func (s *Service) ResetEmailTemplate(ctx context.Context, code, locale string) (TemplateView, error) {
	e, ok := s.events.event(code)
	if !ok {
		return TemplateView{}, apperr.NotFound("notification event")
	}
	var out TemplateView
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		var cur Template
		err := tx.Where("event = ? AND locale = ?", code, locale).Take(&cur).Error
		if err == nil {
			if err := tx.Delete(&cur).Error; err != nil {
				return err
			}
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		out, err = s.templateIn(tx, e, locale)
		return err
	})
	return out, err
}

// PreviewEmailTemplate renders an unsaved template with the event's example values.
func (s *Service) PreviewEmailTemplate(ctx context.Context, code string, t notify.EmailTemplate) (notify.Rendered, error) {
	e, ok := s.events.event(code)
	if !ok {
		return notify.Rendered{}, apperr.NotFound("notification event")
	}
	r, err := notify.Preview(ctx, t, toNotify(e.Placeholders))
	if err != nil {
		var te *notify.TemplateError
		if errors.As(err, &te) {
			return r, apperr.Unprocessable("The template cannot be used: "+te.Err.Error(),
				apperr.FieldError{Field: te.Part, Code: "invalid_template", Message: te.Err.Error()})
		}
		return r, err
	}
	return r, nil
}

// TestEmailTemplate e-mails the rendered template to the caller.
func (s *Service) TestEmailTemplate(ctx context.Context, code, locale string, t notify.EmailTemplate) (int64, error) {
	if s.mail == nil || !s.mail.Enabled() {
		return 0, apperr.Conflict("E-mail is not configured on this deployment (OPSDECK_SMTP_HOST).")
	}
	r, err := s.PreviewEmailTemplate(ctx, code, t)
	if err != nil {
		return 0, err
	}
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser || p.Email == "" {
		return 0, apperr.Forbidden("Only a signed-in person can receive a test e-mail.")
	}
	r.Locale = locale
	var id int64
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		id, err = s.mail.EnqueueJob(tx, "template_test", r.Message(p.Email))
		return err
	})
	return id, err
}
