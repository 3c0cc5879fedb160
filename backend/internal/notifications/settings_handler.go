package notifications

import (
	"context"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

func settingToAPI(st Setting) api.NotificationSetting {
	out := api.NotificationSetting{Event: st.Event, Enabled: st.Enabled, Channels: []api.NotificationChannel{},
		OffsetsDays: []int32{}, RecipientRoleIds: []uuid.UUID{}, Customised: st.ID != uuid.Nil, Version: st.Version}
	for _, c := range st.Channels {
		out.Channels = append(out.Channels, api.NotificationChannel(c))
	}
	for _, o := range st.OffsetsDays {
		out.OffsetsDays = append(out.OffsetsDays, int32(o))
	}
	for _, r := range st.RecipientRoleIDs {
		if id, err := uuid.Parse(r); err == nil {
			out.RecipientRoleIds = append(out.RecipientRoleIds, id)
		}
	}
	return out
}

// ListNotificationSettings implements GET /notification-settings (every event fits one page).
func (h *NotificationsHandler) ListNotificationSettings(ctx context.Context, _ api.ListNotificationSettingsRequestObject) (api.ListNotificationSettingsResponseObject, error) {
	list, err := h.s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	out := api.ListNotificationSettings200JSONResponse{Items: make([]api.NotificationSetting, 0, len(list)),
		Total: int64(len(list)), NextCursor: httpx.NextCursor(nil)}
	for _, st := range list {
		out.Items = append(out.Items, settingToAPI(st))
	}
	return out, nil
}

// PutNotificationSetting implements PUT /notification-settings/{event}.
func (h *NotificationsHandler) PutNotificationSetting(ctx context.Context, req api.PutNotificationSettingRequestObject) (api.PutNotificationSettingResponseObject, error) {
	ifMatch, err := httpx.IfMatchOrZero(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := SettingInput{Enabled: b.Enabled}
	for _, c := range b.Channels {
		in.Channels = append(in.Channels, string(c))
	}
	if b.OffsetsDays != nil {
		for _, o := range *b.OffsetsDays {
			in.OffsetsDays = append(in.OffsetsDays, int(o))
		}
	}
	if b.RecipientRoleIds != nil {
		in.RecipientRoleIDs = *b.RecipientRoleIds
	}
	st, err := h.s.PutSetting(ctx, req.Event, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.PutNotificationSetting200JSONResponse(settingToAPI(st)), nil
}

func templateToAPI(v TemplateView) api.EmailTemplate {
	out := api.EmailTemplate{Event: v.Event, Locale: api.EmailTemplateLocale(v.Locale), Subject: v.Template.Subject,
		Text: v.Template.Text, Html: v.Template.HTML, System: v.System, Placeholders: []api.NotificationPlaceholder{},
		Version: v.Version}
	for _, p := range v.Placeholders {
		out.Placeholders = append(out.Placeholders, api.NotificationPlaceholder{Name: p.Name, Description: p.Description, Example: p.Example})
	}
	return out
}

func templateOf(b *api.EmailTemplateInput) notify.EmailTemplate {
	t := notify.EmailTemplate{Subject: b.Subject, Text: b.Text}
	if b.Html != nil {
		t.HTML = *b.Html
	}
	return t
}

// GetEmailTemplate implements GET /email-templates/{event}/{locale}.
func (h *NotificationsHandler) GetEmailTemplate(ctx context.Context, req api.GetEmailTemplateRequestObject) (api.GetEmailTemplateResponseObject, error) {
	v, err := h.s.EmailTemplate(ctx, req.Event, string(req.Locale))
	if err != nil {
		return nil, err
	}
	return api.GetEmailTemplate200JSONResponse(templateToAPI(v)), nil
}

// PutEmailTemplate implements PUT /email-templates/{event}/{locale}.
func (h *NotificationsHandler) PutEmailTemplate(ctx context.Context, req api.PutEmailTemplateRequestObject) (api.PutEmailTemplateResponseObject, error) {
	ifMatch, err := httpx.IfMatchOrZero(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	v, err := h.s.PutEmailTemplate(ctx, req.Event, string(req.Locale), ifMatch, templateOf(req.Body))
	if err != nil {
		return nil, err
	}
	return api.PutEmailTemplate200JSONResponse(templateToAPI(v)), nil
}

// ResetEmailTemplate implements POST /email-templates/{event}/{locale}/reset.
func (h *NotificationsHandler) ResetEmailTemplate(ctx context.Context, req api.ResetEmailTemplateRequestObject) (api.ResetEmailTemplateResponseObject, error) {
	v, err := h.s.ResetEmailTemplate(ctx, req.Event, string(req.Locale))
	if err != nil {
		return nil, err
	}
	return api.ResetEmailTemplate200JSONResponse(templateToAPI(v)), nil
}

// PreviewEmailTemplate implements POST /email-templates/{event}/{locale}/preview.
func (h *NotificationsHandler) PreviewEmailTemplate(ctx context.Context, req api.PreviewEmailTemplateRequestObject) (api.PreviewEmailTemplateResponseObject, error) {
	r, err := h.s.PreviewEmailTemplate(ctx, req.Event, templateOf(req.Body))
	if err != nil {
		return nil, err
	}
	out := api.PreviewEmailTemplate200JSONResponse{Subject: r.Subject, Text: r.Text, Html: r.HTML, Warnings: []string{}}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, w.String())
	}
	return out, nil
}

// TestEmailTemplate implements POST /email-templates/{event}/{locale}/test.
func (h *NotificationsHandler) TestEmailTemplate(ctx context.Context, req api.TestEmailTemplateRequestObject) (api.TestEmailTemplateResponseObject, error) {
	id, err := h.s.TestEmailTemplate(ctx, req.Event, string(req.Locale), templateOf(req.Body))
	if err != nil {
		return nil, err
	}
	return api.TestEmailTemplate202JSONResponse{JobId: id}, nil
}
