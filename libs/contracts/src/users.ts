import { z } from 'zod';

export const TierSchema = z.enum(['bronze', 'silver', 'gold']);
export type Tier = z.infer<typeof TierSchema>;

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  tier: TierSchema,
  memberSince: z.string(),
});
export type User = z.infer<typeof UserSchema>;
