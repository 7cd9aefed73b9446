import { z } from 'zod';

export const RecommendationSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  score: z.number(),
  reason: z.string(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const RecommendationListSchema = z.object({
  userId: z.string(),
  /** `personalised` from the user's order history; `popular` when that history was unavailable. */
  source: z.enum(['personalised', 'popular']),
  items: z.array(RecommendationSchema),
});
export type RecommendationList = z.infer<typeof RecommendationListSchema>;

export const LimitQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(5),
});
