import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {describe, expect, test} from 'vitest';
import {BINARY_ARCHES, type BinaryArch, binaryPath} from '../../scripts/build-binary.ts';

// No Docker engine runs here, so the Dockerfile is checked as text: every build step must be a command that the
// project's own scripts and tests run, and the stages must hold what the README promises.
interface Stage {
  from: string;
  name: string;
  lines: string[];
}

const parseDockerfile = (text: string): Stage[] => {
  const stages: Stage[] = [];
  for (const line of text.split('\n').map((item) => item.trim())) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from !== null) {
      stages.push({from: from[1] ?? '', name: from[2] ?? '', lines: []});
    } else if (line !== '' && !line.startsWith('#')) {
      stages.at(-1)?.lines.push(line);
    }
  }

  return stages;
};

const stages = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const stage = (name: string): Stage => {
  const found = stages.find((item) => item.name === name);
  if (found === undefined) {
    throw new Error(`the Dockerfile has no stage ${name}`);
  }

  return found;
};

// Each RUN of the Dockerfile, and the project file whose run by `npm test` executes exactly that command.
const RUN_BY_TESTS: Record<string, string> = {
  'npm install --no-audit --no-fund': 'scripts/setup.sh',
  'npm run build:binary': 'test/integration/binary.test.ts',
};

describe('Dockerfile', () => {
  test('runs only commands that npm test runs too, verbatim', () => {
    const runs = stages.flatMap((item) => item.lines).filter((line) => line.startsWith('RUN '));
    expect(runs.map((line) => line.slice('RUN '.length))).toEqual(Object.keys(RUN_BY_TESTS));
    for (const [command, file] of Object.entries(RUN_BY_TESTS)) {
      expect(readFileSync(file, 'utf8'), `${file} runs ${command}`).toContain(command);
    }
  });

  test('has a stage per architecture holding only /graceful, the binary that build:binary makes', () => {
    for (const [arch, debianArch] of Object.entries(BINARY_ARCHES)) {
      const binary = stage(`binary-${debianArch}`);
      expect(binary.from).toBe('scratch');
      expect(binary.lines).toEqual([
        `COPY --from=build /src/dist/${basename(binaryPath(arch as BinaryArch))} /graceful`,
      ]);
    }

    // A Dockerfile variable, not a template: BuildKit sets TARGETARCH (amd64, arm64) for FROM lines.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${TARGETARCH}
    expect(stage('binary').from).toBe('binary-${TARGETARCH}');
  });

  test('sidecar image: small base, non-root user, graceful as ENTRYPOINT', () => {
    const sidecar = stage('sidecar');
    expect(stages.at(-1)).toBe(sidecar);
    expect(sidecar.from).toMatch(/^gcr\.io\/distroless\/cc-debian12:nonroot$/);
    expect(sidecar.lines).toContain('COPY --from=binary /graceful /usr/local/bin/graceful');
    // runAsNonRoot: true (restricted Pod Security Standard) is verifiable only for a numeric USER.
    const user = sidecar.lines.find((line) => line.startsWith('USER '));
    expect(user).toMatch(/^USER [1-9]\d*(:\d+)?$/);
    expect(user).toBe('USER 65532:65532');
    expect(sidecar.lines).toContain('ENTRYPOINT ["/usr/local/bin/graceful"]');
    expect(sidecar.lines).toContain('CMD ["sidecar"]');
  });

  test('.dockerignore keeps node_modules and built files out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'test/node22/node_modules', 'dist', '.git']),
    );
  });
});
