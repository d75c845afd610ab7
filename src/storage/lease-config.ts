import { z } from "zod";

export const leaseConfigSchema = z
  .object({
    /** The running bot renews its lease on the database this often… */
    LEASE_RENEW_SECONDS: z.coerce.number().int().min(1, "must be 1 or more seconds").max(3600).default(10),
    /** …and another bot may take it over when it was not renewed for this long (a crashed holder). */
    LEASE_EXPIRY_SECONDS: z.coerce.number().int().min(2, "must be 2 or more seconds").max(86_400).default(60),
  })
  .refine((c) => c.LEASE_EXPIRY_SECONDS >= 2 * c.LEASE_RENEW_SECONDS, {
    path: ["LEASE_EXPIRY_SECONDS"],
    message: "must be at least twice LEASE_RENEW_SECONDS",
  });

export type LeaseConfig = z.infer<typeof leaseConfigSchema>;
