import {describe, expect, test} from 'vitest';
import {COLD_END, COLD_START, findColdModule, formatColdModule} from '../../../src/startup/cold.ts';

const bundle = (modules: [string, string][]): string =>
  `#!/usr/bin/env node\nconst marker = ${JSON.stringify(COLD_START)};\n${COLD_START}${modules
    .map(([name, code]) => formatColdModule(name, code))
    .join('\n')}${COLD_END}`;

describe('cold modules', () => {
  const modules: [string, string][] = [
    ['pino', 'module.exports = "pino";'],
    ['pino-pretty', 'module.exports = "pretty"; /* a comment */ const re = /a*/;'],
    ['src/cli.ts', 'module.exports = {runFullCli: () => "ünï©ødé\\n"};'],
  ];

  test.each(modules)('%s comes back as it went in', (name, code) => {
    expect(findColdModule(bundle(modules), name)).toBe(code);
  });

  test('a module the bundle does not carry, or a bundle without cold modules', () => {
    expect(findColdModule(bundle(modules), 'yargs')).toBeUndefined();
    expect(findColdModule(bundle(modules), 'pin')).toBeUndefined();
    expect(findColdModule('module.exports = 1;\n', 'pino')).toBeUndefined();
  });

  test('the comment holds no */ that would end it early', () => {
    const text = bundle(modules);
    const comment = text.slice(text.lastIndexOf(COLD_START) + COLD_START.length, -COLD_END.length);
    expect(comment).not.toContain('*/');
  });
});
