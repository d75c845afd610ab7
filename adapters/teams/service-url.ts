// Without authentication nobody vouches for an activity's serviceUrl, and botbuilder posts replies (and stored
// references send proactive messages) to whatever it says. In that mode only this machine's connector is believed:
// the playground's and the tests' fake. Authenticated activities are checked by botbuilder (the token's serviceurl claim).

const loopbackHost = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** The path as written, before WHATWG URL parsing resolves `..` away (percent-encoded dots and backslashes too). */
function hasDotSegments(raw: string): boolean {
  const afterScheme = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*/i, "");
  const path = afterScheme.split(/[?#]/, 1)[0] ?? "";
  return path
    .replace(/%2e/gi, ".")
    .split(/[/\\]|%2f|%5c/i)
    .some((segment) => segment === "." || segment === "..");
}

/** Service URLs found loopback: every activity names the same few, so each is parsed once (bounded). */
const accepted = new Set<string>();
const acceptedLimit = 100;

/** An http(s) URL on a loopback host, without user info or dot segments. */
export function isLoopbackServiceUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (accepted.has(value)) return true;
  if (!parsesAsLoopback(value)) return false;
  if (accepted.size >= acceptedLimit) accepted.clear();
  accepted.add(value);
  return true;
}

function parsesAsLoopback(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username || url.password) return false;
  if (!loopbackHost.test(url.hostname)) return false;
  return !hasDotSegments(value);
}
