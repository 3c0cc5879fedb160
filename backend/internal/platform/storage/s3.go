package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3StreamPartSize is the multipart part size used when the body's size is unknown: minio-go would otherwise size
// parts for a 5 TiB object (over 500 MiB buffered per upload). 16 MiB parts cap such uploads at 160 GiB (10,000 parts),
// far beyond any attachment.
const s3StreamPartSize = 16 << 20

// S3Config says how to reach an S3-compatible bucket.
type S3Config struct {
	// Endpoint is "https://host[:port]", "http://host[:port]" or "host[:port]" (HTTPS), e.g. "s3.eu-west-3.amazonaws.com"
	// or "http://127.0.0.1:9000". No path, no credentials in it.
	Endpoint string
	// Region is the bucket's region; empty lets the client ask the server (one extra request per bucket).
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	// UsePathStyle forces path-style addressing (endpoint/bucket/key), which MinIO, Ceph and Garage usually need.
	// False lets the client choose: virtual-host style for AWS and other known providers, path style otherwise.
	UsePathStyle bool
	// Prefix is prepended to every key (e.g. "opsdeck/" to share a bucket); a trailing "/" is added if missing.
	Prefix string
	// Transport overrides the HTTP transport (custom CA, proxy, tests). Nil uses minio-go's default.
	Transport http.RoundTripper
}

// S3 stores objects in an S3-compatible bucket.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string
	secret string // only to scrub it from error messages
}

var _ Store = (*S3)(nil)

// NewS3 connects to the bucket and checks that it exists, so a wrong endpoint, bucket or key fails at start-up rather
// than on the first upload. Credentials allowed to read and write objects but not to HEAD the bucket are accepted.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	host, secure, err := parseS3Endpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Bucket == "" {
		return nil, errors.New("storage: s3 bucket is empty")
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, errors.New("storage: s3 access key and secret key are required")
	}
	prefix := strings.Trim(cfg.Prefix, "/")
	if prefix != "" {
		if err := ValidateKey(prefix); err != nil {
			return nil, fmt.Errorf("storage: s3 prefix %q: %w", cfg.Prefix, err)
		}
		prefix += "/"
		if len(prefix)+MaxKeyLength > 1024 {
			return nil, fmt.Errorf("storage: s3 prefix %q is too long", cfg.Prefix)
		}
	}
	lookup := minio.BucketLookupAuto
	if cfg.UsePathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    cfg.Transport,
	})
	if err != nil {
		return nil, scrub(fmt.Errorf("storage: s3 client: %w", err), cfg.SecretKey)
	}
	s := &S3{client: client, bucket: cfg.Bucket, prefix: prefix, secret: cfg.SecretKey}

	ok, err := client.BucketExists(ctx, cfg.Bucket)
	switch {
	case err != nil && s3Code(err) == "AccessDenied":
		// The credentials may be limited to object operations; the first real operation will tell.
	case err != nil:
		return nil, s.wrap("check bucket", "", err)
	case !ok:
		return nil, fmt.Errorf("storage: s3 bucket %q does not exist at %s", cfg.Bucket, host)
	}
	return s, nil
}

// parseS3Endpoint turns the configured endpoint into minio-go's host[:port] and whether to use TLS.
func parseS3Endpoint(endpoint string) (host string, secure bool, err error) {
	if endpoint == "" {
		return "", false, errors.New("storage: s3 endpoint is empty")
	}
	raw := endpoint
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes its input; an endpoint holding credentials must not end up in logs.
		return "", false, errors.New("storage: s3 endpoint is not a valid URL")
	}
	switch {
	case u.User != nil:
		return "", false, errors.New("storage: s3 endpoint must not contain credentials")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", false, fmt.Errorf("storage: s3 endpoint scheme %q is not http or https", u.Scheme)
	case u.Host == "":
		return "", false, errors.New("storage: s3 endpoint has no host")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return "", false, errors.New("storage: s3 endpoint must be scheme://host[:port] without a path")
	}
	return u.Host, u.Scheme == "https", nil
}

