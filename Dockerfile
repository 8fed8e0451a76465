# syntax=docker/dockerfile:1
#
# The mybouncer image: the whole Maven reactor built in a JDK stage, the jars run on a JRE as a
# non-root user. Build from the repository root:
#
#   docker build -t mybouncer:dev .
#   docker run --rm -p 6033:6033 -p 9033:9033 \
#       -v "$PWD/mybouncer.yaml:/etc/mybouncer/mybouncer.yaml:ro" -e APP_DB_PASSWORD mybouncer:dev
#
# In a container the configuration must listen on 0.0.0.0 (the default, 127.0.0.1, is unreachable
# from outside) and serve HTTP on port 9033 (http: 0.0.0.0:9033), which the health check asks.
# ops/compose/mybouncer.yaml is such a file; ops/README.md says more.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The whole reactor, so the prefork-server demo's jar is built along with the proxy. The cache mount
# keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
    && mkdir /out \
    && cp proxy/target/mybouncer.jar prefork-server/target/prefork-server.jar /out/

FROM eclipse-temurin:17-jre
# A fixed uid, so Kubernetes' runAsNonRoot can check it and volumes can be given to it.
# /var/run/mybouncer is where a Unix socket listener goes (a volume shared with the application).
# iproute2 for `ss`: fork-hazard detection asks it who holds the client end of a Unix-socket connection.
RUN apt-get update -q && apt-get install -y -q --no-install-recommends iproute2 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mybouncer \
    && useradd --system --uid 10001 --gid mybouncer --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin mybouncer \
    && mkdir -p /etc/mybouncer /var/run/mybouncer \
    && chown mybouncer:mybouncer /var/run/mybouncer
COPY --from=build /out/ /opt/mybouncer/
USER 10001:10001
# 6033: MySQL clients. 9033: metrics and health over HTTP.
EXPOSE 6033 9033
# The JRE has no curl: `mybouncer health` asks http://127.0.0.1:9033/health/ready with the JDK's
# HTTP client. A small, quickly started JVM: it runs every interval next to the proxy.
HEALTHCHECK --interval=10s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "/opt/mybouncer/mybouncer.jar", "health"]
# java becomes PID 1 (exec), so SIGTERM reaches it and the proxy shuts down cleanly. JAVA_OPTS adds
# JVM options to the proxy only (not to the health check); exit on OutOfMemoryError so that the
# container is restarted instead of left half alive. Arguments after the image name go to `run`.
ENV JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar /opt/mybouncer/mybouncer.jar run \"$@\"", "mybouncer"]
CMD ["--config", "/etc/mybouncer/mybouncer.yaml"]
