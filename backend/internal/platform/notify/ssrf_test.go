package notify_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/dns/dnsmessage"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

func TestAddressPolicy(t *testing.T) {
	t.Parallel()
	refusedByDefault := []string{
		"127.0.0.1", "127.1.2.3", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1",
		"fd12:3456::1", "169.254.169.254", "169.254.0.1", "fe80::1", "fe80::1%eth0", "0.0.0.0", "0.1.2.3", "::",
		"100.64.0.1", "100.127.255.255", "224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255", "240.0.0.1",
		"198.18.0.1", "192.0.2.10", "2001:db8::1",
		// IPv4 addresses in IPv6 clothing.
		"::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1",
		"64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:a9fe:a9fe::", "::ffff:0:a00:1",
	}
	public := []string{"93.184.215.14", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
		"2606:4700:4700::1111", "2a00:1450:4007:80a::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"}
	privateRanges := []string{"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "fd12:3456::1",
		"100.64.0.1", "::ffff:192.168.0.1"}
	stillRefused := []string{"169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "::ffff:169.254.169.254"}

	var def notify.AddressPolicy
	for _, s := range refusedByDefault {
		err := def.Check(netip.MustParseAddr(s))
		assert.ErrorIs(t, err, notify.ErrBlockedAddress, s)
	}
	for _, s := range public {
		assert.NoError(t, def.Check(netip.MustParseAddr(s)), s)
	}
	onPrem := notify.PolicyFromConfig(config.Outbound{AllowPrivate: true})
	for _, s := range append(privateRanges, public...) {
		assert.NoError(t, onPrem.Check(netip.MustParseAddr(s)), s)
	}
	for _, s := range stillRefused {
		assert.ErrorIs(t, onPrem.Check(netip.MustParseAddr(s)), notify.ErrBlockedAddress, "%s needs an explicit CIDR", s)
	}
	cidrs := notify.PolicyFromConfig(config.Outbound{AllowCIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16"),
		netip.MustParsePrefix("169.254.169.254/32")}})
	assert.NoError(t, cidrs.Check(netip.MustParseAddr("10.20.3.4")))
	assert.NoError(t, cidrs.Check(netip.MustParseAddr("169.254.169.254")))
	assert.ErrorIs(t, cidrs.Check(netip.MustParseAddr("10.21.0.1")), notify.ErrBlockedAddress)
	assert.ErrorIs(t, cidrs.Check(netip.MustParseAddr("127.0.0.1")), notify.ErrBlockedAddress)

	var be *notify.BlockedAddressError
	require.ErrorAs(t, def.Check(netip.MustParseAddr("169.254.169.254")), &be)
	assert.Contains(t, be.Error(), "cloud metadata")
}

