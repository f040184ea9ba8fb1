const encoder = /* @__PURE__ */ new TextEncoder();

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => (byte | 256).toString(16).slice(1)).join('');

/**
 * A signing key for a subscription's secret: the secret's UTF-8 bytes as an HMAC-SHA256 key,
 * as Rex (and `verifyWebhookSignature` in `@rex/sdk`) use it.
 */
export function importSigningKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
}

/**
 * The `X-Rex-Signature` header of a delivery [Rex]: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "{t}.{body}">`, with Web Crypto so it runs wherever the mock does (Node, MSW in a browser).
 */
export async function signatureHeader(key: CryptoKey, body: string, unixSeconds: number): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${hex(mac)}`;
}

/** A new signing secret: `whsec_` and 24 bytes as hex, from `bytes` (the platform's CSPRNG by default). */
export function createSecret(bytes: (n: number) => Uint8Array = defaultBytes): string {
  return `whsec_${Array.from(bytes(24), (byte) => (byte | 256).toString(16).slice(1)).join('')}`;
}

const defaultBytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
