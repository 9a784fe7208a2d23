import type { Account } from '../../accounts/account.js';
import { buyHoldFor, fundsAfterFeeReserve } from '../../accounts/fee-schedule.js';
import { ceilDiv } from '../../core/decimal-units.js';
import { randomUuid } from '../../core/random.js';
import { NO_FUNDS, UNLIMITED_SIZE } from '../../engine/engine-order.js';
import type { Result } from '../contract.js';
import type { ExchangeState, ProductState } from '../exchange-state.js';
import type { Product } from '../products.js';
import type { OrderRecord, ProfileState } from '../records.js';
import { failure, success } from '../results.js';
import type { ExpiryQueue } from './expiry-queue.js';
import { setHold } from './holds.js';
import { CANCEL_AFTER_MS, clientOidKey, type OrderCommand } from './order-request.js';

/**
 * Whether a parsed order may enter the exchange, and its record once it may: the product's
 * trading modes, duplicate client ids, the open-order cap, post-only, and funds. An admitted order
 * holds what it may spend before it reaches the book, so a balance can never be spent twice.
 */
export class OrderAdmission {
  private createdSequence = 0;

  constructor(
    private readonly state: ExchangeState,
    private readonly expiring: ExpiryQueue,
    private readonly maxOpenOrders: number,
  ) {}

  /** Exchange-level checks after validation. Returns the hold the order needs, or why it is refused. */
  admit(productState: ProductState, profile: ProfileState, command: OrderCommand): Result<bigint> {
    const { product } = productState;
    const modes = product.modes;
    if (modes.status !== 'online') return failure(400, 'Trading pair not available');
    if (modes.cancelOnly) return failure(400, 'Cancel only mode');
    if (modes.limitOnly && command.isMarket) return failure(400, 'Limit only mode');
    if (modes.postOnly && command.isMarket) return failure(400, 'Post only mode');
    if (command.clientOid !== undefined) {
      const previous = profile.byClientOid.get(clientOidKey(command.clientOid));
      if (previous !== undefined && previous.status !== 'done') return failure(400, 'duplicate client_oid');
    }
    const mayRest =
      command.stop !== undefined ||
      (!command.isMarket && command.timeInForce !== 'IOC' && command.timeInForce !== 'FOK');
    if (mayRest && profile.openCount(product.id) >= this.maxOpenOrders) {
      return failure(400, `Too many open orders. Maximum is ${this.maxOpenOrders} per product`);
    }
    const postOnly = command.postOnly || (modes.postOnly && !command.isMarket);
    if (
      postOnly &&
      command.stop === undefined &&
      productState.engine.wouldCross(command.side, command.priceTicks)
    ) {
      return failure(400, 'Post only mode');
    }

    const accounts = this.state.accountBook;
    const base = accounts.account(profile.profileId, product.baseCurrency) as Account;
    const quote = accounts.account(profile.profileId, product.quoteCurrency) as Account;
    const fees = profile.fees;
    let hold = 0n;
    if (!command.isMarket) {
      hold =
        command.side === 'buy'
          ? buyHoldFor(product.notional(command.priceTicks, command.size as number), fees.takerPpm)
          : BigInt(command.size as number) * product.baseAtomsPerUnit;
    } else if (command.stop !== undefined) {
      hold = stopMarketHold(product, command, fees.takerPpm);
    } else if (!marketAffordable(productState, profile, command, base, quote)) {
      return failure(400, 'Insufficient funds');
    }
    const account = command.side === 'buy' ? quote : base;
    if (hold > account.available) return failure(400, 'Insufficient funds');
    return success(hold);
  }

