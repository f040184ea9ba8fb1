import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPANIES, CONTACTS } from '@rex/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../cli/csv.js';
import { csvRecords, csvResource, readSeedFile } from '../cli/seed-file.js';
import { suggest } from '../cli/suggest.js';
import { VERSION } from '../version.js';
import { client } from './helpers.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rex-cli-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** A running CLI: its URL, everything it printed so far, and the process. */
interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** Spawns the real binary (from source) and waits until its start-up text is printed. */
function start(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out} ${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      // The start-up text ends with the line about keys.
      if (match?.[1] && /\nKeys: .*\n(?:.*\n)*$/.test(out)) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stdout: () => out, stderr: () => err });
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${err}`)));
  });
}

const stop = (running: Running | undefined) => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
};

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('rex-mock-server CLI with apiKeys', () => {
  let server: Running;

  beforeAll(async () => {
    const seed = file(
      'seed.json',
      JSON.stringify([{ org: 'acme', contacts: [{ email: 'seeded@example.com' }] }]),
    );
    const config = file(
      'config.json',
      JSON.stringify({
        apiKeys: [
          { key: 'sk_cli', org: 'acme', scope: 'read-write' },
          { key: 'sk_cli_reader', org: 'acme', scope: 'read' },
        ],
        rateLimit: { perMinute: 50 },
      }),
    );
    server = await start('--port', '0', '--seed', seed, '--config', config);
  }, 40_000);

  afterAll(() => stop(server));

  it('prints its URL, the inspector URL, what it seeded and the keys that read each org', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const out = server.stdout();
    expect(out).toContain(`Inspector: ${server.url}/__rex/`);
    expect(out).toMatch(/org acme +1 contact +read it with X-Api-Key: sk_cli, sk_cli_reader \(read\)/);
    expect(out).toContain("Keys: only the 2 listed in the config's apiKeys.");
  });

  it('serves the seeded API with the configured keys', async () => {
    const api = client(server.url, 'sk_cli');
    const list = await api('GET', '/contacts');
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: { email: string }) => c.email)).toEqual(['seeded@example.com']);
    expect(list.headers.get('x-ratelimit-limit')).toBe('50');
    expect((await api('POST', '/contacts', { email: 'new@example.com' })).status).toBe(201);
    expect((await client(server.url, 'rex_test_x')('GET', '/contacts')).status).toBe(401);
  });

  it('serves the inspector page', async () => {
    const res = await fetch(`${server.url}/__rex/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Rex mock inspector</title>');
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 20_000);
});

describe('rex-mock-server CLI with CSV seeds and --log', () => {
  let server: Running;

  beforeAll(async () => {
    const companies = file(
      'companies.csv',
      [
        'id,name,domain,address.city',
        'comp_01h455vb4pex5vsknk084sn02q,"Acme, Inc.",https://www.Acme.com/about,Paris',
        '',
      ].join('\r\n'),
    );
    const people = file(
      'people.csv',
      [
        'email,first_name,last_name,icp_score,metadata.plan,company_id',
        'ada@example.com,Ada,"Lovelace, Countess",42,pro,comp_01h455vb4pex5vsknk084sn02q',
        'grace@example.com,Grace,"Hopper ""Amazing""",,,',
        '',
        'lin@example.com,"Lin',
        'on two lines",,,,',
      ].join('\n'),
    );
    const keyed = file(
      'keyed.json',
      JSON.stringify({ key: 'rex_test_cli', contacts: [{ email: 'k@example.com' }] }),
    );
    server = await start(
      '--port',
      '0',
      '--log',
      '--seed',
      companies,
      '--seed',
      people,
      '--seed-resource',
      'contacts',
      '--seed',
      keyed,
    );
  }, 40_000);

  afterAll(() => stop(server));

  it('says what it seeded per org, and that rex_test_default reads org default', () => {
    const out = server.stdout();
    expect(out).toMatch(/org default +1 company, 3 contacts +read it with X-Api-Key: rex_test_default\n/);
    expect(out).toMatch(/org rex_test_cli +1 contact +read it with X-Api-Key: rex_test_cli\n/);
    expect(out).toContain('rex_test_default reads org "default"');
  });

  it('reads CSV: quoted fields, doubled quotes, line breaks, absent empty cells, typed and nested fields', async () => {
    const api = client(server.url, 'rex_test_default');
    const { body } = await api('GET', '/contacts?sort=email&include=company');
    const [ada, grace, lin] = body.data;
    expect(ada).toMatchObject({
      email: 'ada@example.com',
      last_name: 'Lovelace, Countess',
      icp_score: 42,
      metadata: { plan: 'pro' },
      company: {
        name: 'Acme, Inc.',
        domain: 'acme.com',
        address: expect.objectContaining({ city: 'Paris' }),
      },
    });
    expect(grace).toMatchObject({
      last_name: 'Hopper "Amazing"',
      icp_score: null,
      metadata: {},
      company_id: null,
    });
    expect(lin).toMatchObject({ first_name: 'Lin\non two lines', last_name: null });
  });

  it('logs one line per request: method, path, status, ms and the key last 4 characters', async () => {
    await client(server.url, 'rex_test_default')('GET', '/contacts?limit=1');
    await client(server.url)('POST', '/capture', { email: 'cap@example.com' });
    await expect
      .poll(() => server.stdout(), { timeout: 10_000 })
      .toMatch(/\n\d\d:\d\d:\d\d\.\d{3} GET \/contacts\?limit=1 200 \d+\.\dms key …ault\n/);
    await expect
      .poll(() => server.stdout(), { timeout: 10_000 })
      .toMatch(/ POST \/capture 201 \d+\.\dms no key\n/);
    expect(server.stdout()).not.toContain('rex_test_default 200');
  });
});

