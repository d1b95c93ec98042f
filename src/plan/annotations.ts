import {parseDuration} from '../config/duration.ts';
import {ISTIO_PROXY_CONFIG, LINKERD_WAIT_BEFORE_EXIT} from '../kubernetes/facts.ts';
import {parseDocuments} from './documents.ts';
import {type At, child, ManifestError, optionalMap, optionalString, readStringMap} from './shape.ts';

// Checks the mesh annotations graceful reads, so that the checks can trust them.
export const readAnnotations = (value: unknown, at: At): Record<string, string> => {
  const annotations = readStringMap(value, at);
  const proxyConfig = annotations[ISTIO_PROXY_CONFIG];
  if (proxyConfig !== undefined) {
    parseIstioDrainMs(proxyConfig, child(at, ISTIO_PROXY_CONFIG));
  }

  const wait = annotations[LINKERD_WAIT_BEFORE_EXIT];
  if (wait !== undefined && !/^\d+$/.test(wait)) {
    throw new ManifestError(
      child(at, LINKERD_WAIT_BEFORE_EXIT),
      `expected a whole number of seconds, got ${JSON.stringify(wait)}`,
    );
  }

  return annotations;
};

// terminationDrainDuration from a proxy.istio.io/config annotation (YAML or JSON), undefined when it sets none.
export const parseIstioDrainMs = (text: string, at: At): number | undefined => {
  let config: unknown;
  try {
    config = parseDocuments(text)[0];
  } catch {
    throw new ManifestError(at, `expected ProxyConfig as YAML or JSON, got ${JSON.stringify(text)}`);
  }

  const map = optionalMap(config, at);
  const duration = optionalString(map?.terminationDrainDuration, child(at, 'terminationDrainDuration'));
  if (duration === undefined) {
    return undefined;
  }

  const ms = parseDuration(duration);
  if (ms === undefined) {
    throw new ManifestError(
      child(at, 'terminationDrainDuration'),
      `expected a duration such as 45s, got ${JSON.stringify(duration)}`,
    );
  }

  return ms;
};
