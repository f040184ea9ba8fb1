import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8').trim();

describe('README', () => {
  // The README's code samples are these files, so they compile (root type check) and run (the
  // demo runs the SDK sample against the mock; vitest runs the mock sample).
  it.each(['./readme/sdk.ts', './readme/mock.test.ts'])('quotes %s verbatim', (path) => {
    expect(read('../../../README.md')).toContain(`\`\`\`ts\n${read(path)}\n\`\`\``);
  });
});
