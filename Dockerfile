# One image for every service; docker-compose.yml picks the entry point per service.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# the workspace package (the audit export verifier) must be there for npm ci
COPY libs/audit-verify/package.json libs/audit-verify/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
CMD ["node", "dist/apps/gateway/src/main.js"]
