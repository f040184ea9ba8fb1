import { describe, expect, it } from 'vitest';
import { NormalizationError, normalizeDomain, normalizeEmail } from '../normalize.js';

describe('normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['Ada@Example.com', 'ada@example.com'],
    ['ADA@EXAMPLE.COM', 'ada@example.com'],
    ['  ada@example.com  ', 'ada@example.com'],
    ['\tada@example.com\n', 'ada@example.com'],
    ['ada.lovelace@example.com', 'ada.lovelace@example.com'],
    ['Ada.Lovelace+CRM@Example.co.uk', 'ada.lovelace+crm@example.co.uk'],
    ['a+b+c@sub.example.org', 'a+b+c@sub.example.org'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['under_score@example.com', 'under_score@example.com'],
    ['x@eu.acme.io', 'x@eu.acme.io'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('keeps dots and plus tags, so they stay different contacts', () => {
    expect(normalizeEmail('ada.l+crm@example.com')).not.toBe(normalizeEmail('adal@example.com'));
  });

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['ada', 'not a valid email'],
    ['ada@', 'not a valid email'],
    ['@example.com', 'not a valid email'],
    ['ada@example', 'not a valid email'],
    ['ada@@example.com', 'not a valid email'],
    ['ada lovelace@example.com', 'not a valid email'],
    ['ada@exa mple.com', 'not a valid email'],
    ['.ada@example.com', 'not a valid email'],
    ['ada..l@example.com', 'not a valid email'],
    [`${'a'.repeat(250)}@example.com`, 'longer than 254'],
  ])('rejects %j', (input, reason) => {
    expect(() => normalizeEmail(input)).toThrow(NormalizationError);
    expect(() => normalizeEmail(input)).toThrow(reason);
  });

  it('says which field failed and keeps the input', () => {
    try {
      normalizeEmail('nope');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NormalizationError);
      expect(error).toMatchObject({ name: 'NormalizationError', field: 'email', input: 'nope' });
      expect((error as Error).message).toBe('Invalid email "nope": it is not a valid email address');
    }
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['Acme.COM', 'acme.com'],
    ['  acme.com  ', 'acme.com'],
    ['https://www.Acme.com/about', 'acme.com'],
    ['http://acme.com', 'acme.com'],
    ['https://acme.com/', 'acme.com'],
    ['HTTPS://ACME.COM/Path/To?x=1#frag', 'acme.com'],
    ['acme.com/about', 'acme.com'],
    ['acme.com?utm_source=x', 'acme.com'],
    ['acme.com#top', 'acme.com'],
    ['acme.com:8080', 'acme.com'],
    ['https://acme.com:443/x', 'acme.com'],
    ['https://user:secret@acme.com/x', 'acme.com'],
    ['user@acme.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['WWW.ACME.COM', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['www.acme.com.', 'acme.com'],
    ['https://www.acme.com./pricing', 'acme.com'],
    ['eu.acme.com', 'eu.acme.com'],
    ['https://app.eu.acme.com/login', 'app.eu.acme.com'],
    ['www2.acme.com', 'www2.acme.com'],
    ['www.com', 'www.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['my-company.io', 'my-company.io'],
    ['ftp://files.acme.com/pub', 'files.acme.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['MÜNCHEN.DE', 'xn--mnchen-3ya.de'],
    ['https://www.bücher.example/', 'xn--bcher-kva.example'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['ac%6De.com', 'acme.com'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it('keeps other subdomains apart from the apex', () => {
    expect(normalizeDomain('eu.acme.com')).not.toBe(normalizeDomain('acme.com'));
  });

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['acme', 'at least two labels'],
    ['localhost', 'at least two labels'],
    ['http://', 'not a host name or URL'],
    ['acme .com', 'white space'],
    ['acme..com', 'not a valid host name'],
    ['-acme.com', 'not a valid host name'],
    ['acme-.com', 'not a valid host name'],
    ['acme_corp.com', 'not a valid host name'],
    ['acme.com:99999', 'not a host name or URL'],
    // The URL parser reads a backslash as `/` and skips leading slashes (fast-check found `\\0.A`).
    ['\\0.A', 'not a host name or URL'],
    ['0.A\\', 'not a host name or URL'],
    ['//acme.com', 'not a host name or URL'],
    ['https:///acme.com', 'not a host name or URL'],
    ['192.168.0.1', 'IP address'],
    ['http://[::1]/', 'IP address'],
    // A numeric last label makes the URL parser read the host as IPv4, which fails.
    ['acme.123', 'not a host name or URL'],
    ['1.2.3.4.5', 'not a host name or URL'],
    [`${'a'.repeat(64)}.com`, 'not a valid host name'],
    [`${'abcdefghij.'.repeat(23)}com`, 'longer than 253'],
  ])('rejects %j', (input, reason) => {
    expect(() => normalizeDomain(input)).toThrow(NormalizationError);
    expect(() => normalizeDomain(input)).toThrow(reason);
  });

  it('is idempotent on its own output', () => {
    for (const input of ['https://www.Acme.com/about', 'münchen.de', 'eu.acme.com.']) {
      const once = normalizeDomain(input);
      expect(normalizeDomain(once)).toBe(once);
    }
  });
});
