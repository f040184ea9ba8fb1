import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: ['src/index.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
};

export default defineConfig([
  // `dist` is emptied by the build script, not `clean`: the two builds run in parallel.
  // ESM keeps ky external: bundlers and Node share one copy with the rest of the app.
  { ...shared, format: 'esm' },
  // ky ships ESM only, which `require()` cannot load before Node 20.19: the CJS build carries its
  // own copy. `@rex/types` ships CJS and stays external.
  { ...shared, format: 'cjs', noExternal: ['ky'] },
]);
