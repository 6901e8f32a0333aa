# Puyu in a container: built with Maven on JDK 25, run on a JRE 25.
#   docker build -t puyu .
#   docker run -p 8080:8080 -v puyu-data:/app/data puyu          (H2 under /app/data, demo model)
# docker-compose.yml beside this file runs it on PostgreSQL instead.
# Extra JVM options (heap size, ...) go in JDK_JAVA_OPTIONS, which the java launcher reads itself.

FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /src
# Dependencies first, in a layer of their own, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline || true
COPY src src
COPY frontend frontend
RUN mvn -B -ntp -DskipTests package

FROM eclipse-temurin:25-jre
RUN useradd --system --home-dir /app --shell /usr/sbin/nologin puyu \
    && mkdir -p /app/data /models \
    && chown puyu:puyu /app/data
WORKDIR /app
COPY --from=build /src/target/puyu.jar /app/puyu.jar
# Database (H2 by default), generated demo model; a named volume keeps them.
ENV PUYU_DATA=/app/data
VOLUME /app/data
EXPOSE 8080
USER puyu
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/puyu.jar"]
