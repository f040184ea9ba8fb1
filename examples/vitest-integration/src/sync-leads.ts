/**
 * An app module to test: syncs leads from a CSV export (a trade-show scanner, a webinar tool)
 * into Rex. Each row is upserted by email, so running the same file twice creates nothing new.
 */
import { type Rex, ValidationError } from '@rex/sdk';

/** What the SDK's `contacts.upsert` accepts. */
type ContactUpsertParams = Parameters<Rex['contacts']['upsert']>[0];

/** The CSV columns the sync understands; `email` is required, the others optional. */
export const LEAD_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'phone',
  'title',
  'stage',
  'source',
  'source_detail',
] as const;

/** A row that could not be synced. */
export interface FailedRow {
  /** 1-based line number in the CSV, the header being line 1. */
  line: number;
  email: string;
  /** Why it failed: the SDK error's message, which names the field and the call. */
  reason: string;
}

/** What a sync did. */
export interface SyncResult {
  created: number;
  updated: number;
  failed: number;
  failures: FailedRow[];
}

/**
 * Parses CSV text (RFC 4180: quoted fields may hold commas, newlines and doubled quotes) into
 * rows of cells. Blank lines are skipped.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += char;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/**
 * Upserts every row of `csv` into Rex by email, one after another, and counts what happened.
 * A row with invalid values (a bad email, an unknown stage) is reported in `failures` and the
 * sync goes on; any other error (a bad key, Rex still down after the SDK's retries) stops the
 * sync and is thrown.
 *
 * @param csv - A header row naming columns of {@link LEAD_COLUMNS}, then one lead per row.
 * @example
 * const result = await syncLeads(new Rex({ apiKey, baseUrl }), 'email,first_name\nada@example.com,Ada\n');
 * // { created: 1, updated: 0, failed: 0, failures: [] }
 */
export async function syncLeads(rex: Rex, csv: string): Promise<SyncResult> {
  const [header, ...rows] = parseCsv(csv);
  const columns = (header?.cells ?? []).map((name) => name.trim().toLowerCase());
  if (!columns.includes('email')) throw new Error('The CSV has no `email` column');
  const unknown = columns.filter((name) => !(LEAD_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`Unknown CSV column(s): ${unknown.join(', ')}`);

  const result: SyncResult = { created: 0, updated: 0, failed: 0, failures: [] };
  for (const { line, cells } of rows) {
    const lead: Record<string, string> = {};
    columns.forEach((name, i) => {
      const value = cells[i]?.trim();
      if (value) lead[name] = value;
    });
    try {
      // Cells are plain strings: the SDK checks them (email format, the stage and source enums)
      // before sending and throws a ValidationError naming the field.
      const params = { ...lead, email: lead.email ?? '' } as ContactUpsertParams;
      const { created } = await rex.contacts.upsert(params);
      if (created) result.created++;
      else result.updated++;
    } catch (error) {
      // Invalid values (found by the SDK before sending, or a 400 from Rex) fail this row only.
      if (!(error instanceof ValidationError)) throw error;
      result.failed++;
      result.failures.push({ line, email: lead.email ?? '', reason: error.message });
    }
  }
  return result;
}
