// Validates Kubernetes objects (a JSON array on stdin) against the schemas the
// kubernetes-models packages ship: the core API, KEDA and the Prometheus Operator. A child
// process because those packages are ES modules only, which jest's loader cannot require.
// Prints a JSON array: one { kind, name, error } per object, `error` null when valid.
import { readFileSync } from 'node:fs';

/** The package that models an API group; an unknown group is an error, not a pass. */
function modelPackage(apiVersion) {
  if (/^keda\.sh\//.test(apiVersion)) return '@kubernetes-models/keda';
  if (/^monitoring\.coreos\.com\//.test(apiVersion)) return '@kubernetes-models/prometheus-operator';
  if (!apiVersion.includes('/') || /^(apps|batch|policy|autoscaling|[a-z.]+\.k8s\.io)\//.test(apiVersion)) return 'kubernetes-models';
  return undefined;
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  const pkg = modelPackage(apiVersion);
  let error = null;
  try {
    if (!pkg) throw new Error(`no schema known for ${apiVersion}`);
    const mod = await import(`${pkg}/${apiVersion}/${kind}`);
    const Model = mod[kind];
    if (!Model) throw new Error(`${pkg} has no ${apiVersion} ${kind}`);
    new Model(object).validate();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  results.push({ kind, name, error });
}
process.stdout.write(JSON.stringify(results));
