package identity_test

import (
	"context"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// smtpServer starts a real SMTP server in-process and points the OpsDeck server at it.
func smtpServer(t *testing.T) (*smtpmock.Server, []testkit.ServerOption) {
	t.Helper()
	srv := smtpmock.New(smtpmock.ConfigurationAttr{HostAddress: "127.0.0.1", MultipleMessageReceiving: true})
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Stop() })
	return srv, []testkit.ServerOption{
		testkit.WithEnv("OPSDECK_SMTP_HOST", "127.0.0.1"),
		testkit.WithEnv("OPSDECK_SMTP_PORT", strconv.Itoa(srv.PortNumber())),
		testkit.WithEnv("OPSDECK_SMTP_TLS", "none"),
		testkit.WithEnv("OPSDECK_SMTP_FROM", "OpsDeck <opsdeck@acme.example>"),
		testkit.WithEnv("OPSDECK_PUBLIC_URL", "https://opsdeck.acme.example"),
		testkit.WithEnv("OPSDECK_WORKERS", "true"), // e-mail goes out through the job engine
	}
}

var linkRe = regexp.MustCompile(`https://opsdeck\.acme\.example/set-password\?token=(act_[A-Za-z0-9]+)`)

// lastLink reads the newest message the SMTP server received for to and returns its set-password token.
func mailsTo(t *testing.T, srv *smtpmock.Server, to string) []string {
	t.Helper()
	var out []string
	for _, m := range srv.Messages() {
		body := m.MsgRequest()
		if !strings.Contains(body, "To: <"+to+">") && !strings.Contains(body, "To: "+to) {
			continue
		}
		decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err != nil {
			decoded = []byte(body)
		}
		out = append(out, string(decoded))
	}
	return out
}

