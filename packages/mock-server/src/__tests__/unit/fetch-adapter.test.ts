import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../adapters/fetch.js';

/** What `URL` says: the reference `splitUrl` must agree with. */
const viaUrl = (url: string) => {
  const parsed = new URL(url);
  return { path: parsed.pathname, search: parsed.search.slice(1) };
};

describe('splitUrl', () => {
  it('reads the path and query of a Request URL as URL does', () => {
    for (const url of [
      'https://mock.rexgtm.com',
      'https://mock.rexgtm.com/',
      'https://mock.rexgtm.com/v1/contacts',
      'https://mock.rexgtm.com/v1/contacts/',
      'https://mock.rexgtm.com/contacts?stage=lead&limit=20',
      'https://mock.rexgtm.com/contacts?',
      'https://mock.rexgtm.com/contacts#top',
      'https://mock.rexgtm.com/contacts?a=1#top?b=2',
      'https://mock.rexgtm.com?x=1',
      'http://127.0.0.1:4010/contacts/cont_01h%20x?q=%3F',
      'http://[::1]:4010/a/b/../c?x=/y',
    ]) {
      const request = new Request(url);
      expect(splitUrl(request.url), url).toEqual(viaUrl(request.url));
    }
  });

  it('agrees with URL on any web URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const serialised = new Request(url).url;
        expect(splitUrl(serialised)).toEqual(viaUrl(serialised));
      }),
    );
  });
});
