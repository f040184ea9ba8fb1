import { clip, type Journal } from './admin/journal.js';
import type { JournalEntry } from './options.js';
import { type Context, compose, type MockRequest, type MockResponse, type Stage } from './stages/compose.js';
import { corsHeaders } from './stages/cors.js';
import { toHttpError } from './stages/errors.js';
import type { RateLimiter } from './stages/rate-limit.js';

/** What the pipeline needs besides its stages. */
export interface PipelineOptions {
  /** The path prefix of the base URL (`/v1`), stripped before routing; `''` for none. */
  basePath: string;
  stages: readonly Stage[];
  limiter: RateLimiter;
  journal: Journal;
  requestId: () => string;
  now: () => Date;
}

/** Strips the base path and a trailing slash: `/v1/contacts/` → `/contacts`. */
function relativePath(path: string, base: string): string {
  let out = path;
  if (base !== '' && (out === base || out.startsWith(`${base}/`))) out = out.slice(base.length);
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out === '' ? '/' : out;
}

/**
 * The mock's request path, transport-free: a {@link MockRequest} in, a {@link MockResponse} out.
 * The stages run in order; whatever one throws becomes a Rex error answer here, in one place;
 * then every answer gets the headers Rex always sends and, for API calls, a journal entry.
 */
export class Pipeline {
  private readonly run: (ctx: Context) => Promise<void>;

  constructor(private readonly options: PipelineOptions) {
    this.run = compose(options.stages);
  }

  async handle(req: MockRequest): Promise<MockResponse> {
    const { options } = this;
    const started = performance.now();
    const path = relativePath(req.path, options.basePath);
    const ctx: Context = {
      req,
      method: req.method === 'HEAD' ? 'GET' : req.method,
      path,
      requestId: options.requestId(),
      key: req.header('x-api-key'),
      bucket: null,
      query: {},
      body: undefined,
      admin: path === '/__rex' || path.startsWith('/__rex/'),
    };
    let res: MockResponse;
    try {
      await this.run(ctx);
      res = ctx.res ?? { status: 500, headers: {}, body: null };
    } catch (error) {
      const http = toHttpError(error);
      res = {
        status: http.status,
        headers: { ...http.headers },
        body: JSON.stringify({ error: http.error }),
      };
    }
    if (!res.networkError) this.finish(ctx, res);
    // CORS preflights are the browser's, not the caller's: they stay out of the journal.
    if (!ctx.admin && req.method !== 'OPTIONS') this.record(ctx, res, performance.now() - started);
    return res;
  }

  /** The headers every answer carries: request id, rate limit, CORS (API only), content type. */
  private finish(ctx: Context, res: MockResponse): void {
    const rate = ctx.rate ?? this.options.limiter.peek(ctx.bucket ?? ctx.key);
    const own = res.headers;
    const headers: Record<string, string> = ctx.admin ? {} : corsHeaders();
    headers['x-request-id'] = ctx.requestId;
    headers['x-ratelimit-limit'] = String(rate.limit);
    headers['x-ratelimit-remaining'] = String(rate.remaining);
    headers['x-ratelimit-reset'] = String(rate.reset);
    if (res.body !== null && own['content-type'] === undefined) headers['content-type'] = 'application/json';
    for (const name in own) headers[name] = own[name] as string;
    res.headers = headers;
    // HEAD answers like GET, without the body.
    if (ctx.req.method === 'HEAD') res.body = null;
  }

  private record(ctx: Context, res: MockResponse, durationMs: number): void {
    const entry: JournalEntry = {
      method: ctx.req.method,
      path: ctx.path,
      query: ctx.req.search,
      status: res.networkError ? 0 : res.status,
      key: ctx.key,
      time: this.options.now().toISOString(),
      durationMs: Math.round(durationMs * 1000) / 1000,
      requestId: ctx.requestId,
      requestBody: clip(ctx.text),
      responseBody: clip(res.body),
    };
    this.options.journal.record(entry);
  }
}
