import {describe, expect, test} from 'vitest';
import {
  describeOption,
  flagVariable,
  formatChoices,
  formatDefault,
  type OptionSpec,
  renderOptionsTable,
} from '../../../src/config/option-spec.ts';

const drain: OptionSpec = {name: 'drain', kind: 'duration', default: 90_000, describe: 'keep `serving`'};

describe('one option spec, many views', () => {
  test.each<[OptionSpec, string | undefined]>([
    [drain, '1m30s'],
    [{name: 'n', kind: 'count', default: 16, describe: ''}, '16'],
    [{name: 's', kind: 'signals', default: ['SIGTERM', 'SIGINT'], describe: ''}, 'SIGTERM,SIGINT'],
    [{name: 'g', kind: 'duration', defaultText: 'unset', describe: ''}, 'unset'],
    [{name: 'x', kind: 'text', describe: ''}, undefined],
  ])('the default of %j is written %j, durations as the logs write them', (spec, expected) => {
    expect(formatDefault(spec)).toBe(expected);
  });

  test('--help: the description without Markdown, the default, the variable', () => {
    expect(describeOption(drain)).toBe('keep serving (default 1m30s) [env GRACEFUL_DRAIN]');
    expect(flagVariable('stop-timeout')).toBe('GRACEFUL_STOP_TIMEOUT');
  });

  test.each<[string[], string]>([
    [[], ''],
    [['istio'], '`istio`'],
    [['istio', 'linkerd'], '`istio` or `linkerd`'],
    [['aws-nlb', 'aws-alb', 'gke'], '`aws-nlb`, `aws-alb` or `gke`'],
  ])('the choices %j are listed as %j', (choices, expected) => {
    expect(formatChoices(choices)).toBe(expected);
  });

  test('the README row: option, variable, default, meaning', () => {
    expect(renderOptionsTable([drain]).split('\n')).toEqual([
      '| option | variable | default | meaning |',
      '|---|---|---|---|',
      '| `--drain` | `GRACEFUL_DRAIN` | 1m30s | keep `serving` |',
    ]);
  });
});
