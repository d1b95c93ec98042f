import {describe, expect, test} from 'vitest';
import {detectServer, imageRepository, isStockImage, SERVER_PROFILES} from '../../../src/plan/servers.ts';

describe('detectServer', () => {
  test.each<[string | undefined, string[], string]>([
    ['nginx:1.27', [], 'nginx'],
    ['docker.io/library/nginx:1.27@sha256:abc', [], 'nginx'],
    ['nginxinc/nginx-unprivileged:1.27', [], 'nginx'],
    ['example/nginx-graceful:1.27', [], 'nginx'],
    ['mongo:8.0', [], 'mongod'],
    ['mongo:8.0', ['mongos', '--bind_ip_all'], 'mongos'],
    ['mongo:8.0', ['/bin/sh', '-c', 'exec', 'mongos'], 'mongos'],
    ['haproxy:3.0', [], 'haproxy'],
    ['envoyproxy/envoy:v1.31-latest', [], 'envoy'],
    ['httpd:2.4', [], 'httpd'],
    ['postgres:17', [], 'postgres'],
    ['bitnami/postgresql:17', [], 'postgres'],
    ['redis:7.4', [], 'redis'],
    ['eclipse-temurin:21-jre', [], 'java'],
    ['ghcr.io/acme/spring-shop:2', [], 'java'],
    ['node:22', [], 'node'],
    ['prom/node-exporter', [], 'generic'],
    ['example/app', ['/usr/sbin/nginx', '-g', 'daemon off;'], 'nginx'],
    ['example/app', ['java', '-jar', 'app.jar'], 'java'],
    ['busybox', [], 'generic'],
    [undefined, [], 'generic'],
  ])('%s %j → %s', (image, argv, server) => {
    expect(detectServer(image, argv)).toBe(server);
  });
});

describe('isStockImage', () => {
  test.each([
    ['nginx:1.27', true],
    ['docker.io/library/nginx', true],
    ['mongo:8.0', true],
    ['example/nginx-graceful:1.27', false],
    ['registry.example.com:5000/nginx:1', true],
    ['graceful:sidecar', false],
    ['busybox', false],
  ])('%s → %s', (image, stock) => {
    expect(isStockImage(image)).toBe(stock);
  });

  test('imageRepository drops registry, tag and digest', () => {
    expect(imageRepository('localhost:5000/team/app:1@sha256:x')).toBe('team/app');
  });
});

describe('SERVER_PROFILES', () => {
  test('every profile stops cleanly with a signal that is not one of its fast ones, and has a reason', () => {
    for (const [kind, profile] of Object.entries(SERVER_PROFILES)) {
      expect(profile.fastSignals, kind).not.toContain(profile.stopSignal);
      expect(profile.stopReason.length, kind).toBeGreaterThan(20);
    }
  });
});
