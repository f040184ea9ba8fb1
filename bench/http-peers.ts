/**
 * The mock over real HTTP (SPEC §6, issue #18) against json-server (the usual fake REST server,
 * a pinned devDependency) and a bare `node:http` JSON server (the floor: a Map lookup and
 * `JSON.stringify`, nothing else). Each server runs in a child process of its own, so the load
 * generator never shares their event loop; the three idle while another is measured.
 *
 * Workloads: GET by id, POST create, a list page of 50 with a filter, and a 60/20/20 mix of the
 * three. A round plays each workload against each server in turn (who goes first alternates),
 * CONCURRENCY requests in flight on keep-alive connections; a ratio is the median of the rounds'
 * ratios, so load that comes and goes on the machine falls on both sides alike.
 *
 * Run as a script with `--serve mock|echo <records.json>`, this file is the server child.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, KEY, median, type Row, root, settle, short } from './harness.js';

/** Requests in flight at once. */
export const CONCURRENCY = 10;

/** The contacts every server starts with. */
export const SEED_CONTACTS = Array.from({ length: 1000 }, (_, i) => ({
  email: `seed-${i}@bench.dev`,
  first_name: `Seed${i}`,
  stage: (['lead', 'prospect', 'customer'] as const)[i % 3],
}));

export type PeerKind = 'mock' | 'json-server' | 'echo';

/** One HTTP call of a workload, as a path under the server's origin. */
export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export type Workload = 'get' | 'create' | 'list' | 'mix';

/**
 * `n` calls of a workload in the server's dialect: the mock speaks Rex (`limit`), json-server
 * its own (`_page`, `_per_page`); the records, filters and page sizes are the same.
 */
export function workload(
  kind: Workload,
  n: number,
  peer: PeerKind,
  ids: readonly string[],
  tag: string,
): HttpCall[] {
  const list =
    peer === 'json-server' ? '/contacts?stage=lead&_page=1&_per_page=50' : '/contacts?stage=lead&limit=50';
  const calls: HttpCall[] = [];
  for (let i = 0; i < n; i++) {
    // The mix: 60 % gets, 20 % creates, 20 % lists, interleaved.
    const slot = i % 10;
    const which = kind === 'mix' ? (slot < 6 ? 'get' : slot < 8 ? 'create' : 'list') : kind;
    if (which === 'get') calls.push({ method: 'GET', path: `/contacts/${ids[(i * 7919) % ids.length]}` });
    else if (which === 'list') calls.push({ method: 'GET', path: list });
    else
      calls.push({
        method: 'POST',
        path: '/contacts',
        body: JSON.stringify({ email: `new-${tag}-${i}@bench.dev`, first_name: 'Ada', stage: 'lead' }),
      });
  }
  return calls;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One call; resolves with the status once the whole body is read. */
function call(origin: URL, c: HttpCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-api-key': KEY, accept: 'application/json' };
    if (c.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(c.body));
    }
    const req = request(
      { agent, host: origin.hostname, port: origin.port, method: c.method, path: c.path, headers },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Plays the calls, CONCURRENCY at a time; returns requests per second. Any 4xx/5xx is an error. */
export async function load(url: string, calls: readonly HttpCall[]): Promise<number> {
  const origin = new URL(url);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const c = calls[next++]!;
      const status = await call(origin, c);
      if (status >= 400) throw new Error(`${c.method} ${url}${c.path} → ${status}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return calls.length / ((performance.now() - start) / 1000);
}

/**
 * CPU seconds a process has used (user + system), from /proc on Linux; `undefined` elsewhere.
 * The server's CPU per request is less moved by other load on the machine than its throughput.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A server child: its URL, and how to stop it (which lets it write a `--cpu-prof` profile). */
export interface Peer {
  kind: PeerKind;
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Stops a server child of ours: closing its stdin asks it to exit on its own. */
const stopByStdin = (child: ChildProcess) => async (): Promise<void> => {
  child.stdin?.end();
  await waitExit(child);
};

/** The first line a child writes to stdout, parsed as JSON. */
function firstLine(child: ChildProcess, what: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(JSON.parse(out.slice(0, nl)) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}: ${err}`)));
  });
}

/** A free local port (json-server takes a port, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the mock's server child (seeded with SEED_CONTACTS); returns it with the seeded
 * records, which the other servers are given so every side serves the same data.
 */
