import {
  type At,
  child,
  ManifestError,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalMap,
  optionalString,
  optionalStrings,
  readMap,
  readPort,
  readString,
} from './shape.ts';

// A preStop handler: what the kubelet runs before the stop signal.
export interface Handler {
  sleep?: {seconds: number};
  exec?: {command: string[]};
  httpGet?: {path?: string; port: number | string; host?: string};
}

// The fields of a container that `plan --check` and `inject` read, checked against Kubernetes' types.
export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: {name: string; value?: string}[];
  restartPolicy?: string;
  // Whether the container has a readiness probe of its own (its content is the kubelet's business).
  readinessProbe?: true;
  ports?: {name?: string; containerPort: number; protocol?: string}[];
  lifecycle?: {preStop?: Handler; stopSignal?: string};
}

// The fields of a pod spec that `plan --check` and `inject` read.
export interface PodSpec {
  terminationGracePeriodSeconds?: number;
  hostNetwork?: boolean;
  initContainers: ContainerSpec[];
  containers: ContainerSpec[];
}

const readHandler = (value: unknown, at: At): Handler | undefined => {
  const map = optionalMap(value, at);
  if (map === undefined) {
    return undefined;
  }

  const handler: Handler = {};
  const sleep = optionalMap(map.sleep, child(at, 'sleep'));
  if (sleep !== undefined) {
    handler.sleep = {seconds: optionalInteger(sleep.seconds, child(child(at, 'sleep'), 'seconds')) ?? 0};
  }

  const exec = optionalMap(map.exec, child(at, 'exec'));
  if (exec !== undefined) {
    handler.exec = {command: optionalStrings(exec.command, child(child(at, 'exec'), 'command')) ?? []};
  }

  const httpGet = optionalMap(map.httpGet, child(at, 'httpGet'));
  if (httpGet !== undefined) {
    const here = child(at, 'httpGet');
    const path = optionalString(httpGet.path, child(here, 'path'));
    const host = optionalString(httpGet.host, child(here, 'host'));
    handler.httpGet = {
      port: readPort(httpGet.port, child(here, 'port')),
      ...(path === undefined ? {} : {path}),
      ...(host === undefined ? {} : {host}),
    };
  }

  return handler;
};

const readContainer = (value: unknown, at: At): ContainerSpec => {
  const map = readMap(value, at);
  const container: ContainerSpec = {name: readString(map.name, child(at, 'name'))};
  const image = optionalString(map.image, child(at, 'image'));
  const command = optionalStrings(map.command, child(at, 'command'));
  const args = optionalStrings(map.args, child(at, 'args'));
  const restartPolicy = optionalString(map.restartPolicy, child(at, 'restartPolicy'));
  const readinessProbe =
    optionalMap(map.readinessProbe, child(at, 'readinessProbe')) === undefined
      ? {}
      : {readinessProbe: true as const};
  const env = optionalList(map.env, child(at, 'env'), (item, here) => {
    const variable = readMap(item, here);
    const name = readString(variable.name, child(here, 'name'));
    const text = optionalString(variable.value, child(here, 'value'));
    return text === undefined ? {name} : {name, value: text};
  });
  const ports = optionalList(map.ports, child(at, 'ports'), (item, here) => {
    const port = readMap(item, here);
    const containerPort = readPort(port.containerPort, child(here, 'containerPort'));
    if (typeof containerPort !== 'number') {
      throw new ManifestError(
        child(here, 'containerPort'),
        `expected a port number, got ${JSON.stringify(containerPort)}`,
      );
    }

    const name = optionalString(port.name, child(here, 'name'));
    const protocol = optionalString(port.protocol, child(here, 'protocol'));
    return {
      containerPort,
      ...(name === undefined ? {} : {name}),
      ...(protocol === undefined ? {} : {protocol}),
    };
  });
  const lifecycle = optionalMap(map.lifecycle, child(at, 'lifecycle'));
  if (lifecycle !== undefined) {
    const preStop = readHandler(lifecycle.preStop, child(child(at, 'lifecycle'), 'preStop'));
    const stopSignal = optionalString(lifecycle.stopSignal, child(child(at, 'lifecycle'), 'stopSignal'));
    container.lifecycle = {
      ...(preStop === undefined ? {} : {preStop}),
      ...(stopSignal === undefined ? {} : {stopSignal}),
    };
  }

  return Object.assign(
    container,
    image === undefined ? {} : {image},
    command === undefined ? {} : {command},
    args === undefined ? {} : {args},
    restartPolicy === undefined ? {} : {restartPolicy},
    readinessProbe,
    env === undefined ? {} : {env},
    ports === undefined ? {} : {ports},
  );
};

// Reads a pod spec, checking every field graceful reads against Kubernetes' types.
export const readPodSpec = (value: unknown, at: At): PodSpec => {
  const map = readMap(value, at);
  const containers = optionalList(map.containers, child(at, 'containers'), readContainer);
  if (containers === undefined || containers.length === 0) {
    throw new ManifestError(child(at, 'containers'), 'expected a list of at least one container, got none');
  }

  const spec: PodSpec = {
    containers,
    initContainers: optionalList(map.initContainers, child(at, 'initContainers'), readContainer) ?? [],
  };
  const grace = optionalInteger(
    map.terminationGracePeriodSeconds,
    child(at, 'terminationGracePeriodSeconds'),
  );
  const hostNetwork = optionalBoolean(map.hostNetwork, child(at, 'hostNetwork'));
  return Object.assign(
    spec,
    grace === undefined ? {} : {terminationGracePeriodSeconds: grace},
    hostNetwork === undefined ? {} : {hostNetwork},
  );
};