func (s *S3) objectName(key string) string { return s.prefix + key }

// Put uploads the body. Known sizes up to 16 MiB go out as one streamed PUT; beyond that, or with size -1, as a
// multipart upload holding one part in memory at a time, which minio-go aborts if anything fails.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	opts := minio.PutObjectOptions{ContentType: contentType}
	if size < 0 {
		size = -1
		opts.PartSize = s3StreamPartSize
	}
	body := newExactReader(ctx, r, size)
	if size == 0 {
		// minio-go sends an empty body without reading: check here that there really is nothing to read.
		var one [1]byte
		if _, err := body.Read(one[:]); err != io.EOF {
			return s.wrap("put", key, err)
		}
	}
	if _, err := s.client.PutObject(ctx, s.bucket, s.objectName(key), body, size, opts); err != nil {
		// The reader's own error (a failed upload stream, a size mismatch, a cancelled context) says more than the
		// transport's report of an aborted request.
		if ferr := body.Failure(); ferr != nil {
			return s.wrap("put", key, ferr)
		}
		return s.wrap("put", key, err)
	}
	return nil
}

// Open sends the GET and returns the response body, so a missing key (or bucket) fails here, in one request, rather
// than on the caller's first Read.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	// minio.Client.GetObject is lazy and would send a HEAD before the GET; Core.GetObject is the single GET.
	body, _, _, err := minio.Core{Client: s.client}.GetObject(ctx, s.bucket, s.objectName(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, s.wrap("open", key, err)
	}
	return body, nil
}

// Delete removes the object; S3 answers success for a missing key.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, s.objectName(key), minio.RemoveObjectOptions{}); err != nil {
		if s3Code(err) == "NoSuchKey" {
			return nil
		}
		return s.wrap("delete", key, err)
	}
	return nil
}

// Exists sends a HEAD for the object. A HEAD answer has no body, so a missing bucket also looks like a missing key;
// NewS3 checked the bucket at start-up.
func (s *S3) Exists(ctx context.Context, key string) (bool, error) {
	if err := ValidateKey(key); err != nil {
		return false, err
	}
	if _, err := s.client.StatObject(ctx, s.bucket, s.objectName(key), minio.StatObjectOptions{}); err != nil {
		if s3Code(err) == "NoSuchKey" {
			return false, nil
		}
		return false, s.wrap("exists", key, err)
	}
	return true, nil
}

// s3Code is the S3 error code carried by err, or "".
func s3Code(err error) string {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code
	}
	return ""
}

// wrap turns a client error into ours: NoSuchKey becomes ErrNotFound; S3 error responses are reduced to their code,
// status and message (no request headers or signatures); and the secret key is scrubbed from whatever text remains.
func (s *S3) wrap(op, key string, err error) error {
	where := "storage: s3 " + op
	if key != "" {
		where += fmt.Sprintf(" %q", key)
	}
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && resp.Code != "" {
		if resp.Code == "NoSuchKey" {
			return fmt.Errorf("%s: %w", where, ErrNotFound)
		}
		msg := fmt.Sprintf("%s: %s (HTTP %d, bucket %q): %s", where, resp.Code, resp.StatusCode, s.bucket, resp.Message)
		return &s3Error{msg: redact(msg, s.secret), err: err}
	}
	return scrub(fmt.Errorf("%s: %w", where, err), s.secret)
}

// s3Error keeps the client's error reachable through errors.As/Is while printing only a scrubbed message.
type s3Error struct {
	msg string
	err error
}

func (e *s3Error) Error() string { return e.msg }
func (e *s3Error) Unwrap() error { return e.err }

// scrub replaces err by an s3Error whose message cannot contain secret.
func scrub(err error, secret string) error {
	msg := err.Error()
	if secret == "" || !strings.Contains(msg, secret) {
		return err
	}
	return &s3Error{msg: redact(msg, secret), err: err}
}

func redact(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "[redacted]")
}
