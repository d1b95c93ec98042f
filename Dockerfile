# syntax=docker/dockerfile:1
# graceful's images. Every RUN line is a command of the project that its tests run too (test/integration/dockerfile.test.ts).
#
#   docker build --target binary -t graceful:binary .   # only /graceful, for COPY --from into any glibc image
#   docker build -t graceful:sidecar .                   # graceful sidecar as a native sidecar container

# The standalone binaries for linux-x64 and linux-arm64, built on the build machine's own architecture.
FROM --platform=$BUILDPLATFORM node:24-bookworm AS build
WORKDIR /src
COPY . .
RUN npm install --no-audit --no-fund
RUN npm run build:binary

FROM scratch AS binary-amd64
COPY --from=build /src/dist/graceful-linux-x64 /graceful

FROM scratch AS binary-arm64
COPY --from=build /src/dist/graceful-linux-arm64 /graceful

# Only the standalone binary (Node.js, graceful and a static tini in one file):
#   COPY --from=graceful:binary /graceful /usr/local/bin/graceful
FROM binary-${TARGETARCH} AS binary

# Sidecar mode: glibc and libstdc++ for the binary, nothing else, as a non-root user. The user is numeric: the
# kubelet can check runAsNonRoot: true (the restricted Pod Security Standard) only against a UID, never a name.
FROM gcr.io/distroless/cc-debian12:nonroot AS sidecar
COPY --from=binary /graceful /usr/local/bin/graceful
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/graceful"]
CMD ["sidecar"]
