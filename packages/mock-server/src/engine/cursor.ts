import { InvalidInput } from './errors.js';
import type { KeysetPosition } from './sorted-index.js';

// A cursor is base64url JSON of [sort value, id, signature]. The signature is a hash of the
// resource, sort and filters, so a cursor only continues the query that produced it.

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** The signature a cursor is bound to: which list, sorted how, filtered how. */
export const querySignature = (parts: readonly unknown[]): string => fnv1a(JSON.stringify(parts));

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Encodes the position after `row` for the query with `signature`. */
export const encodeCursor = (position: KeysetPosition, signature: string): string =>
  toBase64Url(JSON.stringify([position.value, position.id, signature]));

/** Decodes a cursor, refusing a garbled one or one from another query (400, `param: cursor`). */
export function decodeCursor(cursor: string, signature: string): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(cursor));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    (typeof parsed[0] === 'string' || parsed[0] === null) &&
    typeof parsed[1] === 'string'
  ) {
    if (parsed[2] === signature) return { value: parsed[0] as string | null, id: parsed[1] };
    throw new InvalidInput(
      'cursor',
      '`cursor` belongs to a list with another sort or other filters; start again without it',
    );
  }
  throw new InvalidInput('cursor', '`cursor` is not a cursor this server issued');
}
