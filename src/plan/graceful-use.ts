import type {ContainerSpec} from './manifest.ts';
import {imageName} from './servers.ts';

// How a container runs graceful, read from its command, args and GRACEFUL_* variables.
export interface GracefulUse {
  mode: 'wrapper' | 'sidecar';
  // Flag name without dashes → value; a flag wins over its GRACEFUL_* variable.
  options: Record<string, string>;
  // What graceful wraps (after `--`), empty for the sidecar.
  command: string[];
}

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const isGracefulProgram = (token: string): boolean => /^graceful(\.[cm]?js)?$/.test(basename(token));

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
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const programIndex = argv.findIndex(isGracefulProgram);
  const env = (container.env ?? []).filter((item) => item.name.startsWith('GRACEFUL_'));
  const gracefulImage = imageName(container.image).startsWith('graceful');
  if (programIndex === -1 && env.length === 0 && !gracefulImage) {
    return undefined;
  }

  const tokens = argv.slice(programIndex + 1);
  const mode = tokens[0] === 'sidecar' ? 'sidecar' : 'wrapper';
  const options: Record<string, string> = {};
  for (const item of env) {
    const name = item.name.slice('GRACEFUL_'.length).toLowerCase().replaceAll('_', '-');
    options[name] = item.value ?? '';
  }

  Object.assign(options, parseFlags(mode === 'sidecar' ? tokens.slice(1) : tokens));
  const separator = tokens.indexOf('--');
  return {mode, options, command: mode === 'sidecar' || separator === -1 ? [] : tokens.slice(separator + 1)};
};
