#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startRexServer } from './node.js';
import type { RexMockOptions, SeedInput } from './options.js';

const HELP = `Usage: rex-mock-server [options]

Serves an in-memory, stateful Rex API over HTTP.

Options:
  --port <n>        Port to listen on; 0 picks a free one (default 4010)
  --host <host>     Interface to bind (default 127.0.0.1)
  --seed <file>     JSON seed: { key?, org?, contacts?, companies? } or an array of them
  --config <file>   JSON options: { baseUrl?, apiKeys?, rateLimit?, ids?: { seed }, faultSeed?,
                    webhooks?: { timeScale?, timeout? } }
  --webhook-time-scale <n>
                    Multiplies webhook retry delays (1 s, 5 s, 30 s, 2 min, 10 min); 0.001
                    makes them milliseconds (default 1)
  -h, --help        Show this help

Admin routes (no key): POST /__rex/reset, POST /__rex/seed, GET /__rex/snapshot,
POST /__rex/restore, GET /__rex/requests, POST /__rex/faults, DELETE /__rex/faults,
POST /__rex/webhooks/drain.
`;

// What a JSON config can set: the options that are data (a clock or an id function cannot be).
const CONFIG_KEYS = new Set(['baseUrl', 'apiKeys', 'rateLimit', 'ids', 'faultSeed', 'seed', 'webhooks']);

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`Cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      config: { type: 'string' },
      'webhook-time-scale': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Invalid --port ${values.port}`);
  const config = (values.config ? readJson(values.config, 'config') : {}) as RexMockOptions;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new Error('The config file must hold a JSON object');
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key))
      throw new Error(`Unknown config option ${key} (allowed: ${[...CONFIG_KEYS].join(', ')})`);
  }
  if (config.ids !== undefined && typeof (config.ids as { seed?: unknown }).seed !== 'number') {
    throw new Error('config.ids must be { "seed": <number> }');
  }
  const options: RexMockOptions & { port: number; host: string } = { ...config, port, host: values.host };
  if (values.seed) options.seed = readJson(values.seed, 'seed') as SeedInput | SeedInput[];
  const timeScale = values['webhook-time-scale'];
  if (timeScale !== undefined) {
    if (timeScale.trim() === '' || !(Number(timeScale) >= 0 && Number.isFinite(Number(timeScale)))) {
      throw new Error(`Invalid --webhook-time-scale ${timeScale} (a number of at least 0, such as 0.001)`);
    }
    options.webhooks = { ...options.webhooks, timeScale: Number(timeScale) };
  }
  const server = await startRexServer(options);
  process.stdout.write(`Rex mock server listening on ${server.url}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`rex-mock-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
