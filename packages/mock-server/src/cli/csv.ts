/** One record of a CSV file: its cells, and the line it starts on (1-based). */
export interface CsvRow {
  cells: string[];
  line: number;
}

/** A CSV file that cannot be read, naming the line. */
export class CsvError extends Error {
  override readonly name = 'CsvError' as const;

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Parses CSV as RFC 4180 writes it, and as spreadsheets export it: fields separated by commas,
 * records by CRLF or LF; a field in double quotes may hold commas, quotes (doubled: `""`) and
 * line breaks. A leading byte-order mark is dropped; a blank line is no record.
 * @param text - The whole file.
 * @returns Every record, with the line it starts on (for error messages).
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  // Whether the current field began with a quote and its closing quote was seen.
  let closed = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    closed = false;
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ cells, line: start });
    cells = [];
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (char === '\n') line++;
        cell += char;
      }
      continue;
    }
    if (char === ',') endCell();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else if (char === '"' && cell === '' && !closed) quoted = true;
    else if (closed)
      throw new CsvError(line, 'text after a closing quote; double a quote inside a quoted field');
    else if (char === '"')
      throw new CsvError(line, 'a quote inside an unquoted field; quote the field and double the quote');
    else cell += char;
  }
  if (quoted) throw new CsvError(start, 'a quoted field is never closed');
  if (cell !== '' || cells.length > 0 || closed) endRow();
  return rows;
}
