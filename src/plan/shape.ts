import {UsageError} from '../errors.ts';

// A path into one document, as segments: ['items', 0, 'spec', 'template'].
export type Path = (string | number)[];

// Where a value sits: the 1-based document of the file and the path inside it.
export interface At {
  document: number;
  path: Path;
}

// A manifest that is not what Kubernetes accepts: exit 2, naming the document and the path.
export class ManifestError extends UsageError {
  constructor(at: At, message: string) {
    super(`document ${at.document}${at.path.length === 0 ? '' : `: ${formatPath(at.path)}`}: ${message}`);
    this.name = 'ManifestError';
  }
}

// `spec.template.spec.containers[0]`, `metadata.annotations["proxy.istio.io/config"]`.
export const formatPath = (path: Path): string =>
  path
    .map((segment, index) => {
      if (typeof segment === 'number') {
        return `[${segment}]`;
      }

      if (!/^[A-Za-z_$][\w$]*$/.test(segment)) {
        return `[${JSON.stringify(segment)}]`;
      }

      return index === 0 ? segment : `.${segment}`;
    })
    .join('');

// What a value is, for messages: `a list`, `"notalist" (string)`, `null`.
export const describeValue = (value: unknown): string => {
  if (value === null || value === undefined) {
    return 'null';
  }

  if (Array.isArray(value)) {
    return 'a list';
  }

  return typeof value === 'object' ? 'a map' : `${JSON.stringify(value)} (${typeof value})`;
};

// The location of a child.
export const child = (at: At, key: string | number): At => ({document: at.document, path: [...at.path, key]});

const fail = (at: At, expected: string, value: unknown): never => {
  throw new ManifestError(at, `expected ${expected}, got ${describeValue(value)}`);
};

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A map, or throws.
export const readMap = (value: unknown, at: At): Record<string, unknown> =>
  isMap(value) ? value : fail(at, 'a map', value);

// A map or nothing (YAML's empty value is null, which Kubernetes reads as unset).
export const optionalMap = (value: unknown, at: At): Record<string, unknown> | undefined =>
  value === undefined || value === null ? undefined : readMap(value, at);

// A list or nothing; `each` reads every item.
export const optionalList = <T>(
  value: unknown,
  at: At,
  each: (item: unknown, at: At) => T,
): T[] | undefined => {
  if (value === undefined || value === null) {
    return undefined;
  }

  if (!Array.isArray(value)) {
    return fail(at, 'a list', value);
  }

  return value.map((item, index) => each(item, child(at, index)));
};

// A string, or throws.
export const readString = (value: unknown, at: At): string =>
  typeof value === 'string' ? value : fail(at, 'a string', value);

// A string or nothing.
export const optionalString = (value: unknown, at: At): string | undefined =>
  value === undefined || value === null ? undefined : readString(value, at);

// A whole number at least `min`, or nothing.
export const optionalInteger = (value: unknown, at: At, min = 0): number | undefined => {
  if (value === undefined || value === null) {
    return undefined;
  }

  return Number.isSafeInteger(value) && (value as number) >= min
    ? (value as number)
    : fail(at, `a whole number of at least ${min}`, value);
};

// A boolean or nothing.
export const optionalBoolean = (value: unknown, at: At): boolean | undefined =>
  value === undefined || value === null
    ? undefined
    : typeof value === 'boolean'
      ? value
      : fail(at, 'true or false', value);

// A map of strings (labels, annotations, a selector), empty when absent.
export const readStringMap = (value: unknown, at: At): Record<string, string> => {
  const map = optionalMap(value, at) ?? {};
  for (const [key, item] of Object.entries(map)) {
    readString(item, child(at, key));
  }

  return map as Record<string, string>;
};

// A list of strings (command, args) or nothing.
export const optionalStrings = (value: unknown, at: At): string[] | undefined =>
  optionalList(value, at, readString);

// A port: a number from 1 to 65535 or a port name.
export const readPort = (value: unknown, at: At): number | string => {
  if (typeof value === 'string' && value !== '') {
    return value;
  }

  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535
    ? (value as number)
    : fail(at, 'a port number from 1 to 65535 or a port name', value);
};
