// Every overlay renders in one `kubectl kustomize`, every object it renders is valid against
// the Kubernetes, KEDA and Prometheus Operator schemas, and the overlays hold what
// infra/README.md says they do.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const INFRA = join(__dirname, '..');
const OVERLAYS = join(INFRA, 'k8s', 'overlays');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Container {
  name: string;
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
}

function render(overlay: string): K8sObject[] {
  const res = spawnSync('kubectl', ['kustomize', join(OVERLAYS, overlay)], { encoding: 'utf8' });
  if (res.error) throw new Error(`kubectl is needed to render the overlays: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed:\n${res.stderr}`);
  return parseAllDocuments(res.stdout).map((d) => d.toJSON() as K8sObject);
}

function validate(objects: K8sObject[]): { kind: string; name: string; error: string | null }[] {
  const res = spawnSync(process.execPath, [join(__dirname, 'validate-objects.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`validate-objects.mjs failed:\n${res.stderr}`);
  return JSON.parse(res.stdout) as { kind: string; name: string; error: string | null }[];
}

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const overlays = readdirSync(OVERLAYS);

test('the overlays are dev and prod', () => {
  expect(overlays.sort()).toEqual(['dev', 'prod']);
});

describe.each(overlays)('overlays/%s', (overlay) => {
  const objects = render(overlay);

  test('every object is valid against its schema', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(validate(objects).filter((r) => r.error)).toEqual([]);
  });

  test('a hashed ConfigMap that every Deployment and the migration Job read', () => {
    const [config, ...more] = of(objects, 'ConfigMap');
    expect(more).toEqual([]);
    expect(config!.metadata.name).toMatch(/^marketfleet-config-[a-z0-9]{10}$/);
    const pods = [...of(objects, 'Deployment'), ...of(objects, 'Job')].map(podSpec);
    expect(pods.length).toBe(5);
    for (const pod of pods) {
      expect(pod.containers[0]!.envFrom).toEqual([{ configMapRef: { name: config!.metadata.name } }]);
    }
  });

  test('the migration Job runs, and every Deployment waits for its schema', () => {
    const [job] = of(objects, 'Job');
    expect(podSpec(job!).containers[0]!.args).toEqual(['apps/cli/dist/main.js', 'migrate']);
    for (const deployment of of(objects, 'Deployment')) {
      const init = podSpec(deployment).initContainers ?? [];
      expect({ deployment: deployment.metadata.name, init: init.map((c) => c.args) }).toEqual({
        deployment: deployment.metadata.name,
        init: [['apps/cli/dist/main.js', 'schema-check', '--wait', '900']],
      });
    }
  });

  test('worker-ingest gets every provider key of the Secret example; the workers have PDBs', () => {
    const example = parse(readFileSync(join(INFRA, 'k8s', 'base', 'secret.example.yaml'), 'utf8')) as { stringData: Record<string, string> };
    const ingest = of(objects, 'Deployment').find((d) => d.metadata.name === 'marketfleet-worker-ingest')!;
    const fromSecret = (podSpec(ingest).containers[0]!.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : []));
    for (const key of ['ALPACA_KEY_ID', 'ALPACA_SECRET_KEY', 'POLYGON_API_KEY', 'TRADIER_TOKEN']) {
      expect(Object.keys(example.stringData)).toContain(key);
      expect(fromSecret).toContain(key);
    }
    expect(of(objects, 'PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual([
      'marketfleet-api',
      'marketfleet-worker-ingest',
      'marketfleet-worker-ml',
    ]);
    expect(of(objects, 'NetworkPolicy').length).toBeGreaterThanOrEqual(4);
  });
});

test('prod adds KEDA (worker-ml from zero) and monitoring, with the rules of rules.yaml', () => {
  const objects = render('prod');
  const scaled = Object.fromEntries(of(objects, 'ScaledObject').map((o) => [o.metadata.name, o.spec as { minReplicaCount: number }]));
  expect(scaled['marketfleet-worker-ml']?.minReplicaCount).toBe(0);
  expect(scaled['marketfleet-worker-ingest']?.minReplicaCount).toBe(1);
  expect(of(objects, 'PodMonitor').length).toBe(2);
  const [rule] = of(objects, 'PrometheusRule');
  const rules = parse(readFileSync(join(INFRA, 'prometheus', 'rules.yaml'), 'utf8')) as { groups: unknown[] };
  // The PrometheusRule is generated from rules.yaml (render-prometheusrule.sh): never stale.
  expect((rule!.spec as { groups: unknown[] }).groups).toEqual(rules.groups);
  expect(new Set(objects.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(new Set(['marketfleet']));
});

test('dev runs on the simulated provider in its own namespace, without KEDA or the operator', () => {
  const objects = render('dev');
  expect(of(objects, 'ConfigMap')[0]!.data).toMatchObject({ MARKET_DATA_PROVIDER: 'sim', LOG_LEVEL: 'debug' });
  expect(objects.filter((o) => /keda\.sh|monitoring\.coreos\.com/.test(o.apiVersion))).toEqual([]);
  expect(new Set(objects.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(new Set(['marketfleet-dev']));
});
