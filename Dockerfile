# Builds the web app and the server, then ships both in a slim image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm libtesseract-dev && rm -rf /var/lib/apt/lists/* \
 && rustup target add wasm32-unknown-unknown \
 && cargo install trunk --version 0.21.14 --locked \
 && cargo install wasm-bindgen-cli --version 0.2.130
COPY . .
RUN cd frontend && npm ci --no-audit --no-fund && cd .. \
 && scripts/build-web.sh \
 && cargo build --release -p portal-api --bin portal

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libtesseract5 tesseract-ocr-eng \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /var/lib/portal portal && mkdir -p /var/lib/portal && chown portal /var/lib/portal
WORKDIR /opt/portal
COPY --from=build /src/target/release/portal /opt/portal/portal
COPY --from=build /src/frontend/dist /opt/portal/frontend/dist
USER portal
ENV PORTAL_STATIC_DIR=/opt/portal/frontend/dist
EXPOSE 8080
CMD ["/opt/portal/portal", "serve"]
