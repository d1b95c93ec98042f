import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname} from 'node:path';
import * as sea from 'node:sea';
import {pathToFileURL} from 'node:url';
import {compileFunction, constants} from 'node:vm';
import {brotliCompressSync, brotliDecompressSync} from 'node:zlib';

/*
The npm bundle (scripts/build.ts) carries the modules that the wrapper's start-up does not need (yargs, pino,
the other commands) after its code, in one comment: V8 skips a comment faster than it compiles code or builds a
string, and brotli makes the comment a fifth of their size (each 100 kB costs every start about 0.4 ms). A
command loads them from the bundle's file when it first needs them.
*/
export const COLD_START =
  '\n/* graceful cold modules: name, then brotli-compressed base64 code, one per line\n';
export const COLD_END = '\n*/\n';

// One line of the cold comment: the module's name and its code.
export const formatColdModule = (name: string, code: string): string =>
  `${name} ${brotliCompressSync(code).toString('base64')}`;

// A cold module's code from the bundle's text; undefined if the bundle does not carry it.
export const findColdModule = (bundle: string, name: string): string | undefined => {
  const start = bundle.lastIndexOf(COLD_START);
  const line = start === -1 ? -1 : bundle.indexOf(`\n${name} `, start + COLD_START.length - 1);
  if (line === -1) return undefined;
  const code = line + name.length + 2;
  return brotliDecompressSync(
    Buffer.from(bundle.slice(code, bundle.indexOf('\n', code)), 'base64'),
  ).toString();
};

// The standalone binary carries the bundle as this asset: there, `bundle` is the executable, not the script.
export const BUNDLE_ASSET = 'graceful.cjs';

const loaded = new Map<string, {exports: unknown}>();
let bundleText: string | undefined;

// Runs a cold module once, as CommonJS, from the bundle file `bundle`; returns its exports.
export const loadColdModule = (bundle: string, name: string): unknown => {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached.exports;
  bundleText ??= sea.isSea() ? sea.getAsset(BUNDLE_ASSET, 'latin1') : readFileSync(bundle, 'latin1');
  const code = findColdModule(bundleText, name);
  if (code === undefined)
    throw new Error(`${bundle} carries no module ${name}: rebuild it with npm run build`);
  const module = {exports: {}};
  loaded.set(name, module);
  const parameters = ['exports', 'require', 'module', '__filename', '__dirname', '__importMetaUrl', '__cold'];
  compileFunction(code, parameters, {
    filename: `${bundle}/${name}`,
    // import('node:…') inside a cold module resolves as it would in the bundle itself.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })(
    module.exports,
    createRequire(bundle),
    module,
    bundle,
    dirname(bundle),
    pathToFileURL(bundle).href,
    (next: string) => loadColdModule(bundle, next),
  );
  return module.exports;
};
