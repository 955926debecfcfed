import { parseExactJson } from '../../api/shopify/exactJson';

describe('parseExactJson', () => {
  it('keeps integers beyond 2^53 exact, as decimal strings', () => {
    expect(parseExactJson('{"id": 820982911946154508, "ids": [9007199254740993,1], "n": -9007199254740993}')).toEqual({
      id: '820982911946154508',
      ids: ['9007199254740993', 1],
      n: '-9007199254740993',
    });
  });

  it.each([
    ['safe integers, up to 2^53 - 1', '[9007199254740991, 0, -1, 450789469]'],
    ['decimals and exponents', '[12345678901234567890.5, 1e300, 6980.0, -0.25]'],
    [
      'digits inside strings, escaped quotes included',
      '{"note": "order 820982911946154508, \\"ref\\": 99999999999999999999", "a\\\\": 1}',
    ],
    ['literals and nesting', '{"a": [true, false, null, {"b": "x"}], "c": ""}'],
  ])('gives exactly what JSON.parse gives for %s', (_name, text) => {
    expect(parseExactJson(text)).toEqual(JSON.parse(text));
  });

  it('still refuses what is not JSON', () => {
    expect(() => parseExactJson('{"id": 820982911946154508,')).toThrow(SyntaxError);
  });
});
