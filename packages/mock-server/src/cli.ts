#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readSeedFile, type SeedFile, SeedFileError } from './cli/seed-file.js';
import { suggest } from './cli/suggest.js';
import { SeedError, SnapshotError } from './errors.js';
import type { OrgSummary } from './inspector/data.js';
import { createRexMock, internals } from './mock.js';
import { type RunningRexServer, startRexServer } from './node.js';
import type { JournalEntry, RexMockOptions, SeedInput } from './options.js';
import { RESOURCES } from './resources/index.js';
import { VERSION } from './version.js';

const HELP = `Usage: rex-mock-server [options]

Serves an in-memory, stateful Rex API over HTTP, with an inspector page at /__rex/.

Options:
  --port <n>             Port to listen on; 0 picks a free one (default 4010)
  --host <host>          Interface to bind (default 127.0.0.1)
  --seed <file>          Records to load at start and on every reset; repeat for more files:
                           *.json  a seed { key?, org?, contacts?, companies? } or an array of them,
                                   or a snapshot { version: 1, orgs } (restored once, events included)
                           *.csv   one resource's records for org "default": a header row of field
                                   names, then a record per row; an empty cell leaves its field out
  --seed-resource <name> The resource of CSV seeds whose file name does not say it (contacts, …)
  --config <file>        JSON options: { baseUrl?, apiKeys?, rateLimit?, ids?: { seed }, faultSeed?,
                         seed?, eventRetention?, webhooks?: { timeScale?, timeout? } }
  --webhook-time-scale <n>
                         Multiplies webhook retry delays (1 s, 5 s, 30 s, 2 min, 10 min); 0.001
                         makes them milliseconds (default 1)
  --log                  Print one line per request: time, method, path, status, ms, key (last 4)
  -v, --version          Print the version
  -h, --help             Show this help

Keys: any rex_test_… key works and gets an org of its own; rex_test_default reads org "default",
where seeds without a key or org and POST /capture without a key go. With apiKeys in the config,
only those keys work.

Admin routes (no key; JSON bodies need content-type: application/json):
  GET /__rex/ (the inspector page), POST /__rex/reset, POST /__rex/seed, GET /__rex/snapshot,
  POST /__rex/restore, GET /__rex/requests, GET /__rex/orgs, GET /__rex/records,
  GET /__rex/events, GET|POST|DELETE /__rex/faults, DELETE /__rex/faults/:id,
  POST /__rex/enrich, POST /__rex/webhooks/drain
`;

