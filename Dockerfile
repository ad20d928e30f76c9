# syntax=docker/dockerfile:1.7
#
# One image for every Marketfleet app; the command picks the app:
#   docker run IMAGE                                   -> api (default)
#   docker run IMAGE apps/worker-ingest/dist/main.js   -> worker-ingest
#   docker run IMAGE apps/cli/dist/main.js migrate     -> migrations
#
# Build: docker build -t marketfleet:$(git rev-parse --short HEAD) .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
# Same pnpm as package.json#packageManager. Installed from npm rather than through
# corepack: the corepack bundled with Node 20 may not know the keys newer pnpm
# releases are signed with.
ARG PNPM_VERSION=12.4.2
ENV PNPM_HOME=/pnpm \
    CI=true
ENV PATH=$PNPM_HOME:$PATH
RUN npm install --global pnpm@${PNPM_VERSION} && npm cache clean --force
WORKDIR /repo

# ---------------------------------------------------------------------------
# All dependencies, then the bundles: apps/<app>/dist/main.js.
FROM base AS build
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir=/pnpm/store
RUN pnpm -r run build \
 && for app in api worker-ingest worker-ml scheduler cli; do \
      test -f "apps/$app/dist/main.js" || { echo "missing apps/$app/dist/main.js" >&2; exit 1; }; \
    done

# ---------------------------------------------------------------------------
# Production dependencies only, laid out flat. The bundles inline workspace code,
# so a bundle in apps/worker-ingest/dist requires packages that only
# packages/jobs declares (bullmq, pino, …). pnpm's default isolated layout hides
# those from apps/worker-ingest; the hoisted layout puts them in /app/node_modules
# where Node's lookup from any app directory finds them. nodeLinker is a
# workspace-structure setting, read only from pnpm-workspace.yaml, so it is set
# there, in this stage only.
FROM base AS prod
COPY . .
RUN grep -q '^nodeLinker:' pnpm-workspace.yaml \
 || printf '\nnodeLinker: hoisted\n' >> pnpm-workspace.yaml
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --store-dir=/pnpm/store
COPY --from=build /repo/apps/api/dist           apps/api/dist
COPY --from=build /repo/apps/worker-ingest/dist apps/worker-ingest/dist
COPY --from=build /repo/apps/worker-ml/dist     apps/worker-ml/dist
COPY --from=build /repo/apps/scheduler/dist     apps/scheduler/dist
COPY --from=build /repo/apps/cli/dist           apps/cli/dist
# packages/db resolves its SQL migrations as `<dir of the running file>/../migrations`.
# Bundled into apps/cli/dist/main.js that is apps/cli/migrations, so point it at
# the committed folder unless the build already put them there.
RUN test -e apps/cli/migrations || ln -s ../../packages/db/migrations apps/cli/migrations \
 && test -f apps/cli/migrations/meta/_journal.json

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root: the app user can read its code but not change it.
COPY --from=prod /repo /app
# Numeric user (the image's `node` user) so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000 9100
ENTRYPOINT ["node"]
CMD ["apps/api/dist/main.js"]
