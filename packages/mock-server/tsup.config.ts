import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/browser.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
  // Keep `node:http`: Deno and Bun resolve the prefixed form.
  removeNodeProtocol: false,
  // msw is a peer dependency and @rex/types a workspace dependency: users get one copy of each.
  external: ['msw', 'msw/node', 'msw/browser', '@rex/types', '@rex/types/openapi', 'typeid-js'],
});
