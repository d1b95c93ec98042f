import {writeFile} from 'node:fs/promises';
import {DEFAULT_HEALTH_PORT} from '../src/health/options.ts';
import {CLI} from './clients.ts';
import type {ContainerSpec, PodContext, PodSpec} from './pods.ts';
import {renderNginxConfig} from './topology.ts';

// argv for a pod's nginx in the foreground (`limitRate` slows responses, to keep requests in flight).
export const nginxCommand = async (pod: PodContext, limitRate?: string): Promise<string[]> => {
  const config = `${pod.dir}/nginx.conf`;
  await writeFile(config, renderNginxConfig(pod.dir, pod.name, limitRate));
  return ['nginx', '-p', pod.dir, '-e', 'stderr', '-c', config];
};

// A container: bare nginx, stopped by the kubelet's SIGTERM (a fast stop).
export const bareNginx = (limitRate?: string): ContainerSpec => ({
  name: 'nginx',
  command: (pod) => nginxCommand(pod, limitRate),
});

// A container: graceful (the built CLI) as its entrypoint with these flags, wrapping nginx.
export const gracefulNginx = (flags: string[], limitRate?: string): ContainerSpec => ({
  name: 'graceful',
  command: async (pod) => [process.execPath, CLI, ...flags, '--', ...(await nginxCommand(pod, limitRate))],
});

// The sidecar's health port, as in the README's manifests.
export const SIDECAR_HEALTH_PORT = DEFAULT_HEALTH_PORT;

// A pod's containers: `graceful sidecar` with these flags as a native sidecar (the next container starts once
// its health port listens), and nginx from its untouched image as the main container: STOPSIGNAL SIGQUIT as
// the official image, and a preStop `httpGet /prestop` that the sidecar holds for its drain.
export const sidecarNginx = (sidecarFlags: string[]): Pick<PodSpec, 'sidecars' | 'containers'> => ({
  sidecars: [
    {
      name: 'graceful',
      command: [
        process.execPath,
        CLI,
        'sidecar',
        '--health-port',
        String(SIDECAR_HEALTH_PORT),
        ...sidecarFlags,
      ],
      startupPort: SIDECAR_HEALTH_PORT,
    },
  ],
  containers: [
    {
      ...bareNginx(),
      stopSignal: 'SIGQUIT',
      preStop: {httpGet: {port: SIDECAR_HEALTH_PORT, path: '/prestop'}},
    },
  ],
});
