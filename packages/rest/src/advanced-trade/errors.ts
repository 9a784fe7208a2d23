import { InvalidOrderError, type InvalidOrderReason, type RestErrorDetails } from '../errors.js';
import type { AdvancedTradeOrderErrorResponse } from './wire-types.js';

/** The `InvalidOrderError` reason of each Advanced Trade new-order failure code. */
const REASONS: Readonly<Record<string, InvalidOrderReason>> = {
  INSUFFICIENT_FUND: 'insufficient_funds',
  INSUFFICIENT_FUNDS: 'insufficient_funds',
  INVALID_LEDGER_BALANCE: 'insufficient_funds',
  INVALID_SIZE_PRECISION: 'precision',
  INVALID_PRICE_PRECISION: 'precision',
  INVALID_LIMIT_PRICE_POST_ONLY: 'post_only',
  INVALID_PRODUCT_ID: 'unknown_product',
  ORDER_ENTRY_DISABLED: 'product_restricted',
  INELIGIBLE_PAIR: 'product_restricted',
  INVALID_SIDE: 'invalid_field',
  UNSUPPORTED_ORDER_CONFIGURATION: 'invalid_field',
  INVALID_LIMIT_PRICE: 'invalid_field',
};

const PREVIEW_REASONS: Readonly<Record<string, InvalidOrderReason>> = {
  PREVIEW_INVALID_BASE_SIZE_TOO_SMALL: 'minimum',
  PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL: 'minimum',
  PREVIEW_INVALID_BASE_SIZE_TOO_LARGE: 'minimum',
  PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE: 'minimum',
  PREVIEW_INSUFFICIENT_FUND: 'insufficient_funds',
};

/**
 * Advanced Trade refused an order: `POST /orders` answered `success: false`. Final — the order
 * was not placed. `reason` is the shared {@link InvalidOrderReason}; the Advanced Trade codes are
 * kept as sent (`errorCode` = `error_response.error`, e.g. `INSUFFICIENT_FUND`).
 */
export class AdvancedTradeOrderRejectedError extends InvalidOrderError {
  /** `error_response.error`, e.g. `INSUFFICIENT_FUND`, `INVALID_LIMIT_PRICE_POST_ONLY`. */
  readonly errorCode: string;
  /** `error_response.preview_failure_reason`, e.g. `PREVIEW_INVALID_BASE_SIZE_TOO_SMALL`. */
  readonly previewFailureReason: string | undefined;
  /** The deprecated top-level `failure_reason`. */
  readonly failureReason: string | undefined;
  readonly clientOrderId: string;

  constructor(
    errorResponse: Partial<AdvancedTradeOrderErrorResponse> | undefined,
    failureReason: string | undefined,
    clientOrderId: string,
    details: RestErrorDetails,
  ) {
    const errorCode = errorResponse?.error ?? failureReason ?? 'UNKNOWN_FAILURE_REASON';
    const preview = errorResponse?.preview_failure_reason;
    const reason =
      REASONS[errorCode] ?? (preview === undefined ? undefined : PREVIEW_REASONS[preview]) ?? 'unknown';
    const said = errorResponse?.message || errorResponse?.error_details || '';
    super(
      { reason },
      `${details.method} ${details.path}: Advanced Trade refused the order with client_order_id ${clientOrderId}: ${errorCode}${preview ? ` / ${preview}` : ''}${said ? ` ("${said}")` : ''} (${reason}); it was not placed`,
      { ...details, exchangeMessage: said || errorCode },
    );
    this.errorCode = errorCode;
    this.previewFailureReason = preview;
    this.failureReason = failureReason;
    this.clientOrderId = clientOrderId;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      errorCode: this.errorCode,
      previewFailureReason: this.previewFailureReason,
      failureReason: this.failureReason,
      clientOrderId: this.clientOrderId,
    };
  }
}
