import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ConfigMap, PersistentVolumeClaim, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { atomContainer, atomMounts, atomVolumes, BACKUP_PVC, CONFIG_MAP, DATA_PVC, meta, podSecurity, SERVICE_ACCOUNT } from './common.js';

export const serviceAccount: ServiceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: meta(SERVICE_ACCOUNT, 'config'),
  // Atom never talks to the Kubernetes API.
  automountServiceAccountToken: false,
};

/** Non-secret settings (docs/configuration.md lists every variable). Secrets come from atom-secrets. */
export const configMap: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(CONFIG_MAP, 'config'),
  data: {
    NODE_ENV: 'production',
    ATOM_PUBLIC_URL: 'https://atom.example.com',
    ATOM_DATA_DIR: '/data',
    ATOM_LOG_LEVEL: 'info',
    ATOM_LOG_PRETTY: 'false',
    ATOM_TRUST_PROXY: 'true',
    ATOM_SIGNUP: 'invite',
    ATOM_DATABASE_POOL_MAX: '10',
    // The migration Job runs migrations before a rollout; pods never migrate on start.
    ATOM_MIGRATE_ON_START: 'false',
  },
};

export const dataVolumeClaim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta(DATA_PVC, 'config'),
  spec: {
    // API and worker pods on any node share the memory store: needs a ReadWriteMany class (NFS, CephFS,
    // EFS, Azure Files). Without one, point ATOM_MEMORY_LANCEDB_URI at object storage (docs/operations.md).
    accessModes: ['ReadWriteMany'],
    resources: { requests: { storage: '50Gi' } },
  },
};

/**
 * `atom migrate`. deploy/kubernetes.sh applies the `config` and `migrate` objects first, waits for this Job
 * to complete, then applies the rest, so new pods only start on a migrated schema (expand, then contract).
 */
export const migrationJob: Job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta('atom-migrate', 'migrate'),
  spec: {
    backoffLimit: 3,
    activeDeadlineSeconds: 900,
    ttlSecondsAfterFinished: 86_400,
    template: {
      metadata: { labels: meta('atom-migrate', 'migrate').labels ?? {} },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: SERVICE_ACCOUNT,
        automountServiceAccountToken: false,
        securityContext: podSecurity,
        containers: [
          atomContainer('migrate', {
            resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
          }),
        ],
        volumes: atomVolumes,
      },
    },
  },
};

export const backupVolumeClaim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta(BACKUP_PVC, 'config'),
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } },
};

/** Keep this many days of nightly backups on the backup volume (copy them off-cluster too). */
const KEEP_DAYS = 14;

/**
 * Nightly `atom backup` into the atom-backups volume (database dump, LanceDB at a pinned version,
 * uploads, vault key file), pruning backups older than KEEP_DAYS. Restore with `atom restore`.
 */
export const backupCronJob: CronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta('atom-backup', 'backup'),
  spec: {
    schedule: '30 2 * * *',
    concurrencyPolicy: 'Forbid',
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      spec: {
        backoffLimit: 1,
        activeDeadlineSeconds: 4 * 3600,
        template: {
          metadata: { labels: meta('atom-backup', 'backup').labels ?? {} },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: SERVICE_ACCOUNT,
            automountServiceAccountToken: false,
            securityContext: podSecurity,
            containers: [
              {
                ...atomContainer('migrate', {}),
                name: 'backup',
                command: ['/bin/sh', '-c'],
                args: [`set -e; node /app/bin/atom.js backup "/backups/$(date -u +%Y-%m-%dT%H%M)"; find /backups -mindepth 1 -maxdepth 1 -type d -mtime +${KEEP_DAYS} -exec rm -rf {} +`],
                volumeMounts: [...atomMounts, { name: 'backups', mountPath: '/backups' }],
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              },
            ],
            volumes: [...atomVolumes, { name: 'backups', persistentVolumeClaim: { claimName: BACKUP_PVC } }],
          },
        },
      },
    },
  },
};
