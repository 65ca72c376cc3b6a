package io.csgate.gateway.deploy;

import java.util.regex.Pattern;

/** The deployment files the tests of this package read, relative to the repository root. */
final class DeployPaths {

    static final String COMPOSE = "docker-compose.yml";
    static final String DOCKERFILE = "deploy/Dockerfile";
    static final String DOCKERIGNORE = ".dockerignore";
    static final String NGINX = "deploy/nginx/nginx.conf";
    static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";
    static final String PROMETHEUS_K8S = "deploy/prometheus/prometheus-kubernetes.yml";
    static final String K8S = "deploy/k8s";
    static final String ENV_EXAMPLE = "deploy/compose/csgate.env.example";
    static final String DOCS = "docs/deployment.md";
    static final String GATEWAY_MODULE = "gateway";

    /** An http(s) URL with host and port, as the files write them. */
    static final Pattern URL = Pattern.compile("https?://([^/\\s:\"']+):(\\d+)(/[^\\s\"']*)?");

    private DeployPaths() {}
}
