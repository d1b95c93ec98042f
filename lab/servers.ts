import {writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {CLI} from './clients.ts';
import type {PodContext} from './pods.ts';
import {renderNginxConfig} from './topology.ts';

// argv for a pod's nginx in the foreground (`limitRate` slows responses, to keep requests in flight).
export const nginxCommand = async (pod: PodContext, limitRate?: string): Promise<string[]> => {
  const config = `${pod.dir}/nginx.conf`;
  await writeFile(config, renderNginxConfig(pod.dir, pod.name, limitRate));
  return ['nginx', '-p', pod.dir, '-e', 'stderr', '-c', config];
};

// A pod spec's command: bare nginx as PID 1, stopped by the kubelet's SIGTERM (a fast stop).
export const bareNginx =
  (limitRate?: string) =>
  (pod: PodContext): Promise<string[]> =>
    nginxCommand(pod, limitRate);

// A pod spec's command: graceful (the built CLI) as PID 1 with these flags, wrapping nginx.
export const gracefulNginx =
  (flags: string[], limitRate?: string) =>
  async (pod: PodContext): Promise<string[]> => [
    process.execPath,
    CLI,
    ...flags,
    '--',
    ...(await nginxCommand(pod, limitRate)),
  ];

// The kubelet's side of a pod with a native sidecar: one imitation, for the lab and for test/lab/.
export const KUBELET_POD = fileURLToPath(new URL('./kubelet-pod.mjs', import.meta.url));

// The sidecar's health port, as in the README's manifests.
export const SIDECAR_HEALTH_PORT = 8090;

// A pod spec's command: nginx from its untouched image as the main container (STOPSIGNAL SIGQUIT, as the
// official image), `graceful sidecar` with these flags as a native sidecar, and the kubelet's order between
// them (lab/kubelet-pod.mjs: SIGTERM deletes the pod, SIGUSR2 restarts the main container, which
// starts again restartDelayMs after it exited).
export const sidecarNginx =
  (sidecarFlags: string[], gracePeriodMs: number, restartDelayMs = 0) =>
  async (pod: PodContext): Promise<string[]> => [
    process.execPath,
    KUBELET_POD,
    JSON.stringify({
      sidecar: [
        process.execPath,
        CLI,
        'sidecar',
        '--health-port',
        String(SIDECAR_HEALTH_PORT),
        ...sidecarFlags,
      ],
      healthPort: SIDECAR_HEALTH_PORT,
      main: await nginxCommand(pod),
      mainStopSignal: 'SIGQUIT',
      gracePeriodMs,
      restartDelayMs,
    }),
  ];
