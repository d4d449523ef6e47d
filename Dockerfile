# One image for every service; docker-compose.yml picks the service with SERVICE.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: see .ci/run.
RUN npm install --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
# The dashboard is built into dist/apps/dashboard, which the coordinator service serves at /dashboard/; the
# notification service's email templates are copied beside its compiled code.
RUN npx tsc -p tsconfig.build.json && npm run -s build:templates && npx vite build --config apps/dashboard/vite.config.mts --logLevel warn \
  && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# HOST: a container's service is reached from outside it; the services alone default to 127.0.0.1.
ENV NODE_ENV=production HOST=0.0.0.0 TS_NODE_PROJECT=/app/tsconfig.base.json TS_NODE_BASEURL=/app/dist
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.base.json ./
USER node
CMD ["sh", "-c", "exec node -r tsconfig-paths/register dist/apps/${SERVICE}/src/main.js"]
