/**
 * `pnpm test:examples`: runs `pnpm start` in each example, one after another, against the built
 * packages (run `pnpm build` first), streaming their output. Exits non-zero if any fails.
 *
 * Includes `webhook-receiver` (a real node:http receiver of the mock's signed deliveries).
 * Not here: `examples/demo` (`pnpm demo`, the Quick start) and `examples/browser-app`
 * (`pnpm test:browser`, needs Chromium).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXAMPLES = ['node-quickstart', 'lead-to-won', 'vitest-integration', 'curl', 'webhook-receiver'];
const root = fileURLToPath(new URL('..', import.meta.url));

function run(example: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['start'], {
      cwd: `${root}examples/${example}`,
      stdio: 'inherit',
      // pnpm is a .cmd shim on Windows.
      shell: process.platform === 'win32',
    });
    child.on('error', (error) => {
      console.error(`Could not start pnpm in examples/${example}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const results: { example: string; ok: boolean; seconds: string }[] = [];
for (const example of EXAMPLES) {
  console.log(`\n━━━ examples/${example}: pnpm start ━━━\n`);
  const started = performance.now();
  const code = await run(example);
  results.push({ example, ok: code === 0, seconds: ((performance.now() - started) / 1000).toFixed(1) });
}

const failed = results.filter((r) => !r.ok).length;
console.log('\n━━━ examples ━━━');
for (const { example, ok, seconds } of results)
  console.log(`  ${ok ? '✓' : '✗'} examples/${example} (${seconds} s)`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
