import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer } from 'kubernetes-types/networking/v1.js';
import { APP, meta, PORT, selectorLabels } from './common.js';
import { EXPORTER_PORT } from './worker.js';

// Namespaces allowed in: the ingress controller (traffic) and monitoring (Prometheus scrapes).
// Overlays patch these names when the cluster uses others.
const INGRESS_NAMESPACE = 'ingress-nginx';
const MONITORING_NAMESPACE = 'monitoring';

const namespace = (name: string): NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

const dns: NetworkPolicyEgressRule = {
  to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

// PostgreSQL and Redis may live anywhere (managed services), so they are allowed by port; connected
// services (Gmail, Slack, model providers) by HTTPS to public addresses. Cloud metadata stays closed.
const anywhereButMetadata: NetworkPolicyPeer = { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } };

export const atomNetworkPolicy: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta('atom', 'config'),
  spec: {
    podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: [APP] }, { key: 'app.kubernetes.io/component', operator: 'In', values: ['api', 'worker', 'migrate', 'backup'] }] },
    policyTypes: ['Ingress', 'Egress'],
    // No ingress rule here: workers and the migration Job accept no connection.
    ingress: [],
    egress: [
      dns,
      { to: [anywhereButMetadata], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }, { protocol: 'TCP', port: 443 }] },
    ],
  },
};

/** The API accepts HTTP only from the ingress controller and Prometheus. */
export const apiNetworkPolicy: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta('atom-api', 'api'),
  spec: {
    podSelector: { matchLabels: selectorLabels('api') },
    policyTypes: ['Ingress'],
    ingress: [{ from: [namespace(INGRESS_NAMESPACE), namespace(MONITORING_NAMESPACE)], ports: [{ protocol: 'TCP', port: PORT }] }],
  },
};

export const queueExporterNetworkPolicy: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta('atom-queue-exporter', 'queue-exporter'),
  spec: {
    podSelector: { matchLabels: selectorLabels('queue-exporter') },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [namespace(MONITORING_NAMESPACE)], ports: [{ protocol: 'TCP', port: EXPORTER_PORT }] }],
    egress: [dns, { to: [anywhereButMetadata], ports: [{ protocol: 'TCP', port: 6379 }] }],
  },
};
