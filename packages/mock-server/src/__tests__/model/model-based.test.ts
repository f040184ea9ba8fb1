/**
 * Model-based fuzzing: random scenarios of creates, upserts, updates, deletes, merges, captures,
 * gets and lists over two orgs, with emails and domains that collide once normalised, played
 * against the mock and against a reference model written from the spec. Any divergence fails
 * with fast-check's shrunk scenario.
 *
 * Reproduce a failure with the seed (and path) it prints:
 *   REX_FUZZ_SEED=123 REX_FUZZ_PATH="4:1:0" npx vitest run packages/mock-server/src/__tests__/model/model-based.test.ts
 * More or fewer scenarios: REX_FUZZ_RUNS=1000.
 */
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Op, opArb, Runner, stats } from './operations.js';

const seed = process.env.REX_FUZZ_SEED
  ? Number(process.env.REX_FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x7fffffff);
const path = process.env.REX_FUZZ_PATH;
const numRuns = process.env.REX_FUZZ_RUNS ? Number(process.env.REX_FUZZ_RUNS) : 400;
/** Operations per scenario: 40–100, so a CI run plays well over 10,000. */
const scenario = fc.array(opArb, { minLength: 1, maxLength: 100, size: 'max' });

let operations = 0;
let requests = 0;

describe('the mock against the reference model', () => {
  afterAll(() => {
    const lines = [...stats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `  ${k.padEnd(40)} ${n}`);
    console.log(
      `model-based fuzzing: ${operations} operations, ${requests} requests (seed ${seed})\n${lines.join('\n')}`,
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
        requests += runner.requests;
      }),
      { seed, numRuns, ...(path ? { path } : {}) },
    );
    // Replaying one path plays one scenario; a full run must reach the op budget.
    if (!path && !process.env.REX_FUZZ_RUNS) expect(operations).toBeGreaterThanOrEqual(10_000);
  }, 600_000);
});
