import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type ResourceDeclaration, validate } from '@rex/types';
import type { RexSnapshot, SeedInput } from '../options.js';
import { CsvError, parseCsv } from './csv.js';

/** What a `--seed` file holds: seeds (loaded at start and by every reset), or a snapshot. */
export type SeedFile =
  | { kind: 'seeds'; path: string; seeds: SeedInput[]; rows?: readonly number[] }
  | { kind: 'snapshot'; path: string; snapshot: RexSnapshot };

/** A seed file that cannot be used, naming the file and what is wrong. */
export class SeedFileError extends Error {
  override readonly name = 'SeedFileError' as const;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSnapshot = (value: unknown): value is RexSnapshot =>
  isObject(value) && value.version !== undefined && value.orgs !== undefined;

/**
 * The resource a CSV file holds: the one whose plural (or singular) name the file name
 * contains (`contacts.csv`, `2026-companies.csv`), else the one `--seed-resource` names.
 */
export function csvResource(
  path: string,
  resources: readonly ResourceDeclaration[],
  named: string | undefined,
): ResourceDeclaration {
  const plurals = resources.map((d) => d.plural).join(', ');
  const name = basename(path, extname(path)).toLowerCase();
  let candidates = resources.filter((d) => name.includes(d.plural));
  if (candidates.length === 0) candidates = resources.filter((d) => name.includes(d.name));
  // A name inside a longer one that also matched (`deal` in `deal_stages`) is not a second match.
  const found = candidates.filter(
    (d) => !candidates.some((other) => other !== d && other.plural.includes(d.plural)),
  );
  if (found.length === 1) return found[0] as ResourceDeclaration;
  if (named !== undefined) {
    const declared = resources.find((d) => d.plural === named || d.name === named);
    if (!declared) throw new SeedFileError(`--seed-resource ${named} is not a resource (${plurals})`);
    return declared;
  }
  throw new SeedFileError(
    `${path}: cannot tell which resource the CSV holds from its name; name the file after it or pass --seed-resource (${plurals})`,
  );
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (!isObject(next)) {
      const fresh: Record<string, unknown> = {};
      Object.defineProperty(node, part, {
        value: fresh,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      node = fresh;
    } else node = next;
  }
  Object.defineProperty(node, path[path.length - 1] as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function getPath(target: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = target;
  for (const part of path) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/**
 * Reads a cell as JSON where the resource's create schema refuses it as text: a cell is a
 * string unless its field wants a number, a boolean or an object (`icp_score` 42, `metadata`
 * `{"plan":"pro"}`). What still fails is left for the seed to report.
 */
function coerce(record: Record<string, unknown>, declaration: ResourceDeclaration): void {
  for (let pass = 0; pass < 3; pass++) {
    const result = validate(declaration.schemas.create, record);
    if (result.success) return;
    let changed = false;
    for (const issue of result.issues) {
      const path = issue.param.split('.');
      const value = getPath(record, path);
      if (typeof value !== 'string') continue;
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed !== 'string') {
          setPath(record, path, parsed);
          changed = true;
        }
      } catch {
        // Not JSON either: the seed names the field.
      }
    }
    if (!changed) return;
  }
}

/**
 * Turns a CSV file into the records of one resource: the header row names the fields (a dotted
 * name such as `address.city` or `metadata.plan` fills a nested object), an empty cell leaves
 * its field out (absent, not `""`).
 */
export function csvRecords(
  text: string,
  declaration: ResourceDeclaration,
): { records: Record<string, unknown>[]; lines: number[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { records: [], lines: [] };
  const fields = header.cells.map((cell) => cell.trim());
  fields.forEach((field, i) => {
    if (field === '') throw new CsvError(header.line, `the header's column ${i + 1} has no field name`);
    if (fields.indexOf(field) !== i) throw new CsvError(header.line, `the header names ${field} twice`);
  });
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  for (const row of rows) {
    if (row.cells.length > fields.length && row.cells.slice(fields.length).some((cell) => cell !== '')) {
      throw new CsvError(row.line, `${row.cells.length} cells, but the header names ${fields.length} fields`);
    }
    const record: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const cell = row.cells[i] ?? '';
      if (cell !== '') setPath(record, field.split('.'), cell);
    });
    coerce(record, declaration);
    records.push(record);
    lines.push(row.line);
  }
  return { records, lines };
}

/**
 * Reads one `--seed` file: a JSON seed (an object or an array of them), a JSON snapshot
 * (`{ version: 1, orgs }`, or a saved `GET /__rex/snapshot` answer holding it in `data`), or a
 * CSV of one resource's records for org `default`.
 */
export function readSeedFile(
  path: string,
  resources: readonly ResourceDeclaration[],
  csvResourceName: string | undefined,
): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedFileError(
      `Cannot read seed ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (extname(path).toLowerCase() === '.csv') {
    const declaration = csvResource(path, resources, csvResourceName);
    try {
      const { records, lines } = csvRecords(text, declaration);
      return { kind: 'seeds', path, seeds: [{ [declaration.plural]: records } as SeedInput], rows: lines };
    } catch (error) {
      if (error instanceof CsvError) throw new SeedFileError(`${path}: ${error.message}`);
      throw error;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(
      `${path} is not JSON (${error instanceof Error ? error.message : String(error)}); a seed file is JSON, or CSV named *.csv`,
    );
  }
  if (isObject(value) && isSnapshot(value.data)) value = value.data;
  if (isSnapshot(value)) return { kind: 'snapshot', path, snapshot: value };
  if (isObject(value)) return { kind: 'seeds', path, seeds: [value as SeedInput] };
  if (Array.isArray(value)) return { kind: 'seeds', path, seeds: value as SeedInput[] };
  throw new SeedFileError(`${path} must hold a seed object, an array of them, or a snapshot`);
}
