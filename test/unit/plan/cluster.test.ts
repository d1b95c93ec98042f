import {describe, expect, test} from 'vitest';
import type {Mesh} from '../../../src/kubernetes/facts.ts';
import {exposureOf, meshOf} from '../../../src/plan/cluster.ts';
import {readManifests} from '../../../src/plan/manifest.ts';

const pod = (metadata: object, containers: object[] = [{name: 'app'}]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'p', ...metadata},
  spec: {containers},
});
const first = (objects: object[]) => {
  const manifests = readManifests(objects);
  const [workload] = manifests.workloads;
  if (workload === undefined) throw new Error('no workload');
  return {manifests, workload};
};

describe('meshOf', () => {
  test.each<[string, object, object[] | undefined, Mesh | undefined, Mesh | undefined]>([
    ['nothing', {}, undefined, undefined, undefined],
    [
      'Istio inject annotation',
      {annotations: {'sidecar.istio.io/inject': 'true'}},
      undefined,
      undefined,
      'istio',
    ],
    ['Istio revision label', {labels: {'istio.io/rev': 'canary'}}, undefined, undefined, 'istio'],
    ['an injected istio-proxy', {}, [{name: 'app'}, {name: 'istio-proxy'}], undefined, 'istio'],
    ['Linkerd annotation', {annotations: {'linkerd.io/inject': 'enabled'}}, undefined, undefined, 'linkerd'],
    ['--mesh for namespace-wide injection', {}, undefined, 'linkerd', 'linkerd'],
    [
      'an Istio opt-out wins over --mesh',
      {annotations: {'sidecar.istio.io/inject': 'false'}},
      undefined,
      'istio',
      undefined,
    ],
    [
      'a Linkerd opt-out wins over --mesh',
      {annotations: {'linkerd.io/inject': 'disabled'}},
      undefined,
      'linkerd',
      undefined,
    ],
  ])('%s', (_name, metadata, containers, forced, mesh) => {
    expect(meshOf(first([pod(metadata, containers)]).workload, forced)).toBe(mesh);
  });
});

describe('exposureOf', () => {
  const service = (metadata: object, spec: object) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'web', ...metadata},
    spec: {selector: {app: 'web'}, ...spec},
  });
  test.each<[string, object[], string[], boolean]>([
    ['a selector that matches', [service({}, {})], [], false],
    [
      'NLB with IP targets',
      [
        service(
          {annotations: {'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip'}},
          {type: 'LoadBalancer'},
        ),
      ],
      ['aws-nlb'],
      false,
    ],
    [
      'NLB with instance targets goes through kube-proxy',
      [
        service(
          {annotations: {'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance'}},
          {type: 'LoadBalancer'},
        ),
      ],
      [],
      false,
    ],
    [
      "the controller's older nlb-ip type",
      [
        service(
          {annotations: {'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb-ip'}},
          {type: 'LoadBalancer'},
        ),
      ],
      ['aws-nlb'],
      false,
    ],
    [
      'GKE NEG',
      [service({annotations: {'cloud.google.com/neg': '{"exposed_ports": {"80": {}}}'}}, {})],
      ['gke'],
      false,
    ],
    [
      'externalTrafficPolicy: Local',
      [service({}, {type: 'LoadBalancer', externalTrafficPolicy: 'Local'})],
      [],
      true,
    ],
    [
      'externalTrafficPolicy on a ClusterIP means nothing',
      [service({}, {externalTrafficPolicy: 'Local'})],
      [],
      false,
    ],
    [
      'another namespace',
      [service({namespace: 'other'}, {type: 'LoadBalancer', externalTrafficPolicy: 'Local'})],
      [],
      false,
    ],
  ])('%s', (_name, objects, loadBalancers, local) => {
    const {manifests, workload} = first([pod({namespace: 'shop', labels: {app: 'web'}}), ...objects]);
    const exposure = exposureOf(workload, manifests);
    expect(exposure.loadBalancers.map((item) => item.lb)).toEqual(loadBalancers);
    expect(exposure.localTraffic !== undefined).toBe(local);
  });
});
