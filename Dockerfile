# Steward: multi-stage image. Build:  docker build -t steward .
# Run:    docker run -e DATABASE_URL=postgresql://... -e NEXTAUTH_SECRET=... -p 3000:3000 steward
# The only downloads at build time are npm packages (no Prisma engine download: see docs/deploy.md).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 npm_config_update_notifier=false
# The postinstall generates the Prisma client from the schema; copy just what it needs so this layer is cached.
COPY package.json package-lock.json ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY scripts/prisma-generate.mjs scripts/prisma-generate.mjs
# `npm install`, not `npm ci`: see .ci/run (the lock file holds only the linux-x64 builds of platform packages).
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
# `npm prune --omit=dev` keeps the dev tools that a production package names as an optional peer (@prisma/client:
# prisma, typescript; next: @playwright/test), about 260 MB that nothing in the image runs: uninstall them too
# (--no-save: package.json and the lock file stay as they are; no network needed).
RUN node scripts/prisma-generate.mjs && node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm uninstall --no-save --omit=dev --no-audit --no-fund prisma typescript @playwright/test \
 && rm -rf .next/cache

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 STEWARD_PREBUILT=1 STEWARD_DATA_DIR=/data \
    LOG_FORMAT=json STEWARD_SHUTDOWN_DELAY_MS=5000
# What the server and the CLI (migrate, import, seed, user create) need at run time; no sources of tests or e2e.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/next.config.js /app/tsconfig.json /app/proxy.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/lib ./lib
COPY --from=build --chown=node:node /app/components ./components
COPY --from=build --chown=node:node /app/scripts ./scripts
# The embedded database (PGlite) lives here when DATABASE_URL is not set. NEXTAUTH_SECRET must always be set: in
# production the server never generates one (it would differ between replicas and die with the container).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrates (advisory lock: replicas may start together), then serves; SIGTERM drains in-flight requests.
CMD ["node", "node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/steward.ts", "start"]
