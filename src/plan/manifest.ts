import {parseAllDocuments} from 'yaml';

// A Kubernetes object as YAML gives it: only the fields graceful reads are typed.
export interface K8sObject {
  kind?: string;
  metadata?: {name?: string; labels?: Record<string, string>};
  spec?: Record<string, unknown>;
}

// The fields of a container that `plan --check` reads.
export interface ContainerSpec {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: {name?: string; value?: string}[];
  restartPolicy?: string;
  lifecycle?: {
    preStop?: {
      sleep?: {seconds?: number};
      exec?: {command?: string[]};
      httpGet?: {path?: string; port?: number | string};
    };
    stopSignal?: string;
  };
}

// The fields of a pod spec that `plan --check` reads.
export interface PodSpec {
  terminationGracePeriodSeconds?: number;
  initContainers?: ContainerSpec[];
  containers?: ContainerSpec[];
}

// How a container runs graceful, read from its command, args and GRACEFUL_* variables.
export interface GracefulUse {
  mode: 'wrapper' | 'sidecar';
  // Flag name without dashes → value; a flag wins over its GRACEFUL_* variable.
  options: Record<string, string>;
  // What graceful wraps (after `--`), empty for the sidecar.
  command: string[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

// Parses every document of a (multi-document) YAML file; throws with the line of the first syntax error.
export const parseManifests = (text: string): K8sObject[] =>
  parseAllDocuments(text).flatMap((document) => {
    const [error] = document.errors;
    if (error !== undefined) {
      throw new Error(error.message.split('\n')[0]);
    }

    const value = document.toJS() as unknown;
    return typeof value === 'object' && value !== null ? [value as K8sObject] : [];
  });

// `Kind/name`, for messages.
export const describeObject = (object: K8sObject): string =>
  `${object.kind ?? 'object'}/${object.metadata?.name ?? '(unnamed)'}`;

// The pod spec of a workload (its template) or of a Pod; undefined for other kinds.
export const podSpecOf = (object: K8sObject): PodSpec | undefined => {
  if (object.kind === 'Pod') {
    return object.spec as PodSpec | undefined;
  }

  if (object.kind !== undefined && WORKLOAD_KINDS.has(object.kind)) {
    const template = object.spec?.template as {spec?: PodSpec} | undefined;
    return template?.spec;
  }

  return undefined;
};

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const isGracefulProgram = (token: string): boolean => /^graceful(\.[cm]?js)?$/.test(basename(token));

const imageName = (image: string | undefined): string =>
  basename((image ?? '').split('@')[0]?.split(':')[0] ?? '');

// Reads `--name value` and `--name=value` pairs up to `--`.
const parseFlags = (tokens: string[]): Record<string, string> => {
  const flags: Record<string, string> = {};
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? '';
    if (token === '--') {
      break;
    }

    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
    if (match?.[1] === undefined) {
      continue;
    }

    const next = tokens[index + 1];
    if (match[2] !== undefined) {
      flags[match[1]] = match[2];
    } else if (next !== undefined && !next.startsWith('--')) {
      flags[match[1]] = next;
      index++;
    } else {
      flags[match[1]] = 'true';
    }
  }

  return flags;
};

// How this container runs graceful, or undefined when it does not.
export const readGracefulUse = (container: ContainerSpec): GracefulUse | undefined => {
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const programIndex = argv.findIndex(isGracefulProgram);
  const env = (container.env ?? []).filter((item) => item.name?.startsWith('GRACEFUL_'));
  const gracefulImage = imageName(container.image).startsWith('graceful');
  if (programIndex === -1 && env.length === 0 && !gracefulImage) {
    return undefined;
  }

  const tokens = argv.slice(programIndex + 1);
  const mode = tokens[0] === 'sidecar' ? 'sidecar' : 'wrapper';
  const options: Record<string, string> = {};
  for (const item of env) {
    const name = (item.name ?? '').slice('GRACEFUL_'.length).toLowerCase().replaceAll('_', '-');
    options[name] = String(item.value ?? '');
  }

  Object.assign(options, parseFlags(mode === 'sidecar' ? tokens.slice(1) : tokens));
  const separator = tokens.indexOf('--');
  return {mode, options, command: mode === 'sidecar' || separator === -1 ? [] : tokens.slice(separator + 1)};
};

// True when the container runs nginx: by its command, or by the image when the command is the image's own.
export const runsNginx = (container: ContainerSpec, command: string[]): boolean => {
  const program = command[0] ?? container.command?.[0];
  return program === undefined ? imageName(container.image) === 'nginx' : basename(program) === 'nginx';
};

// True when the container runs mongos (the official mongo image runs mongod unless told otherwise).
export const runsMongos = (container: ContainerSpec, command: string[]): boolean =>
  [...command, ...(container.command ?? []), ...(container.args ?? [])].some(
    (token) => basename(String(token)) === 'mongos',
  );
