import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));

let child: ChildProcess;
let url: string;
let stderr = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rex-cli-'));
  const seed = join(dir, 'seed.json');
  const config = join(dir, 'config.json');
  writeFileSync(seed, JSON.stringify([{ org: 'acme', contacts: [{ email: 'seeded@example.com' }] }]));
  writeFileSync(
    config,
    JSON.stringify({
      apiKeys: [{ key: 'sk_cli', org: 'acme', scope: 'read-write' }],
      rateLimit: { perMinute: 50 },
    }),
  );
  child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--seed', seed, '--config', config],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out} ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${stderr}`)));
  });
}, 30_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('rex-mock-server CLI', () => {
  it('prints its URL and serves the seeded API with the configured keys', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const api = client(url, 'sk_cli');
    const list = await api('GET', '/contacts');
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: { email: string }) => c.email)).toEqual(['seeded@example.com']);
    expect(list.headers.get('x-ratelimit-limit')).toBe('50');
    expect((await api('POST', '/contacts', { email: 'new@example.com' })).status).toBe(201);
    expect((await client(url, 'rex_test_x')('GET', '/contacts')).status).toBe(401);
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);
});

describe('rex-mock-server CLI errors', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('prints usage with --help and exits 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: rex-mock-server');
  }, 30_000);

  it('exits 1 naming the problem for a bad seed, config or flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rex-cli-bad-'));
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ contacts: [{ email: 'not-an-email' }] }));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ rateLimt: false }));
    const badSeed = run('--port', '0', '--seed', seed);
    expect(badSeed.status).toBe(1);
    expect(badSeed.stderr).toContain('contacts[0].email');
    const badConfig = run('--port', '0', '--config', config);
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr).toContain('rateLimt');
    const badFlag = run('--prot', '1');
    expect(badFlag.status).toBe(1);
  }, 60_000);
});
