import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names (change on purpose only)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "InvalidOptionsError",
        "TargetNotEmptyError",
        "createStrategyProject",
        "releasedWithVersions",
      ]
    `);
  });
});
