package identity

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// RefreshCookie is the name of the refresh-token cookie.
const RefreshCookie = "opsdeck_refresh"

// IdentityHandler implements the sign-in operations and /me.
type IdentityHandler struct {
	auth *Auth
	ids  *Service
	sso  *SSO
}

// NewHandler returns the handler.
func NewHandler(auth *Auth, ids *Service, sso *SSO) *IdentityHandler {
	return &IdentityHandler{auth: auth, ids: ids, sso: sso}
}

func cookie(value string, maxAge time.Duration) string {
	c := &http.Cookie{Name: RefreshCookie, Value: value, Path: "/api/v1/auth", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(maxAge.Seconds())}
	if value == "" {
		c.MaxAge = -1
	}
	return c.String()
}

func tokenBody(t Tokens) api.TokenResponse {
	return api.TokenResponse{AccessToken: t.AccessToken, TokenType: api.Bearer, ExpiresIn: int32(t.ExpiresIn.Seconds())}
}

// Login implements POST /auth/login.
func (h *IdentityHandler) Login(ctx context.Context, req api.LoginRequestObject) (api.LoginResponseObject, error) {
	b := req.Body
	var org *uuid.UUID
	if b.OrganizationId != nil {
		o := uuid.UUID(*b.OrganizationId)
		org = &o
	}
	t, challenge, err := h.auth.Login(ctx, string(b.Email), b.Password, org)
	if err != nil {
		return nil, err
	}
	if challenge != nil {
		return api.Login202JSONResponse{MfaToken: challenge.Token, ExpiresIn: int32(challenge.ExpiresIn.Seconds()),
			Methods: []api.MfaChallengeMethods{api.Totp, api.RecoveryCode}}, nil
	}
	return api.Login200JSONResponse{Body: tokenBody(t), Headers: api.Login200ResponseHeaders{SetCookie: cookie(t.RefreshToken, SessionTTL)}}, nil
}

// RefreshSession implements POST /auth/refresh.
func (h *IdentityHandler) RefreshSession(ctx context.Context, req api.RefreshSessionRequestObject) (api.RefreshSessionResponseObject, error) {
	if req.Params.OpsdeckRefresh == nil {
		return nil, apperr.Unauthorized("No session: sign in.")
	}
	var org *uuid.UUID
	if req.Body != nil && req.Body.OrganizationId != nil {
		o := uuid.UUID(*req.Body.OrganizationId)
		org = &o
	}
	t, err := h.auth.Refresh(ctx, *req.Params.OpsdeckRefresh, org)
	if err != nil {
		return nil, err
	}
	return api.RefreshSession200JSONResponse{Body: tokenBody(t), Headers: api.RefreshSession200ResponseHeaders{SetCookie: cookie(t.RefreshToken, SessionTTL)}}, nil
}

// Logout implements POST /auth/logout.
func (h *IdentityHandler) Logout(ctx context.Context, req api.LogoutRequestObject) (api.LogoutResponseObject, error) {
	refresh := ""
	if req.Params.OpsdeckRefresh != nil {
		refresh = *req.Params.OpsdeckRefresh
	}
	if err := h.auth.Logout(ctx, refresh); err != nil {
		return nil, err
	}
	return api.Logout204Response{Headers: api.Logout204ResponseHeaders{SetCookie: cookie("", 0)}}, nil
}

