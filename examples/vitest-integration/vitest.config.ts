import { defineConfig } from 'vitest/config';

// Standalone run (`pnpm start` here): the workspace packages resolve through node_modules to
// their built `dist/`, as they would for a user. The root `vitest run` also runs this test,
// against the packages' source.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
