import {DaemonSet, Deployment, ReplicaSet, StatefulSet} from 'kubernetes-models/apps/v1';
import {HorizontalPodAutoscaler} from 'kubernetes-models/autoscaling/v2';
import {CronJob, Job} from 'kubernetes-models/batch/v1';
import {Ingress} from 'kubernetes-models/networking.k8s.io/v1';
import {ConfigMap, Pod, Service} from 'kubernetes-models/v1';

// The kinds the examples use, by apiVersion/kind; each model's validate() checks against the Kubernetes schema.
const MODELS: Record<string, new (data: never) => {validate: () => void}> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'apps/v1/ReplicaSet': ReplicaSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'v1/ConfigMap': ConfigMap,
  'v1/Pod': Pod,
  'v1/Service': Service,
};

// Throws when the object is not valid against the Kubernetes OpenAPI schema (or of a kind not listed here).
export const validateKubernetesObject = (object: {apiVersion?: string; kind?: string}): void => {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  }

  new Model(object as never).validate();
};

// Wraps a pod spec into a Deployment, to validate snippets meant for `spec.template.spec`.
export const deploymentAround = (podSpec: object, name = 'server') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name},
  spec: {
    selector: {matchLabels: {app: name}},
    template: {metadata: {labels: {app: name}}, spec: podSpec},
  },
});
