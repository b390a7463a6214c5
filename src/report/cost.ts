// What posting costs: the per-network price table (chorus.yaml `prices:`, X's pay-per-use prices by default)
// and the cost of a number of posts and reads. Pure; amounts are summed in millionths, so sums are exact.
import { pricesSchema } from '../model/schema.js';
import type { PlatformId } from '../platforms/types.js';

/** What one network charges, in `currency` units. */
export interface NetworkPrices {
  currency: string;
  /** One post (or one thread part) without a URL. */
  post: number;
  /** One post (or thread part) that carries a URL. */
  post_with_url: number;
  /** Reading one of the account's own resources (a post's metrics, the account's follower count). */
  owned_read: number;
}

/** Prices per network id (a network without an entry has no cost shown). */
export type PriceTable = Readonly<Record<PlatformId, NetworkPrices | undefined>>;

/**
 * The documented defaults: X's pay-per-use prices as published on docs.x.com (Content: Create $0.015,
 * Content: Create (with URL) $0.200 per request; Owned Reads $0.001 per resource). Prices change: override
 * them in chorus.yaml (docs/scorecards.md#what-posting-costs).
 */
export const DEFAULT_PRICES: Readonly<Record<PlatformId, NetworkPrices>> = {
  x: { currency: 'USD', post: 0.015, post_with_url: 0.2, owned_read: 0.001 },
};

/**
 * The price table of a workspace: chorus.yaml's `prices:` (the parsed YAML value of the whole file, or
 * undefined) over the defaults. A `prices:` that does not validate is reported by validate; here it falls
 * back to the defaults.
 */
export function priceTable(config: unknown): PriceTable {
  const written =
    config && typeof config === 'object' && 'prices' in config ? (config as { prices: unknown }).prices : {};
  const parsed = pricesSchema.safeParse(written ?? {});
  const overrides = parsed.success ? parsed.data : {};
  const table: Record<PlatformId, NetworkPrices> = {};
  for (const network of new Set([...Object.keys(DEFAULT_PRICES), ...Object.keys(overrides)])) {
    const prices = { ...DEFAULT_PRICES[network], ...overrides[network] };
    // A network without defaults is priced only when all four fields are written.
    if (
      prices.currency !== undefined &&
      prices.post !== undefined &&
      prices.post_with_url !== undefined &&
      prices.owned_read !== undefined
    ) {
      table[network] = prices as NetworkPrices;
    }
  }
  return table;
}

/** What was (or will be) bought: posts and thread parts without and with a URL, and owned reads. */
export interface CostCounts {
  postsWithoutUrl: number;
  postsWithUrl: number;
  reads: number;
}

/** A cost: the counts, and their price in the network's currency. */
export interface Cost extends CostCounts {
  currency: string;
  amount: number;
}

const MICROS = 1_000_000;
const micros = (price: number) => Math.round(price * MICROS);

/** The price of `counts` at `prices`, summed exactly (in millionths of the currency). */
export function costOf(prices: NetworkPrices, counts: CostCounts): Cost {
  const total =
    counts.postsWithoutUrl * micros(prices.post) +
    counts.postsWithUrl * micros(prices.post_with_url) +
    counts.reads * micros(prices.owned_read);
  return { ...counts, currency: prices.currency, amount: total / MICROS };
}

/** Add up costs per currency (never across currencies), sorted by currency. */
export function sumCosts(costs: readonly Cost[]): Cost[] {
  const byCurrency = new Map<
    string,
    { postsWithoutUrl: number; postsWithUrl: number; reads: number; micros: number }
  >();
  for (const cost of costs) {
    const entry = byCurrency.get(cost.currency) ?? {
      postsWithoutUrl: 0,
      postsWithUrl: 0,
      reads: 0,
      micros: 0,
    };
    entry.postsWithoutUrl += cost.postsWithoutUrl;
    entry.postsWithUrl += cost.postsWithUrl;
    entry.reads += cost.reads;
    entry.micros += Math.round(cost.amount * MICROS);
    byCurrency.set(cost.currency, entry);
  }
  return [...byCurrency.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([currency, e]) => ({
      currency,
      postsWithoutUrl: e.postsWithoutUrl,
      postsWithUrl: e.postsWithUrl,
      reads: e.reads,
      amount: e.micros / MICROS,
    }));
}

/** Count the parts of one post into `counts`: each part is one create request, priced by whether it has a URL. */
export function countParts(counts: CostCounts, parts: readonly { links: readonly string[] }[]): void {
  for (const part of parts) {
    if (part.links.length > 0) counts.postsWithUrl++;
    else counts.postsWithoutUrl++;
  }
}
