import { describe, expect, it } from 'vitest';
import { unitExponentialQuantile } from '../../src/math/unitExponentialQuantile.js';
import { mulberry32 } from '../support/helpers.js';

/** Distance from `want` in units in the last place of `want`. */
function ulps(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / 2 ** (Math.floor(Math.log2(Math.abs(want))) - 52);
}

// [k, −log(1 − k/2^32)]: python3's decimal module at 60 digits, rounded to the nearest double
// (edges, points near table boundaries, and random k).
const GOLDEN: ReadonlyArray<readonly [number, number]> = [
  [1, 2.328306436809747e-10],
  [2, 4.656612874161595e-10],
  [3, 6.984919312055544e-10],
  [1000, 2.3283067075892815e-07],
  [65536, 1.5258905479006077e-05],
  [2147483647, 0.693147180094284],
  [2147483648, 0.6931471805599453],
  [2147483649, 0.6931471810256066],
  [4294967295, 22.18070977791825],
  [4294967294, 21.487562597358306],
  [4294966296, 15.272954498936112],
  [16711935, 0.003898640414747828],
  [296743194, 0.07159365293780727],
  [542367883, 0.13499516432559255],
  [759560132, 0.19461546749230688],
  [952986664, 0.25088030614756623],
  [1126345890, 0.3041473353708903],
  [1282606671, 0.3547199087855154],
  [1424179756, 0.40285754466106577],
  [1553043037, 0.44878398275151865],
  [1670834532, 0.49269347513334705],
  [1778922381, 0.5347557505441776],
  [1878458223, 0.5751199740721198],
  [1970418400, 0.6139179439832667],
  [2055636078, 0.6512666830766705],
  [2134826573, 0.687270571860867],
  [2675342406, 0.9752493679219593],
  [1097127994, 0.29496857735358306],
  [3185950874, 1.3539704247781685],
  [1539898301, 0.4440014551233768],
  [3415330360, 1.58568997034054],
  [2965446623, 1.1726254599371106],
  [4047793131, 2.8551060103498442],
  [3614262065, 1.8420698547932965],
  [3177840170, 1.3466836171547565],
  [2800454815, 1.0556438869767988],
  [3961355681, 2.555221732929204],
  [2276503846, 0.7551073873304966],
  [124576496, 0.029434192525915934],
  [3609267712, 1.8347596123431469],
  [1999834076, 0.6266530512137629],
  [3332716664, 1.4959242709963636],
  [4051686261, 2.870981922236797],
  [1069673015, 0.28641974496464323],
  [2787324502, 1.0468965734504576],
  [222708025, 0.05324599209045336],
  [3869338172, 2.31163085381667],
  [673671310, 0.17061197202111886],
  [486215927, 0.12014253021861125],
  [1596840320, 0.46488612128406653],
  [2014636195, 0.6331232888120125],
  [3729944833, 2.0283337320757204],
  [1059022249, 0.28312292368739966],
  [1635342799, 0.47925899468451844],
  [2335435113, 0.784738178361386],
  [437976712, 0.10755670302433072],
];

describe('unitExponentialQuantile (−log(1 − u))', () => {
  it('is within 1 ulp of the correctly rounded value at known points', () => {
    for (const [k, want] of GOLDEN) expect(ulps(unitExponentialQuantile(k / 2 ** 32), want), `k = ${k}`).toBeLessThanOrEqual(1);
  });

  it('is within 2 ulp of -Math.log1p(-u) for multiples of 2^-32 (random, small, near 1/2, near 1)', () => {
    const u = mulberry32(20261122);
    let worst = 0;
    const check = (x: number): void => {
      worst = Math.max(worst, ulps(unitExponentialQuantile(x), -Math.log1p(-x)));
    };
    for (let i = 0; i < 1_000_000; i++) check(u());
    for (let k = 1; k <= 20_000; k++) {
      check(k / 2 ** 32);
      check(1 - k / 2 ** 32);
      check(0.5 + (k - 10_000) / 2 ** 32);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is nondecreasing across every table boundary (a monotone inverse transform)', () => {
    // m = 2^32(1 − u) normalised to [1, 2) switches table entry at m = 1 + (2j + 1)/256.
    for (let z = 0; z < 32; z += 5) {
      for (let j = 0; j < 128; j++) {
        const boundary = Math.round((1 + (2 * j + 1) / 256) * 2 ** (31 - z));
        let previous = -Infinity;
        for (let x = boundary + 40; x >= Math.max(1, boundary - 40); x--) {
          const value = unitExponentialQuantile(1 - x / 2 ** 32);
          expect(value).toBeGreaterThanOrEqual(previous);
          previous = value;
        }
      }
    }
  });

  it('hands every other input to Math.log1p: 0, 1, 53-bit uniforms, out of range, NaN', () => {
    expect(Object.is(unitExponentialQuantile(0), 0)).toBe(true);
    expect(unitExponentialQuantile(1)).toBe(Infinity);
    expect(unitExponentialQuantile(Number.NaN)).toBeNaN();
    expect(unitExponentialQuantile(1.5)).toBeNaN();
    expect(unitExponentialQuantile(-1)).toBe(-Math.log1p(1));
    for (const x of [Math.PI / 4, 1e-300, 2 ** -40, 1 - 2 ** -53]) expect(unitExponentialQuantile(x)).toBe(-Math.log1p(-x));
  });
});
