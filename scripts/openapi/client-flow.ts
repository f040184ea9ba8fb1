/**
 * A client generated from the OpenAPI 3.0 document by other people's tools — `openapi-typescript`
 * for the types, `openapi-fetch` for the calls — doing what an integration does: create,
 * read, update, upsert, page through a list and delete. The conformance check compiles this
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
];

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`openapi-fetch flow: ${message}`);
}

/**
 * Runs the flow against a Rex server; throws on the first surprise.
 * @returns How many requests it made.
 */
export async function runClientFlow(baseUrl: string, apiKey: string): Promise<number> {
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

  return requests;
}
