/**
 * `pnpm pack:all`: the tarballs a project outside this repository installs, since nothing is
 * published to the npm registry yet (`npm install @rex/sdk` is a 404).
 *
 *   pnpm pack:all                 # builds, then writes dist-packages/rex-{types,sdk,mock-server}-<version>.tgz
 *
 * `pnpm pack` rewrites the `workspace:` ranges, so the SDK's tarball asks for `@rex/types@^0.1.0`;
 * that version is not on the registry either, which is why the install lines below hand
 * `@rex/types` to the package manager as a tarball too (npm takes it from the command line;
 * pnpm needs `pnpm.overrides`, yarn 1 `resolutions`). They are the lines docs/getting-started.md
 * prints, and `pnpm test:packages` runs them verbatim in fresh projects.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The published packages, in dependency order. */
export const PACKAGE_DIRS = ['packages/types', 'packages/sdk', 'packages/mock-server'] as const;

/** Where `pnpm pack:all` writes the tarballs, relative to the repository root (git-ignored). */
export const PACK_DIR = 'dist-packages';

/** The folder the install lines expect the tarballs in, relative to the user's project. */
export const USER_DIR = 'rex-packages';

/** The file name `pnpm pack` gives a package's tarball: `@rex/sdk` 0.1.0 → `rex-sdk-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

function versionOf(dir: string): { name: string; version: string } {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
}

/** One-line installs, per package manager, that work from tarballs in `./rex-packages/`. */
export interface InstallLines {
  /** `@rex/sdk` with the `@rex/types` it depends on. */
  sdk: string;
  /** `@rex/mock-server` and its peer msw, as dev dependencies; run after the `sdk` line. */
  mock: string;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** The install lines for the current versions (docs/getting-started.md quotes them). */
export function installLines(): Record<PackageManager, InstallLines> {
  const file = (dir: string) => {
    const { name, version } = versionOf(dir);
    return `./${USER_DIR}/${tarballName(name, version)}`;
  };
  const [types, sdk, mock] = PACKAGE_DIRS.map(file) as [string, string, string];
  return {
    // npm takes @rex/types from the tarball named beside the SDK's: no override needed.
    npm: {
      sdk: `npm install ${types} ${sdk}`,
      mock: `npm install -D ${mock} msw`,
    },
    // pnpm resolves the SDK's `@rex/types@^0.1.0` from the registry (404) unless overridden.
    pnpm: {
      sdk: `pnpm pkg set pnpm.overrides.@rex/types=file:${types} && pnpm add ${types} ${sdk}`,
      mock: `pnpm add -D ${mock} msw`,
    },
    // yarn 1 likewise, with `resolutions`; `--ignore-engines` because msw's CLI prompt
    // (@inquirer/confirm ≥ 6.4) declares Node ≥ 22, and yarn 1 refuses that on Node 20.
    yarn: {
      sdk: `npm pkg set resolutions.@rex/types=file:${types} && yarn add file:${types} file:${sdk}`,
      mock: `yarn add -D --ignore-engines file:${mock} msw`,
    },
  };
}

/** Packs every package into `dest` (emptied first) and returns the tarballs' paths. */
export function packAll(dest: string): string[] {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const dir of PACKAGE_DIRS) {
    const result = spawnSync('pnpm', ['pack', '--pack-destination', dest], {
      cwd: join(root, dir),
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
      throw new Error(`pnpm pack in ${dir} exited ${result.status}:\n${result.stdout}${result.stderr}`);
    }
  }
  return readdirSync(dest)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(dest, f));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = packAll(join(root, PACK_DIR));
  console.log(`${files.length} tarballs in ${PACK_DIR}/:`);
  for (const f of files) console.log(`  ${f.slice(root.length)}`);
  console.log(`\nCopy ${PACK_DIR}/ into your project as ${USER_DIR}/, then from the project's folder:\n`);
  for (const [manager, lines] of Object.entries(installLines())) {
    console.log(`  # ${manager}\n  ${lines.sdk}\n  ${lines.mock}   # tests: the mock server\n`);
  }
  console.log('docs/getting-started.md explains each line.');
}
