import type { ResourceDeclaration } from '@rex/types';
import { checkAdminRequest, INSPECTOR_PATH } from '../admin/routes.js';
import type { Stage } from '../stages/compose.js';
import { VERSION } from '../version.js';
import type { InspectorConfig } from './client.js';
import { renderInspectorPage } from './page.js';

/** What the inspector page needs to know about its mock. */
export interface InspectorPageOptions {
  baseUrl: string;
  resources: readonly ResourceDeclaration[];
  /** Whether `GET /__rex/deliveries` answers (the mock delivers webhooks). */
  deliveries: boolean;
  /** Whether the mock accepts only its configured `apiKeys`. */
  apiKeys: boolean;
  /** How often the page polls. @default 1000 */
  pollMs?: number;
}

// Fields that name a record for a person, tried in order after the resource's dedup key.
const LABEL_FIELDS = ['name', 'title', 'email', 'subject', 'slug', 'url', 'type'];

/** The page's configuration, derived from the mock's. */
export function inspectorConfig(options: InspectorPageOptions): InspectorConfig {
  return {
    version: VERSION,
    baseUrl: options.baseUrl,
    resources: options.resources.map((d) => ({
      plural: d.plural,
      title: d.plural.charAt(0).toUpperCase() + d.plural.slice(1).replace(/_/g, ' '),
      labels: [...new Set([...(d.upsertKey ? [d.upsertKey] : []), ...LABEL_FIELDS])],
    })),
    deliveries: options.deliveries,
    keyMode: options.apiKeys ? 'api-keys' : 'test-keys',
    pollMs: options.pollMs ?? 1000,
  };
}

const nonce = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
};

/**
 * Serves the inspector page at `GET /__rex/` (and `/__rex`) under the admin safety rules: the
 * `Host` check, no CORS headers, and a Content-Security-Policy that lets only its own inline
 * style and script run, lets it call only its own origin, and forbids framing it (so another
 * site cannot trick a click on its Reset button). Every other admin request goes on.
 */
export function createInspectorStage(options: InspectorPageOptions, ownHost: string): Stage {
  const config = inspectorConfig(options);
  return (ctx, next) => {
    if (!ctx.admin || ctx.path !== INSPECTOR_PATH || ctx.method !== 'GET') return next();
    checkAdminRequest(ctx, ownHost);
    const token = nonce();
    ctx.res = {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': [
          "default-src 'none'",
          `script-src 'nonce-${token}'`,
          `style-src 'nonce-${token}'`,
          "connect-src 'self'",
          "img-src 'self' data:",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
      body: renderInspectorPage(config, token),
    };
  };
}
