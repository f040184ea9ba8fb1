import { ENDPOINTS, type OperationId } from '@rex/types';
import type { Context, MockRequest, Stage } from '../../stages/compose.js';

/** A request record as an adapter would hand it to the pipeline. */
export function mockRequest(
  method: string,
  target: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): MockRequest {
  const q = target.indexOf('?');
  const headers = Object.fromEntries(
    Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const bytes = new TextEncoder().encode(init.body ?? '');
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    search: q === -1 ? '' : target.slice(q + 1),
    header: (name) => headers[name] ?? null,
    body: async (limit) => bytes.subarray(0, limit + 1),
  };
}

/** A context at the start of the pipeline, with the route of `operationId` when given. */
export function context(
  request: MockRequest,
  extra: Partial<Context> & { operationId?: OperationId; params?: Record<string, string> } = {},
): Context {
  const { operationId, params, ...rest } = extra;
  const endpoint = operationId ? ENDPOINTS.find((e) => e.operationId === operationId) : undefined;
  return {
    req: request,
    method: request.method === 'HEAD' ? 'GET' : request.method,
    path: request.path,
    requestId: 'req_test',
    key: request.header('x-api-key'),
    bucket: null,
    query: {},
    body: undefined,
    admin: request.path.startsWith('/__rex'),
    ...(endpoint ? { route: { endpoint, params: params ?? {} } } : {}),
    ...rest,
  };
}

/** Runs one stage; tells whether it passed the request on. */
export async function runStage(stage: Stage, ctx: Context): Promise<{ next: boolean }> {
  let next = false;
  await stage(ctx, async () => {
    next = true;
  });
  return { next };
}

/** Runs a stage expected to throw; returns what it threw. */
export async function stageError(
  stage: Stage,
  ctx: Context,
): Promise<{
  status: number;
  error: { code: string; message: string; param?: string };
  headers: Record<string, string>;
}> {
  try {
    await runStage(stage, ctx);
  } catch (error) {
    return error as never;
  }
  throw new Error('the stage did not throw');
}
