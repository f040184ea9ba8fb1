import { type Random, unit } from '../engine/random.js';
import { FaultRuleError } from '../errors.js';

/**
 * A rule that makes matching requests fail, so SDK users can test their retry paths.
 *
 * A rule matches on method and exact path (without the query); a field left out matches any.
 * Admin routes (`/__rex/*`) are never faulted.
 * @example
 * mock.addFault({ method: 'GET', path: '/contacts', status: 503, retryAfter: 1, times: 2 });
 */
export interface FaultRule {
  /** HTTP method to match, case-insensitive. @default any */
  method?: string;
  /** Exact path to match, without query, such as `/contacts`. @default any */
  path?: string;
  /** Answer with this status (400–599) and a Rex error envelope. */
  status?: number;
  /** Seconds to send in `Retry-After` with `status`. */
  retryAfter?: number;
  /** Delay before answering; alone, the request then proceeds normally. */
  delayMs?: number;
  /** Fail at the network level (MSW: `HttpResponse.error()`; HTTP server: socket destroyed). */
  networkError?: boolean;
  /** How many times the rule fires before it is spent. @default unlimited */
  times?: number;
  /** Chance (0–1) that a matching request is faulted, drawn from the seeded generator. @default 1 */
  probability?: number;
}

interface ActiveRule {
  id: string;
  rule: FaultRule;
  remaining: number;
}

const KEYS = new Set([
  'method',
  'path',
  'status',
  'retryAfter',
  'delayMs',
  'networkError',
  'times',
  'probability',
]);

/** The longest delay a rule may ask for: ten minutes. */
export const MAX_DELAY_MS = 600_000;
/** The largest `Retry-After` a rule may send: a day, in seconds. */
export const MAX_RETRY_AFTER = 86_400;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Checks a rule received as JSON or from code, throwing {@link FaultRuleError}. */
export function parseFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultRuleError('rule', 'must be an object');
  }
  const rule = input as Record<string, unknown>;
  for (const key of Object.keys(rule))
    if (!KEYS.has(key)) throw new FaultRuleError(key, 'is not a rule field');
  const out: FaultRule = {};
  if (rule.method !== undefined) {
    if (typeof rule.method !== 'string' || rule.method === '')
      throw new FaultRuleError('method', 'must be a method');
    out.method = rule.method.toUpperCase();
  }
  if (rule.path !== undefined) {
    if (typeof rule.path !== 'string' || !rule.path.startsWith('/')) {
      throw new FaultRuleError('path', 'must be a path starting with /');
    }
    out.path = rule.path;
  }
  if (rule.status !== undefined) {
    if (!isNumber(rule.status) || !Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      throw new FaultRuleError('status', 'must be an integer from 400 to 599');
    }
    out.status = rule.status;
  }
  if (rule.retryAfter !== undefined) {
    // `Retry-After` is a whole number of seconds (RFC 9110); a day is plenty for a test.
    if (
      !isNumber(rule.retryAfter) ||
      !Number.isInteger(rule.retryAfter) ||
      rule.retryAfter < 0 ||
      rule.retryAfter > MAX_RETRY_AFTER
    )
      throw new FaultRuleError(
        'retryAfter',
        `must be a whole number of seconds from 0 to ${MAX_RETRY_AFTER}`,
      );
    out.retryAfter = rule.retryAfter;
  }
  if (rule.delayMs !== undefined) {
    // Timers cannot wait longer than 2^31 - 1 ms (longer fires at once); ten minutes is plenty.
    if (!isNumber(rule.delayMs) || rule.delayMs < 0 || rule.delayMs > MAX_DELAY_MS)
      throw new FaultRuleError('delayMs', `must be from 0 to ${MAX_DELAY_MS} ms`);
    out.delayMs = rule.delayMs;
  }
  if (rule.networkError !== undefined) {
    if (typeof rule.networkError !== 'boolean') throw new FaultRuleError('networkError', 'must be a boolean');
    out.networkError = rule.networkError;
  }
  if (rule.times !== undefined) {
    if (!isNumber(rule.times) || !Number.isInteger(rule.times) || rule.times < 1) {
      throw new FaultRuleError('times', 'must be a positive integer');
    }
    out.times = rule.times;
  }
  if (rule.probability !== undefined) {
    if (!isNumber(rule.probability) || rule.probability < 0 || rule.probability > 1) {
      throw new FaultRuleError('probability', 'must be from 0 to 1');
    }
    out.probability = rule.probability;
  }
  if (out.status === undefined && out.delayMs === undefined && out.networkError !== true) {
    throw new FaultRuleError('rule', 'needs status, delayMs or networkError');
  }
  return out;
}

/** A rule as listed by `GET /__rex/faults`: its id, the rule, and how often it may still fire. */
export interface ActiveFault {
  id: string;
  rule: FaultRule;
  /** Times left; `null` for a rule without `times`. */
  remaining: number | null;
}

/**
 * The active fault rules of one mock, checked in the order they were added. A rule whose
 * `times` are spent is removed.
 */
export class Faults {
  private rules: ActiveRule[] = [];
  private counter = 0;

  constructor(private random: Random) {}

  add(input: unknown): string {
    const rule = parseFaultRule(input);
    const id = `fault_${++this.counter}`;
    this.rules.push({ id, rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  /** Removes one rule; `false` when no rule has that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((active) => active.id !== id);
    return this.rules.length < before;
  }

  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  list(): ActiveFault[] {
    return this.rules.map(({ id, rule, remaining }) => ({
      id,
      rule: { ...rule },
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  reseed(random: Random): void {
    this.random = random;
  }

  /** The first rule that fires for this request, spending one of its `times`. */
  take(method: string, path: string): FaultRule | undefined {
    for (const [i, active] of this.rules.entries()) {
      const { rule } = active;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && rule.path !== path) continue;
      if (rule.probability !== undefined && unit(this.random) >= rule.probability) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules.splice(i, 1);
      return rule;
    }
    return undefined;
  }
}