const OPTIONS = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  seed: { type: 'string', multiple: true },
  'seed-resource': { type: 'string' },
  config: { type: 'string' },
  'webhook-time-scale': { type: 'string' },
  log: { type: 'boolean', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

// What a JSON config can set: the options that are data (a clock or an id function cannot be).
const CONFIG_KEYS = new Set([
  'baseUrl',
  'apiKeys',
  'rateLimit',
  'ids',
  'faultSeed',
  'seed',
  'eventRetention',
  'webhooks',
]);

/** A problem with what the user asked for: printed without a stack, exit code 1. */
class UsageError extends Error {
  override readonly name = 'UsageError' as const;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(
      `Cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Refuses unknown flags by name, suggesting the nearest known one, before parsing for real. */
function checkFlags(args: readonly string[]): void {
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new UsageError(`Unexpected argument ${token.value}. Run rex-mock-server --help for the options.`);
    }
    if (token.kind !== 'option' || Object.hasOwn(OPTIONS, token.name)) continue;
    const nearest = suggest(
      token.name,
      Object.keys(OPTIONS).filter((name) => name.length > 1),
    );
    throw new UsageError(
      `Unknown option ${token.rawName}.${nearest ? ` Did you mean --${nearest}?` : ''} Run rex-mock-server --help for the options.`,
    );
  }
}

function readConfig(path: string | undefined): RexMockOptions {
  const config = (path ? readJson(path, 'config') : {}) as RexMockOptions;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new UsageError('The config file must hold a JSON object');
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) {
      const nearest = suggest(key, [...CONFIG_KEYS]);
      throw new UsageError(
        `Unknown config option ${key}${nearest ? ` (did you mean ${nearest}?)` : ''}; allowed: ${[...CONFIG_KEYS].join(', ')}`,
      );
    }
  }
  if (config.ids !== undefined && typeof (config.ids as { seed?: unknown }).seed !== 'number') {
    throw new UsageError('config.ids must be { "seed": <number> }');
  }
  return config;
}

/**
 * Checks the seeds against a scratch mock with the same keys, file by file (each after the
 * ones before it, which its records may link to), so a bad record is reported with its file
 * and, for a CSV, its line — not as a bare `contacts[3].email`.
 */
function checkSeeds(
  configSeeds: readonly SeedInput[],
  files: readonly (SeedFile & { kind: 'seeds' })[],
  apiKeys: RexMockOptions['apiKeys'],
): void {
  const keys = apiKeys ? { apiKeys } : {};
  const loaded: SeedInput[] = [...configSeeds];
  try {
    createRexMock({ ...keys, seed: loaded });
  } catch (error) {
    if (error instanceof SeedError) throw new UsageError(`config seed: ${error.message}`);
    throw error;
  }
  for (const file of files) {
    try {
      createRexMock({ ...keys, seed: [...loaded, ...file.seeds] });
    } catch (error) {
      if (!(error instanceof SeedError)) throw error;
      let message = error.message;
      const rows = file.rows;
      if (rows) {
        message = message.replace(/\b[a-z_]+\[(\d+)\]/, (whole, index: string) => {
          const line = rows[Number(index)];
          return line === undefined ? whole : `the record on line ${line} (${whole})`;
        });
      }
      throw new UsageError(`${file.path}: ${message}`);
    }
    loaded.push(...file.seeds);
  }
}

const count = (n: number, plural: string): string => {
  const singular = RESOURCES.find((d) => d.plural === plural)?.name ?? plural;
  return `${n} ${n === 1 ? singular : plural}`;
};

/** What the server holds, one line per org that holds anything, with the key that reads it. */
async function describeOrgs(server: RunningRexServer): Promise<string[]> {
  // The same view the inspector shows, read in-process through the public `handle()`.
  const res = await server.mock.handle(new Request(`${server.mock.baseUrl}/__rex/orgs`));
  const orgs = ((await res.json()) as { data: OrgSummary[] }).data.filter(
    (org) => org.events > 0 || Object.values(org.records).some((n) => n > 0),
  );
  const width = Math.max(0, ...orgs.map((org) => org.name.length));
  return orgs.map((org) => {
    const records = Object.entries(org.records)
      .filter(([, n]) => n > 0)
      .map(([plural, n]) => count(n, plural));
    if (org.events > 0) records.push(`${org.events} event${org.events === 1 ? '' : 's'}`);
    const readers =
      org.readers.length === 0
        ? 'no key reads it: seed it with "key", or give it a key in the config\'s apiKeys'
        : `read it with X-Api-Key: ${org.readers.map((r) => (r.scope === 'read-write' ? r.key : `${r.key} (${r.scope})`)).join(', ')}`;
    return `  org ${org.name.padEnd(width)}  ${(records.join(', ') || 'empty').padEnd(28)}  ${readers}`;
  });
}

/** One `--log` line: time, method, path and query, status, duration, key's last 4. */
function logLine(entry: JournalEntry): string {
  const target = entry.query === '' ? entry.path : `${entry.path}?${entry.query}`;
  const status = entry.status === 0 ? 'network-error' : String(entry.status);
  const key = entry.key === null ? 'no key' : `key …${entry.key.slice(-4)}`;
  return `${entry.time.slice(11, 23)} ${entry.method} ${target} ${status} ${entry.durationMs.toFixed(1)}ms ${key}\n`;
}

async function listen(options: Parameters<typeof startRexServer>[0] & { port: number; host: string }) {
  try {
    return await startRexServer(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${options.port} on ${options.host} is already in use (another rex-mock-server?). ` +
          'Pick another with --port <n>, or --port 0 for a free one.',
      );
    }
    if (code === 'EACCES') {
      throw new UsageError(
        `Not allowed to listen on port ${options.port}; pick one above 1023, or --port 0.`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new UsageError(`Cannot listen on host ${options.host}: no such interface here (try 127.0.0.1).`);
    }
    throw error;
  }
}

