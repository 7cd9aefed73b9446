import { z } from 'zod';
import { CheckoutIdSchema, UserIdSchema } from './ids';
import { LineItemsSchema } from './orders';
import { TierSchema } from './users';

export const LoyaltyAccountSchema = z.object({
  userId: z.string(),
  points: z.number(),
  tier: TierSchema,
});
export type LoyaltyAccount = z.infer<typeof LoyaltyAccountSchema>;

export const AccrualRequestSchema = z.strictObject({
  userId: UserIdSchema,
  checkoutId: CheckoutIdSchema,
  items: LineItemsSchema,
});
export type AccrualRequest = z.infer<typeof AccrualRequestSchema>;

export const AccrualSchema = z.object({
  accrualId: z.string(),
  userId: z.string(),
  checkoutId: z.string(),
  points: z.number(),
  balance: z.number(),
});
export type Accrual = z.infer<typeof AccrualSchema>;