export async function startMock(
  options: { profile?: string } = {},
): Promise<{ peer: Peer; records: unknown[]; startProfile: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', 'mock'],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(options.profile ? { REX_PROFILE: options.profile } : {}) },
    },
  );
  const ready = (await firstLine(child, 'mock server')) as { url: string; records: unknown[] };
  return {
    records: ready.records,
    // A line on stdin starts the CPU profile (bench/profile.ts, after its warm-up).
    startProfile: () => child.stdin?.write('profile\n'),
    peer: {
      kind: 'mock',
      url: ready.url,
      pid: child.pid,
      // The child writes its profile, if one was started, before it exits.
      stop: stopByStdin(child),
    },
  };
}

/** Starts the bare node:http floor, serving `records` by id. */
export async function startEcho(records: readonly unknown[], dir: string): Promise<Peer> {
  const file = join(dir, 'records.json');
  writeFileSync(file, JSON.stringify(records));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', 'echo', file],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const ready = (await firstLine(child, 'echo server')) as { url: string };
  return {
    kind: 'echo',
    url: ready.url,
    pid: child.pid,
    stop: stopByStdin(child),
  };
}

/** Starts json-server (its own CLI, as users run it) on a db file holding `records`. */
export async function startJsonServer(records: readonly unknown[], dir: string): Promise<Peer> {
  const file = join(dir, 'db.json');
  writeFileSync(file, JSON.stringify({ contacts: records }));
  const port = await freePort();
  const require = createRequire(join(root, 'package.json'));
  const bin = join(require.resolve('json-server/package.json'), '../lib/bin.js');
  const child = spawn(process.execPath, [bin, file, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await call(new URL(url), { method: 'GET', path: '/contacts?_page=1&_per_page=1' });
      break;
    } catch (error) {
      if (tries > 100 || child.exitCode !== null)
        throw new Error(`json-server did not start: ${err || error}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    kind: 'json-server',
    url,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await waitExit(child);
    },
  };
}

export async function benchHttpPeers(): Promise<Row[]> {
  const n = short ? 400 : 1_500;
  const rounds = short ? 3 : 5;
  // json-server writes its whole db file on every create, so its creates slow down as the file
  // grows: creates are kept to a quarter of a run (the mix to half) to bound the bench's time.
  const size: Record<Workload, number> = { get: n, create: n / 4, list: n, mix: n / 2 };
  const dir = mkdtempSync(join(tmpdir(), 'rex-http-peers-'));
  const { peer: mock, records } = await startMock();
  const ids = records.map((r) => (r as { id: string }).id);
  const peers: Peer[] = [mock];
  try {
    const json = await startJsonServer(records, dir);
    peers.push(json);
    const echo = await startEcho(records, dir);
    peers.push(echo);

    const rates = new Map<string, number[]>();
    /** Server CPU µs per request, per workload and server. */
    const cpu = new Map<string, number[]>();
    const ratios = new Map<string, number[]>();
    const push = (map: Map<string, number[]>, key: string, value: number) =>
      map.set(key, [...(map.get(key) ?? []), value]);
    const sides: [Workload, Peer[]][] = [
      ['get', [mock, json, echo]],
      ['create', [mock, json]],
      ['list', [mock, json]],
      ['mix', [mock, json]],
    ];
    // Warm-up: JIT every server's path before anything is measured.
    for (const [kind, servers] of sides) {
      for (const peer of servers)
        await load(peer.url, workload(kind, size[kind] / 4, peer.kind, ids, `w-${kind}`));
    }
    for (let round = 0; round < rounds; round++) {
      for (const [kind, servers] of sides) {
        const order = round % 2 ? [...servers].reverse() : servers;
        const got = new Map<PeerKind, number>();
        await settle();
        for (const peer of order) {
          const before = cpuSeconds(peer.pid);
          got.set(
            peer.kind,
            await load(peer.url, workload(kind, size[kind], peer.kind, ids, `${round}-${kind}`)),
          );
          const after = cpuSeconds(peer.pid);
          push(rates, `${kind} ${peer.kind}`, got.get(peer.kind)!);
          if (before !== undefined && after !== undefined)
            push(cpu, `${kind} ${peer.kind}`, ((after - before) / size[kind]) * 1e6);
        }
        push(ratios, `${kind} json-server`, got.get('mock')! / got.get('json-server')!);
        if (got.has('echo')) push(ratios, `${kind} echo`, got.get('mock')! / got.get('echo')!);
      }
    }
    const rate = (key: string) => median(rates.get(key) ?? []);
    const perRound = (key: string) => (rates.get(key) ?? []).map((r) => fmt(r)).join(', ');
    const cpuOf = (key: string) => (cpu.has(key) ? `${fmt(median(cpu.get(key)!), 0)} µs` : 'n/a');
    const rows: Row[] = (['get', 'create', 'list', 'mix'] as const).map((kind) => {
      const ratio = median(ratios.get(`${kind} json-server`) ?? []);
      return {
        name: `HTTP ${kind === 'get' ? 'GET by id' : kind === 'create' ? 'create' : kind === 'list' ? 'list 50, filtered' : 'mix 60/20/20'} vs json-server`,
        figure: `${fmt(rate(`${kind} mock`))} req/s`,
        baseline: `${fmt(rate(`${kind} json-server`))} req/s (json-server)`,
        ratio,
        budget: '≥ 1.00×',
        pass: ratio >= 1,
        notes: [
          `${kind}: mock req/s per round ${perRound(`${kind} mock`)}; json-server ${perRound(`${kind} json-server`)}; server CPU a request, median: mock ${cpuOf(`${kind} mock`)}, json-server ${cpuOf(`${kind} json-server`)}`,
        ],
      };
    });
    const floor = median(ratios.get('get echo') ?? []);
    rows.push({
      name: 'HTTP GET by id vs bare node:http',
      figure: `${fmt(rate('get mock'))} req/s`,
      baseline: `${fmt(rate('get echo'))} req/s (node:http floor)`,
      ratio: floor,
      budget: '≥ 0.50×',
      pass: floor >= 0.5,
      notes: [
        `get: node:http floor req/s per round ${perRound('get echo')}; server CPU a request, median: mock ${cpuOf('get mock')}, node:http ${cpuOf('get echo')}; requests a run: ${Object.entries(
          size,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; ${CONCURRENCY} in flight, keep-alive`,
      ],
    });
    return rows;
  } finally {
    await Promise.all(peers.map((peer) => peer.stop()));
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a CPU profile of this process (what `node --cpu-prof` takes, but from now on: the
 * start-up and the warm-up stay out of it); the returned function writes it to `file`.
 */
export function cpuProfile(file: string): () => Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const started = post('Profiler.enable').then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** The server child: prints `{ url, records? }` on one line, exits when stdin closes. */
async function serve(kind: string, file: string | undefined): Promise<void> {
  let url: string;
  let records: unknown[] | undefined;
  let close: () => Promise<void>;
  if (kind === 'mock') {
    const { startRexServer } = await import('@rex/mock-server/node');
    const server = await startRexServer({ port: 0, rateLimit: false });
    records = server.mock.seed({ key: KEY, contacts: SEED_CONTACTS }).contacts;
    url = server.url;
    close = server.close;
  } else if (kind === 'echo') {
    const byId = new Map(
      (JSON.parse(readFileSync(file as string, 'utf8')) as { id: string }[]).map((r) => [r.id, r]),
    );
    // The floor: route by hand, look the record up, answer JSON. No validation, no journal.
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const id = (req.url ?? '').slice('/contacts/'.length);
        const record = req.method === 'GET' ? byId.get(id) : JSON.parse(Buffer.concat(chunks).toString());
        const body = JSON.stringify(record ?? { error: 'not found' });
        res.writeHead(record ? 200 : 404, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
  } else throw new Error(`--serve ${kind}: expected mock or echo`);
  const profile = process.env.REX_PROFILE;
  let stopProfile = async () => {};
  process.stdout.write(`${JSON.stringify({ url, ...(records ? { records } : {}) })}\n`);
  process.stdin.on('data', () => {
    if (profile) stopProfile = cpuProfile(profile);
  });
  process.stdin.on('end', () => {
    void stopProfile()
      .then(close)
      .then(() => process.exit(0));
  });
}

if (process.argv[2] === '--serve' && process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve(process.argv[3] ?? '', process.argv[4]);
}
