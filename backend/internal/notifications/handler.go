package notifications

import (
	"context"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// NotificationsHandler implements the notification operations.
type NotificationsHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *NotificationsHandler { return &NotificationsHandler{s: s} }

func notificationToAPI(n Notification) api.Notification {
	out := api.Notification{Id: n.ID, Event: n.Event, Title: n.Title, Body: n.Body, CreatedAt: n.CreatedAt.UTC()}
	if n.Link != nil {
		out.Link.Set(*n.Link)
	} else {
		out.Link.SetNull()
	}
	if n.ReadAt != nil {
		out.ReadAt.Set(n.ReadAt.UTC())
	} else {
		out.ReadAt.SetNull()
	}
	return out
}

// ListMyNotifications implements GET /me/notifications.
func (h *NotificationsHandler) ListMyNotifications(ctx context.Context, req api.ListMyNotificationsRequestObject) (api.ListMyNotificationsResponseObject, error) {
	limit, sortKey, cursor := httpx.PageArgs(req.Params.Limit, req.Params.Sort, req.Params.Cursor)
	page, unread, err := h.s.Inbox(ctx, req.Params.Unread != nil && *req.Params.Unread, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListMyNotifications200JSONResponse{Items: make([]api.Notification, 0, len(page.Items)), Total: page.Total,
		Unread: unread, NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, n := range page.Items {
		out.Items = append(out.Items, notificationToAPI(n))
	}
	return out, nil
}

// MarkNotificationRead implements POST /me/notifications/{id}/read.
func (h *NotificationsHandler) MarkNotificationRead(ctx context.Context, req api.MarkNotificationReadRequestObject) (api.MarkNotificationReadResponseObject, error) {
	n, err := h.s.MarkRead(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.MarkNotificationRead200JSONResponse(notificationToAPI(n)), nil
}

// MarkAllNotificationsRead implements POST /me/notifications/read-all.
func (h *NotificationsHandler) MarkAllNotificationsRead(ctx context.Context, _ api.MarkAllNotificationsReadRequestObject) (api.MarkAllNotificationsReadResponseObject, error) {
	n, err := h.s.MarkAllRead(ctx)
	if err != nil {
		return nil, err
	}
	return api.MarkAllNotificationsRead200JSONResponse{Updated: n}, nil
}

// ListNotificationEvents implements GET /notification-events (the whole catalogue fits one page).
func (h *NotificationsHandler) ListNotificationEvents(_ context.Context, _ api.ListNotificationEventsRequestObject) (api.ListNotificationEventsResponseObject, error) {
	events := h.s.Events().List()
	out := api.ListNotificationEvents200JSONResponse{Items: make([]api.NotificationEvent, 0, len(events)), Total: int64(len(events)),
		NextCursor: httpx.NextCursor(nil)}
	for _, e := range events {
		ev := api.NotificationEvent{Code: e.Code, Module: e.Module, Name: e.Name, Description: e.Description,
			DefaultChannels: []api.NotificationChannel{}, Placeholders: []api.NotificationPlaceholder{}}
		for _, c := range e.DefaultChannels {
			ev.DefaultChannels = append(ev.DefaultChannels, api.NotificationChannel(c))
		}
		for _, p := range e.Placeholders {
			ev.Placeholders = append(ev.Placeholders, api.NotificationPlaceholder{Name: p.Name, Description: p.Description, Example: p.Example})
		}
		out.Items = append(out.Items, ev)
	}
	return out, nil
}

func webhookToAPI(w Webhook) api.Webhook {
	out := api.Webhook{Id: w.ID, Name: w.Name, Kind: api.WebhookKind(w.Kind), Url: w.URL, Events: []string(w.Events), Enabled: w.Enabled,
		SecretRotatedAt: w.SecretRotatedAt.UTC(), CreatedAt: w.CreatedAt.UTC(), Version: w.Version}
	if out.Events == nil {
		out.Events = []string{}
	}
	if w.LastDeliveryAt != nil {
		out.LastDeliveryAt.Set(w.LastDeliveryAt.UTC())
	} else {
		out.LastDeliveryAt.SetNull()
	}
	if w.LastStatus != nil {
		out.LastStatus.Set(api.WebhookLastStatus(*w.LastStatus))
	} else {
		out.LastStatus.SetNull()
	}
	if w.ArchivedAt != nil {
		out.ArchivedAt.Set(w.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

// ListWebhooks implements GET /webhooks.
func (h *NotificationsHandler) ListWebhooks(ctx context.Context, req api.ListWebhooksRequestObject) (api.ListWebhooksResponseObject, error) {
	limit, sortKey, cursor := httpx.PageArgs(req.Params.Limit, req.Params.Sort, req.Params.Cursor)
	page, err := h.s.ListWebhooks(ctx, req.Params.IncludeArchived != nil && *req.Params.IncludeArchived, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListWebhooks200JSONResponse{Items: make([]api.Webhook, 0, len(page.Items)), Total: page.Total,
		NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, w := range page.Items {
		out.Items = append(out.Items, webhookToAPI(w))
	}
	return out, nil
}

// CreateWebhook implements POST /webhooks.
func (h *NotificationsHandler) CreateWebhook(ctx context.Context, req api.CreateWebhookRequestObject) (api.CreateWebhookResponseObject, error) {
	b := req.Body
	in := WebhookInput{Name: &b.Name, URL: &b.Url, Events: b.Events, Enabled: b.Enabled}
	if b.Kind != nil {
		in.Kind = string(*b.Kind)
	}
	w, secret, err := h.s.CreateWebhook(ctx, in)
	if err != nil {
		return nil, err
	}
	return api.CreateWebhook201JSONResponse{Webhook: webhookToAPI(w), Secret: secretOrNull(secret)}, nil
}

// GetWebhook implements GET /webhooks/{id}.
func (h *NotificationsHandler) GetWebhook(ctx context.Context, req api.GetWebhookRequestObject) (api.GetWebhookResponseObject, error) {
	w, err := h.s.GetWebhook(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetWebhook200JSONResponse{Body: webhookToAPI(w), Headers: api.GetWebhook200ResponseHeaders{ETag: httpx.ETag(w.Version)}}, nil
}

// UpdateWebhook implements PATCH /webhooks/{id}.
func (h *NotificationsHandler) UpdateWebhook(ctx context.Context, req api.UpdateWebhookRequestObject) (api.UpdateWebhookResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := WebhookInput{Name: b.Name, URL: b.Url, Enabled: b.Enabled}
	if b.Events != nil {
		in.Events = *b.Events
	}
	w, err := h.s.UpdateWebhook(ctx, req.Id, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.UpdateWebhook200JSONResponse{Body: webhookToAPI(w), Headers: api.UpdateWebhook200ResponseHeaders{ETag: httpx.ETag(w.Version)}}, nil
}

// ArchiveWebhook implements POST /webhooks/{id}/archive.
func (h *NotificationsHandler) ArchiveWebhook(ctx context.Context, req api.ArchiveWebhookRequestObject) (api.ArchiveWebhookResponseObject, error) {
	w, err := h.s.ArchiveWebhook(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.ArchiveWebhook200JSONResponse(webhookToAPI(w)), nil
}

// RotateWebhookSecret implements POST /webhooks/{id}/rotate-secret.
func (h *NotificationsHandler) RotateWebhookSecret(ctx context.Context, req api.RotateWebhookSecretRequestObject) (api.RotateWebhookSecretResponseObject, error) {
	w, secret, err := h.s.RotateWebhookSecret(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.RotateWebhookSecret200JSONResponse{Webhook: webhookToAPI(w), Secret: secretOrNull(secret)}, nil
}

func secretOrNull(s string) nullable.Nullable[string] {
	if s == "" {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(s)
}

// TestWebhook implements POST /webhooks/{id}/test.
func (h *NotificationsHandler) TestWebhook(ctx context.Context, req api.TestWebhookRequestObject) (api.TestWebhookResponseObject, error) {
	id, err := h.s.TestWebhook(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.TestWebhook202JSONResponse{JobId: id}, nil
}

// ListWebhookDeliveries implements GET /webhooks/{id}/deliveries.
func (h *NotificationsHandler) ListWebhookDeliveries(ctx context.Context, req api.ListWebhookDeliveriesRequestObject) (api.ListWebhookDeliveriesResponseObject, error) {
	p := req.Params
	id := uuid.UUID(req.Id)
	f := DeliveryFilter{Endpoint: &id}
	if p.Outcome != nil {
		f.Outcome = string(*p.Outcome)
	}
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	items, next, total, err := h.deliveries(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.ListWebhookDeliveries200JSONResponse{Items: items, Total: total, NextCursor: next}, nil
}

// ListDeliveries implements GET /notification-deliveries.
func (h *NotificationsHandler) ListDeliveries(ctx context.Context, req api.ListDeliveriesRequestObject) (api.ListDeliveriesResponseObject, error) {
	p := req.Params
	var f DeliveryFilter
	if p.Outcome != nil {
		f.Outcome = string(*p.Outcome)
	}
	if p.Channel != nil {
		f.Channel = string(*p.Channel)
	}
	if p.Event != nil {
		f.Event = *p.Event
	}
	if p.Q != nil {
		f.Query = *p.Q
	}
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	items, next, total, err := h.deliveries(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.ListDeliveries200JSONResponse{Items: items, Total: total, NextCursor: next}, nil
}

func (h *NotificationsHandler) deliveries(ctx context.Context, f DeliveryFilter, sortKey, cursor string, limit int) ([]api.Delivery, nullable.Nullable[string], int64, error) {
	page, err := h.s.Deliveries(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, nullable.Nullable[string]{}, 0, err
	}
	items := make([]api.Delivery, 0, len(page.Items))
	for _, d := range page.Items {
		item := api.Delivery{Id: d.ID, Channel: api.DeliveryChannel(d.Channel), Target: d.Target, Event: d.Event,
			MessageId: d.MessageID, Attempt: int32(d.Attempt), Succeeded: d.Succeeded, DurationMs: int32(d.DurationMs),
			Response: d.Response, Error: d.Error, CreatedAt: d.CreatedAt.UTC()}
		if d.StatusCode != nil {
			item.StatusCode.Set(int32(*d.StatusCode))
		} else {
			item.StatusCode.SetNull()
		}
		if d.EndpointID != nil {
			item.EndpointId.Set(*d.EndpointID)
		} else {
			item.EndpointId.SetNull()
		}
		items = append(items, item)
	}
	return items, httpx.NextCursor(page.NextCursor), page.Total, nil
}
