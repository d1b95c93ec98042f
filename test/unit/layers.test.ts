import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, test} from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

// Imports point one way: commands → features → shared. A layer may import its own and the ones below.
const LAYERS: [layer: string, rank: number, paths: RegExp][] = [
  ['commands', 2, /^(cli\.ts|main\.ts|commands\/|startup\/entry\.ts)/],
  ['features', 1, /^(supervisor|sidecar|dial|plan|inject|report|pid1)\//],
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

// A folder is one unit (`log.ts` belongs to `log/`); the commands layer is one unit of its own.
const unitOf = (file: string): string =>
  layerOf(file)[0] === 'commands' ? 'commands' : (file.split('/')[0] ?? file).replace(/\.ts$/, '');

// The folders each folder imports.
const folderEdges = (): Map<string, Set<string>> => {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of ownImports()) {
    const [a, b] = [unitOf(from), unitOf(to)];
    if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  return edges;
};

// The cycles a depth-first walk meets, written `a → b → a`: none exactly when the folders are acyclic.
const cyclesOf = (edges: Map<string, Set<string>>): string[] => {
  const cycles: string[] = [];
  const done = new Set<string>();
  const walk = (unit: string, path: string[]): void => {
    const seen = path.indexOf(unit);
    if (seen !== -1) {
      cycles.push([...path.slice(seen), unit].join(' → '));
      return;
    }
    if (done.has(unit)) return;
    for (const next of edges.get(unit) ?? []) walk(next, [...path, unit]);
    done.add(unit);
  };
  for (const unit of edges.keys()) walk(unit, []);
  return cycles;
};

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

  test('the cycle check finds a cycle when there is one', () => {
    const edges = new Map([
      ['report', new Set(['plan'])],
      ['plan', new Set(['supervisor'])],
      ['supervisor', new Set(['report', 'log'])],
    ]);
    expect(cyclesOf(edges)).toEqual(['report → plan → supervisor → report']);
  });

  test('no two folders import each other, directly or through others', () => {
    const edges = folderEdges();
    expect(edges.size).toBeGreaterThan(10);
    expect(cyclesOf(edges)).toEqual([]);
  });
});
