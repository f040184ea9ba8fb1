/**
 * Where the mock's CPU goes (issue #18): a CPU profile of the mock under the mixed load (what
 * `node --cpu-prof` records, taken through `node:inspector` after a warm-up so start-up stays out
 * of it), and its top self-time functions, each said to be ours, a library's or node's.
 *
 *   pnpm build && tsx bench/profile.ts msw    # the throughput bench's mix through MSW, in one process
 *   tsx bench/profile.ts http                 # the HTTP bench's 60/20/20 mix; the server child is profiled
 *   tsx bench/profile.ts msw --keep           # keep the .cpuprofile (open it in Chrome DevTools)
 *
 * The profile is of the built package (`dist/`): rebuild after changing the mock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupRexServer } from '@rex/mock-server/node';
import { BASE, fmt, KEY, root } from './harness.js';
import { cpuProfile, load, SEED_CONTACTS, startMock, workload } from './http-peers.js';
import { mix, play } from './throughput.js';

const REQUESTS = 10_000;

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Whose code a profile frame is: ours (which package), a library's (its name), node's or V8's. */
function owner(url: string): string {
  const ours = url.match(/\/packages\/([^/]+)\//);
  if (ours && !url.includes('node_modules')) return `ours (${ours[1]})`;
  const lib = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (lib) return `library (${lib[1]})`;
  if (url.startsWith('node:')) return 'node';
  return 'V8/native';
}

/** The top `count` functions by self time, as lines of a table. */
export function topSelfTime(profile: CpuProfile, count = Number(process.env.TOP ?? 10)): string[] {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const idle = new Set(['(idle)', '(program)']);
  // Stopping the profiler (node:inspector's `post` and what it calls) is not the mock's time.
  const profiler = new Set<number>();
  const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
  const mark = (id: number): void => {
    profiler.add(id);
    for (const child of children.get(id) ?? []) mark(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') mark(node.id);
  const byFunction = new Map<string, { self: number; where: string; who: string }>();
  for (const node of profile.nodes) {
    if (profiler.has(node.id)) continue;
    const self = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const file = url
      .replace(/^file:\/\//, '')
      .replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|packages\/)/, '');
    const where = url ? `${file}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { self: 0, where, who: owner(url) };
    entry.self += self;
    byFunction.set(key, entry);
  }
  const busy = [...byFunction].filter(([k]) => !idle.has(k.trim())).reduce((a, [, v]) => a + v.self, 0);
  const byOwner = new Map<string, number>();
  for (const [key, { self, who }] of byFunction) {
    if (!idle.has(key.trim())) byOwner.set(who, (byOwner.get(who) ?? 0) + self);
  }
  const owners = [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .map(([who, self]) => `${who} ${fmt((self / busy) * 100, 1)} %`)
    .join(', ');
  return [
    `busy ${fmt(busy / 1000, 0)} ms: ${owners}`,
    ...[...byFunction]
      .filter(([key]) => !idle.has(key.trim()))
      .sort((a, b) => b[1].self - a[1].self)
      .slice(0, count)
      .map(
        ([key, { self, who }], i) =>
          `${String(i + 1).padStart(2)}. ${fmt((self / busy) * 100, 1).padStart(5)} %  ${fmt(self / 1000, 0).padStart(5)} ms  ${who.padEnd(24)} ${key}`,
      ),
  ];
}

/** The child of `msw`: the throughput bench's mix, played through MSW, profiled after a warm-up. */
async function mswLoad(file: string): Promise<void> {
  const rex = setupRexServer({ baseUrl: BASE, rateLimit: false });
  rex.listen({ onUnhandledRequest: 'error' });
  let stop = async () => {};
  for (const [round, n] of [
    [0, 2_000],
    [1, REQUESTS],
  ] as const) {
    rex.reset();
    const { contacts } = rex.seed({ key: KEY, contacts: SEED_CONTACTS });
    const calls = mix(
      n,
      round,
      contacts.map((c) => c.id),
      contacts.map((c) => c.email),
    );
    if (round === 1) stop = cpuProfile(file);
    const ms = await play(calls);
    if (round === 1) console.error(`msw: ${fmt(n / (ms / 1000))} req/s (with the profiler on)`);
  }
  await stop();
  rex.close();
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const file = join(mkdtempSync(join(tmpdir(), 'rex-profile-')), `${mode}.cpuprofile`);
  if (process.argv.includes('--child')) return mswLoad(process.argv[4] as string);
  if (mode === 'msw') {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), 'msw', '--child', file],
        { cwd: root, stdio: 'inherit' },
      );
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`profile child exited ${code}`)),
      );
    });
  } else if (mode === 'http') {
    const { peer, records, startProfile } = await startMock({ profile: file });
    const ids = records.map((r) => (r as { id: string }).id);
    await load(peer.url, workload('mix', 2_000, 'mock', ids, 'warm'));
    startProfile();
    const rate = await load(peer.url, workload('mix', REQUESTS, 'mock', ids, 'profiled'));
    console.error(`http: ${fmt(rate)} req/s (with the profiler on)`);
    await peer.stop();
  } else {
    console.error('usage: tsx bench/profile.ts msw|http [--keep]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(`top self time, ${mode} mix, after a warm-up (% of busy time):`);
  for (const line of topSelfTime(profile)) console.log(line);
  if (process.argv.includes('--keep')) console.log(`profile: ${file}`);
  else rmSync(dirname(file), { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
