import {describe, expect, test} from 'vitest';
import {formatPath} from '../../../src/plan/shape.ts';
import {restoreStdinWord} from '../../../src/plan/stdin-word.ts';

describe('restoreStdinWord', () => {
  test.each<[string[], string[], string[]]>([
    [[], ['plan', '--check', '-'], ['-']],
    [['a.yaml'], ['plan', '--check', 'a.yaml', '-'], ['a.yaml', '-']],
    [
      ['a.yaml', 'b.yaml'],
      ['inject', 'a.yaml', '-', 'b.yaml'],
      ['a.yaml', '-', 'b.yaml'],
    ],
    [['a.yaml'], ['inject', '--server', 'nginx', 'a.yaml'], ['a.yaml']],
    [['a.yaml'], ['inject', 'a.yaml', '--', '-'], ['a.yaml']],
    [
      ['a.yaml', 'b.yaml'],
      ['plan', '--check=a.yaml', '-', 'b.yaml'],
      ['a.yaml', '-', 'b.yaml'],
    ],
  ])('%j from %j → %j', (files, argv, expected) => {
    expect(restoreStdinWord(files, argv)).toEqual(expected);
  });
});

describe('formatPath', () => {
  test.each<[(string | number)[], string]>([
    [['spec', 'template', 'spec', 'containers', 0], 'spec.template.spec.containers[0]'],
    [['metadata', 'annotations', 'proxy.istio.io/config'], 'metadata.annotations["proxy.istio.io/config"]'],
    [['items', 2, 'spec'], 'items[2].spec'],
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
