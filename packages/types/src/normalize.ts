import * as z from 'zod/mini';

/** Which dedup key a {@link NormalizationError} is about. */
export type NormalizedField = 'email' | 'domain';

/**
 * Thrown by {@link normalizeEmail} and {@link normalizeDomain} when the input cannot be turned
 * into a valid dedup key.
 */
export class NormalizationError extends Error {
  override readonly name = 'NormalizationError' as const;
  /** The dedup key that failed: `email` or `domain`. */
  declare readonly field: NormalizedField;
  /** The value as it was given. */
  declare readonly input: string;
  /** Why it was refused, without the value (`it is not a valid email address`). */
  declare readonly reason: string;

  constructor(field: NormalizedField, input: string, reason: string) {
    super(`Invalid ${field} ${JSON.stringify(clip(input))}: ${reason}`);
    this.field = field;
    this.input = input;
    this.reason = reason;
  }
}

const clip = (value: string): string => (value.length > 80 ? `${value.slice(0, 77)}...` : value);

// zod's default email pattern (zod/v4/core regexes.email), kept as a plain RegExp: the same
// addresses zod accepts, without the string-format machinery in a browser bundle. Applied after
// lowercasing, so only the lowercase half of its character classes matters.
const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** Longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
const MAX_EMAIL_LENGTH = 254;

/**
 * Normalises an email address into Rex's dedup key: trimmed and lowercased as a whole.
 *
 * Dots and `+tags` are kept: `ada.l+crm@example.com` and `adal@example.com` are different contacts.
 *
 * @throws {@link NormalizationError} when the result is not a valid address.
 * @example
 * normalizeEmail('  Ada@Example.COM '); // 'ada@example.com'
 */
export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email === '') throw new NormalizationError('email', input, 'it is empty');
  if (email.length > MAX_EMAIL_LENGTH) {
    throw new NormalizationError('email', input, `it is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  if (!EMAIL.test(email)) {
    throw new NormalizationError('email', input, 'it is not a valid email address');
  }
  return email;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const MAX_HOST_LENGTH = 253;

/**
 * Normalises a company domain into Rex's dedup key.
 *
 * Accepts a bare host or a full URL and keeps only the host: scheme, userinfo, port, path,
 * query and fragment are dropped, the host is lowercased, a leading `www.` and a trailing `.`
 * are removed and internationalised names become punycode. Other subdomains are kept
 * (`eu.acme.com` is not `acme.com`).
 *
 * @throws {@link NormalizationError} when no valid DNS host name remains (IP addresses and
 * single-label hosts such as `localhost` are not company domains).
 * @example
 * normalizeDomain('https://www.Acme.com/about'); // 'acme.com'
 * normalizeDomain('münchen.de');                 // 'xn--mnchen-3ya.de'
 */
export function normalizeDomain(input: string): string {
  const raw = input.trim().toLowerCase();
  if (raw === '') throw new NormalizationError('domain', input, 'it is empty');
  if (/\s/.test(raw)) throw new NormalizationError('domain', input, 'it contains white space');
  // The WHATWG URL parser does the host work (userinfo, port, percent-decoding, IDNA to
  // punycode) the same way in Node, browsers and edge runtimes. Any scheme is read as http so
  // that `ftp://acme.com` still yields a host instead of an opaque path.
  const rest = raw.replace(SCHEME, '');
  // The URL parser would read `\\` as `/` and skip leading slashes (`\\acme.com`, `//acme.com`
  // → `acme.com`): neither is how anyone writes a host or a URL, so both are refused.
  if (rest.startsWith('/') || rest.includes('\\')) {
    throw new NormalizationError('domain', input, 'it is not a host name or URL');
  }
  let host: string;
  try {
    host = new URL(`http://${rest}`).hostname;
  } catch {
    throw new NormalizationError('domain', input, 'it is not a host name or URL');
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.startsWith('[') || IPV4.test(host)) {
    throw new NormalizationError('domain', input, 'an IP address is not a domain');
  }
  // `www.com` keeps its `www`: dropping it would leave a bare top-level domain.
  if (host.startsWith('www.') && host.indexOf('.', 4) !== -1) host = host.slice(4);
  if (host.length > MAX_HOST_LENGTH) {
    throw new NormalizationError('domain', input, `the host is longer than ${MAX_HOST_LENGTH} characters`);
  }
  const labels = host.split('.');
  if (labels.length < 2) {
    throw new NormalizationError('domain', input, 'a domain needs at least two labels, such as acme.com');
  }
  if (!labels.every((label) => LABEL.test(label))) {
    throw new NormalizationError('domain', input, 'it is not a valid host name');
  }
  return host;
}

// @__NO_SIDE_EFFECTS__
function normalizable(normalize: (input: string) => string) {
  return z.string().check(
    z.check((ctx) => {
      try {
        normalize(ctx.value);
      } catch (error) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: error instanceof NormalizationError ? `is invalid: ${error.reason}` : String(error),
        });
      }
    }),
  );
}

/**
 * A request's `email`: any string {@link normalizeEmail} accepts. Validation only; whoever uses
 * it as a dedup key normalises it (the server stores and matches the normalised form).
 */
export const EmailInput = /* @__PURE__ */ normalizable(normalizeEmail);

/**
 * A request's `domain`: a host or URL {@link normalizeDomain} accepts. Validation only, like
 * {@link EmailInput}.
 */
export const DomainInput = /* @__PURE__ */ normalizable(normalizeDomain);
