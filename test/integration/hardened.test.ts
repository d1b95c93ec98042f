import {describe, expect, test} from 'vitest';
import {runGraceful} from '../helpers/graceful.ts';
import {HARDENED, readHardened} from '../helpers/hardened.ts';
import {validateKubernetesObject} from '../helpers/kubernetes.ts';

describe('examples/hardened/k8s.yaml', () => {
  test('is valid against the Kubernetes schema and passes graceful plan --check', async () => {
    const {objects} = readHardened();
    for (const object of objects) {
      expect(() => validateKubernetesObject(object), object.kind).not.toThrow();
    }

    const check = await runGraceful(['plan', '--check', HARDENED]);
    expect(check.stdout).toMatch(/: ok \(2 objects, 1 pod templates, 0 skipped\)$/);
    expect(check.exitCode).toBe(0);
  });

  test('asks for a read-only root, a numeric non-root user, no capabilities and no escalation', () => {
    const {pod, container} = readHardened();
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: expect.any(Number),
      seccompProfile: {type: 'RuntimeDefault'},
    });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      runAsUser: expect.any(Number),
      capabilities: {drop: ['ALL']},
    });
    expect((container.securityContext?.runAsUser as number) > 0).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
  });

  test('keeps --init none, and mounts no writable directory for graceful (only nginx’s /tmp)', () => {
    const {container} = readHardened();
    expect(container.env).toContainEqual({name: 'GRACEFUL_INIT', value: 'none'});
    expect(container.volumeMounts?.map((mount) => mount.mountPath)).toEqual(['/tmp']);
  });
});
