// Package logging builds OpsDeck's slog logger: JSON with Elastic Common Schema field names (@timestamp, log.level,
// message, ...) in production, or text for humans.
package logging

import (
	"io"
	"log/slog"
	"strings"
)

// New returns a logger writing to w. level is debug|info|warn|error; format is json|text.
func New(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) > 0 {
			return a
		}
		switch a.Key {
		case slog.TimeKey:
			a.Key = "@timestamp"
		case slog.LevelKey:
			a.Key = "log.level"
			a.Value = slog.StringValue(strings.ToLower(a.Value.String()))
		case slog.MessageKey:
			a.Key = "message"
		}
		return a
	}
	return slog.New(slog.NewJSONHandler(w, opts)).With("service.name", "opsdeck", "ecs.version", "8.11.0")
}