// hitCounter is a receiver that must never be reached.
func hitCounter(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestWebhooksRefusePrivateTargetsAtDialTime(t *testing.T) {
	t.Parallel()
	srv, hits := hitCounter(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	secret, _ := notify.NewSecret()
	send := func(p notify.AddressPolicy, url string) (notify.Delivery, error) {
		s := notify.NewWebhookSender(p)
		s.Timeout = 3 * time.Second
		return s.Send(context.Background(), notify.Notification{To: url, Event: "ping",
			Secrets: []notify.SigningSecret{{Secret: secret}}})
	}
	portStr := ":" + itoa(port)
	for _, url := range []string{
		srv.URL,                                   // 127.0.0.1
		"http://localhost" + portStr + "/hook",    // a name that resolves to loopback
		"http://[::ffff:127.0.0.1]" + portStr,     // IPv4-mapped loopback
		"http://0.0.0.0" + portStr,                // reaches local services on Linux
		"http://169.254.169.254/latest/meta-data", // cloud metadata
		"http://[fe80::1]/",
		"http://10.0.0.1/",
	} {
		d, err := send(notify.AddressPolicy{}, url)
		require.ErrorIs(t, err, notify.ErrBlockedAddress, url)
		assert.False(t, d.Retryable, "a refused address stays refused: %s", url)
		assert.Zero(t, d.StatusCode)
	}
	for _, url := range []string{"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com", "//example.com",
		"http:///nohost", "not a url"} {
		d, err := send(notify.AddressPolicy{}, url)
		require.ErrorIs(t, err, notify.ErrBadURL, url)
		assert.False(t, d.Retryable)
	}
	assert.Zero(t, hits.Load(), "no request reached the private receiver")

	// The explicit allow-list opens the door for on-premise receivers.
	d, err := send(notify.AddressPolicy{AllowPrivate: true}, "http://localhost"+portStr+"/hook")
	require.NoError(t, err, d.Error)
	_, err = send(loopbackOnly, srv.URL)
	require.NoError(t, err)
	assert.EqualValues(t, 2, hits.Load())
}

func TestRedirectToPrivateAddressIsRefused(t *testing.T) {
	t.Parallel()
	private, hits := hitCounter(t)
	privatePort := itoa(private.Listener.Addr().(*net.TCPAddr).Port)
	for _, location := range []string{
		"http://127.0.0.2:" + privatePort + "/", // loopback, but not on the allow-list
		"http://169.254.169.254/latest/meta-data/iam/security-credentials/",
		"http://[::1]:" + privatePort + "/",
		"file:///etc/passwd",
	} {
		redirector := httptest.NewServer(http.RedirectHandler(location, http.StatusFound))
		client := notify.NewSafeClient(loopbackOnly, notify.ClientOptions{MaxRedirects: 5, Timeout: 3 * time.Second})
		resp, err := client.Get(redirector.URL)
		if resp != nil {
			resp.Body.Close()
		}
		require.Error(t, err, location)
		assert.True(t, errors.Is(err, notify.ErrBlockedAddress) || errors.Is(err, notify.ErrBadURL), "%s: %v", location, err)
		redirector.Close()
	}
	assert.Zero(t, hits.Load())

	// A redirect to an allowed public-looking target is followed (here: the allowed loopback address).
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }))
	t.Cleanup(ok.Close)
	redirector := httptest.NewServer(http.RedirectHandler(ok.URL, http.StatusFound))
	t.Cleanup(redirector.Close)
	resp, err := notify.NewSafeClient(loopbackOnly, notify.ClientOptions{MaxRedirects: 1}).Get(redirector.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
}

// TestDNSRebindingIsCaughtAtDialTime runs a DNS server whose first answer is a public address and every later one
// 127.0.0.1: the URL passes the check made when it is saved, and the request is refused all the same.
func TestDNSRebindingIsCaughtAtDialTime(t *testing.T) {
	t.Parallel()
	var answers atomic.Int32
	dnsAddr := startDNS(t, func(q dnsmessage.Question) []netip.Addr {
		if q.Type != dnsmessage.TypeA {
			return nil
		}
		if answers.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("93.184.215.14")}
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	})
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", dnsAddr)
	}}
	srv, hits := hitCounter(t)
	port := itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	url := "http://rebind.opsdeck.test:" + port + "/hook"

	var p notify.AddressPolicy
	require.NoError(t, notify.ValidateURL(context.Background(), p, resolver, url), "looks public when saved")
	client := notify.NewSafeClient(p, notify.ClientOptions{Timeout: 3 * time.Second, Resolver: resolver})
	resp, err := client.Post(url, "application/json", strings.NewReader("{}"))
	if resp != nil {
		resp.Body.Close()
	}
	require.ErrorIs(t, err, notify.ErrBlockedAddress)
	assert.Zero(t, hits.Load())
	assert.GreaterOrEqual(t, answers.Load(), int32(2), "the request resolved the name again")
	assert.ErrorIs(t, notify.ValidateURL(context.Background(), p, resolver, url), notify.ErrBlockedAddress)
}

// startDNS serves A/AAAA answers over UDP until the test ends.
func startDNS(t *testing.T, answer func(dnsmessage.Question) []netip.Addr) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var msg dnsmessage.Message
			if msg.Unpack(buf[:n]) != nil || len(msg.Questions) != 1 {
				continue
			}
			q := msg.Questions[0]
			reply := dnsmessage.Message{Header: dnsmessage.Header{ID: msg.ID, Response: true, Authoritative: true},
				Questions: msg.Questions}
			for _, a := range answer(q) {
				h := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}
				if a.Is4() {
					h.Type = dnsmessage.TypeA
					reply.Answers = append(reply.Answers, dnsmessage.Resource{Header: h, Body: &dnsmessage.AResource{A: a.As4()}})
				} else {
					h.Type = dnsmessage.TypeAAAA
					reply.Answers = append(reply.Answers, dnsmessage.Resource{Header: h, Body: &dnsmessage.AAAAResource{AAAA: a.As16()}})
				}
			}
			out, err := reply.Pack()
			if err == nil {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

func itoa(i int) string { return strconv.Itoa(i) }
