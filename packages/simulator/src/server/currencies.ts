import type { ProductWire } from '../exchange/contract.js';

/** What the simulator knows about well-known currencies; anything else gets a generic crypto entry. */
const knownCurrencies: Record<string, { name: string; maxPrecision: string; fiat: boolean; symbol: string }> =
  {
    USD: { name: 'United States Dollar', maxPrecision: '0.01', fiat: true, symbol: '$' },
    EUR: { name: 'Euro', maxPrecision: '0.01', fiat: true, symbol: '€' },
    GBP: { name: 'British Pound', maxPrecision: '0.01', fiat: true, symbol: '£' },
    USDC: { name: 'USD Coin', maxPrecision: '0.000001', fiat: false, symbol: '' },
    USDT: { name: 'Tether', maxPrecision: '0.000001', fiat: false, symbol: '' },
    BTC: { name: 'Bitcoin', maxPrecision: '0.00000001', fiat: false, symbol: '₿' },
    ETH: { name: 'Ether', maxPrecision: '0.00000001', fiat: false, symbol: 'Ξ' },
    SOL: { name: 'Solana', maxPrecision: '0.000000001', fiat: false, symbol: '' },
    LTC: { name: 'Litecoin', maxPrecision: '0.00000001', fiat: false, symbol: 'Ł' },
  };

/**
 * The currency objects of `GET /currencies` and the `status` channel, for every currency the
 * products use. Deliberately without Coinbase's `message` field: ccxt takes any 2xx object with a
 * `message` key for an error, so `GET /currencies/{id}` would break it.
 */
export function currenciesOf(products: ProductWire[]): Array<Record<string, unknown>> {
  const ids = new Set<string>();
  for (const product of products) {
    ids.add(product.base_currency);
    ids.add(product.quote_currency);
  }
  return [...ids].sort().map((id, index) => currencyWire(id, index));
}

function currencyWire(id: string, sortOrder: number): Record<string, unknown> {
  const known = knownCurrencies[id];
  const fiat = known?.fiat ?? false;
  const maxPrecision = known?.maxPrecision ?? '0.00000001';
  return {
    id,
    name: known?.name ?? id,
    min_size: maxPrecision,
    status: 'online',
    status_message: '',
    max_precision: maxPrecision,
    convertible_to: [],
    details: {
      type: fiat ? 'fiat' : 'crypto',
      symbol: known?.symbol ?? '',
      network_confirmations: fiat ? 0 : 6,
      sort_order: sortOrder,
      crypto_address_link: '',
      crypto_transaction_link: '',
      push_payment_methods: fiat ? [] : ['crypto'],
      group_types: fiat ? ['fiat', id.toLowerCase()] : [],
      display_name: known?.name ?? id,
      processing_time_seconds: 0,
      min_withdrawal_amount: 0,
      max_withdrawal_amount: 0,
    },
    default_network: fiat ? '' : id.toLowerCase(),
    supported_networks: [],
    display_name: id,
  };
}
