/** Request and response shapes of API keys, shared by the personal and service-account routes. */
import { z } from 'zod';

export const apiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const newKeyBody = z.object({
  name: z.string().min(1).max(128),
  scopes: z
    .array(z.string().max(64))
    .min(1)
    .max(64)
    .describe('permissions such as events:read (at most those the owner holds)'),
  expiresAt: z.string().datetime({ offset: true }).optional(),
});

export const createdKey = z.object({
  id: z.string(),
  /** The secret: shown only in this response. */
  token: z.string(),
  prefix: z.string(),
  key: apiKeyInfo,
});
