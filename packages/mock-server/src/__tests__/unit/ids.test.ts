import { describe, expect, it } from 'vitest';
import { createIdStage } from '../../stages/ids.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

const stage = createIdStage(new Map([['cont', 'Contact']]));
const get = (id: string) =>
  context(mockRequest('GET', `/contacts/${id}`), { operationId: 'contacts.get', params: { id } });

describe('id stage', () => {
  it('lets a TypeID with the route prefix through', async () => {
    expect(await runStage(stage, get('cont_01h455vb4pex5vsknk084sn02q'))).toEqual({ next: true });
  });

  it.each(['nope', 'comp_01h455vb4pex5vsknk084sn02q', 'cont_01h455vb4pex5vsknk084sn02'])(
    'answers 404 naming the resource for %s',
    async (id) => {
      expect(await stageError(stage, get(id))).toMatchObject({
        status: 404,
        error: { code: 'not_found', message: 'Contact not found' },
      });
    },
  );
});
