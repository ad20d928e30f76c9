import { memoryNewSymbolStore, NewSymbolCap } from './new-symbol-cap';

// Tuesday 9 July 2024, 23:30 in New York (03:30 UTC on the 10th): the New York day is still the 9th.
const lateEvening = new Date('2024-07-10T03:30:00Z');
const nextMorning = new Date('2024-07-10T13:00:00Z');

describe('the per-key cap on new symbols, in memory', () => {
  test('admits up to the cap per key and New York day; a symbol already counted is admitted again', async () => {
    const cap = new NewSymbolCap(memoryNewSymbolStore(), 2);
    expect(await cap.admit('key-a', 'NEWA', lateEvening)).toEqual({ admitted: true });
    expect(await cap.admit('key-a', 'NEWB', lateEvening)).toEqual({ admitted: true });
    expect(await cap.admit('key-a', 'NEWA', lateEvening)).toEqual({ admitted: true });
    // Lifts at the next New York midnight, 04:00 UTC in summer time.
    expect(await cap.admit('key-a', 'NEWC', lateEvening)).toEqual({ admitted: false, limit: 2, retryAt: new Date('2024-07-10T04:00:00Z') });
    expect(await cap.admit('key-b', 'NEWC', lateEvening)).toEqual({ admitted: true });
    expect(await cap.admit('key-a', 'NEWC', nextMorning)).toEqual({ admitted: true });
  });

  test('a cap of 0 admits nothing', async () => {
    const cap = new NewSymbolCap(memoryNewSymbolStore(), 0);
    expect((await cap.admit('key-a', 'NEWA', lateEvening)).admitted).toBe(false);
  });
});
