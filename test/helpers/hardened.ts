import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseAllDocuments} from 'yaml';

// The hardened example manifest.
export const HARDENED = fileURLToPath(new URL('../../examples/hardened/k8s.yaml', import.meta.url));

interface Container {
  name: string;
  env?: {name: string; value: string}[];
  securityContext?: Record<string, unknown>;
  volumeMounts?: {mountPath: string}[];
}

// The hardened example's objects and its Deployment's pod spec.
export const readHardened = () => {
  const objects = parseAllDocuments(readFileSync(HARDENED, 'utf8')).map(
    (document) => document.toJS() as {apiVersion: string; kind: string; spec?: Record<string, unknown>},
  );
  const deployment = objects.find((object) => object.kind === 'Deployment');
  const pod = (deployment?.spec?.template as {spec: Record<string, unknown>} | undefined)?.spec;
  const [container] = (pod?.containers ?? []) as Container[];
  if (pod === undefined || container === undefined)
    throw new Error(`${HARDENED} has no Deployment container`);
  return {objects, pod, container};
};
