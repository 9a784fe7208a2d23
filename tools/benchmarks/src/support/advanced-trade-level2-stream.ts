import type { Level2Stream } from './level2-stream.js';

/** A {@link Level2Stream} as Advanced Trade sends it: `l2_data` envelopes with a `sequence_num`. */
export interface AdvancedTradeLevel2Frames {
  /** The snapshot as one `l2_data` frame (`type: "snapshot"`, every level an update). */
  snapshotFrame: string;
  /** One `l2_data` update frame per `l2update` of the stream, same changes in the same order. */
  updateFrames: string[];
}

/**
 * The same book and the same changes as an Exchange `l2update` stream, framed as Advanced Trade's
 * `level2` channel frames them (`bid`/`offer`, `price_level`, absolute `new_quantity`), so the
 * Exchange and Advanced Trade ingest rows measure the same market.
 */
export function advancedTradeLevel2Frames(stream: Level2Stream): AdvancedTradeLevel2Frames {
  const eventTime = '2025-01-02T12:00:00.000000Z';
  let sequence = 0;
  const envelope = (events: unknown[], timestamp: string) =>
    JSON.stringify({ channel: 'l2_data', client_id: '', timestamp, sequence_num: sequence++, events });
  const snapshotUpdates = [
    ...stream.snapshot.bids.map(([price, size]) => ({
      side: 'bid',
      event_time: eventTime,
      price_level: price,
      new_quantity: size,
    })),
    ...stream.snapshot.asks.map(([price, size]) => ({
      side: 'offer',
      event_time: eventTime,
      price_level: price,
      new_quantity: size,
    })),
  ];
  const snapshotFrame = envelope(
    [{ type: 'snapshot', product_id: stream.productId, updates: snapshotUpdates }],
    eventTime,
  );
  const updateFrames = stream.updateFrames.map((frame) => {
    const update = JSON.parse(frame) as { changes: Array<[string, string, string]>; time: string };
    const updates = update.changes.map(([side, price, size]) => ({
      side: side === 'buy' ? 'bid' : 'offer',
      event_time: update.time,
      price_level: price,
      new_quantity: size,
    }));
    return envelope([{ type: 'update', product_id: stream.productId, updates }], update.time);
  });
  return { snapshotFrame, updateFrames };
}
