# syntax=docker/dockerfile:1.7
#
# One image for every Marketfleet app; the command picks the app:
#   docker run IMAGE                                   -> api (default)
#   docker run IMAGE apps/worker-ingest/dist/main.js   -> worker-ingest
#   docker run IMAGE apps/cli/dist/main.js migrate     -> migrations
#
# Build: docker build -t marketfleet:$(git rev-parse --short HEAD) .

# The Node.js release the test suite runs on (.nvmrc), as the official Debian bookworm slim
# image, pinned by the digest of its multi-architecture index with the tag beside it for
# readers. The tag alone would follow upstream rebuilds; the digest does not. To move to a
# newer release, change .nvmrc and this line together, taking the digest from
# `docker buildx imagetools inspect node:<version>-bookworm-slim` (the index's "Digest:").
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

# ---------------------------------------------------------------------------
# All dependencies, the bundles (apps/<app>/dist/main.js), then the runtime tree in /app:
# bundles, the chart page, the SQL migrations and the apps' production dependencies only
# (tools/stage-runtime.mjs, which the image test runs too).
FROM ${NODE_IMAGE} AS build
# Same pnpm as package.json#packageManager, from npm: the corepack bundled with Node may
# not know the keys newer pnpm releases are signed with.
ARG PNPM_VERSION=12.4.2
ENV PNPM_HOME=/pnpm \
    CI=true
ENV PATH=$PNPM_HOME:$PATH
RUN npm install --global pnpm@${PNPM_VERSION} && npm cache clean --force
WORKDIR /repo
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir=/pnpm/store
RUN pnpm -r run build
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    node tools/stage-runtime.mjs /app --store-dir=/pnpm/store

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root: the app user can read its code but not change it.
COPY --from=build /app /app
# Numeric user (the image's `node` user) so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000 9100
# Stack traces name the TypeScript sources (the bundles carry their source maps).
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["apps/api/dist/main.js"]
