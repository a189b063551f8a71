import { existsSync, readFileSync } from 'node:fs';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { Container, PodTemplateSpec, Service } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { BACKLOG_KEYS, BACKLOG_METRIC, IMAGE, kustomization, manifestFiles, SECRET, SECRET_KEYS } from '../../deploy/kubernetes/manifests/index.js';
import { renderKubernetes, staleKubernetesFiles } from '../../deploy/kubernetes/render.js';

const dir = new URL('../../deploy/kubernetes/', import.meta.url);
const all = Object.values(manifestFiles).flat();
const ofKind = <T>(kind: string) => all.filter((o) => o.kind === kind) as T[];
const deployments = ofKind<Deployment>('Deployment');
const jobs = ofKind<Job>('Job');
const byName = (name: string) => deployments.find((d) => d.metadata?.name === name) as Deployment;
const cronJobs = ofKind<CronJob>('CronJob');
const templates: PodTemplateSpec[] = [
  ...deployments.map((d) => d.spec?.template),
  ...jobs.map((j) => j.spec?.template),
  ...cronJobs.map((c) => c.spec?.jobTemplate.spec?.template),
].filter((t): t is PodTemplateSpec => !!t);
const containersOf = (t: PodTemplateSpec): Container[] => t.spec?.containers ?? [];

/** Kubernetes label selector semantics (matchLabels AND matchExpressions). */
function matches(selector: LabelSelector | Record<string, string> | undefined, podLabels: Record<string, string>): boolean {
  if (!selector) return false;
  const s: LabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector ? (selector as LabelSelector) : { matchLabels: selector as Record<string, string> };
  const labelsOk = Object.entries(s.matchLabels ?? {}).every(([k, v]) => podLabels[k] === v);
  const exprOk = (s.matchExpressions ?? []).every((e) => {
    const v = podLabels[e.key];
    if (e.operator === 'In') return v !== undefined && (e.values ?? []).includes(v);
    if (e.operator === 'NotIn') return v === undefined || !(e.values ?? []).includes(v);
    if (e.operator === 'Exists') return v !== undefined;
    return v === undefined;
  });
  return labelsOk && exprOk;
}
const podLabelsOf = (name: string) => byName(name).spec?.template.metadata?.labels ?? {};

