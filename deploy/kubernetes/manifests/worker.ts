import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { atomContainer, atomVolumes, containerSecurity, meta, podSecurity, SECRET, SERVICE_ACCOUNT, selectorLabels } from './common.js';

const NAME = 'atom-worker';
const EXPORTER = 'atom-queue-exporter';
export const EXPORTER_PORT = 9121;

/** The BullMQ keys whose length is the backlog of runnable jobs (prefix ATOM_JOBS_PREFIX=atom). */
export const BACKLOG_KEYS = ['atom:workflows.run:wait', 'atom:workflows.run:prioritized', 'atom:workflows.run:active'];
/** External metric served by prometheus-adapter (rule in prometheus-adapter/rules.yaml). */
export const BACKLOG_METRIC = 'atom_queue_backlog';

export const workerDeployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(NAME, 'worker'),
  spec: {
    replicas: 2,
    revisionHistoryLimit: 5,
    selector: { matchLabels: selectorLabels('worker') },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    template: {
      metadata: { labels: meta(NAME, 'worker').labels ?? {} },
      spec: {
        serviceAccountName: SERVICE_ACCOUNT,
        automountServiceAccountToken: false,
        securityContext: podSecurity,
        // Running steps get ATOM_SHUTDOWN_GRACE_MS to finish; a step cut off is retried elsewhere (journal).
        terminationGracePeriodSeconds: 70,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorLabels('worker') } },
        ],
        containers: [
          atomContainer('worker', {
            env: [{ name: 'ATOM_SHUTDOWN_GRACE_MS', value: '60000' }],
            // Workers serve no HTTP: `atom doctor` checks configuration, database, data directory and Redis.
            livenessProbe: { exec: { command: ['node', '/app/bin/atom.js', 'doctor'] }, initialDelaySeconds: 30, periodSeconds: 60, timeoutSeconds: 20, failureThreshold: 3 },
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
          }),
        ],
        volumes: atomVolumes,
      },
    },
  },
};

export const workerAutoscaler: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta(NAME, 'worker'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
    minReplicas: 2,
    maxReplicas: 20,
    // Queue depth: about 20 runnable jobs waiting per worker pod (each runs 32 at once, ATOM_WORKFLOW_CONCURRENCY's default in `atom worker`).
    metrics: [{ type: 'External', external: { metric: { name: BACKLOG_METRIC }, target: { type: 'AverageValue', averageValue: '20' } } }],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] },
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
    },
  },
};

export const workerDisruptionBudget: PodDisruptionBudget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(NAME, 'worker'),
  spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels('worker') } },
};

/**
 * Queue depth as a Prometheus metric, read straight from Redis: redis_exporter reports the length of
 * the BullMQ lists (`redis_key_size{key="atom:workflows.run:wait"}`); workers serve no /metrics.
 */
export const queueExporterDeployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(EXPORTER, 'queue-exporter'),
  spec: {
    replicas: 1,
    selector: { matchLabels: selectorLabels('queue-exporter') },
    template: {
      metadata: {
        labels: meta(EXPORTER, 'queue-exporter').labels ?? {},
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(EXPORTER_PORT) },
      },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { ...podSecurity, runAsUser: 59000, runAsGroup: 59000, fsGroup: 59000 },
        containers: [
          {
            name: 'redis-exporter',
            image: 'oliver006/redis_exporter:v1.62.0',
            env: [
              { name: 'REDIS_ADDR', valueFrom: { secretKeyRef: { name: SECRET, key: 'ATOM_REDIS_URL' } } },
              { name: 'REDIS_EXPORTER_CHECK_SINGLE_KEYS', value: BACKLOG_KEYS.join(',') },
            ],
            ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 30 },
            readinessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 10 },
            resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
            securityContext: containerSecurity,
          },
        ],
      },
    },
  },
};

export const queueExporterService: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(EXPORTER, 'queue-exporter'),
  spec: { selector: selectorLabels('queue-exporter'), ports: [{ name: 'metrics', port: EXPORTER_PORT, targetPort: 'metrics' }] },
};
