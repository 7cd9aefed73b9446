# A stand-in for prom/prometheus:v3.16.0, made by ensure-base-images.sh from the binary that
# infra/prometheus/ensure-prometheus.sh builds from Prometheus's Go module (no web UI assets; the
# API and /-/ready work). Same binary path, user, data folder and default flags as the official image.
ARG BASE_IMAGE=suite-local/debian:bookworm
FROM ${BASE_IMAGE}
COPY prometheus /bin/prometheus
COPY prometheus.yml /etc/prometheus/prometheus.yml
# The official image is busybox-based and has wget, which the compose healthcheck uses.
RUN ln -s /bin/busybox /usr/local/bin/wget && mkdir -p /prometheus && chown 65534:65534 /prometheus
USER 65534
EXPOSE 9090
VOLUME ["/prometheus"]
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
