{{/* Resource names: <release>-<component>, within the 63 characters a DNS label allows. */}}
{{- define "suite.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "suite.labels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: distributed-tracing-suite
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* What a Service, a PDB and a NetworkPolicy select: stable across upgrades. */}}
{{- define "suite.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image reference; a tag is required and `latest` is refused, so every install is reproducible. */}}
{{- define "suite.image" -}}
{{- $tag := toString (required (printf "%s: set an image tag (e.g. 0.1.0)" .what) .image.tag) -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "%s: the tag 'latest' is not allowed: pin a version (e.g. 0.1.0)" .what) -}}
{{- end -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}

{{- define "suite.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup | default .runAsUser }}
fsGroup: {{ .fsGroup | default .runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "suite.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The gateway's address inside the cluster, which every service exports to. */}}
{{- define "suite.gatewayHost" -}}
{{- include "suite.name" (dict "root" . "component" "otel-gateway") -}}
{{- end -}}

{{/* A PDB body: one pod may always go when there is one; otherwise one must stay. */}}
{{- define "suite.pdbSpec" -}}
{{- if gt (int .replicas) 1 }}
minAvailable: 1
{{- else }}
maxUnavailable: 1
{{- end }}
selector:
  matchLabels:
    {{- include "suite.selector" . | nindent 4 }}
{{- end -}}

{{/* The sampler tier's headless Service: one DNS A record per sampler pod. */}}
{{- define "suite.samplerHost" -}}
{{- printf "%s.%s.svc.%s" (include "suite.name" (dict "root" . "component" "otel-sampler-headless")) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}
