import { z } from 'zod';
import { UserIdSchema } from './ids';
import { LineItemsSchema, type Order } from './orders';
import type { LoyaltyAccount } from './loyalty';
import type { Recommendation } from './recommendations';
import type { User } from './users';

export const STRATEGIES = ['parallel', 'sequential', 'bounded'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const DashboardQuerySchema = z.strictObject({
  strategy: z
    .enum(STRATEGIES, { error: `strategy must be one of ${STRATEGIES.join(', ')}` })
    .default('parallel'),
  concurrency: z.coerce
    .number({ error: 'concurrency must be a whole number from 1 to 4' })
    .int('concurrency must be a whole number from 1 to 4')
    .min(1, 'concurrency must be a whole number from 1 to 4')
    .max(4, 'concurrency must be a whole number from 1 to 4')
    .default(2),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const BRANCHES = ['user', 'orders', 'loyalty', 'recommendations'] as const;
export type BranchName = (typeof BRANCHES)[number];

/**
 * ok: answered normally. fallback: the service answered with its own degraded data.
 * timeout / error / circuit-open: the call failed that way and the BFF substituted a fallback value
 * (named in BranchReport.fallback). timeout: no answer within the branch's time limit or the
 * dashboard's budget; circuit-open: the BFF's circuit breaker for that service refused the call
 * without sending it (the service failed repeatedly just before); error: any other failure.
 */
export const BRANCH_STATUSES = ['ok', 'fallback', 'timeout', 'error', 'circuit-open'] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

export interface BranchReport {
  status: BranchStatus;
  ms: number;
  /** When the branch's call started, in ms from the start of the fan-out (0 for every branch when parallel). */
  startMs?: number;
  /** Why the branch is degraded, in words a user can act on. */
  detail?: string;
  /** What the BFF answered instead, when it substituted a value (e.g. `popular items (built-in list)`). */
  fallback?: string;
}

export interface DashboardMeta {
  correlationId: string;
  traceId: string;
  strategy: Strategy;
  concurrency?: number;
  elapsedMs: number;
  /** The dashboard's total time budget (DASHBOARD_BUDGET_MS), and how much of it was left at the end. */
  budgetMs: number;
  remainingMs: number;
  degraded: BranchName[];
  branches: Record<BranchName, BranchReport>;
}

export interface Dashboard {
  user: User;
  orders: { items: Order[]; note?: string };
  loyalty: LoyaltyAccount | { status: 'unavailable' };
  recommendations: { source: 'personalised' | 'popular' | 'none'; items: Recommendation[] };
  meta: DashboardMeta;
}

export const CheckoutRequestSchema = z.strictObject({
  userId: UserIdSchema,
  items: LineItemsSchema,
});
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;
