import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from '../openapi/yaml.js';

describe('toYaml', () => {
  it('keeps strings that YAML would read as something else as strings', () => {
    const tricky = [
      'yes',
      'No',
      'on',
      'null',
      '~',
      '1-10',
      '1000+',
      '-created_at',
      '0x1F',
      '.5',
      '3.0.3',
      '200',
    ];
    const more = [
      'a: b',
      'a #b',
      '#x',
      '- x',
      '? x',
      '&x',
      '*x',
      '!x',
      '|',
      '>',
      '@x',
      '`x',
      '"x"',
      "'x'",
      '',
    ];
    const value = {
      strings: [...tricky, ...more, ' lead', 'trail ', 'line\nbreak', 'tab\t', 'é ü → ✓', '\u2028'],
    };
    expect(parse(toYaml(value))).toEqual(value);
  });

  it('writes numbers, booleans, null, empty containers and nested sequences', () => {
    const value = {
      n: [0, -1, 1.5, 1e21],
      b: [true, false],
      z: null,
      e: [{}, []],
      nested: [[1, [2]], [{ a: [] }]],
    };
    expect(parse(toYaml(value))).toEqual(value);
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.parse(JSON.stringify(value));
        expect(parse(toYaml(json))).toEqual(json);
      }),
      { numRuns: 500 },
    );
  });
});
