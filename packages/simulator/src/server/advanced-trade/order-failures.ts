import type { Reply } from '../router.js';

/**
 * Advanced Trade's new-order failure codes for the engine's Exchange-style 400 messages. The
 * codes are those of Coinbase's SDKs' `NewOrderFailureReason` / `PreviewFailureReason`; which
 * code Coinbase picks for each situation is the simulator's best reading (UNCONFIRMED).
 */
export function failureCodeOf(engineMessage: string, postOnly: boolean): { error: string; preview: string } {
  if (engineMessage.startsWith('Insufficient funds'))
    return { error: 'INSUFFICIENT_FUND', preview: 'PREVIEW_INSUFFICIENT_FUND' };
  if (engineMessage === 'Post only mode' && postOnly) {
    return { error: 'INVALID_LIMIT_PRICE_POST_ONLY', preview: 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY' };
  }
  if (/^(price|stop_price) is too accurate/.test(engineMessage)) {
    return { error: 'INVALID_PRICE_PRECISION', preview: 'PREVIEW_INVALID_PRICE_PRECISION' };
  }
  if (/^(size|funds) is too accurate/.test(engineMessage)) {
    return { error: 'INVALID_SIZE_PRECISION', preview: 'PREVIEW_INVALID_SIZE_PRECISION' };
  }
  if (/^size is too small/.test(engineMessage))
    return { error: 'INVALID_REQUEST', preview: 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL' };
  if (/^funds is too small/.test(engineMessage))
    return { error: 'INVALID_REQUEST', preview: 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL' };
  if (/is too large/.test(engineMessage))
    return { error: 'INVALID_REQUEST', preview: 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE' };
  if (/is too small/.test(engineMessage))
    return { error: 'INVALID_LIMIT_PRICE', preview: 'PREVIEW_INVALID_LIMIT_PRICE' };
  if (engineMessage === 'Product not found')
    return { error: 'INVALID_PRODUCT_ID', preview: 'PREVIEW_INVALID_PRODUCT_ID' };
  if (/mode$|not available/.test(engineMessage))
    return { error: 'ORDER_ENTRY_DISABLED', preview: 'PREVIEW_ORDER_ENTRY_DISABLED' };
  return { error: 'UNKNOWN_FAILURE_REASON', preview: 'UNKNOWN_PREVIEW_FAILURE_REASON' };
}

/**
 * The 200 answer of `POST /orders` for an order the exchange refused: `success: false` with the
 * deprecated top-level `failure_reason` and the `error_response` clients read.
 */
export function orderFailure(
  engineMessage: string,
  postOnly: boolean,
  orderConfiguration: Record<string, unknown>,
): Reply {
  const code = failureCodeOf(engineMessage, postOnly);
  return {
    status: 200,
    body: {
      success: false,
      failure_reason: 'UNKNOWN_FAILURE_REASON',
      order_id: '',
      error_response: {
        error: code.error,
        message: engineMessage,
        error_details: engineMessage,
        preview_failure_reason: code.preview,
        new_order_failure_reason: code.error,
      },
      order_configuration: orderConfiguration,
    },
  };
}