// GetMe implements GET /me.
func (h *IdentityHandler) GetMe(ctx context.Context, _ api.GetMeRequestObject) (api.GetMeResponseObject, error) {
	p := reqctx.PrincipalFrom(ctx)
	out := api.GetMe200JSONResponse{Id: p.ID, Kind: api.MeKind(p.Kind), Name: p.Name, Email: p.Email,
		Organizations: []api.OrganizationMembership{}, Permissions: []api.Permission{},
		PlatformLevel: api.MePlatformLevel(p.PlatformLevel.String())}
	if p.OrganizationID != uuid.Nil {
		out.ActiveOrganizationId.Set(p.OrganizationID)
	} else {
		out.ActiveOrganizationId.SetNull()
	}
	if p.Restriction != "" {
		out.Restriction.Set(api.MeRestriction(p.Restriction))
	} else {
		out.Restriction.SetNull()
	}
	out.Sso = slices.Contains(p.AMR, tokens.AMROIDC)
	if p.Kind == reqctx.KindUser {
		if uid, err := uuid.Parse(p.ID); err == nil {
			if out.MfaEnrolled, err = h.auth.mfaEnrolled(ctx, uid); err != nil {
				return nil, err
			}
			orgs, err := h.ids.Organizations(ctx, uid)
			if err != nil {
				return nil, err
			}
			for _, o := range orgs {
				out.Organizations = append(out.Organizations, api.OrganizationMembership{Id: o.ID, Name: o.Name,
					Slug: o.Slug, Kind: api.OrganizationKind(o.Kind)})
			}
		}
	}
	mods := make([]string, 0, len(p.Levels))
	for m, lv := range p.Levels {
		if lv > reqctx.LevelNone && p.OrganizationID != uuid.Nil {
			mods = append(mods, m)
		}
	}
	sort.Strings(mods)
	for _, m := range mods {
		out.Permissions = append(out.Permissions, api.Permission{Module: api.ModuleSlug(m), Level: api.PermissionLevel(p.Levels[m].String())})
	}
	return out, nil
}

// CompleteMfa implements POST /auth/mfa.
func (h *IdentityHandler) CompleteMfa(ctx context.Context, req api.CompleteMfaRequestObject) (api.CompleteMfaResponseObject, error) {
	b := req.Body
	code, recovery := "", ""
	if b.Code != nil {
		code = *b.Code
	}
	if b.RecoveryCode != nil {
		recovery = *b.RecoveryCode
	}
	t, err := h.auth.CompleteMFA(ctx, b.MfaToken, code, recovery)
	if err != nil {
		return nil, err
	}
	return api.CompleteMfa200JSONResponse{Body: tokenBody(t), Headers: api.CompleteMfa200ResponseHeaders{SetCookie: cookie(t.RefreshToken, SessionTTL)}}, nil
}

// StartTotpEnrolment implements POST /me/mfa/totp.
func (h *IdentityHandler) StartTotpEnrolment(ctx context.Context, _ api.StartTotpEnrolmentRequestObject) (api.StartTotpEnrolmentResponseObject, error) {
	e, err := h.auth.StartTOTP(ctx)
	if err != nil {
		return nil, err
	}
	return api.StartTotpEnrolment200JSONResponse{Secret: e.Secret, OtpauthUrl: e.URL, QrPng: e.QRPNG}, nil
}

// VerifyTotpEnrolment implements POST /me/mfa/totp/verify.
func (h *IdentityHandler) VerifyTotpEnrolment(ctx context.Context, req api.VerifyTotpEnrolmentRequestObject) (api.VerifyTotpEnrolmentResponseObject, error) {
	codes, err := h.auth.VerifyTOTP(ctx, req.Body.Code)
	if err != nil {
		return nil, err
	}
	return api.VerifyTotpEnrolment200JSONResponse{RecoveryCodes: codes}, nil
}

// DisableTotp implements POST /me/mfa/totp/disable.
func (h *IdentityHandler) DisableTotp(ctx context.Context, req api.DisableTotpRequestObject) (api.DisableTotpResponseObject, error) {
	if err := h.auth.DisableTOTP(ctx, req.Body.Password); err != nil {
		return nil, err
	}
	return api.DisableTotp204Response{}, nil
}

func apiTokenToAPI(t APIToken, now time.Time) api.ApiToken {
	out := api.ApiToken{Id: t.ID, Name: t.Name, Prefix: t.Prefix(), ExpiresAt: t.ExpiresAt.UTC(), CreatedAt: t.CreatedAt.UTC(),
		LastUsedIp: t.LastUsedIP, Status: api.ApiTokenStatus(t.Status(now)), Scopes: []api.ApiTokenScope{}}
	mods := make([]string, 0, len(t.Scopes))
	for m := range t.Scopes {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		out.Scopes = append(out.Scopes, api.ApiTokenScope{Module: api.ModuleSlug(m), Level: api.ApiTokenScopeLevel(t.Scopes[m])})
	}
	if t.LastUsedAt != nil {
		out.LastUsedAt.Set(t.LastUsedAt.UTC())
	} else {
		out.LastUsedAt.SetNull()
	}
	if t.RevokedAt != nil {
		out.RevokedAt.Set(t.RevokedAt.UTC())
	} else {
		out.RevokedAt.SetNull()
	}
	return out
}

