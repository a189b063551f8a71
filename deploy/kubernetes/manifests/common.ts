// Names, labels and pod pieces shared by every Atom workload. The manifests are TypeScript typed with
// kubernetes-types, so `tsc` checks them against the Kubernetes API types; render.ts writes the YAML.
import type { Container, EnvFromSource, PodSecurityContext, SecurityContext, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

export const APP = 'atom';
export const VERSION = '0.1.0';
/** Kustomize overlays replace this with `images: [{ name: atom, newName: registry/atom, newTag: ... }]`. */
export const IMAGE = `atom:${VERSION}`;
export const PORT = 5058;
export const UID = 10001;

export const CONFIG_MAP = 'atom-config';
export const SECRET = 'atom-secrets';
export const DATA_PVC = 'atom-data';
export const BACKUP_PVC = 'atom-backups';
export const SERVICE_ACCOUNT = 'atom';

/** `config` marks what every workload needs (config, secret, account, volume, policy): applied first. */
export type Component = 'config' | 'api' | 'worker' | 'migrate' | 'backup' | 'queue-exporter';

/** The labels a component's pods carry; selectors use exactly these. */
export const selectorLabels = (component: Component): Record<string, string> => ({
  'app.kubernetes.io/name': APP,
  'app.kubernetes.io/component': component,
});

export const labels = (component: Component): Record<string, string> => ({
  ...selectorLabels(component),
  'app.kubernetes.io/part-of': APP,
  'app.kubernetes.io/version': VERSION,
  'app.kubernetes.io/managed-by': 'kustomize',
});

export const meta = (name: string, component: Component, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
  name,
  labels: labels(component),
  ...extra,
});

/** The keys the Secret must hold (deploy/kubernetes/secrets.env.example lists them). */
export const SECRET_KEYS = ['ATOM_DATABASE_URL', 'ATOM_REDIS_URL', 'ATOM_VAULT_KEYS'] as const;

export const envFrom: EnvFromSource[] = [{ configMapRef: { name: CONFIG_MAP } }, { secretRef: { name: SECRET } }];

export const podSecurity: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: UID,
  runAsGroup: UID,
  fsGroup: UID,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The image writes only under /data and /tmp, so the root filesystem is read-only. */
export const containerSecurity: SecurityContext = {
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

export const atomVolumes: Volume[] = [
  // Shared by API and worker pods: LanceDB memory store and uploads (ReadWriteMany; see docs/operations.md).
  { name: 'data', persistentVolumeClaim: { claimName: DATA_PVC } },
  { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
];

export const atomMounts: VolumeMount[] = [
  { name: 'data', mountPath: '/data' },
  { name: 'tmp', mountPath: '/tmp' },
];

/** One image for every role: the role is the argument (`serve`, `worker`, `migrate`). */
export function atomContainer(role: 'serve' | 'worker' | 'migrate', extra: Partial<Container>): Container {
  return {
    name: role === 'serve' ? 'api' : role,
    image: IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: [role],
    envFrom,
    securityContext: containerSecurity,
    volumeMounts: atomMounts,
    ...extra,
  };
}
