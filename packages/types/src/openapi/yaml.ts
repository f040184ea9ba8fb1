// A YAML emitter for plain JSON data (what an OpenAPI document is): block mappings and
// sequences, and scalars that YAML reads back as exactly the JSON value. No anchors, tags or
// multi-line styles, so it stays a few dozen lines and `@rex/types` keeps zod as its only
// dependency.

// A plain (unquoted) scalar is safe when YAML cannot read it as anything but this string: no
// indicator at the start, no `: ` or ` #` inside, no edge spaces, and not a word or number that
// YAML 1.1 or 1.2 would turn into a bool, null or number.
const PLAIN = /^[A-Za-z_/.$(][A-Za-z0-9_ /.$(){}'+,;=?&-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan|[-+]?\.?\d.*)$/i;

function scalar(value: string): string {
  if (value !== '' && PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ')) {
    if (!value.includes(': ') && !value.includes(' #')) return value;
  }
  // A JSON string is a valid YAML double-quoted scalar once the characters YAML insists on
  // escaping (C1 controls, DEL, BOM, line and paragraph separators) are escaped too.
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const key = (name: string): string => scalar(name);

function leaf(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Not JSON: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return '{}';
  if (typeof value === 'object') return undefined;
  throw new TypeError(`Not JSON: ${typeof value}`);
}

function lines(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      const simple = leaf(item);
      if (simple !== undefined) {
        out.push(`${indent}- ${simple}`);
        continue;
      }
      // The first line of a nested block goes after the dash; the rest line up with it.
      const nested: string[] = [];
      lines(item, `${indent}  `, nested);
      out.push(`${indent}- ${(nested[0] ?? '').slice(indent.length + 2)}`, ...nested.slice(1));
    }
    return;
  }
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    const simple = leaf(item);
    if (simple !== undefined) out.push(`${indent}${key(name)}: ${simple}`);
    else {
      out.push(`${indent}${key(name)}:`);
      lines(item, Array.isArray(item) ? indent : `${indent}  `, out);
    }
  }
}

/**
 * Writes JSON data as block-style YAML that parses back to the same value.
 * @param value - Plain JSON data: objects, arrays, strings, finite numbers, booleans, null.
 */
export function toYaml(value: unknown): string {
  const simple = leaf(value);
  if (simple !== undefined) return `${simple}\n`;
  const out: string[] = [];
  lines(value, '', out);
  return `${out.join('\n')}\n`;
}