func TestPasswordResetByEmail(t *testing.T) {
	t.Parallel()
	srv, opts := smtpServer(t)
	s := testkit.NewServer(t, opts...)
	org := s.Organization("Acme Energy")
	u, err := s.App.Identity.CreateUser(context.Background(), identity.NewUser{Email: "rita@acme.example", Name: "Rita Reset", Password: goodPassword})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(context.Background(), org.ID, u.ID, "viewer")
	require.NoError(t, err)
	f := fixture{s: s, org: org.ID, user: u, email: u.Email}
	session := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, session.status)

	// Unknown addresses get the same answer and no mail.
	assert.Equal(t, http.StatusAccepted, f.call(t, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"nobody@acme.example"}`).status)
	r := f.call(t, http.MethodPost, "/api/v1/auth/password-reset", `{"email":"RITA@acme.example"}`)
	require.Equal(t, http.StatusAccepted, r.status, r.raw)
	var mails []string
	require.Eventually(t, func() bool { mails = mailsTo(t, srv, u.Email); return len(mails) == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Empty(t, mailsTo(t, srv, "nobody@acme.example"))
	assert.Contains(t, mails[0], "Subject: Reset your OpsDeck password")
	assert.Contains(t, mails[0], "text/html")
	m := linkRe.FindStringSubmatch(mails[0])
	require.NotNil(t, m, mails[0])
	token := m[1]

	weak := f.call(t, http.MethodPost, "/api/v1/auth/set-password", fmt.Sprintf(`{"token":%q,"password":"short"}`, token))
	assert.Equal(t, http.StatusUnprocessableEntity, weak.status)
	ok := f.call(t, http.MethodPost, "/api/v1/auth/set-password", fmt.Sprintf(`{"token":%q,"password":"a completely new passphrase"}`, token))
	require.Equal(t, http.StatusNoContent, ok.status, ok.raw)
	again := f.call(t, http.MethodPost, "/api/v1/auth/set-password", fmt.Sprintf(`{"token":%q,"password":"another new passphrase 2"}`, token))
	assert.Equal(t, http.StatusUnauthorized, again.status, "single use")
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodPost, "/api/v1/auth/set-password", `{"token":"act_forged","password":"whatever it is 123"}`).status)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+session.body["access_token"].(string)).status,
		"every session ends")
	assert.Equal(t, http.StatusUnauthorized, f.login(t, goodPassword).status)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodPost, "/api/v1/auth/login",
		fmt.Sprintf(`{"email":%q,"password":"a completely new passphrase"}`, u.Email)).status)
	assert.NotContains(t, s.Logs.String(), token, "tokens never reach the logs")
	var args string
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(),
		"SELECT string_agg(args::text, ' ') FROM river_job WHERE kind = 'notifications.email'").Scan(&args))
	assert.Contains(t, args, `"purpose": "reset"`)
	assert.NotContains(t, args, token, "the queued message is sealed: the link is not in the job's arguments")
	assert.NotContains(t, args, "rita@acme.example")
}

func TestInvitationByEmailAndWithoutEmail(t *testing.T) {
	t.Parallel()
	srv, opts := smtpServer(t)
	s := testkit.NewServer(t, opts...)
	org := s.Organization("Acme Energy")
	admin := "Bearer " + s.Token(testkit.AdminOf(org.ID))
	f := fixture{s: s, org: org.ID}
	var viewerRole string
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT id FROM roles WHERE organization_id = $1 AND builtin_key = 'viewer'", org.ID).Scan(&viewerRole))

	inv := f.call(t, http.MethodPost, "/api/v1/members", fmt.Sprintf(`{"email":"ivan@acme.example","name":"Ivan <b>Invited</b>","role_ids":[%q]}`, viewerRole), "Authorization", admin)
	require.Equal(t, http.StatusCreated, inv.status, inv.raw)
	assert.Equal(t, true, inv.body["invitation_sent"])
	assert.Nil(t, inv.body["set_password_url"])
	member := inv.body["member"].(map[string]any)
	assert.Equal(t, "Viewer", member["roles"].([]any)[0].(map[string]any)["name"])
	var mails []string
	require.Eventually(t, func() bool { mails = mailsTo(t, srv, "ivan@acme.example"); return len(mails) == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Contains(t, mails[0], "invited to Acme Energy")
	assert.Contains(t, mails[0], "Ivan &lt;b&gt;Invited&lt;/b&gt;", "names are escaped in the HTML part")
	token := linkRe.FindStringSubmatch(mails[0])[1]
	assert.Equal(t, http.StatusUnauthorized, fixture{s: s, email: "ivan@acme.example"}.login(t, "anything at all 1").status, "no password yet")
	set := f.call(t, http.MethodPost, "/api/v1/auth/set-password", fmt.Sprintf(`{"token":%q,"password":"my fresh passphrase 2026"}`, token))
	require.Equal(t, http.StatusNoContent, set.status, set.raw)
	assert.Equal(t, http.StatusOK, fixture{s: s, email: "ivan@acme.example"}.login(t, "my fresh passphrase 2026").status)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/members", `{"email":"ivan@acme.example","name":"Ivan","role_ids":[]}`, "Authorization", admin).status)

	// Without SMTP the administrator gets the link to pass on.
	plain := testkit.NewServer(t)
	porg := plain.Organization("Plain Org")
	pf := fixture{s: plain}
	res := pf.call(t, http.MethodPost, "/api/v1/members", `{"email":"paula@plain.example","name":"Paula","role_ids":[]}`,
		"Authorization", "Bearer "+plain.Token(testkit.AdminOf(porg.ID)))
	require.Equal(t, http.StatusCreated, res.status, res.raw)
	assert.Equal(t, false, res.body["invitation_sent"])
	assert.Contains(t, res.body["set_password_url"], "/set-password?token=act_")
}

func TestNewSignInAddressIsReportedByEmail(t *testing.T) {
	t.Parallel()
	srv, opts := smtpServer(t)
	s := testkit.NewServer(t, opts...)
	u, err := s.App.Identity.CreateUser(context.Background(), identity.NewUser{Email: "nina@acme.example", Name: "Nina", Password: goodPassword})
	require.NoError(t, err)
	f := fixture{s: s, user: u, email: u.Email}
	require.Equal(t, http.StatusOK, f.login(t, goodPassword).status) // first sign-in ever: remembered, no mail
	require.Equal(t, http.StatusOK, f.login(t, goodPassword).status) // same address: no mail
	assert.Empty(t, mailsTo(t, srv, u.Email))
	_, err = s.DB.Pool.Exec(context.Background(), "UPDATE known_ips SET ip = '198.51.100.7' WHERE user_id = $1", u.ID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, f.login(t, goodPassword).status) // 127.0.0.1 is new now
	require.Eventually(t, func() bool { return len(mailsTo(t, srv, u.Email)) == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Contains(t, mailsTo(t, srv, u.Email)[0], "127.0.0.1")
}
