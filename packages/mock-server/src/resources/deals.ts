import type { StoredRecord } from '../engine/collection.js';
import { InvalidInput } from '../engine/errors.js';
import type { Org, ResourceHooks } from '../engine/store.js';
import { crudOperations, nestedList } from '../operations/crud.js';
import { one } from '../operations/render.js';
import type { Operation, Operations } from '../operations/types.js';
import { findStage } from './pipelines.js';

/** One move of a deal, kept inside the deal record (never answered as a field of it). */
interface StageChange {
  from_stage_id: string | null;
  to_stage_id: string;
  changed_at: string;
}

const historyOf = (deal: StoredRecord): StageChange[] =>
  (deal.stage_history as StageChange[] | undefined) ?? [];

const DAY = 86_400_000;

const closed = (value: unknown): boolean => value === 'won' || value === 'lost';

/** Whether a deal is won or lost and sits in a won or lost stage. */
function closing(org: Org, deal: StoredRecord): boolean {
  const pipeline = org.collection('pipelines').get(deal.pipeline_id as string);
  const stage = pipeline && findStage(pipeline, deal.stage_id as string);
  return closed(deal.status) && closed(stage?.type);
}
const wholeDays = (now: Date, since: string): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY));

/**
 * A deal's stage rules: `stage_id` must be a stage of its pipeline (400 `param: stage_id`);
 * every stage change is recorded in its history; reaching a `won`/`lost` stage sets `status` to
 * match (and leaving one for an `open` stage sets it back to `open`, ours); `deal.stage_changed`
 * is emitted on every stage change, and `deal.won`/`deal.lost` whenever `status` becomes `won`
 * or `lost`, whichever path did it. `days_in_stage` and
 * `deal_age_days` are computed from the mock's clock.
 */
export const DEAL_HOOKS: ResourceHooks = {
  prepare(draft, { org, current, time }) {
    const pipeline = org.collection('pipelines').get(draft.pipeline_id as string);
    const stage = pipeline && findStage(pipeline, draft.stage_id as string);
    if (!pipeline || !stage) {
      throw new InvalidInput(
        'stage_id',
        `\`stage_id\` is not a stage of pipeline ${String(draft.pipeline_id)}`,
      );
    }
    draft.stage_id = stage.id;
    const moved = current?.stage_id !== stage.id;
    if (!moved) return;
    if (closed(stage.type)) draft.status = stage.type;
    else if (current && draft.status === current.status && closing(org, current)) {
      // Leaving a won/lost stage for an open one reopens the deal, unless the same write sets
      // another status; a status set by hand in an open stage stays through open stages.
      draft.status = 'open';
    }
    const from = current ? (current.stage_id as string) : null;
    draft.stage_history = [
      ...(current ? historyOf(current) : []),
      { from_stage_id: from, to_stage_id: stage.id, changed_at: time },
    ];
  },
  afterWrite(record, { store, org, previous, time }) {
    if (previous && previous.stage_id !== record.stage_id) {
      store.emit(
        org,
        'deal.stage_changed',
        {
          deal_id: record.id,
          from_stage_id: previous.stage_id as string,
          to_stage_id: record.stage_id as string,
        } as never,
        time,
      );
    }
    // Every path that makes a deal won or lost emits the event once: a create in a won/lost
    // stage or with that status, a PATCH of `status` or `stage_id`, a stage move (issue #12).
    const { status } = record;
    if (closed(status) && previous?.status !== status) {
      store.emit(org, status === 'won' ? 'deal.won' : 'deal.lost', store.present(org, 'deals', record), time);
    }
  },
  present(record, { now }) {
    const history = historyOf(record);
    const entered = history[history.length - 1]?.changed_at ?? record.created_at;
    return { days_in_stage: wholeDays(now, entered), deal_age_days: wholeDays(now, record.created_at) };
  },
  include: {
    stage: (record, { org }) => {
      const pipeline = org.collection('pipelines').get(record.pipeline_id as string);
      return (pipeline && findStage(pipeline, record.stage_id as string)) ?? null;
    },
  },
};

const moveStage: Operation<'deals.moveStage'> = ({ store, org, params, body }) => {
  const deal = store.get(org, 'deals', params.id);
  return one(200, store.present(org, 'deals', store.update(org, 'deals', deal, { stage_id: body.stage_id })));
};

/** `GET /deals/:id/history`: stage changes oldest first; the cursor is a position in the history. */
const history: Operation<'deals.history'> = ({ store, org, params, query }) => {
  const changes = historyOf(store.get(org, 'deals', params.id));
  let start = 0;
  if (query.cursor !== undefined) {
    start = /^\d{1,9}$/.test(query.cursor) ? Number(query.cursor) : Number.NaN;
    if (!(start <= changes.length))
      throw new InvalidInput('cursor', '`cursor` is not a cursor this server issued');
  }
  const limit = query.limit ?? 50;
  const rows = changes.slice(start, start + limit);
  const hasMore = start + limit < changes.length;
  return {
    status: 200,
    body: { data: rows, meta: { cursor: hasMore ? String(start + limit) : null, has_more: hasMore } },
  };
};

/** The mock's deals: the generic operations, stage moves, history, and their nested lists. */
export const DEAL_OPERATIONS = {
  ...crudOperations('deals', ['create', 'list', 'get', 'update', 'delete']),
  'deals.moveStage': moveStage,
  'deals.history': history,
  'deals.listActivities': nestedList('deals', 'activities', 'deal_id'),
  'deals.listTasks': nestedList('deals', 'tasks', 'deal_id'),
  'contacts.listDeals': nestedList('contacts', 'deals', 'contact_id'),
  'companies.listDeals': nestedList('companies', 'deals', 'company_id'),
} satisfies Partial<Operations>;
