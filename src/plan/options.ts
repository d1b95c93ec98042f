import {normalizeDuration} from '../config/duration.ts';
import {normalizePort} from '../config/port.ts';
import {UsageError} from '../errors.ts';
import {ENDPOINT_PROPAGATION_MS, KUBEADM_DNS_TTL_MS} from '../kubernetes/facts.ts';
import {PLAN_MODES, type PlanInput, type PlanMode, SERVER_KINDS, type ServerKind} from './windows.ts';

// What the user may give for `graceful plan`, from flags or GRACEFUL_* variables.
export interface PlanOptionsInput {
  dnsTtl?: string | number;
  propagation?: string | number;
  clientCache?: string | number;
  server?: string;
  serverStop?: string | number;
  mode?: string;
  healthPort?: string | number;
}

// plan assumes kubeadm's CoreDNS and the usual propagation unless told otherwise.
export const DEFAULT_DNS_TTL_MS = KUBEADM_DNS_TTL_MS;
export const DEFAULT_PROPAGATION_MS = ENDPOINT_PROPAGATION_MS;

const normalizeChoice = <T extends string>(flag: string, value: unknown, choices: T[], fallback: T): T => {
  if (value === undefined) {
    return fallback;
  }

  if (!choices.includes(value as T)) {
    throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }

  return value as T;
};

// Resolves `graceful plan` flags into the plan's input.
export const normalizePlanOptions = (
  input: PlanOptionsInput,
): PlanInput & {healthPort: number | undefined} => ({
  dnsTtlMs: input.dnsTtl === undefined ? DEFAULT_DNS_TTL_MS : normalizeDuration('--dns-ttl', input.dnsTtl),
  propagationMs:
    input.propagation === undefined
      ? DEFAULT_PROPAGATION_MS
      : normalizeDuration('--propagation', input.propagation),
  clientCacheMs: input.clientCache === undefined ? 0 : normalizeDuration('--client-cache', input.clientCache),
  server: normalizeChoice<ServerKind>('--server', input.server, SERVER_KINDS, 'generic'),
  serverStopMs:
    input.serverStop === undefined ? undefined : normalizeDuration('--server-stop', input.serverStop),
  mode: normalizeChoice<PlanMode>('--mode', input.mode, PLAN_MODES, 'wrapper'),
  healthPort: input.healthPort === undefined ? undefined : normalizePort('--health-port', input.healthPort),
});