describe('rex-mock-server CLI with a snapshot seed', () => {
  it('restores the snapshot at start, events included', async () => {
    const snapshot = {
      version: 1,
      orgs: {
        rex_test_snap: {
          companies: [],
          contacts: [
            {
              id: 'cont_01h455vb4pex5vsknk084sn02q',
              email: 'snap@example.com',
              first_name: null,
              last_name: null,
              phone: null,
              title: null,
              linkedin_url: null,
              stage: 'lead',
              source: 'other',
              source_detail: null,
              icp_score: null,
              icp_score_reason: null,
              icp_scored_at: null,
              company_id: null,
              owner_id: null,
              metadata: {},
              created_at: '2026-01-01T00:00:00.000Z',
              updated_at: '2026-01-01T00:00:00.000Z',
            },
          ],
          events: [
            {
              id: 'evt_01h455vb4pex5vsknk084sn02r',
              type: 'contact.created',
              timestamp: '2026-01-01T00:00:00.000Z',
              data: { id: 'cont_01h455vb4pex5vsknk084sn02q', email: 'snap@example.com' },
            },
          ],
        },
      },
    };
    // A saved `GET /__rex/snapshot` answer holds the snapshot in `data`.
    const path = file('snapshot.json', JSON.stringify({ data: snapshot }));
    const server = await start('--port', '0', '--seed', path);
    try {
      expect(server.stdout()).toContain(`Restored ${path}`);
      expect(server.stdout()).toMatch(
        /org rex_test_snap +1 contact, 1 event +read it with X-Api-Key: rex_test_snap/,
      );
      const api = client(server.url, 'rex_test_snap');
      const { body } = await api('GET', '/contacts');
      expect(body.data.map((c: { email: string }) => c.email)).toEqual(['snap@example.com']);
      expect((await api('GET', '/events')).body.data.map((e: { id: string }) => e.id)).toEqual([
        'evt_01h455vb4pex5vsknk084sn02r',
      ]);
    } finally {
      stop(server);
    }
  }, 40_000);
});