async function main(args: readonly string[]): Promise<void> {
  checkFlags(args);
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[] }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new UsageError(`Invalid --port ${values.port}: a number from 0 to 65535 (0 picks a free one)`);
  }
  const config = readConfig(values.config);
  const files = (values.seed ?? []).map((path) => {
    try {
      return readSeedFile(path, RESOURCES, values['seed-resource']);
    } catch (error) {
      if (error instanceof SeedFileError) throw new UsageError(error.message);
      throw error;
    }
  });
  const snapshots = files.filter((file) => file.kind === 'snapshot');
  const seedFiles = files.filter((file) => file.kind === 'seeds');
  if (snapshots.length > 0 && (files.length > 1 || config.seed !== undefined)) {
    throw new UsageError(
      `${snapshots[0]?.path} is a snapshot: it replaces every org, so pass it alone, without other seeds`,
    );
  }
  const configSeeds = (
    config.seed === undefined ? [] : Array.isArray(config.seed) ? config.seed : [config.seed]
  ) as SeedInput[];
  checkSeeds(configSeeds, seedFiles, config.apiKeys);
  const seeds = [...configSeeds, ...seedFiles.flatMap((file) => file.seeds)];
  const options = { ...config, port, host: values.host };
  if (seeds.length > 0) options.seed = seeds;
  else delete options.seed;
  const timeScale = values['webhook-time-scale'];
  if (timeScale !== undefined) {
    if (timeScale.trim() === '' || !(Number(timeScale) >= 0 && Number.isFinite(Number(timeScale)))) {
      throw new UsageError(
        `Invalid --webhook-time-scale ${timeScale} (a number of at least 0, such as 0.001)`,
      );
    }
    options.webhooks = { ...options.webhooks, timeScale: Number(timeScale) };
  }

  const server = await listen(options);
  const [snapshot] = snapshots;
  if (snapshot) {
    try {
      server.mock.restore(snapshot.snapshot);
    } catch (error) {
      await server.close();
      if (error instanceof SnapshotError) throw new UsageError(`${snapshot.path}: ${error.message}`);
      throw error;
    }
  }

  const out: string[] = [`Rex mock server listening on ${server.url}`, `Inspector: ${server.url}/__rex/`, ''];
  const orgs = await describeOrgs(server);
  if (snapshot) {
    out.push(`Restored ${snapshot.path} (a snapshot: POST /__rex/reset empties it, as it is not a seed):`);
  } else if (orgs.length > 0) out.push('Seeded (again on every POST /__rex/reset):');
  out.push(
    ...(orgs.length > 0 ? orgs : ['Nothing seeded: every org starts empty (--seed <file> loads records).']),
  );
  out.push(
    '',
    config.apiKeys
      ? `Keys: only the ${config.apiKeys.length} listed in the config's apiKeys.`
      : 'Keys: any rex_test_… key works and gets an org of its own; rex_test_default reads org "default",\n' +
          'where POST /capture without a key writes.',
  );
  if (values.log) out.push('Logging every request (--log).');
  process.stdout.write(`${out.join('\n')}\n`);

  if (values.log) internals(server.mock).journal.subscribe((entry) => process.stdout.write(logLine(entry)));

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof UsageError || error instanceof SeedError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`rex-mock-server: ${message}\n`);
  process.exit(1);
});
