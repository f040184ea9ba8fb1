/**
 * A client generated from the OpenAPI 3.0 document by other people's tools — `openapi-typescript`
 * for the types, `openapi-fetch` for the calls — doing what an integration does: create,
 * read, update, upsert, page through a list and delete; then a deal through a pipeline's stages,
 * an API key and a webhook subscription, whose key and secret come beside `data`. The conformance check compiles this
 * file against freshly generated types under `tsc --strict` without `skipLibCheck`, then runs
 * it against the mock server.
 *
 * `#rex-openapi` resolves to the types generated in that run; the root `package.json` maps it
 * to a committed copy (`rex-api.d.ts`) so the repository type-checks without generating.
 */

import createClient from 'openapi-fetch';
import type { components, paths } from '#rex-openapi';

type Schemas = components['schemas'];
type Contact = Schemas['Contact'];
type Created<P extends keyof paths> = paths[P] extends {
  post: { responses: { 201: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

// What a user reads off the generated types: unions stay unions, metadata is not `any`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type IsAny<T> = 0 extends 1 & T ? true : false;
export type TypeChecks = [
  Expect<Equal<Contact['stage'], 'lead' | 'prospect' | 'customer' | 'churned'>>,
  Expect<Equal<Schemas['Company']['size'], '1-10' | '11-50' | '51-200' | '201-1000' | '1000+' | null>>,
  Expect<Equal<string extends Schemas['ErrorEnvelope']['error']['code'] ? true : false, false>>,
  Expect<Equal<Schemas['ErrorEnvelope']['error']['code'] extends string ? true : false, true>>,
  Expect<Equal<IsAny<Contact['metadata'][string]>, false>>,
  Expect<Equal<Contact['icp_score'], number | null>>,
  Expect<Equal<Schemas['Deal']['status'], 'open' | 'won' | 'lost' | 'stalled'>>,
  Expect<Equal<Schemas['PipelineStage']['type'], 'open' | 'won' | 'lost'>>,
  // What a create shows once, beside `data`.
  Expect<Equal<Created<'/apikeys'>['key'], string>>,
  Expect<Equal<Created<'/webhooks'>['secret'], string>>,
];

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`openapi-fetch flow: ${message}`);
}

/**
 * Runs the flow against a Rex server; throws on the first surprise. `hookUrl` is where the
 * webhook subscription it makes points: a local address nothing answers on.
 * @returns How many requests it made.
 */
export async function runClientFlow(baseUrl: string, apiKey: string, hookUrl: string): Promise<number> {
  let requests = 0;
  const client = createClient<paths>({
    baseUrl,
    headers: { 'X-Api-Key': apiKey },
    // Rex reads lists as `fields=id,email` (the document's `style: form, explode: false`);
    // openapi-fetch does not read styles from the types, so it is told once here.
    querySerializer: { array: { style: 'form', explode: false } },
  });
  client.use({
    onRequest: () => {
      requests++;
      return undefined;
    },
  });

  const company = await client.POST('/companies', { body: { name: 'Acme', domain: 'https://www.acme.com' } });
  check(company.data, `create company: ${company.response.status}`);
  check(company.data.data.domain === 'acme.com', 'the domain comes back normalised');

  const created = await client.POST('/contacts', {
    body: {
      email: ' Ada@Example.com ',
      first_name: 'Ada',
      company_id: company.data.data.id,
      metadata: { plan: 'pro' },
    },
  });
  check(created.data, `create contact: ${created.response.status}`);
  const ada: Contact = created.data.data;
  check(ada.email === 'ada@example.com' && ada.stage === 'lead', 'defaults and normalisation');

  const got = await client.GET('/contacts/{id}', {
    params: { path: { id: ada.id }, query: { fields: ['email', 'stage'], include: ['company'] } },
  });
  check(got.data, `get: ${got.response.status}`);
  check(
    got.data.data.email === ada.email && got.data.data.first_name === undefined,
    'fields= leaves other fields out',
  );
  check(got.data.data.company?.name === 'Acme', 'include=company embeds the company');

  const updated = await client.PATCH('/contacts/{id}', {
    params: { path: { id: ada.id } },
    body: { stage: 'customer', metadata: { plan: null } },
  });
  check(updated.data?.data.stage === 'customer', `update: ${updated.response.status}`);
  check(!('plan' in updated.data.data.metadata), 'a metadata key sent as null is removed');

  const upserted = await client.POST('/contacts/upsert', {
    body: { email: 'ADA@example.com', title: 'CTO' },
  });
  check(upserted.response.status === 200 && upserted.data?.data.id === ada.id, 'upsert updates by email');
  const fresh = await client.POST('/contacts/upsert', { body: { email: 'grace@example.com' } });
  check(fresh.response.status === 201, 'upsert creates a new email');

  for (let i = 0; i < 5; i++) {
    const more = await client.POST('/contacts', {
      body: { email: `page.${i}@example.com`, source: 'event' },
    });
    check(more.data, `create page contact: ${more.response.status}`);
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await client.GET('/contacts', {
      params: { query: { limit: 3, sort: 'email', ...(cursor ? { cursor } : {}) } },
    });
    check(page.data, `list: ${page.response.status}`);
    seen.push(...page.data.data.map((c) => c.id));
    if (!page.data.meta.has_more) break;
    cursor = page.data.meta.cursor ?? undefined;
    check(cursor, 'a page with more has a cursor');
  }
  check(seen.length === 7 && new Set(seen).size === 7, `paging saw each contact once (${seen.length})`);

  const deleted = await client.DELETE('/contacts/{id}', { params: { path: { id: ada.id } } });
  check(deleted.data?.data.deleted === true, `delete: ${deleted.response.status}`);
  const gone = await client.GET('/contacts/{id}', { params: { path: { id: ada.id } } });
  check(gone.response.status === 404 && gone.error?.error.code === 'not_found', 'a deleted contact is a 404');

  // A deal moves through the stages of its pipeline; reaching a `won` stage wins it.
  const pipeline = await client.POST('/pipelines', {
    body: { name: 'Sales', stages: [{ name: 'New' }, { name: 'Won', type: 'won', color: '#1f6feb' }] },
  });
  check(pipeline.data, `create pipeline: ${pipeline.response.status}`);
  const [open, won] = pipeline.data.data.stages;
  check(open && won && open.position === 0 && open.type === 'open', 'stages in order, `open` by default');
  const deal = await client.POST('/deals', {
    body: {
      name: 'Acme renewal',
      pipeline_id: pipeline.data.data.id,
      stage_id: open.id,
      company_id: company.data.data.id,
      value: 120_000,
    },
  });
  check(deal.data, `create deal: ${deal.response.status}`);
  check(deal.data.data.status === 'open' && deal.data.data.currency === 'USD', 'deal defaults');
  const dealId = deal.data.data.id;
  const moved = await client.POST('/deals/{id}/stage', {
    params: { path: { id: dealId } },
    body: { stage_id: won.id },
  });
  check(moved.data?.data.status === 'won', `move to a won stage: ${moved.response.status}`);
  const history = await client.GET('/deals/{id}/history', { params: { path: { id: dealId } } });
  check(
    history.data?.data.map((h) => h.to_stage_id).join() === `${open.id},${won.id}`,
    'the history holds both stages, oldest first',
  );
  const held = await client.DELETE('/pipelines/{id}', { params: { path: { id: pipeline.data.data.id } } });
  check(held.response.status === 409, 'a pipeline holding a deal is not deleted');

  // What a create shows once, beside `data`: the API key, the webhook's signing secret.
  const key = await client.POST('/apikeys', { body: { name: 'CI', scope: 'read' } });
  check(key.data, `create API key: ${key.response.status}`);
  check(key.data.key.endsWith(key.data.data.last4), 'the key is beside data, and data shows its last4');
  const hook = await client.POST('/webhooks', { body: { url: hookUrl, event_types: ['deal.won'] } });
  check(hook.data, `create webhook: ${hook.response.status}`);
  check(hook.data.secret.startsWith('whsec_') && hook.data.data.status === 'active', 'a generated secret');
  const unhooked = await client.DELETE('/webhooks/{id}', { params: { path: { id: hook.data.data.id } } });
  check(unhooked.data?.data.deleted === true, `delete webhook: ${unhooked.response.status}`);

  return requests;
}