  /** Records an admitted order (status `pending`), registers it and puts its hold in place. */
  createRecord(
    productState: ProductState,
    profile: ProfileState,
    command: OrderCommand,
    hold: bigint,
  ): OrderRecord {
    const { product } = productState;
    const { accountBook, clock, idRandom, orders } = this.state;
    const now = clock.now();
    const base = accountBook.account(profile.profileId, product.baseCurrency) as Account;
    const quote = accountBook.account(profile.profileId, product.quoteCurrency) as Account;
    const fees = profile.fees;
    const funds =
      command.funds === undefined
        ? undefined
        : command.side === 'buy'
          ? fundsAfterFeeReserve(command.funds, fees.takerPpm)
          : command.funds;
    const order: OrderRecord = {
      id: randomUuid(idRandom),
      side: command.side,
      userId: profile.userId,
      stp: command.stp,
      isMarket: command.isMarket,
      priceTicks: command.priceTicks,
      remaining: command.size ?? UNLIMITED_SIZE,
      fundsRemaining: funds ?? NO_FUNDS,
      level: undefined,
      product,
      profile,
      createdSequence: ++this.createdSequence,
      createdAt: now,
      type: command.type,
      timeInForce: command.isMarket ? 'GTC' : command.timeInForce,
      postOnly: command.postOnly || (product.modes.postOnly && !command.isMarket),
      expireTime: command.cancelAfter === undefined ? undefined : now + CANCEL_AFTER_MS[command.cancelAfter],
      clientOid: command.clientOid,
      size: command.size,
      specifiedFunds: command.funds,
      funds,
      stopKind: command.stop?.kind,
      stopTicks: command.stop?.priceTicks ?? 0,
      makerPpm: fees.makerPpm,
      takerPpm: fees.takerPpm,
      status: 'pending',
      doneAt: undefined,
      doneReason: undefined,
      cancelReason: undefined,
      filledSize: 0,
      executedValue: 0n,
      fillFees: 0n,
      hold: 0n,
      baseAccount: base,
      quoteAccount: quote,
      holdAccount: command.side === 'buy' ? quote : base,
      holdId: undefined,
    };
    orders.set(order.id, order);
    profile.added(order);
    if (order.clientOid !== undefined) profile.byClientOid.set(clientOidKey(order.clientOid), order);
    setHold(order, hold);
    if (order.expireTime !== undefined) this.expiring.add(order);
    return order;
  }
}

/** What a stop order without a limit price holds until it triggers (estimated at its stop price). */
function stopMarketHold(product: Product, command: OrderCommand, takerPpm: bigint): bigint {
  const stopTicks = (command.stop as { priceTicks: number }).priceTicks;
  if (command.side === 'buy') {
    return command.funds ?? buyHoldFor(product.notional(stopTicks, command.size as number), takerPpm);
  }
  if (command.size !== undefined) return BigInt(command.size) * product.baseAtomsPerUnit;
  return ceilDiv(command.funds as bigint, product.notional(stopTicks, 1)) * product.baseAtomsPerUnit;
}

/** Whether a market order can be paid for, estimated against the book as it stands (own orders skipped). */
function marketAffordable(
  productState: ProductState,
  profile: ProfileState,
  command: OrderCommand,
  base: Account,
  quote: Account,
): boolean {
  const { product, engine } = productState;
  if (command.side === 'buy' && command.funds !== undefined) return command.funds <= quote.available;
  if (command.side === 'sell' && command.size !== undefined) {
    return BigInt(command.size) * product.baseAtomsPerUnit <= base.available;
  }
  // Market buy by size, or sell by funds: walk the book.
  let needed = 0n;
  let sizeLeft = command.size ?? UNLIMITED_SIZE;
  let fundsLeft = command.funds ?? -1n;
  const book = command.side === 'buy' ? engine.asks : engine.bids;
  outer: for (const level of book.bestFirst()) {
    for (const maker of level.orders()) {
      if (maker.userId === profile.userId) continue;
      let take = Math.min(sizeLeft, maker.remaining);
      const perUnit = product.notional(level.priceTicks, 1);
      if (fundsLeft >= 0n) take = Math.min(take, Number(ceilDiv(fundsLeft, perUnit)));
      if (take <= 0) break outer;
      const notional = perUnit * BigInt(take);
      if (command.side === 'buy') needed += buyHoldFor(notional, profile.fees.takerPpm);
      else needed += BigInt(take) * product.baseAtomsPerUnit;
      sizeLeft -= take;
      if (fundsLeft >= 0n) fundsLeft = fundsLeft > notional ? fundsLeft - notional : 0n;
      if (sizeLeft <= 0 || fundsLeft === 0n) break outer;
    }
  }
  return needed <= (command.side === 'buy' ? quote.available : base.available);
}
