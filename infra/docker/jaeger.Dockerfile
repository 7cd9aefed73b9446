# A stand-in for jaegertracing/jaeger:2.12.0, made by ensure-base-images.sh from the binary that
# infra/jaeger/ensure-jaeger.sh provides (the official release where it can be downloaded, with the
# full UI; else a build from Jaeger's Go module, whose UI is a placeholder). Same entrypoint path,
# user and ports as the official image.
ARG BASE_IMAGE=suite-local/debian:bookworm
FROM ${BASE_IMAGE}
COPY jaeger /cmd/jaeger/jaeger-linux
COPY config.yaml /etc/jaeger/config.yaml
# The official image is Alpine-based and has busybox wget, which the compose healthcheck uses.
RUN ln -s /bin/busybox /usr/local/bin/wget
ENV JAEGER_LISTEN_HOST=0.0.0.0
EXPOSE 4317 4318 14268 16686 13133
VOLUME ["/tmp"]
USER 10001
ENTRYPOINT ["/cmd/jaeger/jaeger-linux"]
CMD ["--config", "/etc/jaeger/config.yaml"]
