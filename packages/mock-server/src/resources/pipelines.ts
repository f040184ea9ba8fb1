import type { StoredRecord } from '../engine/collection.js';
import { InvalidInput, RecordInUse, RecordNotFound } from '../engine/errors.js';
import type { Org, ResourceHooks, Store } from '../engine/store.js';
import { crudOperations, nestedList } from '../operations/crud.js';
import { one } from '../operations/render.js';
import type { Operation, Operations } from '../operations/types.js';

/** A stage as stored inside its pipeline. */
export interface StoredStage {
  id: string;
  name: string;
  position: number;
  type: string;
  color: string | null;
}

type StageInput = { name: string; type?: string | undefined; color?: string | null | undefined };

const stagesOf = (pipeline: StoredRecord): StoredStage[] => pipeline.stages as StoredStage[];

/** The stages in order, numbered from 0. */
const numbered = (stages: readonly StoredStage[]): StoredStage[] =>
  stages.map((stage, position) => ({ ...stage, position }));

const newStage = (store: Store, input: StageInput, position: number): StoredStage => ({
  id: store.newId('stg'),
  name: input.name,
  position,
  type: input.type ?? 'open',
  color: input.color ?? null,
});

/** The stage `id` of a pipeline (ids match in either case), or `undefined`. */
export function findStage(pipeline: StoredRecord, id: string): StoredStage | undefined {
  const wanted = id.toLowerCase();
  return stagesOf(pipeline).find((stage) => stage.id.toLowerCase() === wanted);
}

/**
 * One default pipeline per org: the first pipeline is the default (ours), and setting
 * `is_default` on one clears it on the others (one `pipeline.updated` each).
 */
export const PIPELINE_HOOKS: ResourceHooks = {
  prepare(draft, { store, org, current }) {
    if (!current) {
      draft.stages = ((draft.stages as StageInput[] | null) ?? []).map((input, i) =>
        newStage(store, input, i),
      );
      if (org.collection('pipelines').size === 0) draft.is_default = true;
    }
  },
  afterWrite(record, { store, org, previous }) {
    if (record.is_default !== true || previous?.is_default === true) return;
    for (const other of [...org.collection('pipelines').table.bucket('is_default', 'true')]) {
      if (other.id !== record.id) store.update(org, 'pipelines', other, { is_default: false });
    }
  },
};

function pipeline(store: Store, org: Org, id: string): StoredRecord {
  return store.get(org, 'pipelines', id);
}

const addStage: Operation<'pipelines.addStage'> = ({ store, org, params, body }) => {
  const current = pipeline(store, org, params.id);
  const stages = [...stagesOf(current), newStage(store, body, stagesOf(current).length)];
  return one(201, store.update(org, 'pipelines', current, { stages }));
};

const reorderStages: Operation<'pipelines.reorderStages'> = ({ store, org, params, body }) => {
  const current = pipeline(store, org, params.id);
  const stages = stagesOf(current);
  const ordered = body.stage_ids.map((id) => findStage(current, id));
  const named = new Set(ordered.map((stage) => stage?.id));
  if (ordered.some((stage) => !stage) || named.size !== ordered.length || ordered.length !== stages.length) {
    throw new InvalidInput(
      'stage_ids',
      `\`stage_ids\` must name each of the pipeline's ${stages.length} stages exactly once`,
    );
  }
  return one(200, store.update(org, 'pipelines', current, { stages: numbered(ordered as StoredStage[]) }));
};

const deleteStage: Operation<'pipelines.deleteStage'> = ({ store, org, params }) => {
  const current = pipeline(store, org, params.id);
  const stage = findStage(current, params.stage_id);
  if (!stage) throw new RecordNotFound('Stage', params.stage_id);
  const [deal] = org.collection('deals').table.bucket('stage_id', stage.id);
  if (deal) {
    throw new RecordInUse(`Stage ${stage.id} still holds deals; move them first`, stage.id, {
      deals: deal.id,
    });
  }
  const stages = numbered(stagesOf(current).filter((s) => s !== stage));
  return one(200, store.update(org, 'pipelines', current, { stages }));
};

/** The mock's pipelines: the generic operations, their deals, and the stage operations. */
export const PIPELINE_OPERATIONS = {
  ...crudOperations('pipelines', ['create', 'list', 'get', 'update', 'delete']),
  'pipelines.listDeals': nestedList('pipelines', 'deals', 'pipeline_id'),
  'pipelines.addStage': addStage,
  'pipelines.reorderStages': reorderStages,
  'pipelines.deleteStage': deleteStage,
} satisfies Partial<Operations>;
