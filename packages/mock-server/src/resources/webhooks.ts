import { WEBHOOKS } from '@rex/types';
import type { StoredRecord } from '../engine/collection.js';
import type { ListQuery } from '../engine/store.js';
import { list, one } from '../operations/render.js';
import type { Operation, Operations } from '../operations/types.js';
import { toWire } from '../webhooks/deliveries.js';
import { storedEventTypes, webhookEngine } from '../webhooks/engine.js';

const PLURAL = WEBHOOKS.plural;

/** A subscription as answered: every field but its secret, which only the create shows. */
function show(record: StoredRecord): Record<string, unknown> {
  const { secret: _secret, ...shown } = record;
  return shown;
}

/**
 * `POST /webhooks` [Rex]: `event_types` or its alias `events` (absent = every type), the secret
 * generated when absent and answered beside `data` — the only time it is shown. Creating a
 * subscription emits no event.
 */
const create: Operation<'webhooks.create'> = ({ store, org, body }) => {
  const secret = body.secret ?? webhookEngine(store).secret();
  const record = store.create(
    org,
    PLURAL,
    {
      url: body.url,
      name: body.name,
      event_types: storedEventTypes(body.event_types ?? body.events),
      metadata: body.metadata,
      secret,
    },
    { emit: false },
  );
  return { status: 201, body: { data: show(record), secret } };
};

/** `PATCH /webhooks/:id`: the PATCH rules; `events` is `event_types` by another name. */
const update: Operation<'webhooks.update'> = ({ store, org, params, body }) => {
  const current = store.get(org, PLURAL, params.id);
  const { events, event_types, ...rest } = body;
  const types = event_types ?? events;
  const patch = types === undefined ? rest : { ...rest, event_types: storedEventTypes(types) };
  return one(200, show(webhookEngine(store).update(org, current, patch)));
};

/** The mock's webhook subscriptions, their deliveries, ping and replay (SPEC §8). */
export const WEBHOOK_OPERATIONS = {
  'webhooks.create': create,
  'webhooks.list': ({ store, org, query }) => list(store.list(org, PLURAL, query as ListQuery), show),
  'webhooks.get': ({ store, org, params }) => one(200, show(store.get(org, PLURAL, params.id))),
  'webhooks.update': update,
  'webhooks.delete': ({ store, org, params }) => {
    webhookEngine(store).remove(org, store.get(org, PLURAL, params.id));
    return one(200, { id: params.id, deleted: true });
  },
  'webhooks.listDeliveries': ({ store, org, params, query }) => {
    store.get(org, PLURAL, params.id);
    return list(webhookEngine(store).deliveries(org, params.id, query), toWire);
  },
  'webhooks.ping': ({ store, org, params }) => {
    const webhook = store.get(org, PLURAL, params.id);
    return one(200, toWire(webhookEngine(store).ping(org, webhook)));
  },
  'webhooks.replay': ({ store, org, params, body }) => {
    const webhook = store.get(org, PLURAL, params.id);
    const queued = webhookEngine(store).replay(org, webhook, body.since);
    return one(200, { webhook_id: webhook.id, since: new Date(body.since).toISOString(), queued });
  },
} satisfies Partial<Operations>;
