package httpx

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// SPA serves the embedded single-page application. Existing files are served as they are (hashed assets cached for a
// year); any other path that is not an API, health or metrics path falls back to index.html so client-side routing
// works. API paths never fall back: they answer problem+json 404.
func SPA(files fs.FS) echo.HandlerFunc {
	fileServer := http.FileServer(http.FS(files))
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			return echo.NewHTTPError(http.StatusMethodNotAllowed)
		}
		if strings.HasPrefix(p, "/api/") || p == "/api" {
			return echo.NewHTTPError(http.StatusNotFound, "no API operation at "+p)
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" {
			name = "index.html"
		}
		if st, err := fs.Stat(files, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Response().Header().Set("Cache-Control", "no-cache")
			}
			fileServer.ServeHTTP(c.Response(), c.Request())
			return nil
		}
		if path.Ext(name) != "" && !wantsHTML(c.Request()) {
			// A missing asset (stale tab after a deploy) must not come back as HTML with status 200.
			return echo.NewHTTPError(http.StatusNotFound, "no such file")
		}
		index, err := fs.ReadFile(files, "index.html")
		if err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "web application not built")
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.HTMLBlob(http.StatusOK, index)
	}
}

// APIDocs serves the API reference (Swagger UI bundled into the SPA build under api-docs/) at /api/docs/.
func APIDocs(files fs.FS) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := strings.TrimPrefix(c.Request().URL.Path, "/api/docs")
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if name == "" {
			name = "index.html"
		}
		b, err := fs.ReadFile(files, "api-docs/"+name)
		if err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "API reference not built into this binary; run make build")
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		ct := mimeByExt(path.Ext(name))
		return c.Blob(http.StatusOK, ct, b)
	}
}

func mimeByExt(ext string) string {
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".png":
		return "image/png"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}
