import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against source: the workspace packages resolve through the same `paths` map the
// root type check uses (tsconfig.json), so there is one list of package entry points and no
// build before a test. Package builds and examples extend tsconfig.base.json, which has no
// `paths`, so they resolve each other through node_modules like a user would.
const root = fileURLToPath(new URL('.', import.meta.url));
const { compilerOptions } = JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.entries(compilerOptions.paths)
  // Longest specifier first so `@rex/mock-server/node` wins over `@rex/mock-server`.
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({
    find: new RegExp(`^${find.replace(/[/.]/g, '\\$&')}$`),
    replacement: `${root}${target}`,
  }));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    pool: 'forks',
  },
});
