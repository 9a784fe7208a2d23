// A plugin as a strategy author ships it: plain JavaScript, default export from defineStrategy.
import { defineStrategy } from '../../define-strategy.ts';

export default defineStrategy({
  name: 'fixture-good',
  params: { defaults: { spread: '0.01' } },
});
