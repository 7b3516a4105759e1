# calling-portal: multi-stage build, small non-root runtime image, no secrets inside.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin calling-portal

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/portal --create-home portal
COPY --from=build /src/target/release/calling-portal /usr/local/bin/calling-portal
USER portal
WORKDIR /var/lib/portal
ENV PORTAL_LISTEN=0.0.0.0:8080 PORTAL_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["calling-portal", "healthcheck"]
ENTRYPOINT ["calling-portal"]
CMD ["serve"]