describe('Kubernetes kustomize base', () => {
  it('the committed YAML is exactly what the typed manifests render', () => {
    expect(staleKubernetesFiles()).toEqual([]);
    const rendered = renderKubernetes();
    for (const [file, text] of Object.entries(rendered)) {
      const docs = parseAllDocuments(text).map((d) => d.toJSON() as unknown);
      if (file !== 'kustomization.yaml') expect(docs).toEqual(JSON.parse(JSON.stringify(manifestFiles[file])));
    }
    expect(kustomization.resources.every((f) => existsSync(new URL(f, dir)))).toBe(true);
    expect([...kustomization.resources].sort()).toEqual(Object.keys(manifestFiles).sort());
  });

  it('runs API, workers, the migration Job and nightly backups from one image, as non-root with a read-only root filesystem', () => {
    const atomContainers = templates.flatMap(containersOf).filter((c) => c.image === IMAGE);
    expect(Object.fromEntries(atomContainers.map((c) => [c.name, c.args?.[0]]))).toEqual({
      api: 'serve',
      worker: 'worker',
      migrate: 'migrate',
      backup: expect.stringContaining('node /app/bin/atom.js backup "/backups/'),
    });
    const backup = cronJobs.find((c) => c.metadata?.name === 'atom-backup');
    expect(backup?.spec?.concurrencyPolicy).toBe('Forbid');
    expect(containersOf(backup!.spec!.jobTemplate.spec!.template).flatMap((c) => c.volumeMounts ?? []).map((m) => m.mountPath)).toContain('/backups');
    for (const t of templates) {
      expect(t.spec?.securityContext?.runAsNonRoot).toBe(true);
      expect(t.spec?.automountServiceAccountToken).toBe(false);
      for (const c of containersOf(t)) {
        expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(c.securityContext?.capabilities?.drop, c.name).toEqual(['ALL']);
      }
    }
    for (const c of atomContainers) expect(c.volumeMounts?.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/data', '/tmp']));
  });

  it('every container has resource requests and limits for CPU and memory', () => {
    for (const c of templates.flatMap(containersOf)) {
      for (const kind of ['requests', 'limits'] as const) {
        expect(c.resources?.[kind]?.['cpu'], `${c.name} ${kind}.cpu`).toBeDefined();
        expect(c.resources?.[kind]?.['memory'], `${c.name} ${kind}.memory`).toBeDefined();
      }
    }
  });

  it('probes the API on /ready (readiness) and /health (liveness) on its serving port', () => {
    const api = containersOf(byName('atom-api').spec!.template)[0]!;
    expect(api.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(api.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(api.ports?.map((p) => [p.name, p.containerPort])).toEqual([['http', 5058]]);
    const worker = containersOf(byName('atom-worker').spec!.template)[0]!;
    expect(worker.livenessProbe?.exec?.command).toEqual(['node', '/app/bin/atom.js', 'doctor']);
    // The shutdown grace of the app fits inside the pod's termination grace.
    for (const d of [byName('atom-api'), byName('atom-worker')]) {
      const grace = Number(containersOf(d.spec!.template)[0]?.env?.find((e) => e.name === 'ATOM_SHUTDOWN_GRACE_MS')?.value);
      expect(grace / 1000).toBeLessThan(d.spec!.template.spec!.terminationGracePeriodSeconds!);
    }
  });

  it('selectors line up: Deployments, Services, PDBs, HPAs, Ingress and NetworkPolicies reach the pods they mean', () => {
    for (const d of deployments) expect(matches(d.spec?.selector, d.spec?.template.metadata?.labels ?? {}), d.metadata?.name).toBe(true);
    for (const s of ofKind<Service>('Service')) {
      const targets = deployments.filter((d) => matches(s.spec?.selector, d.spec?.template.metadata?.labels ?? {}));
      expect(targets.length, s.metadata?.name).toBe(1);
      const ports = containersOf(targets[0]!.spec!.template).flatMap((c) => c.ports ?? []).map((p) => p.name);
      for (const p of s.spec?.ports ?? []) expect(ports).toContain(p.targetPort);
    }
    const pdbs = ofKind<PodDisruptionBudget>('PodDisruptionBudget');
    for (const name of ['atom-api', 'atom-worker']) {
      const pdb = pdbs.filter((p) => matches(p.spec?.selector, podLabelsOf(name)));
      expect(pdb.length, name).toBe(1);
      // A budget that allows no eviction would block node drains.
      if (pdb[0]?.spec?.minAvailable !== undefined) expect(Number(pdb[0].spec.minAvailable)).toBeLessThan(byName(name).spec!.replicas!);
    }
    for (const hpa of ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
      const target = byName(hpa.spec!.scaleTargetRef.name);
      expect(target, hpa.metadata?.name).toBeDefined();
      expect(hpa.spec!.minReplicas).toBe(target.spec?.replicas);
    }
    for (const ing of ofKind<Ingress>('Ingress')) {
      for (const rule of ing.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const svc = ofKind<Service>('Service').find((s) => s.metadata?.name === p.backend.service?.name);
          expect(svc?.spec?.ports?.map((x) => x.name)).toContain(p.backend.service?.port?.name);
        }
      }
    }
    const policies = ofKind<NetworkPolicy>('NetworkPolicy');
    for (const t of templates) {
      const labels = t.metadata?.labels ?? {};
      const own = policies.filter((p) => matches(p.spec?.podSelector, labels));
      expect(own.some((p) => p.spec?.policyTypes?.includes('Ingress')), JSON.stringify(labels)).toBe(true);
      expect(own.some((p) => p.spec?.policyTypes?.includes('Egress')), JSON.stringify(labels)).toBe(true);
    }
    // Only the API accepts connections, and only on its port.
    const apiIngress = policies.filter((p) => matches(p.spec?.podSelector, podLabelsOf('atom-api'))).flatMap((p) => p.spec?.ingress ?? []);
    expect(apiIngress.flatMap((r) => r.ports ?? []).map((p) => p.port)).toEqual([5058]);
    expect(policies.filter((p) => matches(p.spec?.podSelector, podLabelsOf('atom-worker'))).flatMap((p) => p.spec?.ingress ?? [])).toEqual([]);
  });

  it('autoscales the API on CPU and the workers on queue depth, served by prometheus-adapter from the exporter', () => {
    const hpas = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const api = hpas.find((h) => h.spec?.scaleTargetRef.name === 'atom-api');
    expect(api?.spec?.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    const worker = hpas.find((h) => h.spec?.scaleTargetRef.name === 'atom-worker');
    expect(worker?.spec?.metrics?.[0]?.external?.metric.name).toBe(BACKLOG_METRIC);
    const adapter = parseYaml(readFileSync(new URL('prometheus-adapter/values.yaml', dir), 'utf8')) as {
      rules: { external: { seriesQuery: string; name: { as: string }; metricsQuery: string }[] };
    };
    const rule = adapter.rules.external.find((r) => r.name.as === BACKLOG_METRIC);
    expect(rule).toBeDefined();
    const keyPattern = new RegExp(`^${/key=~"([^"]+)"/.exec(rule!.metricsQuery)![1]!}$`);
    for (const key of BACKLOG_KEYS) expect(key).toMatch(keyPattern);
    const exporter = containersOf(byName('atom-queue-exporter').spec!.template)[0]!;
    expect(exporter.env?.find((e) => e.name === 'REDIS_EXPORTER_CHECK_SINGLE_KEYS')?.value?.split(',')).toEqual(BACKLOG_KEYS);
  });

  it('secrets come from the atom-secrets Secret, whose keys secrets.env.example lists', () => {
    const example = readFileSync(new URL('secrets.env.example', dir), 'utf8');
    expect([...example.matchAll(/^([A-Z_]+)=$/gm)].map((m) => m[1])).toEqual([...SECRET_KEYS]);
    const refs = templates.flatMap(containersOf).flatMap((c) => c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
    for (const r of refs) {
      expect(r.valueFrom?.secretKeyRef?.name).toBe(SECRET);
      expect(SECRET_KEYS as readonly string[]).toContain(r.valueFrom?.secretKeyRef?.key);
    }
    expect(kustomization.secretGenerator[0]?.envs).toEqual(['secrets.env']);
    // No literal secret in any rendered manifest.
    const text = Object.values(renderKubernetes()).join('\n');
    expect(text).not.toMatch(/postgres:\/\/[^ \n]*:[^ \n]*@/);
    expect(text).not.toMatch(/ATOM_VAULT_KEYS:/);
    expect(readFileSync(new URL('.gitignore', dir), 'utf8')).toContain('secrets.env');
  });
});
