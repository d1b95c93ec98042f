import {type Document, isAlias, isMap, isSeq, type YAMLMap, type YAMLSeq} from 'yaml';
import {UsageError} from '../errors.ts';
import {ISTIO_EXCLUDE_INBOUND_PORTS, ISTIO_PROXY_CONFIG} from '../kubernetes/facts.ts';
import {parseDocuments, type Workload} from '../plan/manifest.ts';
import {ManifestError, type Path} from '../plan/shape.ts';
import type {Plan} from '../plan/windows.ts';
import {meshAnnotations} from '../plan/yaml.ts';

// Throws when a path graceful edits goes through a YAML alias: an edit there would change every pod sharing it.
export const validateNoAlias = (document: Document, workload: Workload): void => {
  const {specPath, metadataPath, spec} = workload;
  const paths = [
    metadataPath,
    [...specPath, 'initContainers'],
    ...spec.containers.map((_item, index) => [...specPath, 'containers', index, 'lifecycle']),
    ...spec.containers.map((_item, index) => [...specPath, 'containers', index, 'env']),
    ...spec.containers.map((_item, index) => [...specPath, 'containers', index, 'ports']),
  ];
  for (const path of paths) {
    for (let length = 1; length <= path.length; length++) {
      const node = document.getIn(path.slice(0, length), true);
      if (isAlias(node)) {
        throw new ManifestError(
          {document: workload.document, path: path.slice(0, length)},
          `is the YAML alias *${node.source}: graceful inject edits each pod on its own; expand the alias first`,
        );
      }
    }
  }
};

// The map at a path, created (with its parents) when missing.
export const mapAt = (document: Document, path: Path): YAMLMap => {
  const node = document.getIn(path, true);
  if (isMap(node)) {
    return node;
  }

  document.setIn(path, document.createNode({}));
  return document.getIn(path, true) as YAMLMap;
};

// The sequence at a path, created when missing.
export const seqAt = (document: Document, path: Path): YAMLSeq => {
  const node = document.getIn(path, true);
  if (isSeq(node)) {
    return node;
  }

  document.setIn(path, document.createNode([]));
  return document.getIn(path, true) as YAMLSeq;
};

// Sets the pod annotations that keep the mesh's proxy alive, merging Istio's ProxyConfig and port list.
export const setMeshAnnotations = (
  document: Document,
  workload: Workload,
  plan: Plan,
  healthPort: number,
): void => {
  const wanted = meshAnnotations(plan, healthPort);
  if (Object.keys(wanted).length === 0) {
    return;
  }

  const annotations = mapAt(document, [...workload.metadataPath, 'annotations']);
  for (const [key, value] of Object.entries(wanted)) {
    const current = workload.annotations[key];
    if (key === ISTIO_PROXY_CONFIG && current !== undefined) {
      const config = {...(parseDocuments(current)[0] as object), ...(JSON.parse(value) as object)};
      annotations.set(key, JSON.stringify(config));
    } else if (key === ISTIO_EXCLUDE_INBOUND_PORTS && current !== undefined) {
      const ports = current
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      annotations.set(key, [...new Set([...ports, value])].join(','));
    } else {
      annotations.set(key, value);
    }
  }
};

// Checks that graceful's health port is free in the pod.
export const validatePortFree = (workload: Workload, port: number, resource: string): void => {
  for (const container of [...workload.spec.initContainers, ...workload.spec.containers]) {
    if ((container.ports ?? []).some((item) => item.containerPort === port || item.name === 'graceful')) {
      throw new UsageError(
        `${resource}: container ${container.name} already uses port ${port} or the port name graceful: pass --health-port with a free port`,
      );
    }
  }
};
