# The application image for docker-compose.yml: built from source with the Maven wrapper, run on a
# JRE with curl for the health checks.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B dependency:go-offline
COPY src src
RUN ./mvnw -q -B -DskipTests package && cp target/speedmatch-*.jar /speedmatch.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app speedmatch
COPY --from=build /speedmatch.jar /app/speedmatch.jar
USER speedmatch
WORKDIR /app
EXPOSE 8080 8081
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD curl -fs http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/speedmatch.jar"]
