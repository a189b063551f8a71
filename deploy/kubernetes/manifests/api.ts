import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Ingress } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { atomContainer, atomVolumes, meta, podSecurity, PORT, SERVICE_ACCOUNT, selectorLabels } from './common.js';

const NAME = 'atom-api';

export const apiDeployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(NAME, 'api'),
  spec: {
    replicas: 2,
    revisionHistoryLimit: 5,
    selector: { matchLabels: selectorLabels('api') },
    // Never below the current capacity during a rollout: a new pod must be ready before an old one goes.
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    template: {
      metadata: {
        labels: meta(NAME, 'api').labels ?? {},
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(PORT), 'prometheus.io/path': '/metrics' },
      },
      spec: {
        serviceAccountName: SERVICE_ACCOUNT,
        automountServiceAccountToken: false,
        securityContext: podSecurity,
        // Longer than ATOM_SHUTDOWN_GRACE_MS (30 s here) plus the preStop pause.
        terminationGracePeriodSeconds: 45,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorLabels('api') } },
        ],
        containers: [
          atomContainer('serve', {
            ports: [{ name: 'http', containerPort: PORT, protocol: 'TCP' }],
            env: [{ name: 'ATOM_SHUTDOWN_GRACE_MS', value: '30000' }],
            startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
            livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
            readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 },
            // Endpoints are removed asynchronously: keep serving a few seconds after the pod is marked
            // terminating, so proxies stop sending before the server stops accepting.
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1536Mi' } },
          }),
        ],
        volumes: atomVolumes,
      },
    },
  },
};

export const apiService: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(NAME, 'api'),
  spec: {
    type: 'ClusterIP',
    selector: selectorLabels('api'),
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  },
};

export const apiAutoscaler: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta(NAME, 'api'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 30, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
    },
  },
};

export const apiDisruptionBudget: PodDisruptionBudget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(NAME, 'api'),
  spec: { minAvailable: 1, selector: { matchLabels: selectorLabels('api') } },
};

export const apiIngress: Ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta(NAME, 'api', {
    annotations: {
      // Memory uploads and streamed chat answers (server-sent events).
      'nginx.ingress.kubernetes.io/proxy-body-size': '100m',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    },
  }),
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['atom.example.com'], secretName: 'atom-tls' }],
    rules: [
      {
        host: 'atom.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: NAME, port: { name: 'http' } } } }] },
      },
    ],
  },
};
