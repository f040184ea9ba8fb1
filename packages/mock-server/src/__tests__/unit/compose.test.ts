import { describe, expect, it } from 'vitest';
import { compose, type Stage } from '../../stages/compose.js';
import { context, mockRequest } from './fixtures.js';

describe('compose', () => {
  it('runs stages in order, each deciding whether the next one runs', async () => {
    const seen: string[] = [];
    const stage =
      (name: string, stop = false): Stage =>
      async (_ctx, next) => {
        seen.push(`${name}>`);
        if (!stop) await next();
        seen.push(`<${name}`);
      };
    await compose([stage('a'), stage('b', true), stage('c')])(context(mockRequest('GET', '/')));
    expect(seen).toEqual(['a>', 'b>', '<b', '<a']);
  });

  it('lets an error thrown by a later stage reach the caller', async () => {
    const boom: Stage = () => {
      throw new Error('boom');
    };
    await expect(compose([(_c, next) => next(), boom])(context(mockRequest('GET', '/')))).rejects.toThrow(
      'boom',
    );
  });
});
