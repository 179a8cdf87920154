# One image for every service; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
RUN node scripts/build.mjs && node scripts/build-console.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# tools/infra: the operator's stream provisioning (docker-compose's nats-provision service)
COPY --from=build /app/tools ./tools
COPY --from=build /app/apps/web-console/dist ./apps/web-console/dist
USER node
CMD ["node", "--enable-source-maps", "dist/apps/regional-hub/src/main.js"]
