import {describe, expect, test} from 'vitest';
import {type OptionSpec, optionKey} from '../../../src/config/option-spec.ts';
import {DIAL_OPTIONS, normalizeDialOptions} from '../../../src/dial/options.ts';
import {
  DRAIN_READINESS_OPTION,
  healthOptions,
  normalizeHealthOptions,
  PRESTOP_OPTIONS,
  QUIET_OPTIONS,
} from '../../../src/health/options.ts';
import {INJECT_OPTIONS, normalizeInjectOptions} from '../../../src/inject/options.ts';
import {LOG_OPTIONS, normalizeLogFormat, normalizeLogLevel} from '../../../src/log/options.ts';
import {INIT_OPTION, normalizeInit} from '../../../src/pid1/options.ts';
import {normalizePlanOptions, PLAN_OPTIONS} from '../../../src/plan/options.ts';
import {normalizeSidecarOptions, SIDECAR_OWN_OPTIONS} from '../../../src/sidecar/options.ts';
import {normalizeRunOptions, WRAPPER_OPTIONS} from '../../../src/supervisor/options.ts';

// Each normalize step names its flags in its errors; this holds every name to its spec.
type Normalize = (input: Record<string, unknown>) => unknown;
const FEATURES: [feature: string, specs: readonly OptionSpec[], normalize: Normalize][] = [
  // --init and the log options are the wrapper's too; their own rows below test them.
  [
    'wrapper',
    WRAPPER_OPTIONS.filter(
      (spec) => spec !== INIT_OPTION && !(LOG_OPTIONS as readonly OptionSpec[]).includes(spec),
    ),
    (input) => normalizeRunOptions(input, ['true']),
  ],
  [
    'health',
    [...healthOptions(undefined), ...QUIET_OPTIONS, ...PRESTOP_OPTIONS, DRAIN_READINESS_OPTION],
    (input) => normalizeHealthOptions({quiet: '1s', healthPort: '9000', ...input}, 10_000, undefined),
  ],
  ['sidecar', SIDECAR_OWN_OPTIONS, (input) => normalizeSidecarOptions(input)],
  ['dial', DIAL_OPTIONS, (input) => normalizeDialOptions({target: '127.0.0.1:80', ...input})],
  ['plan', PLAN_OPTIONS, (input) => normalizePlanOptions(input)],
  ['inject', INJECT_OPTIONS, (input) => normalizeInjectOptions(input)],
  ['log', LOG_OPTIONS, (input) => [normalizeLogLevel(input.logLevel), normalizeLogFormat(input.logFormat)]],
  ['init', [INIT_OPTION], (input) => normalizeInit(input.init)],
];

// The only flags that take any word: a token, and a container name checked against the manifest.
const TAKES_ANY_WORD = new Set(['prestop-token', 'container']);
const BAD = 'not a value';

describe.each(FEATURES)('%s: a bad value is refused under its own flag name', (_, specs, normalize) => {
  test.each(specs.filter((spec) => !spec.switch).map((spec) => [spec.name, spec] as const))(
    '--%s',
    (name, spec) => {
      const input = {[optionKey(name)]: spec.array ? [BAD] : BAD};
      const refusal = (): string | undefined => {
        try {
          normalize(input);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      };
      const message = refusal();
      if (message === undefined) {
        expect(TAKES_ANY_WORD.has(name)).toBe(true);
      } else {
        expect(message).toMatch(new RegExp(`^--${name}[: ]`));
      }
    },
  );
});
