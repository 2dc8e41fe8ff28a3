# Parley as one image: docker run -p 3000:3000 -v parley-data:/data parley
# No image can be built on the project's own machines, so test/packaging/image-steps.test.ts runs this
# file's build steps and start command as plain commands in a clean copy of the repository and
# checks that the server it starts answers /readyz. Keep every RUN step a plain command.

# Build stages: the full Debian image has python3, make and g++, which better-sqlite3 needs
# wherever no prebuilt binary fits.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime: the slim image, the production dependencies and the build, run as `node`, not root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    PARLEY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/next.config.mjs ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
# Icons and the service worker (public/sw.js, built above), served from the site root.
COPY --from=build /app/public ./public
# The volume's folder must exist, owned by the user that writes it, before VOLUME declares it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# Parley closes sockets, HTTP and the database on SIGTERM, within 8 s (Docker waits 10).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/server.mjs"]
