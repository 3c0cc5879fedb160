package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Backends FromEnv knows.
const (
	BackendLocal = "local"
	BackendS3    = "s3"
)

// DefaultLocalDir is where Local keeps files when OPSDECK_STORAGE_DIR is not set.
const DefaultLocalDir = ".data/files"

// EnvVar documents one environment variable read by FromEnv.
type EnvVar struct {
	Name        string
	Default     string
	Description string
}

// EnvVars lists the variables FromEnv reads, for `opsdeck serve --help` and the README.
var EnvVars = []EnvVar{
	{"OPSDECK_STORAGE", BackendLocal, "Where attachments and produced files are kept: local (a directory) or s3 (any S3-compatible store)."},
	{"OPSDECK_STORAGE_DIR", DefaultLocalDir, "Directory for files when OPSDECK_STORAGE=local (created with mode 0700)."},
	{"OPSDECK_S3_ENDPOINT", "", "S3 endpoint: https://host[:port], http://host[:port] or host[:port] (HTTPS). Required for s3."},
	{"OPSDECK_S3_REGION", "", "Bucket region (e.g. eu-west-3; Garage: garage). Empty: asked from the server."},
	{"OPSDECK_S3_BUCKET", "", "Bucket name. Required for s3; the bucket must exist."},
	{"OPSDECK_S3_ACCESS_KEY", "", "Access key id. Required for s3."},
	{"OPSDECK_S3_SECRET_KEY", "", "Secret access key. Required for s3."},
	{"OPSDECK_S3_PATH_STYLE", "false", "true: path-style addressing (MinIO, Ceph, Garage); false: chosen from the endpoint."},
	{"OPSDECK_S3_PREFIX", "", "Prefix prepended to every object key, to share a bucket (e.g. opsdeck/)."},
}

// FromEnv builds the configured Store, reading variables through get (os.Getenv, or a config layer's lookup).
// Errors name the variable at fault. For s3 it contacts the store to check the bucket, within ctx.
func FromEnv(ctx context.Context, get func(string) string) (Store, error) {
	val := func(name string) string { return strings.TrimSpace(get(name)) }

	backend := strings.ToLower(val("OPSDECK_STORAGE"))
	switch backend {
	case "", BackendLocal:
		dir := val("OPSDECK_STORAGE_DIR")
		if dir == "" {
			dir = DefaultLocalDir
		}
		l, err := NewLocal(dir)
		if err != nil {
			return nil, fmt.Errorf("OPSDECK_STORAGE_DIR: %w", err)
		}
		return l, nil
	case BackendS3:
		cfg, err := S3ConfigFromEnv(get)
		if err != nil {
			return nil, err
		}
		return NewS3(ctx, cfg)
	default:
		return nil, fmt.Errorf("OPSDECK_STORAGE: %q is not %q or %q", backend, BackendLocal, BackendS3)
	}
}

// S3ConfigFromEnv reads and checks the OPSDECK_S3_* variables without contacting the store.
func S3ConfigFromEnv(get func(string) string) (S3Config, error) {
	val := func(name string) string { return strings.TrimSpace(get(name)) }
	cfg := S3Config{
		Endpoint:  val("OPSDECK_S3_ENDPOINT"),
		Region:    val("OPSDECK_S3_REGION"),
		Bucket:    val("OPSDECK_S3_BUCKET"),
		AccessKey: val("OPSDECK_S3_ACCESS_KEY"),
		SecretKey: get("OPSDECK_S3_SECRET_KEY"), // not trimmed: a secret is taken as given
		Prefix:    val("OPSDECK_S3_PREFIX"),
	}
	pathStyle := val("OPSDECK_S3_PATH_STYLE")
	var missing []string
	for _, v := range []struct{ name, value string }{
		{"OPSDECK_S3_ENDPOINT", cfg.Endpoint},
		{"OPSDECK_S3_BUCKET", cfg.Bucket},
		{"OPSDECK_S3_ACCESS_KEY", cfg.AccessKey},
		{"OPSDECK_S3_SECRET_KEY", cfg.SecretKey},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return S3Config{}, fmt.Errorf("OPSDECK_STORAGE=s3 needs %s", strings.Join(missing, ", "))
	}
	if _, _, err := parseS3Endpoint(cfg.Endpoint); err != nil {
		return S3Config{}, fmt.Errorf("OPSDECK_S3_ENDPOINT: %w", err)
	}
	if pathStyle != "" {
		b, err := strconv.ParseBool(pathStyle)
		if err != nil {
			return S3Config{}, fmt.Errorf("OPSDECK_S3_PATH_STYLE: %q is not true or false", pathStyle)
		}
		cfg.UsePathStyle = b
	}
	if p := strings.Trim(cfg.Prefix, "/"); p != "" {
		if err := ValidateKey(p); err != nil {
			return S3Config{}, fmt.Errorf("OPSDECK_S3_PREFIX: %w", err)
		}
	}
	return cfg, nil
}
