import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, test} from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

// Imports point one way: commands → features → shared. A layer may import its own and the ones below.
const LAYERS: [layer: string, rank: number, paths: RegExp][] = [
  ['commands', 2, /^(cli\.ts|main\.ts|commands\/|startup\/entry\.ts)/],
  // The wrapper's health wiring and /metrics read the shutdown report, a feature.
  ['features', 1, /^((supervisor|sidecar|dial|plan|inject|report|pid1)\/|health\/(hooks|metrics)\.ts)/],
  ['shared', 0, /./],
];

const layerOf = (file: string): [string, number] => {
  const [layer, rank] = LAYERS.find(([, , paths]) => paths.test(file)) ?? ['shared', 0];
  return [layer, rank];
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [relative(SRC, join(dir, entry.name))],
  );

// Every relative import of graceful's own modules, static or lazy: [importer, imported].
const ownImports = (): [string, string][] =>
  sourceFiles(SRC).flatMap((file) => {
    const code = readFileSync(join(SRC, file), 'utf8');
    return [...code.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
      ([, specifier]): [string, string] => [
        file,
        relative(SRC, resolve(SRC, dirname(file), specifier ?? '')),
      ],
    );
  });

describe('the layers of src/', () => {
  test('the check sees the imports: every layer has some, and commands import features', () => {
    const edges = ownImports();
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some(([from, to]) => layerOf(from)[0] === 'commands' && layerOf(to)[0] === 'features')).toBe(
      true,
    );
  });

  test('no module imports a layer above its own', () => {
    const upward = ownImports()
      .filter(([from, to]) => layerOf(to)[1] > layerOf(from)[1])
      .map(([from, to]) => `${from} (${layerOf(from)[0]}) imports ${to} (${layerOf(to)[0]})`);
    expect(upward).toEqual([]);
  });
});
