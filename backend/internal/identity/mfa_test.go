package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestTOTPEnrolmentAndSecondFactorSignIn(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status)
	bearer := "Bearer " + r.body["access_token"].(string)

	// Verifying before starting is a conflict; a wrong code is refused.
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", `{"code":"123456"}`, "Authorization", bearer).status)
	e := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, e.status, e.raw)
	secret := e.body["secret"].(string)
	assert.Contains(t, e.body["otpauth_url"], "otpauth://totp/OpsDeck")
	assert.NotEmpty(t, e.body["qr_png"])
	assert.Equal(t, http.StatusUnprocessableEntity, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", `{"code":"000000"}`, "Authorization", bearer).status)
	code, err := totp.GenerateCode(secret, time.Now())
	require.NoError(t, err)
	v := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", fmt.Sprintf(`{"code":%q}`, code), "Authorization", bearer)
	require.Equal(t, http.StatusOK, v.status, v.raw)
	recovery := v.body["recovery_codes"].([]any)
	require.Len(t, recovery, 10)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp", "", "Authorization", bearer).status,
		"already enrolled")

	// The secret is stored encrypted, and never in the audit trail.
	var stored, changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT totp_secret FROM users WHERE id = $1", f.user.ID).Scan(&stored))
	assert.NotContains(t, stored, secret)
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT string_agg(changes::text, ' ') FROM audit_events WHERE entity_id = $1", f.user.ID.String()).Scan(&changes))
	assert.NotContains(t, changes, secret)
	assert.NotContains(t, changes, stored)

	// Password alone now answers a challenge, no cookie.
	c := f.login(t, goodPassword)
	require.Equal(t, http.StatusAccepted, c.status, c.raw)
	assert.Empty(t, c.header.Get("Set-Cookie"))
	challenge := c.body["mfa_token"].(string)
	// The code of the step used at enrolment is a replay; the next step's code is accepted.
	replay := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":%q}`, challenge, code))
	assert.Equal(t, http.StatusUnauthorized, replay.status)
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	ok := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":%q}`, challenge, next))
	require.Equal(t, http.StatusOK, ok.status, ok.raw)
	refreshCookie(t, ok)
	assert.Equal(t, http.StatusUnauthorized,
		f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":%q}`, challenge, next)).status,
		"a challenge is single-use")

	// A recovery code works once.
	c = f.login(t, goodPassword)
	rc := recovery[0].(string)
	ok = f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"recovery_code":%q}`, c.body["mfa_token"], rc))
	require.Equal(t, http.StatusOK, ok.status, ok.raw)
	c = f.login(t, goodPassword)
	again := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"recovery_code":%q}`, c.body["mfa_token"], rc))
	assert.Equal(t, http.StatusUnauthorized, again.status)

	// Five wrong answers kill the challenge, even for a right one after.
	c = f.login(t, goodPassword)
	tok := c.body["mfa_token"].(string)
	for range 4 {
		assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":"000000"}`, tok)).status)
	}
	later, _ := totp.GenerateCode(secret, time.Now().Add(60*time.Second))
	dead := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":%q}`, tok, later))
	assert.Equal(t, http.StatusUnauthorized, dead.status, "fifth answer: %s", dead.raw)
	bad := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":"12"}`, tok))
	assert.Equal(t, http.StatusBadRequest, bad.status)
	both := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q}`, tok))
	assert.Equal(t, http.StatusBadRequest, both.status)

	// Turning it off needs the password.
	assert.Equal(t, http.StatusUnprocessableEntity,
		f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/disable", `{"password":"wrong one"}`, "Authorization", bearer).status)
	off := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/disable", fmt.Sprintf(`{"password":%q}`, goodPassword), "Authorization", bearer)
	require.Equal(t, http.StatusNoContent, off.status, off.raw)
	assert.Equal(t, http.StatusOK, f.login(t, goodPassword).status)

	var actions []string
	rows, err := f.s.DB.Pool.Query(context.Background(),
		"SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'mfa.%' ORDER BY occurred_at", f.user.ID.String())
	require.NoError(t, err)
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		actions = append(actions, a)
	}
	assert.Equal(t, "mfa.enrolled", actions[0])
	assert.Equal(t, "mfa.disabled", actions[len(actions)-1])
	assert.Contains(t, actions, "mfa.failed")
}

func TestAdministratorResetsAMembersSecondFactor(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	r := f.login(t, goodPassword)
	bearer := "Bearer " + r.body["access_token"].(string)
	e := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, e.status)
	code, _ := totp.GenerateCode(e.body["secret"].(string), time.Now())
	require.Equal(t, http.StatusOK, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", fmt.Sprintf(`{"code":%q}`, code), "Authorization", bearer).status)
	require.Equal(t, http.StatusAccepted, f.login(t, goodPassword).status)

	admin := "Bearer " + f.s.Token(testkit.AdminOf(f.org))
	reset := f.call(t, http.MethodPost, "/api/v1/members/"+f.user.ID.String()+"/mfa/reset", "", "Authorization", admin)
	require.Equal(t, http.StatusOK, reset.status, reset.raw)
	assert.Equal(t, false, reset.body["mfa_enabled"])
	assert.Equal(t, http.StatusOK, f.login(t, goodPassword).status, "password alone again")
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer).status, "sessions ended")

	// A person who also belongs elsewhere is not this organisation's to reset.
	other := f.s.Organization("Other Corp")
	_, err := f.s.App.Identity.AddMember(context.Background(), other.ID, f.user.ID, "viewer")
	require.NoError(t, err)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/members/"+f.user.ID.String()+"/mfa/reset", "", "Authorization", admin).status)
}

func TestOrganisationRequiringMFA(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	_, err := f.s.DB.Pool.Exec(context.Background(),
		`UPDATE organizations SET settings = settings || '{"require_mfa": true}' WHERE id = $1`, f.org)
	require.NoError(t, err)
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status)
	bearer := "Bearer " + r.body["access_token"].(string)
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, me.status)
	assert.Equal(t, "mfa-enrolment-required", me.body["restriction"])
	blocked := f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", bearer)
	assert.Equal(t, http.StatusForbidden, blocked.status)
	assert.Contains(t, blocked.raw, "problems/mfa-enrolment-required")

	e := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, e.status, e.raw)
	secret := e.body["secret"].(string)
	code, _ := totp.GenerateCode(secret, time.Now())
	require.Equal(t, http.StatusOK, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", fmt.Sprintf(`{"code":%q}`, code), "Authorization", bearer).status)
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", bearer).status,
		"this session never used the second factor")

	c := f.login(t, goodPassword)
	require.Equal(t, http.StatusAccepted, c.status)
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	done := f.call(t, http.MethodPost, "/api/v1/auth/mfa", fmt.Sprintf(`{"mfa_token":%q,"code":%q}`, c.body["mfa_token"], next))
	require.Equal(t, http.StatusOK, done.status, done.raw)
	full := "Bearer " + done.body["access_token"].(string)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", full).status)
	assert.Nil(t, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", full).body["restriction"])
}
