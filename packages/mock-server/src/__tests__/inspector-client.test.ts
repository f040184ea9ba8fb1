import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleInspectorClient, GENERATED, generatedModule } from '../inspector/build-client.js';
import { CLIENT_SCRIPT } from '../inspector/client-script.generated.js';

describe('the inspector page script', () => {
  it('is generated from the current client.ts (else run `pnpm --filter @rex/mock-server build:inspector`)', async () => {
    const fresh = await bundleInspectorClient();
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedModule(fresh));
    expect(CLIENT_SCRIPT).toBe(fresh);
  });

  it('is a plain script a browser parses, with nothing newer than ES2020 left in it', () => {
    expect(() => new Function(CLIENT_SCRIPT)).not.toThrow();
    expect(CLIENT_SCRIPT).not.toMatch(/\?\?=|\|\|=|&&=/);
    expect(CLIENT_SCRIPT).not.toMatch(/<\/script/i);
  });
});
