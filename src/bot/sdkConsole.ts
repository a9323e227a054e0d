/**
 * botframework-connector writes to console.error whenever an incoming token fails to verify: the
 * signing key's PEM ("Error finding key for token. Available keys: -----BEGIN RSA PUBLIC KEY…"), or
 * the whole TokenExpiredError. The bot host already answers 401 and logs each refusal in one line,
 * so these two library writes are dropped; every other console.error passes through.
 */
export function dropSdkTokenDumps(): void {
  if (installed) return;
  installed = true;
  const write = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (!isSdkTokenDump(args[0])) write(...args);
  };
}

let installed = false;

function isSdkTokenDump(first: unknown): boolean {
  if (typeof first === 'string') return first.startsWith('Error finding key for token.');
  return first instanceof Error && first.name === 'TokenExpiredError';
}
