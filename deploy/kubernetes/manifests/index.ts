// The kustomize base: which objects go to which file. render.ts writes them as YAML beside this folder.
import { apiAutoscaler, apiDeployment, apiDisruptionBudget, apiIngress, apiService } from './api.js';
import { backupCronJob, backupVolumeClaim, configMap, dataVolumeClaim, migrationJob, serviceAccount } from './config.js';
import { apiNetworkPolicy, atomNetworkPolicy, queueExporterNetworkPolicy } from './network.js';
import { queueExporterDeployment, queueExporterService, workerAutoscaler, workerDeployment, workerDisruptionBudget } from './worker.js';
import { APP, SECRET } from './common.js';

export * from './common.js';
export { BACKLOG_KEYS, BACKLOG_METRIC, EXPORTER_PORT } from './worker.js';

export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}

export const manifestFiles: Record<string, KubernetesObject[]> = {
  'config.yaml': [serviceAccount, configMap, dataVolumeClaim, backupVolumeClaim],
  'api.yaml': [apiDeployment, apiService, apiAutoscaler, apiDisruptionBudget, apiIngress],
  'worker.yaml': [workerDeployment, workerAutoscaler, workerDisruptionBudget],
  'migrate-job.yaml': [migrationJob],
  'backup-cronjob.yaml': [backupCronJob],
  'queue-exporter.yaml': [queueExporterDeployment, queueExporterService],
  'network-policy.yaml': [atomNetworkPolicy, apiNetworkPolicy, queueExporterNetworkPolicy],
};

/** kustomization.yaml. A Job's template is immutable: deploy/kubernetes.sh deletes the finished one first. */
export const kustomization = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  labels: [{ pairs: { 'app.kubernetes.io/part-of': APP }, includeSelectors: false }],
  resources: Object.keys(manifestFiles),
  // deploy/kubernetes/secrets.env (not committed; copy secrets.env.example) becomes the Secret.
  secretGenerator: [{ name: SECRET, envs: ['secrets.env'], options: { disableNameSuffixHash: true, labels: { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/component': 'config' } } }],
  images: [{ name: 'atom', newName: 'atom', newTag: '0.1.0' }],
};
