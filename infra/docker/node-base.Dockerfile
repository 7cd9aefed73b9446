# A stand-in for node:24-bookworm-slim, made by ensure-base-images.sh from local parts.
ARG BASE_IMAGE=suite-local/debian:bookworm
FROM ${BASE_IMAGE}
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
# Same layout and user as the official image; npm (global config) trusts this machine's CA bundle.
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && mkdir -p /usr/local/etc \
 && printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\n' > /usr/local/etc/npmrc \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
