import { describe, expect, it } from 'vitest';
import {
  canTransition,
  type OrderTransitionCause,
  orderStatuses,
  statusAfterRefusedCancel,
} from './order-state.js';

/** Every move the table allows for a cause other than the normal life. */
function movesFor(cause: OrderTransitionCause): string[] {
  const moves: string[] = [];
  for (const from of orderStatuses)
    for (const to of orderStatuses) if (canTransition(from, to, cause)) moves.push(`${from}→${to}`);
  return moves;
}

describe('order-state table: the moves outside the normal life, each for its cause only', () => {
  it.each([
    [
      'cancel_refused',
      [
        'pending_cancel→submitted',
        'pending_cancel→unknown',
        'pending_cancel→open',
        'pending_cancel→partially_filled',
      ],
    ],
    ['placement_unknown', ['submitted→unknown']],
    ['not_found', ['submitted→rejected', 'unknown→rejected', 'pending_cancel→rejected']],
    ['revived', ['rejected→submitted']],
    ['adopted', ['created→open', 'created→partially_filled']],
    ['restored', ['created→submitted']],
  ] as const)('%s', (cause, expected) => {
    expect(movesFor(cause)).toEqual(expected);
  });

  it('the normal life does not revive, adopt or undo a refused cancel to submitted', () => {
    expect(canTransition('rejected', 'submitted')).toBe(false);
    expect(canTransition('created', 'open')).toBe(false);
    expect(canTransition('pending_cancel', 'submitted')).toBe(false);
  });

  it('a refused cancel goes back to what the fills say, else to where the order was', () => {
    expect(statusAfterRefusedCancel('submitted', false)).toBe('submitted');
    expect(statusAfterRefusedCancel('unknown', false)).toBe('unknown');
    expect(statusAfterRefusedCancel('open', false)).toBe('open');
    expect(statusAfterRefusedCancel('submitted', true)).toBe('partially_filled');
    expect(statusAfterRefusedCancel(undefined, false)).toBe('open');
  });
});
