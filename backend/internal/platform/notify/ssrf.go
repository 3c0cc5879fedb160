package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
)

// Server-side request forgery protection. Users configure webhook and Slack URLs; without care, OpsDeck would fetch
// whatever they name: its own admin ports on 127.0.0.1, the database on the private network, the cloud metadata
// service at 169.254.169.254 (which hands out credentials). The check runs where it cannot be bypassed: in the
// dialer's Control hook, on the IP address actually being connected to, after DNS resolution. A hostname that
// resolves to a public address when the URL is saved and to 127.0.0.1 when the request is sent (DNS rebinding) is
// therefore refused, and so is every redirect hop, because each one dials again.

// ErrBlockedAddress is wrapped by every refusal of the address policy.
var ErrBlockedAddress = errors.New("address not allowed for outgoing requests")

// BlockedAddressError says which address was refused and why.
type BlockedAddressError struct {
	Addr   netip.Addr
	Reason string
}

func (e *BlockedAddressError) Error() string {
	return fmt.Sprintf("notify: %s is a %s address, not allowed for outgoing requests (OPSDECK_WEBHOOK_ALLOW_PRIVATE)",
		e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrBlockedAddress) true.
func (e *BlockedAddressError) Is(target error) bool { return target == ErrBlockedAddress }

// ErrBadURL is wrapped when a URL is not an absolute http(s) URL.
var ErrBadURL = errors.New("not an absolute http or https URL")

// AddressPolicy decides which IP addresses outgoing requests to user-configured URLs may reach. The zero value allows
// public unicast addresses only.
type AddressPolicy struct {
	// AllowPrivate allows loopback, private (RFC 1918, fc00::/7) and CGNAT (100.64.0.0/10) addresses: on-premise
	// receivers. Link-local (cloud metadata), unspecified, multicast and reserved addresses stay refused unless listed
	// in Allow.
	AllowPrivate bool
	// Allow lists ranges reachable whatever their kind.
	Allow []netip.Prefix
}

// PolicyFromConfig returns the policy of OPSDECK_WEBHOOK_ALLOW_PRIVATE.
func PolicyFromConfig(c config.Outbound) AddressPolicy {
	return AddressPolicy{AllowPrivate: c.AllowPrivate, Allow: c.AllowCIDRs}
}

type blockedRange struct {
	prefix netip.Prefix
	reason string
	// private ranges are allowed by AllowPrivate.
	private bool
}

func r(cidr, reason string, private bool) blockedRange {
	return blockedRange{netip.MustParsePrefix(cidr), reason, private}
}

// blockedRanges are the IANA special-purpose ranges (RFC 6890 and successors) that are not globally reachable
// unicast, plus ranges whose reachability depends on where OpsDeck runs.
var blockedRanges = []blockedRange{
	r("0.0.0.0/8", "unspecified (\"this network\")", false),
	r("10.0.0.0/8", "private (RFC 1918)", true),
	r("100.64.0.0/10", "shared (CGNAT, RFC 6598)", true),
	r("127.0.0.0/8", "loopback", true),
	r("169.254.0.0/16", "link-local (includes cloud metadata)", false),
	r("172.16.0.0/12", "private (RFC 1918)", true),
	r("192.0.0.0/24", "IETF protocol assignment", false),
	r("192.0.2.0/24", "documentation", false),
	r("192.88.99.0/24", "6to4 relay anycast", false),
	r("192.168.0.0/16", "private (RFC 1918)", true),
	r("198.18.0.0/15", "benchmarking", false),
	r("198.51.100.0/24", "documentation", false),
	r("203.0.113.0/24", "documentation", false),
	r("224.0.0.0/4", "multicast", false),
	r("240.0.0.0/4", "reserved", false), // includes 255.255.255.255 broadcast
	r("::/128", "unspecified", false),
	r("::1/128", "loopback", true),
	r("::/96", "IPv4-compatible (deprecated)", false),
	r("::ffff:0:0:0/96", "IPv4-translated", false),
	r("64:ff9b:1::/48", "local-use NAT64", false),
	r("100::/64", "discard-only", false),
	r("2001::/32", "Teredo", false),
	r("2001:db8::/32", "documentation", false),
	r("3fff::/20", "documentation", false),
	r("fc00::/7", "unique local (private)", true),
	r("fe80::/10", "link-local", false),
	r("fec0::/10", "site-local (deprecated)", false),
	r("ff00::/8", "multicast", false),
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Check returns nil when addr may be reached, else a *BlockedAddressError.
func (p AddressPolicy) Check(addr netip.Addr) error {
	if !addr.IsValid() {
		return &BlockedAddressError{Addr: addr, Reason: "invalid"}
	}
	addr = addr.WithZone("")
	// ::ffff:127.0.0.1 is 127.0.0.1 on a dual-stack socket.
	addr = addr.Unmap()
	for _, allowed := range p.Allow {
		if allowed.Contains(addr) {
			return nil
		}
	}
	// Addresses that embed an IPv4 address reach it through a translator: judge the embedded one.
	if nat64.Contains(addr) {
		b := addr.As16()
		return p.Check(netip.AddrFrom4([4]byte(b[12:16])))
	}
	if sixToFour.Contains(addr) {
		b := addr.As16()
		return p.Check(netip.AddrFrom4([4]byte(b[2:6])))
	}
	for _, br := range blockedRanges {
		if br.prefix.Contains(addr) {
			if br.private && p.AllowPrivate {
				return nil
			}
			return &BlockedAddressError{Addr: addr, Reason: br.reason}
		}
	}
	return nil
}

// control is the net.Dialer Control hook: it runs for every connection attempt, on the resolved address.
func (p AddressPolicy) control(network, address string, _ syscall.RawConn) error {
	if network != "tcp4" && network != "tcp6" {
		return fmt.Errorf("notify: network %q not allowed for outgoing requests", network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("notify: dial address %q: %w", address, err)
	}
	return p.Check(ap.Addr())
}

// Dialer returns a dialer that refuses the addresses the policy refuses. resolver may be nil (the system's).
func (p AddressPolicy) Dialer(resolver *net.Resolver) *net.Dialer {
	return &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: p.control, Resolver: resolver}
}

// ClientOptions tune NewSafeClient.
type ClientOptions struct {
	// Timeout bounds a whole request, answer included (default 15s).
	Timeout time.Duration
	// MaxRedirects followed (default 0: a redirect is returned as the answer, which webhook receivers should not
	// send). Every hop is checked by the policy, scheme included.
	MaxRedirects int
	// Resolver resolves host names (default: the system's). Whatever it answers, the policy judges the address.
	Resolver *net.Resolver
}

// NewSafeClient returns an HTTP client for user-configured URLs: http and https only, every connection checked by the
// policy at dial time, no proxy from the environment (a proxy would dial on our behalf, out of the policy's sight).
func NewSafeClient(p AddressPolicy, o ClientOptions) *http.Client {
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            p.Dialer(o.Resolver).DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  o.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return http.ErrUseLastResponse
			}
			if _, err := CheckURL(req.URL.String()); err != nil {
				return err
			}
			return nil
		},
	}
}

// CheckURL parses an outgoing URL and checks its form: absolute, http or https, with a host. It does not resolve the
// host: the dialer checks the addresses (see ValidateURL for an early answer when a user saves a URL).
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", ErrBadURL)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return nil, fmt.Errorf("notify: %w", ErrBadURL)
	}
	return u, nil
}

// ValidateURL checks a URL when a user configures it: its form, and every address its host resolves to now. It gives
// the user an immediate answer; the dial-time check remains the protection (DNS answers change).
func ValidateURL(ctx context.Context, p AddressPolicy, resolver *net.Resolver, raw string) error {
	u, err := CheckURL(raw)
	if err != nil {
		return err
	}
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	host := u.Hostname()
	if addr, err := netip.ParseAddr(host); err == nil {
		return p.Check(addr)
	}
	addrs, err := resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("notify: resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if err := p.Check(a); err != nil {
			return err
		}
	}
	return nil
}
