/**
 * Child process of the heap benchmark (run with `--expose-gc`): heap used by 100,000 stored
 * contacts, by `process.memoryUsage().heapUsed` after full collections, printed as JSON.
 */
import { createRexMock } from '@rex/mock-server';
import { benchContact } from './list-latency.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const collect = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed;
};

const count = Number(process.argv[2] ?? 100_000);
const KEY = 'rex_test_heap';
const mock = createRexMock({ rateLimit: false });
// One contact first, so the org and its indexes exist before the baseline is taken.
const first = mock.seed({ key: KEY, contacts: [benchContact(-1)] }).contacts[0]!;
const recordBytes = Buffer.byteLength(JSON.stringify(first));
const before = await collect();
for (let i = 0; i < count; i += 10_000) {
  mock.seed({
    key: KEY,
    contacts: Array.from({ length: Math.min(10_000, count - i) }, (_, j) => benchContact(i + j)),
  });
}
const after = await collect();
// Keep the mock reachable until after the measurement.
if (mock.snapshot === undefined) console.log('unreachable');
console.log(JSON.stringify({ count, before, after, perContact: (after - before) / count, recordBytes }));
