import {describe, expect, test} from 'vitest';
import {normalizeLogFormat, normalizeLogLevel} from '../../../src/log/options.ts';
import {resolveLogFormat} from '../../../src/log.ts';

describe('logging options', () => {
  test.each(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])('level %s', (level) => {
    expect(normalizeLogLevel(level)).toBe(level);
  });

  test('bad level', () => {
    expect(() => normalizeLogLevel('loud')).toThrow(
      '--log-level: expected one of trace, debug, info, warn, error, fatal, silent, got "loud"',
    );
  });

  test.each([
    [undefined, 'auto', true, 'pretty'],
    [undefined, 'auto', false, 'json'],
    ['json', 'json', true, 'json'],
    ['pretty', 'pretty', false, 'pretty'],
  ] as const)('format %s is %s, on a tty=%s %s', (value, normalized, isTty, format) => {
    expect(normalizeLogFormat(value)).toBe(normalized);
    expect(resolveLogFormat(normalizeLogFormat(value), isTty)).toBe(format);
  });

  test('bad format', () => {
    expect(() => normalizeLogFormat('xml')).toThrow('--log-format: expected one of json, pretty, got "xml"');
  });
});
