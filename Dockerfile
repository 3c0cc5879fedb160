# syntax=docker/dockerfile:1
#
# OpsDeck container image: one static `opsdeck` binary with the SPA embedded, the same artefact `make build` produces.
# Build context is the repository root:
#
#   docker build -t opsdeck:local \
#     --build-arg VERSION="$(git describe --tags --always --dirty)" \
#     --build-arg COMMIT="$(git rev-parse --short HEAD)" \
#     --build-arg DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" .
#
# The first two stages run on the build machine's own platform ($BUILDPLATFORM) and Go cross-compiles for the target
# ($TARGETOS/$TARGETARCH), so a multi-arch `docker buildx build --platform linux/amd64,linux/arm64` needs no emulation.

# ---------------------------------------------------------------------------------------------------------------------
# Stage 1: the SPA (frontend/dist). src/api is committed, so `npm run generate:api` is not needed here.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
# Dependencies first, so editing the sources does not reinstall them.
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY frontend/ ./
# tsc -b && vite build && node scripts/build-api-docs.mjs  →  /src/frontend/dist (with dist/api-docs/)
RUN npm run build

# ---------------------------------------------------------------------------------------------------------------------
# Stage 2: the binary, built in the go.work workspace (modules ./api and ./backend) like `make build`.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
WORKDIR /src
# No separate `go mod download` step: in this workspace it fetches every module of the graph (tools and test
# dependencies included, ~1.1 GB) where `go build` fetches only the ~180 MB the binary needs, and with the module cache
# on a cache mount a download layer would cache nothing. go.work.su[m] copies go.work.sum only when it exists.
COPY go.work go.work.su[m] openapi.yaml ./
COPY api/ ./api/
COPY backend/ ./backend/
# Embed the SPA: web.go embeds backend/internal/platform/web/dist (falls back to a placeholder page without it).
COPY --from=spa /src/frontend/dist/ ./backend/internal/platform/web/dist/
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=0.1.0-dev
ARG COMMIT=unknown
ARG DATE=unknown
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    test -f backend/internal/platform/web/dist/index.html && \
    cd backend && \
    BI=github.com/opsdeck/opsdeck/backend/internal/platform/buildinfo && \
    CGO_ENABLED=0 GOOS="${TARGETOS:-linux}" GOARCH="${TARGETARCH}" \
    go build -trimpath \
      -ldflags "-s -w -X ${BI}.Version=${VERSION} -X ${BI}.Commit=${COMMIT} -X ${BI}.Date=${DATE}" \
      -o /out/opsdeck ./cmd/opsdeck
# The directory of attachment files (local storage), created here because the runtime image has no shell.
RUN mkdir -p /out/files

# ---------------------------------------------------------------------------------------------------------------------
# Stage 3: runtime.
#
# Why distroless/static (and not debian:bookworm-slim): the binary is static (CGO_ENABLED=0) and embeds its time zones
# (time/tzdata), so it needs nothing from the OS but CA certificates, which distroless/static ships together with
# /etc/passwd and the `nonroot` user (uid/gid 65532). No shell, no package manager, no libc: far less to patch and to
# exploit, and a ~2 MB base.
# No shell and no curl: the health check is the binary itself (`opsdeck healthcheck` asks /readyz). Orchestrators may
# also probe HTTP directly: liveness GET /healthz, readiness GET /readyz on port 8080.
FROM gcr.io/distroless/static-debian12:nonroot AS runtime
ARG VERSION=0.1.0-dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="OpsDeck" \
      org.opencontainers.image.description="IT operations and governance for regulated organisations" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
COPY --from=build /out/opsdeck /usr/local/bin/opsdeck
# Attachment files (OPSDECK_STORAGE=local): mount a volume here, or use S3 (OPSDECK_STORAGE=s3, OPSDECK_S3_*).
COPY --from=build --chown=65532:65532 /out/files /var/lib/opsdeck/files
# The image ships no PostgreSQL: always set DATABASE_URL. Production (also the binary's default) requires a strong
# OPSDECK_SECRET_KEY; `docker run --rm IMAGE serve --help` lists every variable.
ENV OPSDECK_ENV=production \
    OPSDECK_HTTP_ADDR=:8080 \
    OPSDECK_STORAGE_DIR=/var/lib/opsdeck/files
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["opsdeck", "healthcheck"]
ENTRYPOINT ["opsdeck"]
CMD ["serve"]
