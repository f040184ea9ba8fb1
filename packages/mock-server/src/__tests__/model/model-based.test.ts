/**
 * Model-based fuzzing: random scenarios of creates, upserts, updates, deletes, merges, captures,
 * gets and lists over two orgs, with emails and domains that collide once normalised — and, as
 * often, of SPEC §7's resources (pipelines and stages, deals and their stage moves, activities,
 * tasks, products) with links between them all — played against the mock and against a
 * reference model written from the spec. Any divergence fails with the seed and
 * fast-check's shrunk scenario (the shortest operation sequence it found that still diverges).
 *
 * Reproduce a failure with the seed (and path) it prints:
 *   REX_FUZZ_SEED=123 REX_FUZZ_PATH="4:1:0" npx vitest run packages/mock-server/src/__tests__/model/model-based.test.ts
 * More or fewer scenarios: REX_FUZZ_RUNS=1000; other scenarios than CI's: REX_FUZZ_SEED=random.
 */
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Op, opArb, Runner, stats } from './operations.js';

/** A fixed seed, so every CI run plays the same scenarios; `REX_FUZZ_SEED=random` explores. */
const seed =
  process.env.REX_FUZZ_SEED === 'random'
    ? Date.now() ^ (Math.random() * 0x7fffffff)
    : Number(process.env.REX_FUZZ_SEED ?? 20_261_202);
const path = process.env.REX_FUZZ_PATH;
const numRuns = process.env.REX_FUZZ_RUNS ? Number(process.env.REX_FUZZ_RUNS) : 300;
/**
 * Operations per scenario: 1–100 (about 47 on average), so a CI run plays over 10,000. No
 * minimum length: fast-check must be free to shrink a failure to the few steps that matter.
 */
const scenario = fc.array(opArb, { minLength: 1, maxLength: 100, size: 'max' });

let operations = 0;
let requests = 0;
let scenarios = 0;

describe('the mock against the reference model', () => {
  afterAll(() => {
    const lines = [...stats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `  ${k.padEnd(40)} ${n}`);
    console.log(
      `model-based fuzzing: ${scenarios} scenarios, ${operations} operations, ${requests} requests (seed ${seed})\n${lines.join('\n')}`,
    );
  });

  it('agrees with the model on every step of random scenarios over two orgs', async () => {
    console.log(`model-based fuzzing: seed ${seed}${path ? `, path ${path}` : ''}, ${numRuns} runs`);
    await fc.assert(
      fc.asyncProperty(scenario, async (ops: Op[]) => {
        const runner = new Runner();
        for (const op of ops) await runner.step(op);
        await runner.finalCheck();
        operations += ops.length;
        scenarios++;
        requests += runner.requests;
      }),
      { seed, numRuns, ...(path ? { path } : {}) },
    );
    // Replaying one path plays one scenario; a full run must reach the op budget.
    if (!path && !process.env.REX_FUZZ_RUNS) expect(operations).toBeGreaterThanOrEqual(10_000);
  }, 600_000);
});
