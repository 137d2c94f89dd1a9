# syntax=docker/dockerfile:1
# The ocpi-cpo service: built with the Swift toolchain, run on slim Debian with libpq.
# Used by docker-compose.yml; on its own:
#   docker build -t ocpi-cpo .
#   docker run -e DATABASE_URL=postgresql://… -e PUBLIC_URL=https://ocpi.example.com -p 8000:8000 ocpi-cpo

ARG SWIFT_VERSION=6.3
ARG DEBIAN_RELEASE=bookworm

# ---------------------------------------------------------------- build
FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build

# The CLibPQ system-library target finds libpq through pkg-config.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first, so that a change to the sources reuses this layer.
COPY Package.* ./
RUN swift package resolve

# Everything else: Package.swift names targets under Sources/ and Tests/, so both must be present.
COPY . .
RUN swift build -c release --product ocpi-cpo --static-swift-stdlib

# The binary, any resource bundles, and sql/ (migrations and admin scripts) next to it.
WORKDIR /staging
RUN bin="$(swift build --package-path /build -c release --show-bin-path)" \
    && cp "$bin/ocpi-cpo" ./ \
    && find -L "$bin/" -maxdepth 1 -regex '.*\.resources$' -exec cp -Ra {} ./ \; \
    && cp -R /build/sql ./sql

# ---------------------------------------------------------------- run
FROM debian:${DEBIAN_RELEASE}-slim

# libpq5: the PostgreSQL client library; tzdata: zone.tab, to derive missing time zones; ca-certificates: HTTPS
# calls to peers.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq5 tzdata ca-certificates \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin ocpi

WORKDIR /app
# Owned by root: the service reads its binary and migrations, and writes nothing to disk.
COPY --from=build /staging /app

# PUBLIC_URL defaults to http://HOST:PORT, which is http://0.0.0.0:8000 here: set it to the address peers use.
ENV HOST=0.0.0.0 \
    PORT=8000 \
    LOG_LEVEL=info \
    MIGRATIONS_PATH=/app/sql/migrations \
    ZONE_TAB_PATH=/usr/share/zoneinfo/zone.tab

USER ocpi:ocpi
EXPOSE 8000

# `serve` applies pending migrations, then serves until SIGTERM (graceful shutdown).
ENTRYPOINT ["/app/ocpi-cpo"]
CMD ["serve"]
