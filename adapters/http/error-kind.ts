// What may be logged about an error: its class and code. Messages can quote what was being parsed (JSON.parse
// quotes the body; driver errors quote values), so they never go to the log from the request boundary.

export interface ErrorKind {
  name: string;
  code?: string;
}

export function errorKind(error: unknown): ErrorKind {
  if (!(error instanceof Error)) return { name: error === null ? "null" : typeof error };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}) };
}
