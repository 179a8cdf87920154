# One image for every service; docker-compose.yml picks the entry point per service.
# Node 22 LTS, the tested target (package.json `engines`, `.ci/run`).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
RUN node scripts/build.mjs && node scripts/build-console.mjs

# Production dependencies only, from a clean install: no compilers, test tools or embedded-postgres
# (a development dependency: containers use the `postgres` service).
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# tools/infra: the operator's stream provisioning (docker-compose's nats-provision service)
COPY --from=build /app/tools ./tools
COPY --from=build /app/apps/web-console/dist ./apps/web-console/dist
# the audit report's embedded fonts (Liberation Sans, SIL OFL)
COPY --from=build /app/apps/regional-hub/assets ./apps/regional-hub/assets
USER node
CMD ["node", "--enable-source-maps", "dist/apps/regional-hub/src/main.js"]
