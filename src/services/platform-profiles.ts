import { type AdapterProfile, commonLimits, type Platform, type PlatformLimits } from "../contract.js";

// The profiles of the mounted adapters, for rendering outside an adapter call (a form for the sender's platform,
// a reminder for a leader's). The composition root registers each adapter as it mounts it.

const profiles = new Map<Platform, AdapterProfile>();

export function registerPlatformProfile(platform: Platform, profile: AdapterProfile): void {
  profiles.set(platform, profile);
}

/** The platform's declared limits; the common ones when its adapter is not mounted here. */
export function limitsOf(platform: Platform): PlatformLimits {
  return profiles.get(platform)?.limits ?? commonLimits;
}
