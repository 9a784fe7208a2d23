import { describe, expect, it } from 'vitest';
import { AccountBook } from './account-book.js';
import {
  buyHoldFor,
  createFeeSchedule,
  feeFor,
  formatFeeRate,
  fundsAfterFeeReserve,
} from './fee-schedule.js';

describe('AccountBook', () => {
  it('keeps a ledger with the running balance and counts collected fees as part of the total', () => {
    let now = 1_000;
    const book = new AccountBook(() => now);
    const usd = book.open('account-usd', 'profile', 'USD', true);
    book.deposit(usd, 1_000n);
    now += 1;
    book.change(usd, -300n, 'match', 'order', 'BTC-USD', 7);
    book.chargeFee(usd, 5n, 'order', 'BTC-USD', 7);
    expect(usd.ledger.map((entry) => [entry.type, entry.amount, entry.balance])).toEqual([
      ['transfer', 1_000n, 1_000n],
      ['match', -300n, 700n],
      ['fee', -5n, 695n],
    ]);
    expect(usd.ledger[1]).toMatchObject({ createdAt: 1_001, tradeId: 7, orderId: 'order' });
    // 300 left with a counterparty that has no account here; what stays is balance + fees.
    expect(book.total('USD')).toBe(700n);
    expect(book.collectedFees('USD')).toBe(5n);
  });

  it('skips the ledger for accounts that keep none, and refuses a second account per currency', () => {
    const book = new AccountBook(() => 0);
    const account = book.open('id', 'profile', 'BTC', false);
    book.deposit(account, 10n);
    expect(account.ledger).toEqual([]);
    expect(() => book.open('other', 'profile', 'BTC', false)).toThrow(/already has a BTC account/);
  });
});

describe('fee schedule', () => {
  const schedule = createFeeSchedule({ maker: '0.004', taker: '0.006' });

  it('parses rates to parts per million and prints them as Coinbase does', () => {
    expect(schedule).toEqual({ makerPpm: 4000n, takerPpm: 6000n });
    expect(formatFeeRate(schedule.makerPpm)).toBe('0.0040');
    expect(formatFeeRate(1250n)).toBe('0.001250');
    expect(() => createFeeSchedule({ maker: '1.5', taker: '0' })).toThrow(RangeError);
  });

  it('rounds fees down and buy holds up, so a hold always covers notional plus fee', () => {
    expect(feeFor(999n, 6000n)).toBe(5n);
    expect(buyHoldFor(999n, 6000n)).toBe(1005n); // 1004.994 rounded up
    expect(fundsAfterFeeReserve(1006n, 6000n)).toBe(1000n);
  });
});
