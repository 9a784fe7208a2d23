import type { Account } from '../accounts/account.js';
import { CURRENCY_DECIMALS } from '../accounts/account.js';
import { createFeeSchedule, type FeeRateSettings, formatFeeRate } from '../accounts/fee-schedule.js';
import { formatScaled } from '../core/decimal-units.js';
import { randomUuid } from '../core/random.js';
import type {
  AccountWire,
  Caller,
  CursorPage,
  CursorPageRequest,
  HoldWire,
  LedgerEntryWire,
  Result,
} from './contract.js';
import type { ExchangeState } from './exchange-state.js';
import type { ProfileState } from './records.js';
import { failure, success } from './results.js';
import { paginate } from './wire/pagination.js';
import { isoTime, wireAmount } from './wire/wire-format.js';
import { accountWire } from './wire/wire-objects.js';

/** Thirty days, the window of Coinbase's `usd_volume` in `/fees`. */
const FEE_VOLUME_WINDOW_MS = 30 * 86_400_000;

/**
 * A caller's accounts as Coinbase shows them: balances, the ledger, the holds of open orders, and
 * the fee rates with the trailing 30-day USD volume. A caller sees only its own profile's accounts;
 * anyone else's answer 404 as if they did not exist.
 */
export class AccountQueries {
  constructor(
    private readonly state: ExchangeState,
    private readonly defaultFees: FeeRateSettings,
  ) {}

  accounts(caller: Caller): AccountWire[] {
    return this.state.accountBook.accountsOf(caller.profileId).map(accountWire);
  }

  account(caller: Caller, accountId: string): Result<AccountWire> {
    const account = this.ownAccount(caller, accountId);
    return account === undefined ? failure(404, 'NotFound') : success(accountWire(account));
  }

  ledger(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<LedgerEntryWire>> {
    const account = this.ownAccount(caller, accountId);
    if (account === undefined) return failure(404, 'NotFound');
    const result = paginate(account.ledger, (entry) => entry.id, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((entry) => ({
        id: String(entry.id),
        amount: wireAmount(entry.amount),
        created_at: isoTime(entry.createdAt),
        balance: wireAmount(entry.balance),
        type: entry.type,
        details:
          entry.type === 'transfer'
            ? {}
            : {
                order_id: entry.orderId,
                product_id: entry.productId,
                trade_id: entry.tradeId === undefined ? undefined : String(entry.tradeId),
              },
      })),
    });
  }

  holds(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<HoldWire>> {
    const account = this.ownAccount(caller, accountId);
    if (account === undefined) return failure(404, 'NotFound');
    const profile = this.state.profiles.get(caller.profileId) as ProfileState;
    const holding = profile.orders.filter((order) => order.holdAccount === account && order.hold > 0n);
    const result = paginate(holding, (order) => order.createdSequence, page);
    if (!result.ok) return result;
    const now = this.state.clock.now();
    return success({
      ...result.value,
      items: result.value.items.map((order) => {
        // A hold gets its id when first shown, so ids are drawn only for holds someone looks at.
        order.holdId ??= randomUuid(this.state.idRandom);
        return {
          id: order.holdId,
          account_id: account.id,
          created_at: isoTime(order.createdAt),
          updated_at: isoTime(now),
          amount: wireAmount(order.hold),
          type: 'order' as const,
          ref: order.id,
        };
      }),
    });
  }

  fees(caller: Caller): { maker_fee_rate: string; taker_fee_rate: string; usd_volume: string } {
    const profile = this.state.profiles.get(caller.profileId);
    const fees = profile?.fees ?? createFeeSchedule(this.defaultFees);
    let usdVolume = 0n;
    const since = this.state.clock.now() - FEE_VOLUME_WINDOW_MS;
    for (const fill of profile?.fills ?? []) {
      if (fill.createdAt >= since && fill.order.product.quoteCurrency === 'USD') usdVolume += fill.notional;
    }
    return {
      maker_fee_rate: formatFeeRate(fees.makerPpm),
      taker_fee_rate: formatFeeRate(fees.takerPpm),
      usd_volume: formatScaled(usdVolume / 10n ** BigInt(CURRENCY_DECIMALS - 2), 2),
    };
  }

  private ownAccount(caller: Caller, accountId: string): Account | undefined {
    const account = this.state.accountBook.accountById(accountId);
    return account !== undefined && account.profileId === caller.profileId ? account : undefined;
  }
}
