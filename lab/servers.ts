import {writeFile} from 'node:fs/promises';
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