describe('rex-mock-server CLI answers', () => {
  it('prints usage with --help and the package version with --version', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: rex-mock-server');
    for (const flag of ['--port', '--host', '--seed', '--seed-resource', '--config', '--log', '--version']) {
      expect(help.stdout).toContain(flag);
    }
    const version = run('--version');
    expect(version.status).toBe(0);
    const { version: expected } = JSON.parse(
      readFileSync(join(root, 'packages/mock-server/package.json'), 'utf8'),
    );
    expect(version.stdout).toBe(`${expected}\n`);
    expect(VERSION).toBe(expected);
  }, 60_000);

  it('suggests the nearest option for an unknown one', () => {
    const typo = run('--prot', '1');
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('Unknown option --prot. Did you mean --port?');
    expect(run('--zzzzzz').stderr).not.toContain('Did you mean');
  }, 60_000);

  it('says a busy port is busy and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const busy = run('--port', String(port));
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(busy.stderr).toContain('--port 0');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);

  it('exits 1 naming the file, line and field of a bad seed, or the bad config option', () => {
    const badJson = file('bad.json', JSON.stringify({ contacts: [{ email: 'not-an-email' }] }));
    const badSeed = run('--port', '0', '--seed', badJson);
    expect(badSeed.status).toBe(1);
    expect(badSeed.stderr).toContain(`${badJson}: Invalid seed: contacts[0].email`);
    const badCsv = file('contacts.csv', 'email,first_name\nok@example.com,Ok\n\nnot-an-email,Bad\n');
    const csv = run('--port', '0', '--seed', badCsv);
    expect(csv.status).toBe(1);
    expect(csv.stderr).toContain('the record on line 4 (contacts[1]).email');
    const config = file('config-typo.json', JSON.stringify({ rateLimt: false }));
    const badConfig = run('--port', '0', '--config', config);
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr).toContain('Unknown config option rateLimt (did you mean rateLimit?)');
    const snapshot = file('snap.json', JSON.stringify({ version: 1, orgs: {} }));
    const mixed = run('--port', '0', '--seed', snapshot, '--seed', badJson);
    expect(mixed.stderr).toContain('is a snapshot: it replaces every org, so pass it alone');
  }, 90_000);
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and a BOM', () => {
    const rows = parseCsv('\uFEFFa,b,c\r\n"1,5","say ""hi""","two\nlines"\n\n,,\nlast,"",x');
    expect(rows).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1,5', 'say "hi"', 'two\nlines'], line: 2 },
      { cells: ['', '', ''], line: 5 },
      { cells: ['last', '', 'x'], line: 6 },
    ]);
  });

  it('refuses an unclosed quote and a stray quote, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(new CsvError(2, 'a quoted field is never closed'));
    expect(() => parseCsv('a\nb"c')).toThrow(/^line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('"a"b')).toThrow(/^line 1: text after a closing quote/);
  });
});

describe('CSV seed files', () => {
  it('picks the resource from the file name, or from --seed-resource', () => {
    expect(csvResource('/x/contacts.csv', [COMPANIES, CONTACTS], undefined)).toBe(CONTACTS);
    expect(csvResource('/x/2026-company-list.csv', [COMPANIES, CONTACTS], undefined)).toBe(COMPANIES);
    expect(csvResource('/x/people.csv', [COMPANIES, CONTACTS], 'contacts')).toBe(CONTACTS);
    expect(() => csvResource('/x/people.csv', [COMPANIES, CONTACTS], undefined)).toThrow(/--seed-resource/);
    expect(() => csvResource('/x/contacts-and-companies.csv', [COMPANIES, CONTACTS], undefined)).toThrow(
      /cannot tell/,
    );
    expect(() => csvResource('/x/a.csv', [COMPANIES, CONTACTS], 'deals')).toThrow(/not a resource/);
    // The file name wins: `--seed-resource` is for files whose name does not say.
    expect(csvResource('/x/companies.csv', [COMPANIES, CONTACTS], 'contacts')).toBe(COMPANIES);
  });

  it('keeps cells as text unless the field wants JSON, and a header named __proto__ is only a field', () => {
    const { records } = csvRecords(
      'email,icp_score,phone,metadata,__proto__\na@x.com,7,0123,"{""a"":1}",z\n',
      CONTACTS,
    );
    expect(records).toEqual([
      { email: 'a@x.com', icp_score: 7, phone: '0123', metadata: { a: 1 }, ['__proto__']: 'z' },
    ]);
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype);
  });

  it('reads a JSON seed, an array of seeds, and a snapshot', () => {
    expect(readSeedFile(file('one.json', '{"contacts":[]}'), [CONTACTS], undefined)).toMatchObject({
      kind: 'seeds',
      seeds: [{ contacts: [] }],
    });
    expect(readSeedFile(file('many.json', '[{},{}]'), [CONTACTS], undefined)).toMatchObject({
      kind: 'seeds',
      seeds: [{}, {}],
    });
    expect(readSeedFile(file('s.json', '{"version":1,"orgs":{}}'), [CONTACTS], undefined).kind).toBe(
      'snapshot',
    );
    expect(() => readSeedFile(file('n.json', '42'), [CONTACTS], undefined)).toThrow(/seed object/);
    expect(() => readSeedFile(join(dir, 'missing.json'), [CONTACTS], undefined)).toThrow(/Cannot read seed/);
  });
});

describe('suggest', () => {
  it('finds a typo, a swap and a prefix, and nothing for a different word', () => {
    const known = ['port', 'host', 'seed', 'seed-resource', 'config', 'log', 'version', 'help'];
    expect(suggest('prot', known)).toBe('port');
    expect(suggest('hots', known)).toBe('host');
    expect(suggest('seed-res', known)).toBe('seed-resource');
    expect(suggest('seedresource', known)).toBe('seed-resource');
    expect(suggest('verison', known)).toBe('version');
    expect(suggest('banana', known)).toBeUndefined();
  });
});
