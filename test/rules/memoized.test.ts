import { memoized } from '../../rules/memoized';

describe('memoized', () => {
  it('computes once per key and returns the same result', () => {
    let calls = 0;
    const square = memoized(
      (n: number) => {
        calls++;
        return n * n;
      },
      (n) => String(n),
    );
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toBe(2);
  });

  it('stays bounded: past the limit it starts over rather than growing', () => {
    let calls = 0;
    const id = memoized(
      (n: number) => {
        calls++;
        return n;
      },
      (n) => String(n),
      2,
    );
    id(1);
    id(2);
    id(3); // clears, then caches 3
    id(1);
    expect(calls).toBe(4);
    id(3);
    expect(calls).toBe(4);
  });
});