// ListMyApiTokens implements GET /me/api-tokens.
func (h *IdentityHandler) ListMyApiTokens(ctx context.Context, req api.ListMyApiTokensRequestObject) (api.ListMyApiTokensResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	page, err := h.auth.MyAPITokens(ctx, p.IncludeRevoked != nil && *p.IncludeRevoked, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := api.ListMyApiTokens200JSONResponse{Items: make([]api.ApiToken, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, t := range page.Items {
		out.Items = append(out.Items, apiTokenToAPI(t, now))
	}
	return out, nil
}

// CreateApiToken implements POST /me/api-tokens.
func (h *IdentityHandler) CreateApiToken(ctx context.Context, req api.CreateApiTokenRequestObject) (api.CreateApiTokenResponseObject, error) {
	scopes := map[string]reqctx.Level{}
	for _, sc := range req.Body.Scopes {
		lv, _ := reqctx.ParseLevel(string(sc.Level))
		if lv > scopes[string(sc.Module)] {
			scopes[string(sc.Module)] = lv
		}
	}
	t, plain, err := h.auth.CreateAPIToken(ctx, req.Body.Name, scopes, req.Body.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return api.CreateApiToken201JSONResponse{Token: plain, ApiToken: apiTokenToAPI(t, time.Now())}, nil
}

// RevokeApiToken implements POST /me/api-tokens/{id}/revoke.
func (h *IdentityHandler) RevokeApiToken(ctx context.Context, req api.RevokeApiTokenRequestObject) (api.RevokeApiTokenResponseObject, error) {
	t, err := h.auth.RevokeAPIToken(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.RevokeApiToken200JSONResponse(apiTokenToAPI(t, time.Now())), nil
}

func memberToAPI(m MemberView) api.Member {
	out := api.Member{UserId: m.UserID, MembershipId: m.MembershipID, Email: m.Email, Name: m.Name, Status: api.MemberStatus(m.Status),
		UserStatus: api.MemberUserStatus(m.UserStatus), Department: m.Department, JobTitle: m.JobTitle,
		MfaEnabled: m.TOTPEnabledAt != nil, HideFromOrgChart: m.HideFromOrgChart, CreatedAt: m.CreatedAt.UTC(), Version: m.Version,
		Roles: []api.RoleRef{}, Groups: []api.RoleRef{}}
	if m.ManagerID != nil {
		out.ManagerId.Set(*m.ManagerID)
	} else {
		out.ManagerId.SetNull()
	}
	if m.BuddyID != nil {
		out.BuddyId.Set(*m.BuddyID)
	} else {
		out.BuddyId.SetNull()
	}
	if m.LastLoginAt != nil {
		out.LastLoginAt.Set(m.LastLoginAt.UTC())
	} else {
		out.LastLoginAt.SetNull()
	}
	for _, r := range m.Roles {
		out.Roles = append(out.Roles, api.RoleRef{Id: r.ID, Name: r.Name})
	}
	for _, g := range m.Groups {
		out.Groups = append(out.Groups, api.RoleRef{Id: g.ID, Name: g.Name})
	}
	return out
}

// ListMembers implements GET /members.
func (h *IdentityHandler) ListMembers(ctx context.Context, req api.ListMembersRequestObject) (api.ListMembersResponseObject, error) {
	p := req.Params
	f := MemberFilter{}
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	if p.Q != nil {
		f.Query = *p.Q
	}
	if p.Status != nil {
		f.Status = string(*p.Status)
	}
	if p.RoleId != nil {
		id := uuid.UUID(*p.RoleId)
		f.RoleID = &id
	}
	page, err := h.ids.ListMembers(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListMembers200JSONResponse{Items: make([]api.Member, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, m := range page.Items {
		out.Items = append(out.Items, memberToAPI(m))
	}
	return out, nil
}

// SuspendMember implements POST /members/{user_id}/suspend.
func (h *IdentityHandler) SuspendMember(ctx context.Context, req api.SuspendMemberRequestObject) (api.SuspendMemberResponseObject, error) {
	m, err := h.ids.SetMemberStatus(ctx, req.UserId, StatusSuspended)
	if err != nil {
		return nil, err
	}
	return api.SuspendMember200JSONResponse(memberToAPI(m)), nil
}

// RestoreMember implements POST /members/{user_id}/restore.
func (h *IdentityHandler) RestoreMember(ctx context.Context, req api.RestoreMemberRequestObject) (api.RestoreMemberResponseObject, error) {
	m, err := h.ids.SetMemberStatus(ctx, req.UserId, StatusActive)
	if err != nil {
		return nil, err
	}
	return api.RestoreMember200JSONResponse(memberToAPI(m)), nil
}

// SetMemberRoles implements PUT /members/{user_id}/roles.
func (h *IdentityHandler) SetMemberRoles(ctx context.Context, req api.SetMemberRolesRequestObject) (api.SetMemberRolesResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, 0, len(req.Body.RoleIds))
	for _, id := range req.Body.RoleIds {
		ids = append(ids, uuid.UUID(id))
	}
	m, err := h.ids.SetMemberRoles(ctx, req.UserId, ids, ifMatch)
	if err != nil {
		return nil, err
	}
	return api.SetMemberRoles200JSONResponse{Body: memberToAPI(m), Headers: api.SetMemberRoles200ResponseHeaders{ETag: httpx.ETag(m.Version)}}, nil
}

// ListRoles implements GET /roles.
func (h *IdentityHandler) ListRoles(ctx context.Context, req api.ListRolesRequestObject) (api.ListRolesResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	page, err := h.ids.ListRoles(ctx, p.IncludeArchived != nil && *p.IncludeArchived, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListRoles200JSONResponse{Items: make([]api.Role, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, r := range page.Items {
		out.Items = append(out.Items, roleToAPI(r))
	}
	return out, nil
}

func roleToAPI(r RoleView) api.Role {
	role := api.Role{Id: r.ID, Name: r.Name, Description: r.Description, MemberCount: r.MemberCount, Version: r.Version,
		Permissions: []api.Permission{}}
	if r.BuiltinKey != nil {
		role.BuiltinKey.Set(api.RoleBuiltinKey(*r.BuiltinKey))
	} else {
		role.BuiltinKey.SetNull()
	}
	if r.ArchivedAt != nil {
		role.ArchivedAt.Set(r.ArchivedAt.UTC())
	} else {
		role.ArchivedAt.SetNull()
	}
	mods := make([]string, 0, len(r.Permissions))
	for m := range r.Permissions {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		role.Permissions = append(role.Permissions, api.Permission{Module: api.ModuleSlug(m), Level: api.PermissionLevel(r.Permissions[m])})
	}
	return role
}

func levelsOf(list []api.Permission) map[string]reqctx.Level {
	out := map[string]reqctx.Level{}
	for _, p := range list {
		if lv, ok := reqctx.ParseLevel(string(p.Level)); ok && lv > out[string(p.Module)] {
			out[string(p.Module)] = lv
		}
	}
	return out
}

func groupToAPI(g GroupView) api.Group {
	out := api.Group{Id: g.ID, Name: g.Name, Description: g.Description, Version: g.Version, MemberIds: g.MemberIDs,
		Roles: []api.RoleRef{}}
	if out.MemberIds == nil {
		out.MemberIds = []uuid.UUID{}
	}
	for _, r := range g.Roles {
		out.Roles = append(out.Roles, api.RoleRef{Id: r.ID, Name: r.Name})
	}
	if g.ArchivedAt != nil {
		out.ArchivedAt.Set(g.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

// CreateRole implements POST /roles.
func (h *IdentityHandler) CreateRole(ctx context.Context, req api.CreateRoleRequestObject) (api.CreateRoleResponseObject, error) {
	desc := ""
	if req.Body.Description != nil {
		desc = *req.Body.Description
	}
	r, err := h.ids.CreateRole(ctx, req.Body.Name, desc, levelsOf(req.Body.Permissions))
	if err != nil {
		return nil, err
	}
	return api.CreateRole201JSONResponse(roleToAPI(r)), nil
}

// UpdateRole implements PATCH /roles/{id}.
func (h *IdentityHandler) UpdateRole(ctx context.Context, req api.UpdateRoleRequestObject) (api.UpdateRoleResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	p := RolePatch{Name: req.Body.Name, Description: req.Body.Description}
	if req.Body.Permissions != nil {
		lv := levelsOf(*req.Body.Permissions)
		p.Permissions = &lv
	}
	r, err := h.ids.UpdateRole(ctx, req.Id, ifMatch, p)
	if err != nil {
		return nil, err
	}
	return api.UpdateRole200JSONResponse{Body: roleToAPI(r), Headers: api.UpdateRole200ResponseHeaders{ETag: httpx.ETag(r.Version)}}, nil
}

// ArchiveRole implements POST /roles/{id}/archive.
func (h *IdentityHandler) ArchiveRole(ctx context.Context, req api.ArchiveRoleRequestObject) (api.ArchiveRoleResponseObject, error) {
	r, err := h.ids.ArchiveRole(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.ArchiveRole200JSONResponse(roleToAPI(r)), nil
}

// ListGroups implements GET /groups.
func (h *IdentityHandler) ListGroups(ctx context.Context, req api.ListGroupsRequestObject) (api.ListGroupsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	q := ""
	if p.Q != nil {
		q = *p.Q
	}
	page, err := h.ids.ListGroups(ctx, q, p.IncludeArchived != nil && *p.IncludeArchived, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListGroups200JSONResponse{Items: make([]api.Group, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, g := range page.Items {
		out.Items = append(out.Items, groupToAPI(g))
	}
	return out, nil
}

// CreateGroup implements POST /groups.
func (h *IdentityHandler) CreateGroup(ctx context.Context, req api.CreateGroupRequestObject) (api.CreateGroupResponseObject, error) {
	desc := ""
	if req.Body.Description != nil {
		desc = *req.Body.Description
	}
	g, err := h.ids.CreateGroup(ctx, req.Body.Name, desc)
	if err != nil {
		return nil, err
	}
	return api.CreateGroup201JSONResponse(groupToAPI(g)), nil
}

// UpdateGroup implements PATCH /groups/{id}.
func (h *IdentityHandler) UpdateGroup(ctx context.Context, req api.UpdateGroupRequestObject) (api.UpdateGroupResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	g, err := h.ids.UpdateGroup(ctx, req.Id, ifMatch, req.Body.Name, req.Body.Description)
	if err != nil {
		return nil, err
	}
	return api.UpdateGroup200JSONResponse{Body: groupToAPI(g), Headers: api.UpdateGroup200ResponseHeaders{ETag: httpx.ETag(g.Version)}}, nil
}

// ArchiveGroup implements POST /groups/{id}/archive.
func (h *IdentityHandler) ArchiveGroup(ctx context.Context, req api.ArchiveGroupRequestObject) (api.ArchiveGroupResponseObject, error) {
	g, err := h.ids.ArchiveGroup(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.ArchiveGroup200JSONResponse(groupToAPI(g)), nil
}

// SetGroupMembers implements PUT /groups/{id}/members.
func (h *IdentityHandler) SetGroupMembers(ctx context.Context, req api.SetGroupMembersRequestObject) (api.SetGroupMembersResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	users := make([]uuid.UUID, 0, len(req.Body.UserIds))
	for _, u := range req.Body.UserIds {
		users = append(users, uuid.UUID(u))
	}
	g, err := h.ids.SetGroupMembers(ctx, req.Id, ifMatch, users)
	if err != nil {
		return nil, err
	}
	return api.SetGroupMembers200JSONResponse{Body: groupToAPI(g), Headers: api.SetGroupMembers200ResponseHeaders{ETag: httpx.ETag(g.Version)}}, nil
}

// SetGroupRoles implements PUT /groups/{id}/roles.
func (h *IdentityHandler) SetGroupRoles(ctx context.Context, req api.SetGroupRolesRequestObject) (api.SetGroupRolesResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	roles := make([]uuid.UUID, 0, len(req.Body.RoleIds))
	for _, r := range req.Body.RoleIds {
		roles = append(roles, uuid.UUID(r))
	}
	g, err := h.ids.SetGroupRoles(ctx, req.Id, ifMatch, roles)
	if err != nil {
		return nil, err
	}
	return api.SetGroupRoles200JSONResponse{Body: groupToAPI(g), Headers: api.SetGroupRoles200ResponseHeaders{ETag: httpx.ETag(g.Version)}}, nil
}

// ChangePassword implements POST /me/password.
func (h *IdentityHandler) ChangePassword(ctx context.Context, req api.ChangePasswordRequestObject) (api.ChangePasswordResponseObject, error) {
	if err := h.auth.ChangePassword(ctx, req.Body.CurrentPassword, req.Body.NewPassword); err != nil {
		return nil, err
	}
	return api.ChangePassword204Response{}, nil
}

// CreateOrganizationAdministrator implements POST /organizations/{id}/administrators (platform scope).
func (h *IdentityHandler) CreateOrganizationAdministrator(ctx context.Context, req api.CreateOrganizationAdministratorRequestObject) (api.CreateOrganizationAdministratorResponseObject, error) {
	u, created, oneTime, err := h.ids.AddAdministrator(ctx, req.Id, string(req.Body.Email), req.Body.Name)
	if err != nil {
		return nil, err
	}
	out := api.CreateOrganizationAdministrator201JSONResponse{UserId: u.ID, Email: u.Email, Created: created}
	if oneTime != "" {
		out.OneTimePassword.Set(oneTime)
	} else {
		out.OneTimePassword.SetNull()
	}
	return out, nil
}

// InviteMember implements POST /members.
func (h *IdentityHandler) InviteMember(ctx context.Context, req api.InviteMemberRequestObject) (api.InviteMemberResponseObject, error) {
	roles := make([]uuid.UUID, 0, len(req.Body.RoleIds))
	for _, r := range req.Body.RoleIds {
		roles = append(roles, uuid.UUID(r))
	}
	m, sent, link, err := h.auth.Invite(ctx, string(req.Body.Email), req.Body.Name, roles)
	if err != nil {
		return nil, err
	}
	out := api.InviteMember201JSONResponse{Member: memberToAPI(m), InvitationSent: sent}
	if link != "" {
		out.SetPasswordUrl.Set(link)
	} else {
		out.SetPasswordUrl.SetNull()
	}
	return out, nil
}

// RequestPasswordReset implements POST /auth/password-reset.
func (h *IdentityHandler) RequestPasswordReset(ctx context.Context, req api.RequestPasswordResetRequestObject) (api.RequestPasswordResetResponseObject, error) {
	if err := h.auth.RequestPasswordReset(ctx, string(req.Body.Email)); err != nil {
		return nil, err
	}
	return api.RequestPasswordReset202Response{}, nil
}

// SetPasswordWithToken implements POST /auth/set-password.
func (h *IdentityHandler) SetPasswordWithToken(ctx context.Context, req api.SetPasswordWithTokenRequestObject) (api.SetPasswordWithTokenResponseObject, error) {
	if err := h.auth.SetPasswordWithToken(ctx, req.Body.Token, req.Body.Password); err != nil {
		return nil, err
	}
	return api.SetPasswordWithToken204Response{}, nil
}

// ArchiveMember implements POST /members/{user_id}/archive.
func (h *IdentityHandler) ArchiveMember(ctx context.Context, req api.ArchiveMemberRequestObject) (api.ArchiveMemberResponseObject, error) {
	m, err := h.ids.ArchiveMember(ctx, req.UserId)
	if err != nil {
		return nil, err
	}
	return api.ArchiveMember200JSONResponse(memberToAPI(m)), nil
}

// ResetMemberMfa implements POST /members/{user_id}/mfa/reset.
func (h *IdentityHandler) ResetMemberMfa(ctx context.Context, req api.ResetMemberMfaRequestObject) (api.ResetMemberMfaResponseObject, error) {
	m, err := h.ids.ResetMemberMFA(ctx, req.UserId)
	if err != nil {
		return nil, err
	}
	return api.ResetMemberMfa200JSONResponse(memberToAPI(m)), nil
}

// AcceptTerms implements POST /me/terms/accept.
func (h *IdentityHandler) AcceptTerms(ctx context.Context, req api.AcceptTermsRequestObject) (api.AcceptTermsResponseObject, error) {
	if err := h.ids.AcceptTerms(ctx, req.Body.Version); err != nil {
		return nil, err
	}
	return api.AcceptTerms204Response{}, nil
}

// GetMember implements GET /members/{user_id}.
func (h *IdentityHandler) GetMember(ctx context.Context, req api.GetMemberRequestObject) (api.GetMemberResponseObject, error) {
	m, err := h.ids.GetMember(ctx, req.UserId)
	if err != nil {
		return nil, err
	}
	return api.GetMember200JSONResponse{Body: memberToAPI(m), Headers: api.GetMember200ResponseHeaders{ETag: httpx.ETag(m.Version)}}, nil
}

func refPatch(n nullable.Nullable[openapi_types.UUID]) RefPatch {
	if !n.IsSpecified() {
		return RefPatch{}
	}
	if n.IsNull() {
		return RefPatch{Set: true}
	}
	v := uuid.UUID(n.MustGet())
	return RefPatch{Set: true, Value: &v}
}

// UpdateMember implements PATCH /members/{user_id}.
func (h *IdentityHandler) UpdateMember(ctx context.Context, req api.UpdateMemberRequestObject) (api.UpdateMemberResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	m, err := h.ids.UpdateMember(ctx, req.UserId, ifMatch, MemberPatch{Department: b.Department, JobTitle: b.JobTitle,
		HideFromOrgChart: b.HideFromOrgChart, Manager: refPatch(b.ManagerId), Buddy: refPatch(b.BuddyId)})
	if err != nil {
		return nil, err
	}
	return api.UpdateMember200JSONResponse{Body: memberToAPI(m), Headers: api.UpdateMember200ResponseHeaders{ETag: httpx.ETag(m.Version)}}, nil
}

// Reauthenticate implements POST /auth/reauthenticate.
func (h *IdentityHandler) Reauthenticate(ctx context.Context, req api.ReauthenticateRequestObject) (api.ReauthenticateResponseObject, error) {
	code := ""
	if req.Body.Code != nil {
		code = *req.Body.Code
	}
	t, err := h.auth.Reauthenticate(ctx, req.Body.Password, code)
	if err != nil {
		return nil, err
	}
	return api.Reauthenticate200JSONResponse(tokenBody(t)), nil
}

// ListMySessions implements GET /me/sessions.
func (h *IdentityHandler) ListMySessions(ctx context.Context, req api.ListMySessionsRequestObject) (api.ListMySessionsResponseObject, error) {
	limit, sortKey, cursor := httpx.PageArgs(req.Params.Limit, req.Params.Sort, req.Params.Cursor)
	page, err := h.auth.MySessions(ctx, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListMySessions200JSONResponse{Items: make([]api.Session, 0, len(page.Items)), Total: page.Total,
		NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, s := range page.Items {
		methods := []string(s.AMR)
		if methods == nil {
			methods = []string{}
		}
		out.Items = append(out.Items, api.Session{Id: s.ID, CreatedAt: s.CreatedAt.UTC(), LastUsedAt: s.LastUsedAt.UTC(),
			ExpiresAt: s.ExpiresAt.UTC(), ClientIp: s.ClientIP, UserAgent: s.UserAgent, Methods: methods, Current: s.Current})
	}
	return out, nil
}

// RevokeMySession implements POST /me/sessions/{id}/revoke.
func (h *IdentityHandler) RevokeMySession(ctx context.Context, req api.RevokeMySessionRequestObject) (api.RevokeMySessionResponseObject, error) {
	if err := h.auth.RevokeMySession(ctx, req.Id); err != nil {
		return nil, err
	}
	return api.RevokeMySession204Response{}, nil
}

// ListPeople implements GET /people: the directory of active members, for any member.
func (h *IdentityHandler) ListPeople(ctx context.Context, req api.ListPeopleRequestObject) (api.ListPeopleResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := MemberFilter{Status: StatusActive}
	if p.Q != nil {
		f.Query = *p.Q
	}
	if p.Id != nil {
		f.UserIDs = *p.Id
	}
	page, err := h.ids.ListMembers(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListPeople200JSONResponse{Items: make([]api.Person, 0, len(page.Items)), Total: page.Total,
		NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, m := range page.Items {
		out.Items = append(out.Items, api.Person{Id: m.UserID, Name: m.Name, Email: m.Email, Department: m.Department, JobTitle: m.JobTitle})
	}
	return out, nil
}
