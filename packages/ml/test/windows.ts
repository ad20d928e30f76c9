// The bar windows fixtures/reference.py evaluated the S/R functions on, keyed as in levels.json.
import type golden from '../fixtures/levels.json';
import { type Ohlc } from '../src/series';
import { ranging, sp500, synthetic } from './golden';

const windows: Record<keyof typeof golden.windows, Ohlc[]> = {
  sp500,
  sp500First200: sp500.slice(0, 200),
  sp500First201: sp500.slice(0, 201),
  sp500From150: sp500.slice(150),
  sp500First60: sp500.slice(0, 60),
  sp500First252: sp500.slice(0, 252),
  synthetic,
  syntheticFirst12: synthetic.slice(0, 12),
  ranging,
};

export const levelWindows = Object.entries(windows) as [keyof typeof windows, Ohlc[]][];
