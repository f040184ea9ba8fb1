/**
 * The CLI's `--webhook-time-scale` (SPEC §8): a receiver that fails three times would wait
 * 1 s + 5 s + 30 s for its retries at scale 1; at 0.001 the delivery settles at once.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));

let child: ChildProcess;
let url: string;
let receiver: Server;
let receiverUrl: string;
let attempts = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(++attempts <= 3 ? 500 : 200).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rex`;
  child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--webhook-time-scale', '0.001'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('rex-mock-server --webhook-time-scale', () => {
  it('scales the retry delays of the server it starts', async () => {
    const api = client(url, 'rex_test_cli');
    const { body } = await api('POST', '/webhooks', { url: receiverUrl });
    await api('POST', '/contacts', { email: 'ada@example.com' });
    const drained = await client(url)('POST', '/__rex/webhooks/drain', { timeout: 10_000 });
    expect(drained.body).toEqual({ data: { drained: true, pending: 0 } });
    const [delivery] = (await api('GET', `/webhooks/${body.data.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4 });
  });

  it('exits 1 naming the flag for a value that is not a number of at least 0', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, '--webhook-time-scale', 'fast'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid --webhook-time-scale fast');
  }, 30_000);
});
