/**
 * Heap per stored contact: 100,000 contacts seeded into one org, measured in a child process
 * started with `--expose-gc` so full collections come before each reading. The baseline is the
 * size of one such contact as JSON (what the API returns).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fmt, type Row, root } from './harness.js';

export async function benchHeap(): Promise<Row> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(root, 'bench/heap-child.ts'), '100000'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`heap child exited ${code}: ${err}`)),
    );
  });
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
    perContact: number;
    recordBytes: number;
    before: number;
    after: number;
  };
  const ratio = result.perContact / result.recordBytes;
  return {
    name: 'heap per stored contact at 100k',
    figure: `${fmt(result.perContact, 0)} B`,
    baseline: `${result.recordBytes} B (its JSON)`,
    ratio,
    budget: '≤ 2,048 B',
    pass: result.perContact <= 2048,
    notes: [
      `heapUsed ${fmt(result.before / 2 ** 20)} MiB → ${fmt(result.after / 2 ** 20)} MiB for 100,000 contacts`,
    ],
  };
}
