import { describe, expect, it } from 'vitest';
import { FaultInjector, faultProfiles, resolveFaultOptions } from './faults.js';
import { InvalidSimulatorOptionError } from './simulator-errors.js';

describe('faults', () => {
  it('does nothing with the none profile', () => {
    const faults = new FaultInjector('none', 1);
    for (let index = 0; index < 1000; index += 1) {
      expect(faults.requestFault()).toEqual({ kind: 'none' });
      expect(faults.lostOrderResponse()).toBe('none');
      expect(faults.skipSequencedMessage()).toBe(false);
      expect(faults.dropL2Update()).toBe(false);
      expect(faults.responseDelayMs()).toBe(0);
    }
    expect(Object.values(faults.stats()).every((count) => count === 0)).toBe(true);
  });

  it('is deterministic for a seed and hits roughly the configured rate', () => {
    const run = (seed: number) => {
      const faults = new FaultInjector({ serverErrorRate: 0.1, rateLimitErrorRate: 0.05, seed }, 0);
      return Array.from({ length: 4000 }, () => faults.requestFault().kind);
    };
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    const serverErrors = first.filter((kind) => kind === 'server-error').length;
    const rateLimited = first.filter((kind) => kind === 'rate-limited').length;
    expect(serverErrors).toBeGreaterThan(300);
    expect(serverErrors).toBeLessThan(500);
    expect(rateLimited).toBeGreaterThan(120);
    expect(rateLimited).toBeLessThan(280);
  });

  it('uses 500, 502 and 503 for server errors and both ways of losing a response', () => {
    const faults = new FaultInjector({ serverErrorRate: 1, loseOrderResponseRate: 1 }, 3);
    const statuses = new Set<number>();
    const lost = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const fault = faults.requestFault();
      if (fault.kind === 'server-error') statuses.add(fault.status);
      lost.add(faults.lostOrderResponse());
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect([...lost].sort()).toEqual(['destroy-socket', 'gateway-error']);
    expect(faults.stats()).toMatchObject({ serverErrors: 200, lostOrderResponses: 200 });
  });

  it('keeps delays within [d/2, d]', () => {
    const faults = new FaultInjector('slow', 1);
    const delay = faultProfiles.slow.responseDelayMs as number;
    for (let index = 0; index < 100; index += 1) {
      const value = faults.responseDelayMs();
      expect(value).toBeGreaterThanOrEqual(delay / 2);
      expect(value).toBeLessThanOrEqual(delay);
    }
  });

  it('rejects unknown profiles and out-of-range values with the option named', () => {
    expect(() => resolveFaultOptions('mayhem' as never)).toThrow(InvalidSimulatorOptionError);
    expect(() => resolveFaultOptions({ serverErrorRate: 2 })).toThrow(/faults.serverErrorRate/);
    expect(() => resolveFaultOptions({ responseDelayMs: -1 })).toThrow(/faults.responseDelayMs/);
    expect(() => resolveFaultOptions({ serverErrorRate: 0.7, rateLimitErrorRate: 0.7 })).toThrow(
      /must not exceed 1/,
    );
  });

  it('resolves every named profile', () => {
    for (const name of Object.keys(faultProfiles))
      expect(() => new FaultInjector(name as never, 1)).not.toThrow();
  });
});
