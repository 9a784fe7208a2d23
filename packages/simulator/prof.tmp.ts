import { createExchange } from './src/exchange/exchange.js';
import { Random } from './src/exchange/random.js';
import { ManualScheduler } from './src/exchange/scheduler.js';

const exchange = createExchange({ scheduler: new ManualScheduler(), seed: 1 });
const balances = { USD: '100000000000', BTC: '1000000000' };
const traders = [0, 1].map(() =>
  exchange.caller(exchange.addProfile({ balances, keepsHistory: false }).profileId),
);
const random = new Random(5);
let mid = 6425000;
const ops: any[] = [];
for (let i = 0; i < 65536; i++) {
  mid += random.integer(-3, 3);
  const d = random.next();
  const side = random.next() < 0.5 ? 'buy' : 'sell';
  const dir = side === 'buy' ? 1 : -1;
  const tr = random.integer(0, 1);
  const size = ((random.integer(1, 200) * 10000) / 1e8).toFixed(8);
  if (d < 0.75)
    ops.push({
      tr,
      req: {
        product_id: 'BTC-USD',
        side,
        price: (
          (d < 0.45 ? mid - dir * random.integer(1, 60) : mid + dir * random.integer(0, 20)) / 100
        ).toFixed(2),
        size,
      },
    });
  else ops.push({ cancel: random.uint32() });
}
const resting: any[] = [];
function run(n: number) {
  for (let i = 0; i < n; i++) {
    const op = ops[i & 65535];
    if (op.cancel === undefined) {
      const r = exchange.placeOrder(traders[op.tr]!, op.req);
      if (r.ok) resting.push([r.value.id, op.tr]);
    } else if (resting.length) {
      const k = op.cancel % resting.length;
      const [id, t] = resting[k];
      resting[k] = resting[resting.length - 1];
      resting.pop();
      exchange.cancelOrder(traders[t]!, id);
    }
    if (resting.length > 4000) resting.splice(0, 2000);
  }
}
run(100000);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
run(500000);
const cpu = process.cpuUsage(cpu0);
console.log(
  'ops/s wall',
  (500000 / ((performance.now() - t0) / 1000)).toFixed(0),
  'ops/s cpu',
  (500000 / ((cpu.user + cpu.system) / 1e6)).toFixed(0),
);
