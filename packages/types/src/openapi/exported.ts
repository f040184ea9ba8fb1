/**
 * Everything `@rex/types` exports, re-exported for the OpenAPI generator, which reads it as a
 * namespace (resource declarations and component names are found by looking through it).
 *
 * A module of its own, reached only from the `openapi` entry, so that the bundler builds that
 * namespace object in `openapi.js`. Importing `../index.js` as a namespace directly would build
 * it in the chunk shared with the main entry, and the object (made by a call) would keep every
 * export of `@rex/types` in every browser bundle of `@rex/sdk`, unused schemas included.
 */
export * from '../index.js';
