import { Decimal } from 'decimal.js';
import type { TickerMessage } from '../messages.js';
import type { BookLevelWire } from './book-types.js';

/** What a book offers the check: its top of book. */
export interface TopOfBook {
  bestBid(): BookLevelWire | undefined;
  bestAsk(): BookLevelWire | undefined;
}

/**
 * Holds a book against the ticker's best bid and ask. The ticker and the book travel on different
 * channels, so the book may lag the ticker by a message or two: a disagreement is confirmed only
 * when it lasts through the next `graceUpdates` book updates. The first ticker after a
 * (re)subscription is a replay of the last one and is not checked.
 */
export class TickerCheck {
  readonly #graceUpdates: number;
  #lastTickerSequence: number | undefined;
  #pending: TickerMessage | undefined;
  #updatesLeft = 0;

  constructor(graceUpdates = 3) {
    this.#graceUpdates = graceUpdates;
  }

  /** Forgets everything (after a resubscription or a resync). */
  reset(): void {
    this.#lastTickerSequence = undefined;
    this.#pending = undefined;
  }

  /** Returns true when the disagreement is confirmed right away (no grace configured). */
  onTicker(ticker: TickerMessage, book: TopOfBook): boolean {
    const previous = this.#lastTickerSequence;
    this.#lastTickerSequence = ticker.sequence;
    if (previous === undefined || ticker.sequence <= previous) return false;
    if (agrees(ticker, book)) {
      this.#pending = undefined;
      return false;
    }
    if (this.#graceUpdates === 0) return true;
    this.#pending = ticker;
    this.#updatesLeft = this.#graceUpdates;
    return false;
  }

  /** Call after each book update; returns true when a disagreement is confirmed. */
  onBookUpdate(book: TopOfBook): boolean {
    const pending = this.#pending;
    if (pending === undefined) return false;
    if (agrees(pending, book)) {
      this.#pending = undefined;
      return false;
    }
    this.#updatesLeft -= 1;
    if (this.#updatesLeft > 0) return false;
    this.#pending = undefined;
    return true;
  }
}

function agrees(ticker: TickerMessage, book: TopOfBook): boolean {
  return (
    sideAgrees(ticker.best_bid, ticker.best_bid_size, book.bestBid()) &&
    sideAgrees(ticker.best_ask, ticker.best_ask_size, book.bestAsk())
  );
}

function sideAgrees(
  price: string | undefined,
  size: string | undefined,
  level: BookLevelWire | undefined,
): boolean {
  // An empty or absent ticker value says nothing about that side.
  if (!price) return true;
  if (!level) return false;
  if (!new Decimal(price).eq(level.price)) return false;
  return !size || new Decimal(size).eq(level.size);
}
